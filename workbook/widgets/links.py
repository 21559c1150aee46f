"""Links to a file a page wrote: open it in its own tab, or download it.

A page cannot know where the Jupyter server serves files from in general; on the course hub the
server's root is the user's home and its address is `JUPYTERHUB_SERVICE_PREFIX`, so a file in
the home opens at `<prefix>files/<path>`. The download link carries the file itself (a `data:`
URL), so it works wherever the page is shown; it is offered for files of a few megabytes at most.
"""
from __future__ import annotations

import base64
import html
import os
from pathlib import Path
from urllib.parse import quote

__all__ = ["MAX_DOWNLOAD_BYTES", "download_link", "file_links", "served_url"]

MAX_DOWNLOAD_BYTES = 8 * 1024 * 1024


def served_url(path: Path) -> str | None:
    """Where the user's Jupyter server serves this file (None when that is not known)."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    if not prefix:
        return None
    try:
        relative = path.resolve().relative_to(Path.home().resolve())
    except ValueError:
        return None
    return f"{prefix.rstrip('/')}/files/{quote(relative.as_posix())}"


def download_link(path: Path, mime: str, label: str | None = None) -> str:
    """An `<a download>` link holding the file's bytes ('' when it is too large to carry)."""
    data = path.read_bytes()
    if len(data) > MAX_DOWNLOAD_BYTES:
        return ""
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a download="{html.escape(path.name, quote=True)}" '
            f'href="data:{mime};base64,{encoded}">{html.escape(label or "Download " + path.name)}</a>')


def file_links(path: Path, mime: str) -> str:
    """The file's name and where it is, a link to open it (on a hub) and one to download it."""
    parts = [f"<code>{html.escape(str(path))}</code>"]
    if url := served_url(path):
        parts.append(f'<a href="{html.escape(url, quote=True)}" target="_blank" '
                     'rel="noopener">open in a new tab</a>')
    if link := download_link(path, mime):
        parts.append(link)
    return " · ".join(parts)
