"""Inline SVG charts of the cohort report, readable without colour.

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>` summing it up; every
mark carries its value as visible text (and a `<title>` tooltip), and the heatmap's states
differ by symbol and pattern as well as by colour. Colours meet WCAG AA against their text.
"""
from __future__ import annotations

from html import escape

from workbook.tutor.cohort import CohortReport

#: heatmap state -> (fill, text colour, symbol, legend text)
STATES = {
    "met": ("#1b5e20", "#ffffff", "✓", "judged met"),
    "not-met": ("#fde2dd", "#6b1200", "✘", "judged not yet met"),
    "evidenced": ("#fff3c4", "#3e2a00", "●", "evidenced, awaiting a decision"),
    "answered": ("#dbe9f6", "#0b2e4f", "◐", "questions answered, no evidence mapped"),
    "none": ("#ffffff", "#333333", "–", "nothing yet"),
}
#: what a cell says of the decision
DECISION_TEXT = {"met": "met", "not yet met": "not yet met", "": "no decision"}
CELL_W, CELL_H, LABEL_W, HEAD_H = 136, 34, 150, 46
BINS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 101))


def cell_state(evidence: int, decision: str, score: float) -> str:
    """The heatmap state of one learner × criterion cell."""
    if decision:
        return "met" if decision == "met" else "not-met"
    if evidence:
        return "evidenced"
    if score:
        return "answered"
    return "none"


def heatmap(report: CohortReport) -> str:
    """Learner × criterion grid: state symbol, evidence count and the decision in every cell
    (never a written task's points)."""
    refs, learners = report.criteria, report.learners
    width = LABEL_W + CELL_W * len(refs) + 10
    height = HEAD_H + CELL_H * len(learners) + 10
    counts = {state: 0 for state in STATES}
    parts = []
    for col, ref in enumerate(refs):
        x = LABEL_W + col * CELL_W + CELL_W / 2
        parts.append(f'<text x="{x}" y="20" text-anchor="middle" font-weight="bold">'
                     f'{escape(ref.label)}<title>{escape(ref.text)}</title></text>'
                     f'<text x="{x}" y="38" text-anchor="middle" font-size="11">{escape(ref.outcome)}</text>')
    for row, learner in enumerate(learners):
        y = HEAD_H + row * CELL_H
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + CELL_H / 2 + 5}" text-anchor="end">'
                     f'{escape(learner.learner)}</text>')
        for col, ref in enumerate(refs):
            cell = learner.cells[ref.label]
            state = cell_state(cell.evidence, cell.decision, cell.score)
            counts[state] += 1
            fill, ink, symbol, words = STATES[state]
            x = LABEL_W + col * CELL_W
            said = DECISION_TEXT.get(cell.decision, cell.decision)
            label = (f"{learner.learner}, {ref.label}: {words}; {cell.evidence} evidence item(s); "
                     f"decision: {said}")
            parts.append(
                f'<g><title>{escape(label)}</title>'
                f'<rect x="{x + 2}" y="{y + 2}" width="{CELL_W - 4}" height="{CELL_H - 4}" '
                f'fill="{fill}" stroke="#555" stroke-width="1"/>'
                f'<text x="{x + CELL_W / 2}" y="{y + CELL_H / 2 + 5}" text-anchor="middle" '
                f'fill="{ink}">{symbol} {cell.evidence}e · {escape(said)}</text></g>')
    summary = "; ".join(f"{n} {STATES[s][3]}" for s, n in counts.items() if n)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" aria-labelledby="heatmap-title heatmap-desc" '
            f'font-family="sans-serif" font-size="13">'
            f'<title id="heatmap-title">Evidence and decisions per learner and criterion</title>'
            f'<desc id="heatmap-desc">{len(learners)} learners by {len(refs)} criteria. '
            f'Each cell shows a symbol for its state, the number of evidence items (e) and the '
            f"assessor's decision: met, not yet met, or no decision. {escape(summary)}.</desc>"
            + "".join(parts) + "</svg>")


def legend() -> str:
    """The heatmap legend as an HTML list (symbol, colour swatch and words)."""
    items = "".join(
        f'<li><span class="swatch" style="background:{fill};color:{ink}" aria-hidden="true">'
        f'{symbol}</span> {escape(words)}</li>'
        for fill, ink, symbol, words in STATES.values())
    return f'<ul class="legend">{items}</ul>'


def distribution(title: str, percents: list[float], unmarked: int, chart_id: str) -> str:
    """A bar chart of how many learners scored in each 20-point band of one outcome's
    automatically marked questions."""
    counts = [sum(1 for p in percents if low <= p < high) for low, high in BINS]
    labels = [f"{low}–{min(high, 100) - (0 if high > 100 else 1)}%" for low, high in BINS]
    top = max(counts + [1])
    bar_w, gap, chart_h, base = 64, 14, 120, 150
    width = 40 + len(BINS) * (bar_w + gap)
    parts = []
    for i, (count, label) in enumerate(zip(counts, labels)):
        x = 30 + i * (bar_w + gap)
        h = chart_h * count / top
        parts.append(f'<g><title>{label}: {count} learner(s)</title>'
                     f'<rect x="{x}" y="{base - h}" width="{bar_w}" height="{h}" fill="#1f4e79"/>'
                     f'<text x="{x + bar_w / 2}" y="{base - h - 6}" text-anchor="middle">{count}</text>'
                     f'<text x="{x + bar_w / 2}" y="{base + 18}" text-anchor="middle" '
                     f'font-size="12">{label}</text></g>')
    described = ", ".join(f"{label}: {count}" for label, count in zip(labels, counts))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{base + 30}" '
            f'viewBox="0 0 {width} {base + 30}" aria-labelledby="{chart_id}-t {chart_id}-d" '
            f'font-family="sans-serif" font-size="13">'
            f'<title id="{chart_id}-t">{escape(title)}</title>'
            f'<desc id="{chart_id}-d">Learners per score band: {described}. '
            f'{unmarked} learner(s) with no marks yet are not counted.</desc>'
            f'<line x1="26" y1="{base}" x2="{width - 6}" y2="{base}" stroke="#333"/>'
            + "".join(parts) + "</svg>")
