"""nbgrader's Assignments tab, where a refused submission reads as one plain sentence.

nbgrader's assignment list answers a failed submit with the whole Python traceback, and its
JupyterLab panel shows that in a `<pre>` box that does not wrap: a learner whose assessment the
declaration gate refused (workbook.assess.submit_gate) saw a traceback cut off at the right edge.
This server extension keeps nbgrader's handlers and replaces only their manager with one that
answers a failure with its message alone, wrapped to the box. It loads after nbgrader's own
assignment list (a server loads extensions in order of name), which it needs.
"""
from __future__ import annotations

import re
import textwrap
from typing import Any

from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

__all__ = ["PlainAssignmentList", "WIDTH", "plain_failure"]

#: characters per line in the Assignments tab's message box
WIDTH = 60
#: the last line of a traceback: `package.module.SomeError: message`
_LAST = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?([A-Za-z_]\w*(?:Error|Exception)):\s*(.*)$")


def plain_failure(value: str) -> str:
    """The message of the exception a traceback ends with, without the traceback or the
    exception's name (kept only when there is no message), wrapped to WIDTH columns."""
    lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
    if not lines:
        return "Not submitted: nbgrader gave no reason."
    found = next((m for line in reversed(lines) if (m := _LAST.match(line))), None)
    if found is None:
        message = lines[-1]
    else:
        message = found.group(2) or f"Not submitted ({found.group(1)})."
    return textwrap.fill(message, WIDTH, break_long_words=False, break_on_hyphens=False)


class PlainAssignmentList(AssignmentList):
    """nbgrader's manager of the Assignments tab, a failed submit said plainly."""

    def submit_assignment(self, course_id: str, assignment_id: str) -> dict[str, Any]:
        """Submit as nbgrader does; a failure's value is one plain sentence, not a traceback."""
        result = super().submit_assignment(course_id, assignment_id)
        if not result.get("success"):
            result = {**result, "value": plain_failure(str(result.get("value") or ""))}
        return result


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "workbook.assess.assignment_list"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Put the plain manager in place of nbgrader's (loaded before this one)."""
    manager = PlainAssignmentList(parent=serverapp)
    manager.root_dir = serverapp.root_dir
    serverapp.web_app.settings["assignment_list_manager"] = manager
