"""A Jupyter server extension for tutors: formgrader's submission pages run only their own scripts.

Defence in depth behind `workbook.tutor.inert`: should learner markup ever get through the
sanitiser, the browser still refuses to run it. Each submission page gets a fresh nonce; the
page's own `<script>` tags, all of which come before the notebook's cells, carry it, and the
Content-Security-Policy allows scripts only from the server itself or with that nonce. Inline
event handlers, `javascript:` URLs, plugins and scripts inside the notebook's cells do not run.
"""
from __future__ import annotations

import re
import secrets
from typing import Any

from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import OutputTransform

__all__ = ["POLICY", "SubmissionPagePolicy", "apply_policy"]

#: formgrader's manual-grading page of one submission (`/formgrader/submissions/<id>/`)
_SUBMISSION_PAGE = re.compile(r"/formgrader/submissions/[^/]+/?$")
#: where formgrade's template starts the notebook's cells: no script of the page follows it
_CELLS_START = b'id="notebook-container"'
POLICY = ("script-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'none'; "
          "form-action 'self'")


def apply_policy(page: bytes, existing: str | None) -> tuple[bytes, str]:
    """The page with its own scripts given a nonce, and the Content-Security-Policy to send."""
    nonce = secrets.token_urlsafe(18)
    head, marker, cells = page.partition(_CELLS_START)
    if not marker:  # not a notebook page: nothing of the learner's, but no nonce either
        head, cells = b"", page
    head = re.sub(rb"<script\b", b'<script nonce="' + nonce.encode() + b'"', head)
    policy = POLICY.format(nonce=nonce)
    return head + marker + cells, f"{existing}; {policy}" if existing else policy


class SubmissionPagePolicy(OutputTransform):
    """Adds the policy to HTML answers of formgrader's submission pages."""

    def __init__(self, request: HTTPServerRequest) -> None:
        self._applies = bool(_SUBMISSION_PAGE.search(request.path))

    def transform_first_chunk(self, status_code: int, headers: HTTPHeaders, chunk: bytes,
                              finishing: bool) -> tuple[int, HTTPHeaders, bytes]:
        """Rewrite the page and its headers (formgrader writes the page in one chunk)."""
        if self._applies and headers.get("Content-Type", "").startswith("text/html"):
            chunk, policy = apply_policy(chunk, headers.get("Content-Security-Policy"))
            headers["Content-Security-Policy"] = policy
            if "Content-Length" in headers:
                headers["Content-Length"] = str(len(chunk))
        return status_code, headers, chunk


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "workbook.tutor.formgrader_policy"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    # first, so that the page is rewritten before any compression
    server_app.web_app.transforms.insert(0, SubmissionPagePolicy)
    server_app.log.info("workbook: formgrader's submission pages run only their own scripts")
