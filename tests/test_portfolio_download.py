"""The portfolio as a download: one link that gives the browser a whole, escaped, printable web
page with everything the assessor needs, kept current as the evidence changes on the page."""
from __future__ import annotations

import base64
import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from workbook import load_course
from workbook.learner.declaration import sign
from workbook.learner.evidence import Draft, Observation, Witness, add_item
from workbook.learner.reflections import GIBBS, finish, new_account, save_field
from workbook.learner.store import Store
from workbook.learner.training_plans import save_as_evidence, save_plan_field
from workbook.widgets.evidence import EvidenceLog
from workbook.widgets.export import PortfolioExport

AS = "active-support-lead-interactive-training"
TODAY = dt.date(2026, 12, 6)
EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path))
    return Store()


def downloaded(widget: PortfolioExport) -> tuple[str, str]:
    """The file the browser would save: (its name, its text), read from the link itself."""
    link = widget.link.value
    name = re.search(r'download="([^"]+)"', link).group(1)
    data = re.search(r'href="data:text/html;charset=utf-8;base64,([^"]+)"', link).group(1)
    return name, base64.b64decode(data).decode("utf-8")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def fill_portfolio(store: Store) -> None:
    unit = load_course().unit(AS)
    account = new_account(store, AS)
    save_field(store, AS, account, "title", "Lunch " + EVIL)
    save_field(store, AS, account, "date", "2026-11-20")
    for stage, _, _ in GIBBS:
        save_field(store, AS, account, f"parts.{stage}", f"My {stage} text, in full.\nSecond line.")
    save_field(store, AS, account, "criteria", ["1.1"])
    finish(store, AS, account)
    for key, text in (("title", "Making lunch together"), ("session_outcomes", "Staff offer choice"),
                      ("needs", "Staff do things for people"), ("evaluation", "Observe before and after")):
        save_plan_field(store, AS, key, text)
    save_plan_field(store, AS, "methods", ["role-play"])
    save_plan_field(store, AS, "date", "2027-01-15")
    save_as_evidence(store, unit, "LO2", {**store.read("training-plan-" + AS)["plan"]})
    add_item(store, AS, Draft("expert-witness", "Team leader's statement", "2026-11-02",
                              description="She saw me coach " + EVIL, criteria=("3.1",),
                              witness=Witness("A. Senior", "Deputy manager", "my deputy for 2 years",
                                              "NVQ assessor, 10 years in active support",
                                              "observation would intrude on a person's routine")))
    add_item(store, AS, Draft("direct-observation", "Observed coaching", "2026-11-03",
                              criteria=("3.1",), observation=Observation("The kitchen", "consented")))
    sign(store, AS, "Sam Learner", {"own_work": True, "anonymised": True, "ai_declared": True},
         False, "", now=dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))


def test_the_download_holds_everything_the_assessor_needs(store):
    fill_portfolio(store)
    widget = PortfolioExport(AS, today=TODAY)
    name, page = downloaded(widget)
    assert name == f"portfolio-{AS}-2026-12-06.html"
    unit = load_course().unit(AS)
    assert "<title>Portfolio: Sam Learner · " in page and "Sam Learner" in widget.name.value
    assert "Sunday 6 December 2026" in page and unit.title in page
    # the signed declaration, in full
    assert "Signed by Sam Learner</b> on Tuesday 1 December 2026" in page
    assert "The evidence in this portfolio is my own work." in page
    # each criterion with its whole wording and the evidence mapped to it
    for criterion in unit.criteria:
        assert criterion.caption.replace("'", "&#x27;") in page
    # the full reflective account and training plan, witness and observation details
    assert page.count("text, in full.\nSecond line.") == len(GIBBS)
    assert "Staff do things for people" in page and "Role-play with feedback" in page
    assert "Friday 15 January 2027" in page
    assert "Witness: A. Senior, Deputy manager (my deputy for 2 years)" in page
    assert "NVQ assessor, 10 years in active support" in page
    assert "Observed at: The kitchen" in page
    # learner text is text: no script, no image, however it was typed
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parser = Tags()
    parser.feed(page)
    assert not {"script", "img", "iframe"} & set(parser.tags)
    # it prints cleanly
    assert "@media print" in page and "break-inside:avoid" in page


def test_the_name_comes_from_the_declaration_or_is_asked(store):
    widget = PortfolioExport(AS, today=TODAY)
    assert widget.name.value == ""
    assert "not given (sign the declaration, or type your name)" in downloaded(widget)[1]
    assert "Not signed yet" in downloaded(widget)[1]
    widget.name.value = "Alex O'Brien <b>"
    page = downloaded(widget)[1]
    assert "Alex O&#x27;Brien &lt;b&gt;" in page and "Alex O'Brien <b>" not in page


def test_the_link_follows_changes_made_anywhere_on_the_page(store):
    widget = PortfolioExport(AS, today=TODAY)
    log = EvidenceLog(AS, today=TODAY)
    log.open_form()
    log.form.type.value, log.form.title.value, log.form.date.value = "direct-observation", "Seen at lunch", "1/11/2026"
    log.form.place.value, log.form.consent.value = "Dining room", "not-identifiable"
    log.form.setting.value = "real-work"
    log.form.criteria["1.1"].value = True
    assert log.save() is not None
    assert "Seen at lunch" in downloaded(widget)[1], "no cell run again"
    sign(Store(), AS, "Sam Learner", {"own_work": True, "anonymised": True, "ai_declared": True},
         False, "")
    assert "Signed by Sam Learner" in downloaded(widget)[1]


def test_the_command_line_html_export_is_the_whole_portfolio(store, tmp_path):
    from tests.helpers import run_workbook

    fill_portfolio(store)
    out = tmp_path / "portfolio.html"
    result = run_workbook("portfolio", "export", AS, "--format", "html", "--out", str(out),
                          "--store", str(store.root))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "Signed by Sam Learner" in page and "text, in full.\nSecond line." in page
