"""谈话 — talks: records from the seed forms, group meetings, support plans for the most
severe level, and the talk obligations the core's due lists count. Declarations only."""

from portal.core.dues import DueKind, may_owe
from portal.core.i18n import _l
from portal.core.modules import BinderSection, Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.retention import Purge
from portal.core.roles import FOLLOW_UP, STAFF

from . import meeting_views, support_views  # noqa: F401  (their routes join the blueprint)
from .views import bp

module = Module(
    __name__,
    label=_l("Talks"),
    blueprint=bp,
    permissions=[
        # Leaders, course teachers and academic mentors (导师) talk with students too
        # (issue 18; lzut §四.9, shaoxing 第三条, gxu 第五条): each within their own scope. A
        # course teacher records talks with the warned students they teach only
        # (access.writes_about) and reads only their own (records.readable), never other
        # staff's talk content (tests/modules/test_followup_privacy.py).
        Permission("talks.view", _l("Read talk records in scope"), STAFF),
        Permission("talks.create", _l("Record talks and group meetings"), FOLLOW_UP),
        Permission("talks.support", _l("Set up support teams and plans"), ("counselor",)),
        Permission("talks.own", _l("See one's own talk summaries and confirm them"), ("student",)),
    ],
    order=30,
    nav=[
        NavItem("talks.index", _l("Talks")),
        NavItem("talks.mine", _l("My talks")),
    ],
    widgets=[
        Widget("talks.widget", _l("Talks due"), when=may_owe),
        Widget("talks.mine_widget", _l("My talks")),
    ],
    profile_tabs=[ProfileTab("talks.student_tab", _l("Talks"))],
    binder=[
        BinderSection(
            "talks.talks",
            _l("Talk records"),
            "talks.view",
            Ref(".binder:talk_pages"),
            Ref(".binder:talk_sheet"),
            order=10,
        ),
        BinderSection(
            "talks.meetings",
            _l("Group meeting minutes"),
            "talks.view",
            Ref(".binder:meeting_pages"),
            Ref(".binder:meeting_sheet"),
            order=30,
        ),
    ],
    due_kinds=[
        DueKind("talk", _l("Individual talk"), Ref(".records:done_dates"), "talks.new"),
        DueKind("meeting", _l("Group meeting"), Ref(".records:meeting_dates"), "talks.new_meeting"),
        DueKind(
            "support_plan",
            _l("Support-team plan"),
            Ref(".records:support_plan_dates"),
            "talks.edit_support",
        ),
    ],
    purges=[Purge("talks", _l("Talk, meeting and support-plan content"), Ref(".retention:clear"))],
)
