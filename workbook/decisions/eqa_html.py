"""The EQA pack's `index.html`: one self-contained page (no scripts, no outside files needed)."""
from __future__ import annotations

from html import escape
from typing import Any

CSS = """
body { font-family: sans-serif; color: #1a1a1a; background: #fff; margin: 2rem; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #767676; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #e8eef4; } .agree { color: #1b5e20; } .disagree { color: #8b0000; }
"""


def _e(value: object) -> str:
    return escape(str(value if value is not None else ""))


def _plan(plan: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{_e(s['learner'])}</td><td>{_e(s['criterion'])}</td><td>{_e(s['outcome'])}</td>"
        f"<td>{_e(s['assessor'])}</td><td>{_e(', '.join(s['evidence_types']) or '-')}</td>"
        f"<td>{_e(s['decision'])}</td></tr>" for s in plan["sampled"])
    return (f"<p>Plan {_e(plan['id'])}, drawn by {_e(plan['drawn_by'])} on {_e(plan['at'])}: "
            f"{len(plan['sampled'])} of {_e(plan['decisions_in_force'])} decisions in force "
            f"(rate {_e(plan['rate'])}, seed {_e(plan['seed'])}).</p>"
            "<table><caption>Decisions the IQA sampled</caption><thead><tr>"
            '<th scope="col">learner</th><th scope="col">criterion</th><th scope="col">decision'
            '</th><th scope="col">assessor</th><th scope="col">evidence types</th>'
            f'<th scope="col">entry</th></tr></thead><tbody>{rows}</tbody></table>')


def _item(item: dict[str, str]) -> str:
    more = f"<br>{_e(item['description'])}" if item["description"] else ""
    return (f"<li><strong>{_e(item['id'])}</strong> ({_e(item['type'])}, {_e(item['date'])}): "
            f"{_e(item['title'])}{more}</li>")


def _entry(entry: dict[str, Any]) -> str:
    evidence = "".join(_item(i) for i in entry["evidence"]) or "<li>none recorded</li>"
    said = "".join(
        f"<li class=\"{'agree' if v['agree'] else 'disagree'}\">{_e(v['iqa'])} "
        f"{'agreed' if v['agree'] else 'disagreed'} on {_e(v['at'])}"
        f"{': ' + _e(v['comment']) if v['comment'] else ''}</li>" for v in entry["verdicts"])
    return (f"<tr><td>{_e(entry['id'])}</td><td>{_e(entry['outcome'])}</td><td>{_e(entry['at'])}"
            f"</td><td>{_e(entry['assessor'])}</td><td>{_e(entry['feedback'])}</td>"
            f"<td><ul>{evidence}</ul></td><td>{_e(entry['declaration'])}</td>"
            f"<td>{f'<ul>{said}</ul>' if said else 'none'}</td></tr>")


def _learner(learner: dict[str, Any], n: int) -> str:
    parts = [f'<h2 id="learner-{n}">Learner {_e(learner["learner"])}</h2>',
             "<p>Declarations of authenticity the decisions relied on: "
             f"{_e('; '.join(learner['declarations']) or 'none recorded')}.</p>"]
    for c in learner["criteria"]:
        rows = "".join(_entry(entry) for entry in c["history"]) or \
            '<tr><td colspan="8">no decision recorded</td></tr>'
        parts.append(
            f"<h3>Criterion {_e(c['criterion'])}{' (sampled)' if c['sampled'] else ''}</h3>"
            f"<p>{_e(c['text'])}</p><p>Decision in force: {_e(c['in_force'] or 'none')}</p>"
            "<table><caption>History of decisions, oldest first</caption><thead><tr>"
            '<th scope="col">entry</th><th scope="col">decision</th><th scope="col">when (UTC)</th>'
            '<th scope="col">assessor</th><th scope="col">feedback</th>'
            '<th scope="col">evidence, as the decision recorded it</th>'
            '<th scope="col">declaration</th><th scope="col">IQA verdicts</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")
    return "\n".join(parts)


def _chains(chains: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td>{_e(c['journal'])}</td><td>{_e(c['entries'])}</td><td>{_e(c['verified'])}</td>"
        f"<td>{_e(c['unchained'])}</td><td>{'✔ intact' if c['intact'] else '⚠ broken at entry '}"
        f"{'' if c['intact'] else _e(c['broken_at']) + ': ' + _e(c['problem'])}</td></tr>"
        for c in chains) or '<tr><td colspan="5">no journal files</td></tr>'
    return ("<table><caption>Each journal file of the unit, its hash chain checked when the pack "
            "was made (unchained: written before records were chained)</caption><thead><tr>"
            '<th scope="col">journal</th><th scope="col">entries</th><th scope="col">verified'
            '</th><th scope="col">unchained</th><th scope="col">chain</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def render_index(title: str, reference: str, prepared: str, plan: dict[str, Any],
                 learners: list[dict[str, Any]], chains: list[dict[str, Any]],
                 files: list[str]) -> str:
    """The pack's front page: what it holds, the plan, then each learner's records."""
    listed = "".join(f"<li>{_e(name)}</li>" for name in [*files, "index.html", "MANIFEST.sha256"])
    unit = f"{_e(title)}{f' ({_e(reference)})' if reference else ''}"
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>EQA pack: {_e(title)}</title><style>{CSS}</style></head>
<body>
<main>
<h1>External quality assurance pack: {unit}</h1>
<p>Prepared on {_e(prepared)} for the learners in the latest internal quality assurance sampling
plan only. People are shown by ids the centre chose; their names are removed from the text.
Every file's SHA-256 is in MANIFEST.sha256: <code>workbook eqa verify</code> (or
<code>sha256sum -c MANIFEST.sha256</code> in the unpacked folder) names any file altered, missing
or added. The centre sends the manifest's own SHA-256 separately.</p>
<h2 id="plan">Sampling plan</h2>
{_plan(plan)}
<h2 id="records">Record integrity</h2>
{_chains(chains)}
{''.join(_learner(learner, n) for n, learner in enumerate(learners, 1))}
<h2 id="files">Files in this pack</h2>
<ul>{listed}</ul>
</main>
</body>
</html>
"""
