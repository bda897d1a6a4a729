"""期中学情关注 — mid-term concerns: progress surveys answered by course teachers, class
reports by information officers (教学信息员), talks owed on each concern, a watch list and
the prevention figure. Declarations only."""

from portal.core.dues import DueKind
from portal.core.facts import Fact
from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Ref, Widget

from . import forms
from .views import bp

module = Module(
    name="concerns",
    label=_l("Mid-term concerns"),
    blueprint=bp,
    models="portal.modules.concerns.models",
    permissions=[
        Permission(
            code="concerns.manage",
            label=_l("Open progress surveys and read the answers"),
            roles=("secretary",),
        ),
        Permission(
            code="concerns.watch",
            label=_l("See the watch list and the prevention figure"),
            roles=("leader", "secretary"),
        ),
        Permission(
            code="concerns.mark",
            label=_l("Mark students of concern in one's classes"),
            roles=("teacher",),
        ),
        Permission(
            code="concerns.follow",
            label=_l("Talk on concerns and close them"),
            roles=("counselor", "class_advisor"),
        ),
        Permission(
            code="concerns.officers",
            label=_l("Appoint class information officers"),
            roles=("counselor",),
        ),
        Permission(
            code="concerns.view",
            label=_l("Read the concerns about students in scope"),
            roles=("leader", "secretary", "counselor", "class_advisor"),
        ),
        Permission(
            code="concerns.own",
            label=_l("See one's own concerns; report as officer"),
            roles=("student",),
        ),
    ],
    nav=[
        NavItem(
            endpoint="concerns.index",
            label=_l("Progress surveys"),
            permission="concerns.manage",
            order=60,
        ),
        NavItem(
            endpoint="concerns.watch", label=_l("Watch list"), permission="concerns.watch", order=61
        ),
        NavItem(
            endpoint="concerns.teach",
            label=_l("Progress survey"),
            permission="concerns.mark",
            order=60,
        ),
        NavItem(
            endpoint="concerns.due", label=_l("Concerns"), permission="concerns.follow", order=60
        ),
    ],
    widgets=[
        Widget(
            endpoint="concerns.teach_widget",
            label=_l("Progress survey"),
            permission="concerns.mark",
            order=20,
        ),
        Widget(
            endpoint="concerns.widget",
            label=_l("Concerns to talk about"),
            permission="concerns.follow",
            order=31,
        ),
        Widget(
            endpoint="concerns.mine_widget",
            label=_l("Your teachers"),
            permission="concerns.own",
            order=31,
        ),
    ],
    profile_tabs=[
        ProfileTab(
            endpoint="concerns.student_tab",
            label=_l("Concerns"),
            permission="concerns.view",
            order=70,
        )
    ],
    demo=Ref("portal.modules.concerns.demo:add_demo"),
    demo_order=70,
    archive_sheets=Ref("portal.modules.concerns.archive:concern_sheets"),
    # The effectiveness review compares outcomes by it: did help start before the grades?
    facts=[
        Fact(
            code="concern",
            label=_l("had a teacher's mid-term concern first"),
            values=Ref("portal.modules.concerns.review:concern_states"),
            states={"none": _l("no concern first"), "first": _l("concern first")},
            yes=frozenset({"first"}),
        )
    ],
    due_kinds=[
        DueKind(
            code="concern_talk",
            label=_l("Talk on a mid-term concern"),
            done=Ref("portal.modules.concerns.services:closed_dates"),
            form_endpoint="concerns.due",
        )
    ],
    audit_records={
        "Survey": _l("mid-term survey"),
        "Assignment": _l("survey assignment"),
        "Concern": _l("concern"),
        "Officer": _l("information officer"),
        "ClassReport": _l("class report"),
        "Setting": _l("settings"),
    },
    audit_fields=Ref("portal.modules.concerns.audit_fields:FIELDS"),
    template_globals=Ref("portal.modules.concerns.labels:TEMPLATE_GLOBALS"),
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
