"""The unit portfolio notebook: progress, reflective accounts, training plan, full map, export,
declaration and the assessment's fetch and submit."""
from __future__ import annotations

from pathlib import Path

from workbook.build.cells import code, markdown, notebook
from workbook.build.criteria_text import unit_criteria_text
from workbook.course.evidence_rules import load_rules
from workbook.course.model import Unit
from workbook.widgets.home import portfolio_page

#: the evidence type the training-plan builder produces.
TRAINING_PLAN_TYPE = "training-plan"


def portfolio_path(unit: Unit) -> Path:
    """Where a unit's portfolio notebook lives: notebooks/<unit>/portfolio.ipynb."""
    return Path("notebooks") / portfolio_page(unit)


def training_plan_outcomes(unit: Unit) -> tuple[str, ...]:
    """Outcomes whose rules ask for a training plan (the builder is offered for those)."""
    rules = load_rules(unit)
    return tuple(o for r in rules.rules if TRAINING_PLAN_TYPE in r.types and r.kind == "outcome_needs_type"
                 for o in r.outcomes)


def portfolio_notebook(unit: Unit):
    """Progress, reflective accounts, a training plan where the rules ask for one, map, export."""
    slug = unit.slug
    cells = [
        markdown("title", f"""
# Portfolio · {unit.title}

[◀ Course home](../index.ipynb)

Everything you have gathered for this unit in one place: your progress, reflective accounts,
the full evidence map your assessor will read, and export for your assessor.
"""),
        markdown("criteria", unit_criteria_text(unit)),
        markdown("progress-intro", """
## Your progress

Quiz mastery is the share of an outcome's questions you have answered fully correctly.
Criteria evidenced is the share of its criteria whose evidence meets the unit's rules: for a
"be able to" outcome, your assessor's observation of you at work (a reflective account or
product supports it but does not count on its own).
"""),
        code("progress", f"""
from workbook.widgets.progress import ProgressView
ProgressView({slug!r})
"""),
        markdown("reflection-intro", """
## Reflective accounts

Write about a real event using Gibbs' reflective cycle. Your draft is saved each time you leave
a box. When it is finished, tick the criteria it covers and the models it draws on, then press
**Finish and add to evidence**.
"""),
        code("reflection", f"""
from workbook.widgets.reflection import ReflectiveAccounts
ReflectiveAccounts({slug!r})
"""),
    ]
    for outcome_id in training_plan_outcomes(unit):
        cells += [
            markdown(f"training-plan-intro-{outcome_id.lower()}", f"""
## Training plan for {outcome_id}

Plan a person-centred interactive training session: the outcomes for the session, what your
team needs, the interactive methods you will use and how you will evaluate the impact.
Saving it adds the plan to your evidence, mapped to the criteria of {outcome_id}.
"""),
            code(f"training-plan-{outcome_id.lower()}", f"""
from workbook.widgets.training_plan import TrainingPlanBuilder
TrainingPlanBuilder({slug!r}, {outcome_id!r})
"""),
        ]
    cells += [
        markdown("map-intro", """
## The full evidence map

Every criterion of the unit against every piece of evidence, with the rules not yet met.
"""),
        code("map", f"""
from workbook.widgets.evidence import EvidenceLog
EvidenceLog({slug!r})
"""),
        markdown("export-intro", """
## Export for your assessor

Download your portfolio as a web page to share with your assessor (print it to save a PDF), or
a copy as CSV or JSON to keep and import back later (import adds items and never replaces the
ones you have).
"""),
        code("export", f"""
from workbook.widgets.export import PortfolioExport
PortfolioExport({slug!r})
"""),
        markdown("declaration-intro", """
## Declaration of authenticity

Before you submit the unit's assessment, sign this declaration. Your assessor cannot judge
any criterion met until it is signed, and it travels with your assessment when you submit.
"""),
        code("declaration", f"""
from workbook.widgets.declaration import DeclarationForm
DeclarationForm({slug!r})
"""),
        markdown("assessment-intro", """
## Your assessment

When your tutor releases the unit's assessment, fetch it here, open it and answer it, then
submit it here. It is not submitted until the declaration above is signed.
"""),
        code("assessment", f"""
from workbook.widgets.submission import AssessmentSubmit
AssessmentSubmit({slug!r})
"""),
    ]
    return notebook(cells, workbook={"kind": "portfolio", "unit": slug})
