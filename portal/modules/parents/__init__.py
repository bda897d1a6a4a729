"""家长联系 — parent contacts: records, face-to-face meetings, the audited phone numbers, and
the parent-contact obligations the core's due lists count. Declarations only."""

from portal.core.dues import DueKind
from portal.core.i18n import _l
from portal.core.modules import BinderSection, Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.retention import Purge

from .views import bp

module = Module(
    name="parents",
    label=_l("Parent contact"),
    blueprint=bp,
    models="portal.modules.parents.models",
    permissions=[
        # lzut §四.10: the college's leader, the class advisor and the counselor meet the
        # parents; issue 18 adds course teachers and academic mentors, within their scope.
        Permission(
            code="parents.view",
            label=_l("Read parent contact records in scope"),
            roles=("leader", "secretary", "counselor", "class_advisor", "mentor"),
        ),
        Permission(
            code="parents.create",
            label=_l("Record parent contacts and see parents' phone numbers"),
            roles=("counselor", "class_advisor"),
        ),
        Permission(
            code="parents.record",
            label=_l("Record a parent contact or meeting (without the phone book)"),
            roles=("counselor", "class_advisor", "leader", "teacher", "mentor"),
        ),
    ],
    nav=[
        NavItem(
            endpoint="parents.index",
            label=_l("Parent contact"),
            permission="parents.view",
            order=40,
        )
    ],
    widgets=[
        Widget(
            endpoint="parents.widget",
            label=_l("Parent contacts due"),
            permission="parents.create",
            order=40,
        )
    ],
    profile_tabs=[
        ProfileTab(
            endpoint="parents.student_tab",
            label=_l("Parent contact"),
            permission="parents.view",
            order=40,
        )
    ],
    demo=Ref("portal.modules.parents.demo:add_demo"),
    archive_sheets=Ref("portal.modules.parents.archive:contact_sheets"),
    binder=[
        BinderSection(
            code="parents.contacts",
            label=_l("Parent contact records"),
            permission="parents.view",
            pages=Ref("portal.modules.parents.binder:contact_pages"),
            sheet=Ref("portal.modules.parents.binder:contact_sheet"),
            order=20,
        )
    ],
    due_kinds=[
        DueKind(
            code="parent",
            label=_l("Parent contact"),
            done=Ref("portal.modules.parents.records:done_dates"),
            form_endpoint="parents.new",
        )
    ],
    purges=[
        Purge(
            "parents",
            _l("Parent contact content and opinions"),
            Ref("portal.modules.parents.retention:clear"),
        )
    ],
    audit_records={"Contact": _l("parent contact")},
    audit_fields=Ref("portal.modules.parents.audit_fields:FIELDS"),
    template_globals=Ref("portal.modules.parents.labels:TEMPLATE_GLOBALS"),
)
