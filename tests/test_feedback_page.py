"""nbgrader's feedback page, made readable before release: questions by number, written answers
by name, code hidden but kept; the marks reader reads the page as before."""
from __future__ import annotations

from workbook.learner.returned import parse_feedback
from workbook.tutor.feedback_page import STYLE_ID, readable

# the shape of nbgrader 0.9's feedback page, cut down to what the release rewrites
PAGE = """<html><head><title>assessment</title></head><body>
<h4>assessment (Score: 3.0 / 7.0)</h4><ol>
<li><a href="#test-q-one">Test cell</a> (Score: 1.0 / 1.0)</li>
<li><a href="#test-q-two">Test cell</a> (Score: 0.0 / 2.0)</li>
<li><a href="#answer-1-1">Written response</a> (Score: 2.0 / 4.0)</li>
<li><a href="#comment-1">Comment</a></li></ol>
<a name="test-q-two"></a><div class="panel-heading"><span class="nbgrader-label">Grade cell: <code>test-q-two</code></span>
<div class="input_area"><pre>check_answered('a', 'q-two')</pre></div>
<a name="answer-1-1"></a><div class="panel-heading"><span class="nbgrader-label">Student's answer</span>
</body></html>"""


def test_questions_are_numbered_written_answers_named_and_code_hidden(tmp_path):
    text = readable(PAGE)
    assert '<a href="#test-q-one">Question 1</a> (Score: 1.0 / 1.0)' in text
    assert '<a href="#test-q-two">Question 2</a> (Score: 0.0 / 2.0)' in text
    assert '<a href="#answer-1-1">Written answer</a>' in text and ">Comment</a>" in text
    assert '<span class="nbgrader-label">Question 2</span>' in text
    assert '<span class="nbgrader-label">Your answer</span>' in text
    assert f'<style id="{STYLE_ID}">.input_area' in text.split("</head>")[0]
    assert "check_answered('a', 'q-two')" in text  # hidden, not removed: the leak check sees it
    assert readable(text) == text
    before, after = tmp_path / "before.html", tmp_path / "after.html"
    before.write_text(PAGE)
    after.write_text(text)
    read_before, read_after = parse_feedback(before, "a"), parse_feedback(after, "a")
    assert read_before is not None and read_after is not None
    assert (read_after.score, read_after.max_score, read_after.criteria) == \
        (read_before.score, read_before.max_score, read_before.criteria) == (3.0, 7.0, {"1.1": (2.0, 4.0)})
