"""期中学情关注 — mid-term concerns: progress surveys answered by course teachers, class
reports by information officers (教学信息员), talks owed on each concern, a watch list and
the prevention figure. Declarations only."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Widget

from . import forms
from .views import bp


def init_app(app):
    from portal.core import audit_words
    from portal.core.i18n import _l
    audit_words.register(app, records={
        "Survey": _l("mid-term survey"), "Assignment": _l("survey assignment"),
        "Concern": _l("concern"), "Officer": _l("information officer"),
        "ClassReport": _l("class report"), "Setting": _l("settings"),
    })
    from .audit_fields import FIELDS as _audit_fields

    audit_words.register(app, fields=_audit_fields)
    from portal.core.dues import DueKind, register_kind
    from portal.core.facts import Fact, register

    from . import labels
    from .review import concern_states
    from .services import closed_dates

    labels.register(app)
    # The effectiveness review compares outcomes by it: did help start before the grades?
    register(app, Fact(code="concern", label=_l("had a teacher's mid-term concern first"),
                       values=concern_states,
                       states={"none": _l("no concern first"), "first": _l("concern first")},
                       yes=frozenset({"first"})))
    register_kind(app, DueKind(code="concern_talk", label=_l("Talk on a mid-term concern"),
                               done=closed_dates, form_endpoint="concerns.due"))


def demo():
    from .demo import add_demo

    add_demo()


def archive_sheets(student):
    from .archive import concern_sheets

    return concern_sheets(student)


module = Module(
    name="concerns",
    label=_l("Mid-term concerns"),
    blueprint=bp,
    models="portal.modules.concerns.models",
    permissions=[
        Permission(code="concerns.manage", label=_l("Open progress surveys and read the answers"),
                   roles=("secretary",)),
        Permission(code="concerns.watch", label=_l("See the watch list and the prevention figure"),
                   roles=("leader", "secretary")),
        Permission(code="concerns.mark", label=_l("Mark students of concern in one's classes"),
                   roles=("teacher",)),
        Permission(code="concerns.follow", label=_l("Talk on concerns and close them"),
                   roles=("counselor", "class_advisor")),
        Permission(code="concerns.officers", label=_l("Appoint class information officers"),
                   roles=("counselor",)),
        Permission(code="concerns.view", label=_l("Read the concerns about students in scope"),
                   roles=("leader", "secretary", "counselor", "class_advisor")),
        Permission(code="concerns.own", label=_l("See one's own concerns; report as officer"),
                   roles=("student",)),
    ],
    nav=[NavItem(endpoint="concerns.index", label=_l("Progress surveys"),
                 permission="concerns.manage", order=60),
         NavItem(endpoint="concerns.watch", label=_l("Watch list"),
                 permission="concerns.watch", order=61),
         NavItem(endpoint="concerns.teach", label=_l("Progress survey"),
                 permission="concerns.mark", order=60),
         NavItem(endpoint="concerns.due", label=_l("Concerns"),
                 permission="concerns.follow", order=60)],
    widgets=[Widget(endpoint="concerns.teach_widget", label=_l("Progress survey"),
                    permission="concerns.mark", order=20),
             Widget(endpoint="concerns.widget", label=_l("Concerns to talk about"),
                    permission="concerns.follow", order=31),
             Widget(endpoint="concerns.mine_widget", label=_l("Your teachers"),
                    permission="concerns.own", order=31)],
    profile_tabs=[ProfileTab(endpoint="concerns.student_tab", label=_l("Concerns"),
                             permission="concerns.view", order=70)],
    init_app=init_app,
    demo=demo,
    demo_order=70,
    archive_sheets=archive_sheets,
    # The role × route matrix posts each form's choices out of scope from these.
    forms={"concerns.open_survey": forms.SurveyForm, "concerns.settings": forms.SettingForm,
           "concerns.assign": forms.AssignForm, "concerns.fill": forms.FillForm,
           "concerns.mark": forms.MarkForm, "concerns.mark_none": forms.EmptyForm,
           "concerns.close": forms.CloseForm, "concerns.officers": forms.OfficerForm,
           "concerns.report": forms.ReportForm},
)
