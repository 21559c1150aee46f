# nbgrader config for everyone in the image (installed into the environment's etc/jupyter).
# Submissions go through the nbexchange service, never a shared folder: on Kubernetes every pod
# runs as uid 1000, so a shared exchange volume would let learners read each other's work.
# Every WORKBOOK_* variable is read by workbook.settings (image_settings), with the image's defaults.
import os

from workbook.settings import image_settings

c = get_config()  # noqa: F821  (nbgrader's config object)
image = image_settings()

c.CourseDirectory.course_id = "l5-leadership-hsc-cyp"
c.Exchange.path_includes_course = True
# In-cluster address of the chart's proxy; the plugin adds /services/nbexchange/.
c.Exchange.base_service_url = image.exchange_url  # WORKBOOK_EXCHANGE_URL

c.ExchangeFactory.exchange = "nbexchange.plugin.Exchange"
c.ExchangeFactory.fetch_assignment = "nbexchange.plugin.ExchangeFetchAssignment"
c.ExchangeFactory.fetch_feedback = "nbexchange.plugin.ExchangeFetchFeedback"
c.ExchangeFactory.release_assignment = "nbexchange.plugin.ExchangeReleaseAssignment"
c.ExchangeFactory.release_feedback = "nbexchange.plugin.ExchangeReleaseFeedback"
c.ExchangeFactory.list = "nbexchange.plugin.ExchangeList"
c.ExchangeFactory.collect = "nbexchange.plugin.ExchangeCollect"


def _declared_submit():
    """nbexchange's submit behind the workbook's declaration gate (workbook.assess.submit_gate):
    an assessment without a signed declaration of authenticity is not uploaded. Named like the
    local hub's DeclaredSubmit, so it reads the same `DeclaredSubmit.assessments` (the learner
    config's nbgrader_config.json, role_config.py): which assignments are assessments comes
    from there, not from the learner's notebook."""
    from nbexchange.plugin import ExchangeSubmit
    from traitlets import Dict, Unicode

    from workbook.assess.submit_gate import DeclarationGate

    assessments = Dict(key_trait=Unicode(), value_trait=Unicode(),
                       help="{assignment id: unit slug} of the course's assessments")
    return type("DeclaredSubmit", (DeclarationGate, ExchangeSubmit),
                {"assessments": assessments.tag(config=True)})


c.ExchangeFactory.submit = _declared_submit()

# Tutors only (the tutor profile sets these): the course folder delivered into their home and
# the shared gradebook in PostgreSQL (SQLite must not sit on network storage).
if image.tutor:
    c.CourseDirectory.root = os.path.expanduser("~/course")
    # autograde (formgrader's too) scores saved answers against the keys in the tutor's process,
    # never in the kernel that runs submissions (workbook.tutor.autograde)
    from workbook.tutor.autograde import configure

    configure(c, keys=image.keys)
    if image.gradebook_url:
        c.CourseDirectory.db_url = image.gradebook_url
