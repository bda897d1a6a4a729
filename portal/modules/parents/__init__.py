"""家长联系 — parent contacts: records, face-to-face meetings, the audited phone numbers, and
the parent-contact obligations the core's due lists count. Declarations only."""

from portal.core.i18n import _l
from portal.core.modules import BinderSection, Module, NavItem, Permission, ProfileTab, Widget

from .views import bp


def init_app(app):
    from portal.core import audit_words
    from portal.core.i18n import _l

    from . import labels as _labels

    audit_words.register(app, records={
        "Contact": _l("parent contact"),
    }, fields=_labels.FIELD_LABELS)
    from .audit_fields import FIELDS as _audit_fields

    audit_words.register(app, fields=_audit_fields)
    from portal.core.dues import DueKind, register_kind
    from portal.core.retention import Purge
    from portal.core.retention import register as register_purge

    from . import labels
    from .records import done_dates
    from .retention import clear

    labels.register(app)
    register_kind(app, DueKind(code="parent", label=_l("Parent contact"), done=done_dates,
                               form_endpoint="parents.new"))
    register_purge(app, Purge("parents", _l("Parent contact content and opinions"), clear))


def demo():
    from .demo import add_demo

    add_demo()


def archive_sheets(student):
    from .archive import contact_sheets

    return contact_sheets(student)


def _pages(scope):
    from .binder import contact_pages

    return contact_pages(scope)


def _sheet(scope):
    from .binder import contact_sheet

    return contact_sheet(scope)


module = Module(
    name="parents",
    label=_l("Parent contact"),
    blueprint=bp,
    models="portal.modules.parents.models",
    permissions=[
        # lzut §四.10: the college's leader, the class advisor and the counselor meet the
        # parents; issue 18 adds course teachers and academic mentors, within their scope.
        Permission(code="parents.view", label=_l("Read parent contact records in scope"),
                   roles=("leader", "secretary", "counselor", "class_advisor", "mentor")),
        Permission(code="parents.create",
                   label=_l("Record parent contacts and see parents' phone numbers"),
                   roles=("counselor", "class_advisor")),
        Permission(code="parents.record",
                   label=_l("Record a parent contact or meeting (without the phone book)"),
                   roles=("counselor", "class_advisor", "leader", "teacher", "mentor")),
    ],
    nav=[NavItem(endpoint="parents.index", label=_l("Parent contact"), permission="parents.view",
                 order=40)],
    widgets=[Widget(endpoint="parents.widget", label=_l("Parent contacts due"),
                    permission="parents.create", order=40)],
    profile_tabs=[ProfileTab(endpoint="parents.student_tab", label=_l("Parent contact"),
                             permission="parents.view", order=40)],
    init_app=init_app,
    demo=demo,
    archive_sheets=archive_sheets,
    binder=[BinderSection(code="parents.contacts", label=_l("Parent contact records"),
                          permission="parents.view", pages=_pages, sheet=_sheet, order=20)],
)
