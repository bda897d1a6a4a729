"""学习计划 — study plans: the student writes, the class advisor (years 1–2) or mentor
(year 3+) comments, returns or signs off — where the class has none, the next in the chain,
down to the counselor (`reviewers`) — the student reports at term end. Declarations only."""

from portal.core.facts import Fact
from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.roles import COLLEGE_STAFF, STAFF

from . import review_views, setting_views  # noqa: F401  (their routes join the blueprint)
from .queue import reviews_any
from .reviewers import REVIEWER_ROLES
from .views import bp

module = Module(
    __name__,
    label=_l("Study plans"),
    blueprint=bp,
    permissions=[
        Permission("plans.view", _l("Read study plans in scope"), STAFF),
        # A counselor reviews only the plans no class advisor (or mentor) can: `reviews`.
        Permission("plans.review", _l("Review and sign off study plans"), REVIEWER_ROLES),
        Permission(
            "plans.completion",
            _l("See study plan completion per class"),
            (*COLLEGE_STAFF, "counselor"),
        ),
        Permission("plans.settings", _l("Set who reviews study plans"), ("secretary",)),
        Permission("plans.own", _l("Write one's own study plan"), ("student",)),
    ],
    nav=[
        NavItem("plans.index", _l("Study plans")),
        NavItem("plans.mine", _l("My study plan")),
    ],
    widgets=[
        Widget("plans.widget", _l("Study plans to review"), when=reviews_any),
        Widget("plans.mine_widget", _l("My study plan")),
    ],
    profile_tabs=[ProfileTab("plans.student_tab", _l("Study plan"))],
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
    wishes=Ref(".facts:wishes_of"),
    receivers={
        "roles_changing": Ref(".handover:hear_roles_changing"),
        "students_moving": Ref(".handover:hear_students_moving"),
    },
)
