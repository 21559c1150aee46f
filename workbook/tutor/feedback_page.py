"""nbgrader's feedback page made readable for a learner, before it is released.

nbgrader 0.9's page lists every graded cell as "Test cell" or "Written response" by its cell id,
shows each cell's code and "In [3]:" prompts, and heads a written answer "Student's answer".
The learner needs none of the code: the page keeps it (nothing is removed, so the leak check
still reads everything) but a style sheet hides code and prompts; the list names questions
"Question 1", "Question 2"… in order and written answers "Written answer"; each question's
heading says which question it is. The scores and the links stay as nbgrader wrote them, so
`workbook.learner.returned` reads the page as before.
"""
from __future__ import annotations

import html
import re
from itertools import count

__all__ = ["readable"]

STYLE_ID = "workbook-feedback-style"
STYLE = (f'<style id="{STYLE_ID}">.input_area, .prompt, .input_prompt, .output_prompt '
         "{ display: none !important; }</style>")
_ENTRY = re.compile(r'(<li><a href="#(?P<cell>[^"]+)">)(?P<label>[^<]*)(</a>)')
_GRADE_HEADING = re.compile(r'<span class="nbgrader-label">Grade cell: <code>(?P<cell>[^<]+)</code></span>')


def readable(page_text: str) -> str:
    """The page with its list and headings in plain words and its code hidden (idempotent)."""
    numbers: dict[str, int] = {}
    following = count(1)

    def entry(match: re.Match) -> str:
        cell, label = html.unescape(match["cell"]), match["label"]
        if label == "Test cell":
            numbers[cell] = next(following)
            label = f"Question {numbers[cell]}"
        elif label == "Written response":
            label = "Written answer"
        return f"{match[1]}{html.escape(label)}{match[4]}"

    def heading(match: re.Match) -> str:
        number = numbers.get(html.unescape(match["cell"]))
        words = f"Question {number}" if number else "Marked automatically"
        return f'<span class="nbgrader-label">{words}</span>'

    text = _ENTRY.sub(entry, page_text)
    text = _GRADE_HEADING.sub(heading, text)
    text = text.replace('<span class="nbgrader-label">Student\'s answer</span>',
                        '<span class="nbgrader-label">Your answer</span>')
    if STYLE_ID not in text:
        text = text.replace("</head>", f"{STYLE}</head>", 1)
    return text
