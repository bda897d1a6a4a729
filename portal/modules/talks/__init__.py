"""谈话 — talks: records from the seed forms, group meetings, support plans for the most
severe level, and the talk obligations the core's due lists count. Declarations only."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Widget

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
    from portal.core.dues import DueKind, register_kind
    from portal.core.retention import Purge
    from portal.core.retention import register as register_purge

    from . import labels
    from .records import done_dates
    from .retention import clear

    labels.register(app)
    register_kind(app, DueKind(code="talk", label=_l("Talk"), done=done_dates,
                               form_endpoint="talks.new"))
    register_purge(app, Purge("talks", _l("Talk, meeting and support-plan content"), clear))


def demo():
    from .demo import add_demo

    add_demo()


def archive_sheets(student):
    from .archive import talk_sheets

    return talk_sheets(student)


module = Module(
    name="talks",
    label=_l("Talks"),
    blueprint=bp,
    models="portal.modules.talks.models",
    permissions=[
        Permission(code="talks.view", label=_l("Read talk records in scope"),
                   roles=("leader", "secretary", "counselor", "class_advisor", "mentor")),
        Permission(code="talks.create", label=_l("Record talks and group meetings"),
                   roles=("counselor", "class_advisor")),
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
)
