"""学业警示 — academic warnings. Declarations only; the code is in the other files."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.retention import Purge

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


module = Module(
    name="warnings",
    label=_l("Academic warnings"),
    blueprint=bp,
    models="portal.modules.warnings.models",
    permissions=[
        Permission(
            code="warnings.view", label=_l("View academic warnings"), roles=(*STAFF, "student")
        ),
        Permission(
            code="warnings.manage",
            label=_l("Compute and manage the warning roster"),
            roles=("secretary",),
        ),
        Permission(
            code="warnings.levels",
            label=_l("See which students are warned (name and level only)"),
            roles=("teacher",),
        ),
        Permission(
            code="warnings.approve",
            label=_l("Approve and publish the warning roster"),
            roles=("leader",),
        ),
        Permission(
            code="warnings.notices",
            label=_l("Print notices and record parent receipts"),
            roles=("secretary", "counselor"),
        ),
        Permission(
            code="warnings.propose",
            label=_l("Propose adding or removing a student"),
            roles=("counselor", "class_advisor"),
        ),
        Permission(code="warnings.rulesets", label=_l("Edit rulesets"), roles=("secretary",)),
        Permission(
            code="warnings.deadlines",
            label=_l("See which warning rosters are due or overdue"),
            roles=("secretary", "leader"),
        ),
    ],
    nav=[
        NavItem(
            endpoint="warnings.index",
            label=_l("Academic warnings"),
            permission="warnings.view",
            order=20,
        ),
        NavItem(
            endpoint="warnings.levels",
            label=_l("Warned students"),
            permission="warnings.levels",
            order=21,
        ),
        NavItem(
            endpoint="warnings.settings_list",
            label=_l("Notice settings"),
            permission="warnings.manage",
            order=22,
        ),
    ],
    widgets=[
        Widget(
            endpoint="warnings.widget",
            label=_l("Academic warnings"),
            permission="warnings.view",
            order=20,
        ),
        Widget(
            endpoint="warnings.deadlines_widget",
            label=_l("Warning rosters due"),
            permission="warnings.deadlines",
            order=19,
        ),
        Widget(
            endpoint="warnings.approvals_widget",
            label=_l("Rosters awaiting your approval"),
            permission="warnings.approve",
            order=18,
        ),
    ],
    profile_tabs=[
        ProfileTab(
            endpoint="warnings.student_tab",
            label=_l("Academic warnings"),
            permission="warnings.view",
            order=20,
        )
    ],
    commands=[warnings_cli],
    init_app=Ref("portal.modules.warnings.jobs:register"),
    demo=Ref("portal.modules.warnings.demo:add_demo"),
    demo_order=10,
    archive_sheets=Ref("portal.modules.warnings.archive:warnings_sheets"),
    standing=Ref("portal.modules.warnings.standing:PROVIDER"),
    import_next=Ref("portal.modules.warnings.after_import:compute_after_grades"),
    # The compliance page shows which rosters are due, as the dashboard card does.
    compliance_sections=[("warnings.deadlines_section", "warnings.deadlines")],
    purges=[
        Purge(
            "warnings",
            _l("Objections and parents' remarks on notices"),
            Ref("portal.modules.warnings.retention:clear"),
        )
    ],
    audit_records={
        "Ruleset": _l("ruleset"),
        "CollegeRuleset": _l("college ruleset"),
        "Run": _l("warning run"),
        "RunEvent": _l("roster step"),
        "Warning": _l("warning"),
        "Proposal": _l("proposal"),
        "Notice": _l("notice"),
        "Lift": _l("lifting"),
    },
    audit_fields=Ref("portal.modules.warnings.audit_fields:FIELDS"),
    template_globals=Ref("portal.modules.warnings.labels:TEMPLATE_GLOBALS"),
)
