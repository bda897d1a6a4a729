"""学习计划 — study plans: the student writes, the class advisor (years 1–2) or mentor
(year 3+) comments, returns or signs off, the student reports at term end. Declarations only."""

from portal.core.facts import Fact
from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.roles import STAFF

from . import review_views, setting_views  # noqa: F401  (their routes join the blueprint)
from .views import bp

module = Module(
    __name__,
    label=_l("Study plans"),
    blueprint=bp,
    permissions=[
        Permission("plans.view", _l("Read study plans in scope"), STAFF),
        Permission(
            "plans.review", _l("Review and sign off study plans"), ("class_advisor", "mentor")
        ),
        Permission(
            "plans.completion",
            _l("See study plan completion per class"),
            ("leader", "secretary", "counselor"),
        ),
        Permission("plans.settings", _l("Set who reviews study plans"), ("secretary",)),
        Permission("plans.own", _l("Write one's own study plan"), ("student",)),
    ],
    nav=[
        NavItem("plans.index", _l("Study plans"), order=50),
        NavItem("plans.mine", _l("My study plan"), order=50),
    ],
    widgets=[
        Widget("plans.widget", _l("Study plans to review"), order=50),
        Widget("plans.mine_widget", _l("My study plan"), order=50),
    ],
    profile_tabs=[ProfileTab("plans.student_tab", _l("Study plan"), order=50)],
    demo=Ref(".demo:add_demo"),
    archive_sheets=Ref(".archive:plan_sheets"),
    facts=[
        Fact(
            "plan",
            _l("had a signed study plan"),
            Ref(".facts:plan_states"),
            states={
                "none": _l("no plan"),
                "written": _l("written, not signed"),
                "signed": _l("signed off"),
                "executed": _l("carried out and reported"),
            },
            yes=frozenset({"signed", "executed"}),
        )
    ],
    helpers=Ref(".facts:helpers_of"),
    audit_records={
        "Plan": _l("study plan"),
        "Version": _l("study plan version"),
        "Comment": _l("comment"),
        "PlanSetting": _l("study plan settings"),
    },
    audit_fields=Ref(".audit_fields:FIELDS"),
    template_globals=Ref(".labels:TEMPLATE_GLOBALS"),
)
