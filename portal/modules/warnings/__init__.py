"""学业警示 — academic warnings. Declarations only; the code is in the other files."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.retention import Purge
from portal.core.roles import CLASS_STAFF, COLLEGE_STAFF, STAFF

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

module = Module(
    __name__,
    label=_l("Academic warnings"),
    blueprint=bp,
    permissions=[
        Permission("warnings.view", _l("View academic warnings"), (*STAFF, "student")),
        Permission("warnings.manage", _l("Compute and manage the warning roster"), ("secretary",)),
        Permission(
            "warnings.levels",
            _l("See which students are warned (name and level only)"),
            ("teacher",),
        ),
        Permission("warnings.approve", _l("Approve and publish the warning roster"), ("leader",)),
        Permission(
            "warnings.notices",
            _l("Print notices and record parent receipts"),
            ("secretary", "counselor"),
        ),
        Permission("warnings.propose", _l("Propose adding or removing a student"), CLASS_STAFF),
        Permission("warnings.rulesets", _l("Edit rulesets"), ("secretary", "admin")),
        Permission(
            "warnings.deadlines",
            _l("See which warning rosters are due or overdue"),
            COLLEGE_STAFF,
        ),
    ],
    order=20,
    nav=[
        NavItem("warnings.index", _l("Academic warnings")),
        NavItem("warnings.levels", _l("Warned students"), order=21),
        NavItem("warnings.settings_list", _l("Notice settings"), order=22),
        # Those who keep the rulesets: the secretary, and the administrator, who has no roster.
        NavItem("warnings.rulesets", _l("Rulesets"), order=23),
    ],
    widgets=[
        Widget("warnings.widget", _l("Academic warnings")),
        Widget("warnings.deadlines_widget", _l("Warning rosters due"), order=19),
        Widget("warnings.approvals_widget", _l("Rosters awaiting your approval"), order=18),
        # Before the roster's counts: a student waits for this answer.
        Widget("warnings.objections_widget", _l("Objections waiting for your answer"), order=18),
        Widget("warnings.proposals_widget", _l("Proposals waiting for your decision"), order=18),
        # The administrator's home, beside the core's cards of what they keep.
        Widget(
            "warnings.rulesets_widget",
            _l("Rulesets"),
            order=94,
            when=ruleset_views.keeps_rulesets_only,
        ),
    ],
    profile_tabs=[ProfileTab("warnings.student_tab", _l("Academic warnings"))],
    commands=[warnings_cli],
    init_app=Ref(".jobs:register"),
    demo_order=10,
    standing=Ref(".provider:PROVIDER"),
    import_next=Ref(".after_import:compute_after_grades"),
    # The compliance page shows which rosters are due, as the dashboard card does.
    compliance_sections=["warnings.deadlines_section"],
    purges=[
        Purge("warnings", _l("Objections and parents' remarks on notices"), Ref(".retention:clear"))
    ],
)
