"""学习计划 — study plans: the student writes, the class advisor (years 1–2) or mentor
(year 3+) comments, returns or signs off, the student reports at term end. Declarations only."""

from portal.core.facts import Fact
from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Ref, Widget

from . import review_views, setting_views  # noqa: F401  (their routes join the blueprint)
from .views import bp

STAFF = ("leader", "secretary", "counselor", "class_advisor", "mentor")


module = Module(
    name="plans",
    label=_l("Study plans"),
    blueprint=bp,
    models="portal.modules.plans.models",
    permissions=[
        Permission(code="plans.view", label=_l("Read study plans in scope"), roles=STAFF),
        Permission(
            code="plans.review",
            label=_l("Review and sign off study plans"),
            roles=("class_advisor", "mentor"),
        ),
        Permission(
            code="plans.completion",
            label=_l("See study plan completion per class"),
            roles=("leader", "secretary", "counselor"),
        ),
        Permission(
            code="plans.settings", label=_l("Set who reviews study plans"), roles=("secretary",)
        ),
        Permission(code="plans.own", label=_l("Write one's own study plan"), roles=("student",)),
    ],
    nav=[
        NavItem(endpoint="plans.index", label=_l("Study plans"), permission="plans.view", order=50),
        NavItem(endpoint="plans.mine", label=_l("My study plan"), permission="plans.own", order=50),
    ],
    widgets=[
        Widget(
            endpoint="plans.widget",
            label=_l("Study plans to review"),
            permission="plans.review",
            order=50,
        ),
        Widget(
            endpoint="plans.mine_widget",
            label=_l("My study plan"),
            permission="plans.own",
            order=50,
        ),
    ],
    profile_tabs=[
        ProfileTab(
            endpoint="plans.student_tab", label=_l("Study plan"), permission="plans.view", order=50
        )
    ],
    demo=Ref("portal.modules.plans.demo:add_demo"),
    archive_sheets=Ref("portal.modules.plans.archive:plan_sheets"),
    facts=[
        Fact(
            code="plan",
            label=_l("had a signed study plan"),
            values=Ref("portal.modules.plans.facts:plan_states"),
            states={
                "none": _l("no plan"),
                "written": _l("written, not signed"),
                "signed": _l("signed off"),
                "executed": _l("carried out and reported"),
            },
            yes=frozenset({"signed", "executed"}),
        )
    ],
    helpers=Ref("portal.modules.plans.facts:helpers_of"),
    audit_records={
        "Plan": _l("study plan"),
        "Version": _l("study plan version"),
        "Comment": _l("comment"),
        "PlanSetting": _l("study plan settings"),
    },
    audit_fields=Ref("portal.modules.plans.audit_fields:FIELDS"),
    template_globals=Ref("portal.modules.plans.labels:TEMPLATE_GLOBALS"),
)
