"""谈话 — talks: records from the seed forms, group meetings, support plans for the most
severe level, and the talk obligations the core's due lists count. Declarations only."""

from portal.core.i18n import _l
from portal.core.modules import BinderSection, Module, NavItem, Permission, ProfileTab, Widget

from . import meeting_views, support_views  # noqa: F401  (their routes join the blueprint)
from .views import bp


def init_app(app):
    from portal.core import audit_words
    from portal.core.i18n import _l

    from . import labels as _labels

    audit_words.register(app, records={
        "Talk": _l("talk"), "Meeting": _l("group meeting"), "Attendee": _l("meeting attendee"),
        "SupportPlan": _l("support plan"), "SupportReview": _l("support review"),
    }, fields=_labels.FIELD_LABELS)
    from .audit_fields import FIELDS as _audit_fields

    audit_words.register(app, fields=_audit_fields)
    from portal.core.dues import DueKind, register_kind
    from portal.core.retention import Purge
    from portal.core.retention import register as register_purge

    from . import labels
    from .records import done_dates, meeting_dates, support_plan_dates
    from .retention import clear

    labels.register(app)
    register_kind(app, DueKind(code="talk", label=_l("Individual talk"), done=done_dates,
                               form_endpoint="talks.new"))
    register_kind(app, DueKind(code="meeting", label=_l("Group meeting"), done=meeting_dates,
                               form_endpoint="talks.new_meeting"))
    register_kind(app, DueKind(code="support_plan", label=_l("Support-team plan"),
                               done=support_plan_dates, form_endpoint="talks.edit_support"))
    register_purge(app, Purge("talks", _l("Talk, meeting and support-plan content"), clear))


def demo():
    from .demo import add_demo

    add_demo()


def archive_sheets(student):
    from .archive import talk_sheets

    return talk_sheets(student)


def _talk_pages(scope):
    from .binder import talk_pages

    return talk_pages(scope)


def _talk_sheet(scope):
    from .binder import talk_sheet

    return talk_sheet(scope)


def _meeting_pages(scope):
    from .binder import meeting_pages

    return meeting_pages(scope)


def _meeting_sheet(scope):
    from .binder import meeting_sheet

    return meeting_sheet(scope)


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
        Permission(code="talks.view", label=_l("Read talk records in scope"),
                   roles=("leader", "secretary", "counselor", "class_advisor", "mentor")),
        Permission(code="talks.create", label=_l("Record talks and group meetings"),
                   roles=("counselor", "class_advisor", "leader", "teacher", "mentor")),
        Permission(code="talks.support", label=_l("Set up support teams and plans"),
                   roles=("counselor",)),
        Permission(code="talks.own", label=_l("See one's own talk summaries and confirm them"),
                   roles=("student",)),
    ],
    nav=[NavItem(endpoint="talks.index", label=_l("Talks"), permission="talks.view", order=30),
         NavItem(endpoint="talks.mine", label=_l("My talks"), permission="talks.own", order=30)],
    widgets=[Widget(endpoint="talks.widget", label=_l("Talks due"), permission="talks.create",
                    order=30),
             Widget(endpoint="talks.mine_widget", label=_l("My talks"), permission="talks.own",
                    order=30)],
    profile_tabs=[ProfileTab(endpoint="talks.student_tab", label=_l("Talks"),
                             permission="talks.view", order=30)],
    init_app=init_app,
    demo=demo,
    archive_sheets=archive_sheets,
    binder=[BinderSection(code="talks.talks", label=_l("Talk records"), permission="talks.view",
                          pages=_talk_pages, sheet=_talk_sheet, order=10),
            BinderSection(code="talks.meetings", label=_l("Group meeting minutes"),
                          permission="talks.view", pages=_meeting_pages, sheet=_meeting_sheet,
                          order=30)],
)
