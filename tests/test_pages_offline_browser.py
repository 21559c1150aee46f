"""Learner pages ask nothing of anyone but their own server, and show every button's words whole.

Voilà's `lab` template fetched Font Awesome from a CDN on every page (offline it failed, and it
told a third party who opened which page); the project's template `workbook` drops it. In
Chromium, every request the course home and the portfolio pages make goes to 127.0.0.1, and on
a desktop every button of the portfolio pages' forms is as wide as its words: not narrower, and
not stretched across the form.
"""
from __future__ import annotations

import urllib.request
from urllib.parse import urlparse

import pytest

from workbook import load_course
from workbook.build.notebooks import NOTEBOOKS, notebook_files

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# Buttons whose words overflow them (cut off or spilling out), with their text.
CUT_BUTTONS = """() => [...document.querySelectorAll('button')]
    .filter(b => b.offsetParent !== null && b.textContent.trim() !== ''
                 && (b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1))
    .map(b => [b.textContent.trim(), b.scrollWidth, b.clientWidth])"""
# The forms' buttons much wider than their words (stretched across the form), with both widths.
STRETCHED_BUTTONS = """() => [...document.querySelectorAll('.wb-form-wrap button')]
    .filter(b => b.offsetParent !== null && b.textContent.trim() !== '')
    .map(b => { const words = document.createRange(); words.selectNodeContents(b);
                return [b.textContent.trim(), Math.round(words.getBoundingClientRect().width),
                        b.clientWidth]; })
    .filter(([, words, width]) => width > words + 48)"""


@pytest.fixture
def pages_server(lab_server_factory, tmp_path):
    """A Jupyter server over freshly built learner pages (not the committed copies)."""
    root = tmp_path / "pages"
    for rel, text in notebook_files(load_course()).items():
        path = root / rel.relative_to(NOTEBOOKS)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return lab_server_factory(root=root)


def test_pages_request_nothing_from_elsewhere_and_buttons_show_their_words(pages_server, page):
    with urllib.request.urlopen(pages_server.page_url("index.ipynb"), timeout=120) as response:
        sent = response.read().decode()
    assert "cdn.jsdelivr.net" not in sent and "fontawesome-free" not in sent
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(pages_server.page_url("index.ipynb"))
    page.locator(".workbook-home").wait_for()
    for unit in load_course().units:  # every portfolio page, its evidence form open
        page.goto(pages_server.page_url(f"{unit.slug}/portfolio.ipynb"))
        reflection = page.locator(".workbook-reflection")
        finish = reflection.get_by_role("button", name="Finish and add to evidence")
        finish.wait_for()
        page.get_by_role("button", name="Log new evidence").first.click()
        page.get_by_role("button", name="Save evidence").first.wait_for()
        page.wait_for_load_state("networkidle")
        assert page.evaluate(CUT_BUTTONS) == [], unit.slug
        assert page.evaluate(STRETCHED_BUTTONS) == [], unit.slug
    elsewhere = sorted({u for u in urls if urlparse(u).hostname not in ("127.0.0.1", None)
                        and not u.startswith("data:")})
    assert elsewhere == [], f"pages asked other hosts: {elsewhere}"
    assert len(urls) > 10  # the listener saw the pages' own requests
    finish.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    finish.locator("xpath=..").screenshot(path=str(ARTIFACTS / "reflection-finish-desktop.png"))
