"""朋辈帮扶 — peer help: volunteers apply and are selected, pairings pass the college's
approval chain, volunteers log sessions their mentees confirm and counselors check, hours
are certified per term. Declarations only."""

from portal.core.dues import DueKind
from portal.core.facts import Fact, Total
from portal.core.i18n import _l
from portal.core.modules import BinderSection, Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.retention import Purge

from . import hours_views, session_views, staff_views, widget_views  # noqa: F401  (routes join the blueprint)
from .views import bp

module = Module(
    name="peer_help",
    label=_l("Peer help"),
    blueprint=bp,
    models="portal.modules.peer_help.models",
    permissions=[
        Permission(
            code="peer_help.view",
            label=_l("Take part in peer help"),
            roles=("student", "volunteer", "leader", "secretary", "counselor", "class_advisor"),
        ),
        Permission(
            code="peer_help.apply", label=_l("Apply to be a peer volunteer"), roles=("student",)
        ),
        Permission(
            code="peer_help.volunteer", label=_l("Log tutoring sessions"), roles=("volunteer",)
        ),
        Permission(
            code="peer_help.staff",
            label=_l("Read volunteers and pairings in scope"),
            roles=("leader", "secretary", "counselor", "class_advisor"),
        ),
        Permission(
            code="peer_help.manage",
            label=_l("Select volunteers, pair, check sessions, certify hours"),
            roles=("secretary", "counselor"),
        ),
        Permission(
            code="peer_help.review",
            label=_l("Review pairings for the college"),
            roles=("leader", "secretary"),
        ),
        Permission(code="peer_help.school", label=_l("Review pairings for the school"), roles=()),
        Permission(
            code="peer_help.payments",
            label=_l("See volunteers' stipend bank details"),
            roles=("secretary",),
        ),
        Permission(
            code="peer_help.settings", label=_l("Set the peer-help rules"), roles=("secretary",)
        ),
    ],
    nav=[
        NavItem(
            endpoint="peer_help.index", label=_l("Peer help"), permission="peer_help.view", order=60
        )
    ],
    widgets=[
        Widget(
            endpoint="peer_help.widget",
            label=_l("Pairings waiting for you"),
            permission="peer_help.staff",
            order=25,
        )
    ],
    profile_tabs=[
        ProfileTab(
            endpoint="peer_help.student_tab",
            label=_l("Peer help"),
            permission="peer_help.staff",
            order=60,
        )
    ],
    demo=Ref("portal.modules.peer_help.demo:add_demo"),
    archive_sheets=Ref("portal.modules.peer_help.archive:peer_sheets"),
    binder=[
        BinderSection(
            code="peer_help.pairings",
            label=_l("Peer help pairings of the term"),
            permission="peer_help.staff",
            pages=Ref("portal.modules.peer_help.binder:list_pages"),
            sheet=Ref("portal.modules.peer_help.binder:list_sheet"),
            order=40,
        )
    ],
    facts=[
        Fact(
            code="mentor",
            label=_l("had a peer mentor"),
            values=Ref("portal.modules.peer_help.facts:mentored"),
            states={"yes": _l("yes"), "no": _l("no")},
            yes=frozenset({"yes"}),
        )
    ],
    totals=[
        Total(
            code="volunteer_hours",
            label=_l("Certified volunteer hours"),
            value=Ref("portal.modules.peer_help.facts:certified_hours"),
        )
    ],
    helpers=Ref("portal.modules.peer_help.facts:helpers_of"),
    due_kinds=[
        DueKind(
            code="pairing",
            label=_l("Volunteer pairing"),
            done=Ref("portal.modules.peer_help.pairings:pairing_dates"),
            form_endpoint="peer_help.new_pairing",
        )
    ],
    purges=[
        Purge(
            "peer_help",
            _l("Volunteers' bank details and pairing notes"),
            Ref("portal.modules.peer_help.retention:clear"),
        )
    ],
    audit_records={
        "Volunteer": _l("volunteer"),
        "Training": _l("training"),
        "Pairing": _l("pairing"),
        "Mentee": _l("mentee"),
        "Step": _l("pairing step"),
        "TutoringSession": _l("tutoring session"),
        "Presence": _l("attendance"),
        "Certification": _l("hours certification"),
        "PeerSetting": _l("peer help settings"),
    },
    audit_fields=Ref("portal.modules.peer_help.audit_fields:FIELDS"),
    template_globals=Ref("portal.modules.peer_help.labels:TEMPLATE_GLOBALS"),
    template_filters=Ref("portal.modules.peer_help.labels:TEMPLATE_FILTERS"),
)
