"""Accessibility of our widgets as rendered in JupyterLab: axe-core finds no violation."""
from __future__ import annotations

from collections import Counter

import pytest

from .conftest import PROJECT

pytestmark = [pytest.mark.slow, pytest.mark.browser]
AXE = PROJECT / "hub" / "node" / "node_modules" / "axe-core" / "axe.min.js"
OUR_WIDGETS = [".workbook-quiz", ".workbook-flashcards", ".workbook-evidence"]

# Only our widgets' DOM is judged: JupyterLab's own chrome is not ours to fix here.
RUN_AXE = """async (selectors) => {
    const results = await axe.run({include: selectors.map(s => [s])});
    return {passes: results.passes.reduce((n, p) => n + p.nodes.length, 0),
            violations: results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" "))}))};
}"""


def test_quiz_flashcards_and_evidence_widgets_have_no_violations(lab_server, page):
    assert AXE.is_file(), "axe-core is missing: run `make node` (scripts/node-deps)"
    notebook = next((lab_server.root / "lead-person-centred-practice").glob("01-*.ipynb"))
    lab_server.open(page, notebook.relative_to(lab_server.root).as_posix())
    lab_server.run_all(page)
    for selector in OUR_WIDGETS:
        page.locator(selector).first.wait_for()
    # the evidence log draws its form when asked for: open it, so that the scan covers it too
    page.locator(".workbook-evidence").first.get_by_role("button", name="Log new evidence").click()
    page.locator(".workbook-evidence .wb-criteria-here").first.wait_for()
    # JupyterLab may leave cells outside the window unrendered, and axe skips what is not
    # rendered: a window as tall as the notebook has every widget on screen at once.
    height = page.evaluate("() => document.querySelector('.jp-WindowedPanel-inner, "
                           ".jp-Notebook').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(height + 400, 30000)})
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE, OUR_WIDGETS)
    violations = result["violations"]
    print(f"axe checks passed on {result['passes']} nodes of our widgets")
    assert result["passes"] > 50  # the scan did look inside the widgets
    counts = Counter(v["impact"] for v in violations for _ in v["nodes"])
    print("axe violations in our widgets (nodes by impact):",
          {impact: counts.get(impact, 0) for impact in ("critical", "serious", "moderate", "minor")})
    for v in violations:
        print(f"  {v['impact']}: {v['id']} ({v['help']}) x{len(v['nodes'])}")
    assert violations == [], violations  # none at all, of any impact

    # The same scan catches a fault planted in our DOM: an input without a label.
    page.locator(".workbook-quiz").first.evaluate(
        "el => el.appendChild(Object.assign(document.createElement('input'), {type: 'text'}))")
    planted = page.evaluate(RUN_AXE, OUR_WIDGETS)["violations"]
    assert any(v["id"] == "label" and v["impact"] == "critical" for v in planted), planted
