"""学业警示 — academic warnings. Declarations only; the code is in the other files."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Widget

from . import (  # noqa: F401  (their routes join the blueprint)
    approval_views,
    deadline_views,
    lifting_views,
    notice_views,
    proposal_views,
    ruleset_views,
)
from .cli import warnings_cli
from .views import bp

STAFF = ("leader", "secretary", "counselor", "class_advisor", "mentor")


def init_app(app):
    from portal.core import audit_words
    from portal.core.i18n import _l
    audit_words.register(app, records={
        "Ruleset": _l("ruleset"), "CollegeRuleset": _l("college ruleset"),
        "Run": _l("warning run"), "RunEvent": _l("roster step"), "Warning": _l("warning"),
        "Proposal": _l("proposal"), "Notice": _l("notice"), "Lift": _l("lifting"),
    })
    from .audit_fields import FIELDS as _audit_fields

    audit_words.register(app, fields=_audit_fields)
    from portal.core import standing
    from portal.core.importing import register_next_step
    from portal.core.retention import Purge
    from portal.core.retention import register as register_purge

    from . import jobs, labels
    from .after_import import compute_after_grades
    from .retention import clear
    from .standing import WarningsStanding, register_template_globals

    labels.register(app)
    jobs.register()
    register_next_step(app, compute_after_grades)
    # The compliance page shows which rosters are due, as the dashboard card does.
    app.extensions.setdefault("portal.compliance_sections", []).append(
        ("warnings.deadlines_section", "warnings.deadlines"))
    standing.register(app, WarningsStanding())
    register_template_globals(app)
    register_purge(app, Purge("warnings", _l("Objections and parents' remarks on notices"), clear))


def archive_sheets(student):
    from .archive import warnings_sheets

    return warnings_sheets(student)


def demo():
    from .demo import add_demo

    add_demo()


module = Module(
    name="warnings",
    label=_l("Academic warnings"),
    blueprint=bp,
    models="portal.modules.warnings.models",
    permissions=[
        Permission(code="warnings.view", label=_l("View academic warnings"),
                   roles=(*STAFF, "student")),
        Permission(code="warnings.manage", label=_l("Compute and manage the warning roster"),
                   roles=("secretary",)),
        Permission(code="warnings.levels",
                   label=_l("See which students are warned (name and level only)"),
                   roles=("teacher",)),
        Permission(code="warnings.approve", label=_l("Approve and publish the warning roster"),
                   roles=("leader",)),
        Permission(code="warnings.notices",
                   label=_l("Print notices and record parent receipts"),
                   roles=("secretary", "counselor")),
        Permission(code="warnings.propose", label=_l("Propose adding or removing a student"),
                   roles=("counselor", "class_advisor")),
        Permission(code="warnings.rulesets", label=_l("Edit rulesets"),
                   roles=("secretary",)),
        Permission(code="warnings.deadlines",
                   label=_l("See which warning rosters are due or overdue"),
                   roles=("secretary", "leader")),
    ],
    nav=[NavItem(endpoint="warnings.index", label=_l("Academic warnings"),
                 permission="warnings.view", order=20),
         NavItem(endpoint="warnings.levels", label=_l("Warned students"),
                 permission="warnings.levels", order=21),
         NavItem(endpoint="warnings.settings_list", label=_l("Notice settings"),
                 permission="warnings.manage", order=22)],
    widgets=[Widget(endpoint="warnings.widget", label=_l("Academic warnings"),
                    permission="warnings.view", order=20),
             Widget(endpoint="warnings.deadlines_widget", label=_l("Warning rosters due"),
                    permission="warnings.deadlines", order=19),
             Widget(endpoint="warnings.approvals_widget",
                    label=_l("Rosters awaiting your approval"), permission="warnings.approve",
                    order=18)],
    profile_tabs=[ProfileTab(endpoint="warnings.student_tab", label=_l("Academic warnings"),
                             permission="warnings.view", order=20)],
    commands=[warnings_cli],
    init_app=init_app,
    demo=demo,
    demo_order=10,
    archive_sheets=archive_sheets,
)
