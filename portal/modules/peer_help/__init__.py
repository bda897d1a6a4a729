"""朋辈帮扶 — peer help: volunteers apply and are selected, pairings pass the college's
approval chain, volunteers log sessions their mentees confirm and counselors check, hours
are certified per term. Declarations only."""

from portal.core.i18n import _l
from portal.core.modules import BinderSection, Module, NavItem, Permission, ProfileTab, Widget

from . import hours_views, session_views, staff_views, widget_views  # noqa: F401  (routes join the blueprint)
from .views import bp


def init_app(app):
    from portal.core import audit_words
    from portal.core.i18n import _l
    audit_words.register(app, records={
        "Volunteer": _l("volunteer"), "Training": _l("training"), "Pairing": _l("pairing"),
        "Mentee": _l("mentee"), "Step": _l("pairing step"),
        "TutoringSession": _l("tutoring session"), "Presence": _l("attendance"),
        "Certification": _l("hours certification"), "PeerSetting": _l("peer help settings"),
    })
    from .audit_fields import FIELDS as _audit_fields

    audit_words.register(app, fields=_audit_fields)
    from portal.core import helpers
    from portal.core.dues import DueKind, register_kind
    from portal.core.facts import Fact, Total, register
    from portal.core.retention import Purge
    from portal.core.retention import register as register_purge

    from . import labels
    from .facts import certified_hours, helpers_of, mentored
    from .pairings import pairing_dates
    from .retention import clear

    labels.register(app)
    register(app, Fact(code="mentor", label=_l("had a peer mentor"), values=mentored,
                       states={"yes": _l("yes"), "no": _l("no")}, yes=frozenset({"yes"})))
    register(app, Total(code="volunteer_hours", label=_l("Certified volunteer hours"),
                        value=certified_hours))
    helpers.register(app, helpers_of)
    register_kind(app, DueKind(code="pairing", label=_l("Volunteer pairing"),
                               done=pairing_dates, form_endpoint="peer_help.new_pairing"))
    register_purge(app, Purge("peer_help", _l("Volunteers' bank details and pairing notes"), clear))


def demo():
    from .demo import add_demo

    return add_demo()


def _list_pages(scope):
    from .binder import list_pages

    return list_pages(scope)


def _list_sheet(scope):
    from .binder import list_sheet

    return list_sheet(scope)


def archive_sheets(student):
    from .archive import peer_sheets

    return peer_sheets(student)


module = Module(
    name="peer_help",
    label=_l("Peer help"),
    blueprint=bp,
    models="portal.modules.peer_help.models",
    permissions=[
        Permission(code="peer_help.view", label=_l("Take part in peer help"),
                   roles=("student", "volunteer", "leader", "secretary", "counselor",
                          "class_advisor")),
        Permission(code="peer_help.apply", label=_l("Apply to be a peer volunteer"),
                   roles=("student",)),
        Permission(code="peer_help.volunteer", label=_l("Log tutoring sessions"),
                   roles=("volunteer",)),
        Permission(code="peer_help.staff", label=_l("Read volunteers and pairings in scope"),
                   roles=("leader", "secretary", "counselor", "class_advisor")),
        Permission(code="peer_help.manage",
                   label=_l("Select volunteers, pair, check sessions, certify hours"),
                   roles=("secretary", "counselor")),
        Permission(code="peer_help.review", label=_l("Review pairings for the college"),
                   roles=("leader", "secretary")),
        Permission(code="peer_help.school", label=_l("Review pairings for the school"),
                   roles=()),
        Permission(code="peer_help.payments", label=_l("See volunteers' stipend bank details"),
                   roles=("secretary",)),
        Permission(code="peer_help.settings", label=_l("Set the peer-help rules"),
                   roles=("secretary",)),
    ],
    nav=[NavItem(endpoint="peer_help.index", label=_l("Peer help"), permission="peer_help.view",
                 order=60)],
    widgets=[Widget(endpoint="peer_help.widget", label=_l("Pairings waiting for you"),
                    permission="peer_help.staff", order=25)],
    profile_tabs=[ProfileTab(endpoint="peer_help.student_tab", label=_l("Peer help"),
                             permission="peer_help.staff", order=60)],
    init_app=init_app,
    demo=demo,
    archive_sheets=archive_sheets,
    binder=[BinderSection(code="peer_help.pairings", label=_l("Peer help pairings of the term"),
                          permission="peer_help.staff", pages=_list_pages, sheet=_list_sheet,
                          order=40)],
)
