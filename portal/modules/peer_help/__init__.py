"""朋辈帮扶 — peer help: volunteers apply and are selected, pairings pass the college's
approval chain, volunteers log sessions their mentees confirm and counselors check, hours
are certified per term. Declarations only."""

from portal.core.dues import DueKind
from portal.core.facts import Fact, Total
from portal.core.i18n import _l
from portal.core.modules import BinderSection, Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.retention import Purge
from portal.core.roles import CLASS_STAFF, COLLEGE_STAFF

from . import hours_views, session_views, staff_views, widget_views  # noqa: F401  (routes join the blueprint)
from .views import bp

module = Module(
    __name__,
    label=_l("Peer help"),
    blueprint=bp,
    permissions=[
        Permission(
            "peer_help.view",
            _l("Take part in peer help"),
            ("student", "volunteer", *COLLEGE_STAFF, *CLASS_STAFF),
        ),
        Permission("peer_help.apply", _l("Apply to be a peer volunteer"), ("student",)),
        Permission(
            "peer_help.own",
            _l("See one's own tutoring: sessions to confirm, one's volunteering"),
            ("student", "volunteer"),
        ),
        Permission("peer_help.volunteer", _l("Log tutoring sessions"), ("volunteer",)),
        Permission(
            "peer_help.staff",
            _l("Read volunteers and pairings in scope"),
            (*COLLEGE_STAFF, *CLASS_STAFF),
        ),
        Permission(
            "peer_help.manage",
            _l("Select volunteers, pair, check sessions, certify hours"),
            ("secretary", "counselor"),
        ),
        Permission("peer_help.review", _l("Review pairings for the college"), COLLEGE_STAFF),
        Permission("peer_help.school", _l("Review pairings for the school"), COLLEGE_STAFF),
        Permission(
            "peer_help.payments", _l("See volunteers' stipend bank details"), ("secretary",)
        ),
        Permission("peer_help.settings", _l("Set the peer-help rules"), ("secretary",)),
    ],
    order=60,
    nav=[NavItem("peer_help.index", _l("Peer help"))],
    widgets=[
        Widget("peer_help.widget", _l("Pairings waiting for you"), order=25),
        Widget("peer_help.work_widget", _l("Volunteer work waiting for you"), order=26),
        Widget("peer_help.mine_widget", _l("Peer help"), order=35),
    ],
    profile_tabs=[ProfileTab("peer_help.student_tab", _l("Peer help"))],
    binder=[
        BinderSection(
            "peer_help.pairings",
            _l("Peer help pairings of the term"),
            "peer_help.staff",
            Ref(".binder:list_pages"),
            Ref(".binder:list_sheet"),
            order=40,
        )
    ],
    facts=[
        Fact(
            "mentor",
            _l("had a peer volunteer"),
            Ref(".facts:mentored"),
            states={"yes": _l("yes"), "no": _l("no")},
            yes=frozenset({"yes"}),
        )
    ],
    totals=[
        Total("volunteer_hours", _l("Certified volunteer hours"), Ref(".facts:certified_hours"))
    ],
    helpers=Ref(".facts:helpers_of"),
    receivers={"roster_published": Ref(".volunteers:tell_staff_of_warned")},
    due_kinds=[
        DueKind(
            "pairing",
            _l("Volunteer pairing"),
            Ref(".pairings:pairing_dates"),
            "peer_help.new_pairing",
        )
    ],
    purges=[
        Purge(
            "peer_help", _l("Volunteers' bank details and pairing notes"), Ref(".retention:clear")
        )
    ],
)
