"""谈话 — talks: records from the seed forms, group meetings, support plans for the most
severe level, and the talk obligations the core's due lists count. Declarations only."""

from portal.core.dues import DueKind
from portal.core.i18n import _l
from portal.core.modules import BinderSection, Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.retention import Purge

from . import meeting_views, support_views  # noqa: F401  (their routes join the blueprint)
from .views import bp

module = Module(
    name="talks",
    label=_l("Talks"),
    blueprint=bp,
    models="portal.modules.talks.models",
    permissions=[
        # Leaders, course teachers and academic mentors (导师) talk with students too
        # (issue 18; lzut §四.9, shaoxing 第三条, gxu 第五条): each within their own scope. A
        # course teacher records talks but reads only their own (records.readable), never
        # other staff's talk content (tests/modules/test_followup_privacy.py).
        Permission(
            code="talks.view",
            label=_l("Read talk records in scope"),
            roles=("leader", "secretary", "counselor", "class_advisor", "mentor"),
        ),
        Permission(
            code="talks.create",
            label=_l("Record talks and group meetings"),
            roles=("counselor", "class_advisor", "leader", "teacher", "mentor"),
        ),
        Permission(
            code="talks.support", label=_l("Set up support teams and plans"), roles=("counselor",)
        ),
        Permission(
            code="talks.own",
            label=_l("See one's own talk summaries and confirm them"),
            roles=("student",),
        ),
    ],
    nav=[
        NavItem(endpoint="talks.index", label=_l("Talks"), permission="talks.view", order=30),
        NavItem(endpoint="talks.mine", label=_l("My talks"), permission="talks.own", order=30),
    ],
    widgets=[
        Widget(endpoint="talks.widget", label=_l("Talks due"), permission="talks.create", order=30),
        Widget(
            endpoint="talks.mine_widget", label=_l("My talks"), permission="talks.own", order=30
        ),
    ],
    profile_tabs=[
        ProfileTab(
            endpoint="talks.student_tab", label=_l("Talks"), permission="talks.view", order=30
        )
    ],
    demo=Ref("portal.modules.talks.demo:add_demo"),
    archive_sheets=Ref("portal.modules.talks.archive:talk_sheets"),
    binder=[
        BinderSection(
            code="talks.talks",
            label=_l("Talk records"),
            permission="talks.view",
            pages=Ref("portal.modules.talks.binder:talk_pages"),
            sheet=Ref("portal.modules.talks.binder:talk_sheet"),
            order=10,
        ),
        BinderSection(
            code="talks.meetings",
            label=_l("Group meeting minutes"),
            permission="talks.view",
            pages=Ref("portal.modules.talks.binder:meeting_pages"),
            sheet=Ref("portal.modules.talks.binder:meeting_sheet"),
            order=30,
        ),
    ],
    due_kinds=[
        DueKind(
            code="talk",
            label=_l("Individual talk"),
            done=Ref("portal.modules.talks.records:done_dates"),
            form_endpoint="talks.new",
        ),
        DueKind(
            code="meeting",
            label=_l("Group meeting"),
            done=Ref("portal.modules.talks.records:meeting_dates"),
            form_endpoint="talks.new_meeting",
        ),
        DueKind(
            code="support_plan",
            label=_l("Support-team plan"),
            done=Ref("portal.modules.talks.records:support_plan_dates"),
            form_endpoint="talks.edit_support",
        ),
    ],
    purges=[
        Purge(
            "talks",
            _l("Talk, meeting and support-plan content"),
            Ref("portal.modules.talks.retention:clear"),
        )
    ],
    audit_records={
        "Talk": _l("talk"),
        "Meeting": _l("group meeting"),
        "Attendee": _l("meeting attendee"),
        "SupportPlan": _l("support plan"),
        "SupportReview": _l("support review"),
    },
    audit_fields=Ref("portal.modules.talks.audit_fields:FIELDS"),
    template_globals=Ref("portal.modules.talks.labels:TEMPLATE_GLOBALS"),
)
