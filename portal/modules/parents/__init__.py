"""家长联系 — parent contacts: records, face-to-face meetings, the audited phone numbers, and
the parent-contact obligations the core's due lists count. Declarations only."""

from portal.core.dues import DueKind, may_owe
from portal.core.i18n import _l
from portal.core.modules import BinderSection, Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.retention import Purge
from portal.core.roles import CLASS_STAFF, STAFF

from . import records
from .views import bp

module = Module(
    __name__,
    label=_l("Parent contact"),
    blueprint=bp,
    permissions=[
        # lzut §四.10: the college's leader, the class advisor and the counselor meet the
        # parents; issue 18 adds academic mentors, within their scope. Not course teachers:
        # no policy has them contact parents, and their role sees a warned student's name
        # and level only (workflows.md roles; security.md check 11: no family data).
        Permission("parents.view", _l("Read parent contact records in scope"), STAFF),
        Permission(
            "parents.create",
            _l("Record parent contacts and see parents' phone numbers"),
            CLASS_STAFF,
        ),
        Permission(
            "parents.record",
            _l("Record a parent contact or meeting (without the phone book)"),
            records.CONTACT_ROLES,
        ),
    ],
    order=40,
    nav=[NavItem("parents.index", _l("Parent contact"))],
    widgets=[Widget("parents.widget", _l("Parent contacts due"), when=may_owe)],
    profile_tabs=[ProfileTab("parents.student_tab", _l("Parent contact"))],
    binder=[
        BinderSection(
            "parents.contacts",
            _l("Parent contact records"),
            "parents.view",
            Ref(".binder:contact_pages"),
            Ref(".binder:contact_sheet"),
            order=20,
        )
    ],
    due_kinds=[DueKind("parent", _l("Parent contact"), Ref(".records:done_dates"), "parents.new")],
    purges=[Purge("parents", _l("Parent contact content and opinions"), Ref(".retention:clear"))],
)
