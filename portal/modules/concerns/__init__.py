"""期中学情关注 — mid-term concerns: progress surveys answered by course teachers, class
reports by information officers (教学信息员), talks owed on each concern, a watch list and
the prevention figure. Declarations only."""

from portal.core.dues import DueKind
from portal.core.facts import Fact
from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Ref, Widget
from portal.core.occasions import Occasion
from portal.core.roles import CLASS_STAFF, COLLEGE_STAFF

from . import forms
from .views import bp

module = Module(
    __name__,
    label=_l("Mid-term concerns"),
    blueprint=bp,
    permissions=[
        Permission(
            "concerns.manage", _l("Open progress surveys and read the answers"), ("secretary",)
        ),
        Permission(
            "concerns.watch",
            _l("See the watch list and the prevention figure"),
            COLLEGE_STAFF,
        ),
        Permission("concerns.mark", _l("Mark students of concern in one's classes"), ("teacher",)),
        Permission("concerns.follow", _l("Talk on concerns and close them"), CLASS_STAFF),
        Permission("concerns.officers", _l("Appoint class information officers"), ("counselor",)),
        Permission(
            "concerns.view",
            _l("Read the concerns about students in scope"),
            (*COLLEGE_STAFF, *CLASS_STAFF),
        ),
        Permission("concerns.own", _l("See one's own concerns; report as officer"), ("student",)),
    ],
    order=60,
    nav=[
        NavItem("concerns.index", _l("Progress surveys")),
        NavItem("concerns.watch", _l("Watch list"), order=61),
        # Not "Progress surveys" (the secretary's list of them): one account may hold both.
        NavItem("concerns.teach", _l("Answer a progress survey")),
        NavItem("concerns.due", _l("Concerns")),
    ],
    widgets=[
        Widget("concerns.teach_widget", _l("Progress survey"), order=20),
        Widget("concerns.widget", _l("Concerns to talk about"), order=31),
        Widget("concerns.mine_widget", _l("Your teachers"), order=31),
    ],
    profile_tabs=[ProfileTab("concerns.student_tab", _l("Concerns"), order=70)],
    demo_order=70,
    # The effectiveness review compares outcomes by it: did help start before the grades?
    facts=[
        Fact(
            "concern",
            _l("had a teacher's mid-term concern first"),
            Ref(".review:concern_states"),
            states={"none": _l("no concern first"), "first": _l("concern first")},
            yes=frozenset({"first"}),
        )
    ],
    due_kinds=[
        DueKind(
            "concern_talk",
            _l("Talk on a mid-term concern"),
            Ref(".services:closed_dates"),
            "concerns.due",
        )
    ],
    # The talk form opened from the due list shows the concern it follows up.
    occasions=[Occasion("concern", Ref(".occasions:concern_note"))],
    # The role × route matrix posts each form's choices out of scope from these.
    forms={
        "concerns.open_survey": forms.SurveyForm,
        "concerns.settings": forms.SettingForm,
        "concerns.assign": forms.AssignForm,
        "concerns.fill": forms.FillForm,
        "concerns.mark": forms.MarkForm,
        "concerns.mark_none": forms.EmptyForm,
        "concerns.close": forms.CloseForm,
        "concerns.officers": forms.OfficerForm,
        "concerns.report": forms.ReportForm,
    },
)
