"""The plan form: fixed parts, and rows (failed courses, weekly plan, goals). Blank rows
are ignored, so the same form works without JavaScript (a few blank rows after each save)."""

from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange

from portal.core.forms import PortalForm, PortalSubform
from portal.core.i18n import _l


class CourseRow(PortalSubform):
    # Shown, never taken: the course itself comes from the plan (from the grades), the row
    # is matched to it by code (content.from_form).
    code = HiddenField()
    title = HiddenField()  # the course name (`name` is taken by the field itself)
    credits = HiddenField()
    how = SelectField(_l("How"))
    when = StringField(_l("When"), validators=[Length(max=60)])
    note = StringField(_l("Notes"), validators=[Length(max=200)])


class WeekRow(PortalSubform):
    day = SelectField(_l("Day"))
    time = StringField(_l("Time"), validators=[Length(max=30)])
    what = StringField(_l("What"), validators=[Length(max=200)])


class GoalRow(PortalSubform):
    text = StringField(_l("Goal"), validators=[Length(max=200)])


class PlanForm(PortalForm):
    analysis = TextAreaField(_l("Why I fell behind (self-analysis)"), validators=[Length(max=4000)])
    courses = FieldList(FormField(CourseRow))
    weekly = FieldList(FormField(WeekRow))
    goals = FieldList(FormField(GoalRow))
    help_peer = BooleanField(_l("A peer volunteer"))
    help_office = BooleanField(_l("Teachers' office hours"))
    help_other = StringField(_l("Other help"), validators=[Length(max=200)])


class OutcomeRow(PortalSubform):
    outcome = TextAreaField(_l("What happened"), validators=[Length(max=1000)])


class ReportForm(PortalForm):
    goals = FieldList(FormField(OutcomeRow))
    courses = FieldList(FormField(OutcomeRow))
    summary = TextAreaField(
        _l("Overall, how did the plan go?"), validators=[DataRequired(), Length(max=4000)]
    )


class ReviewForm(PortalForm):
    part = SelectField(_l("About"))
    text = TextAreaField(_l("Comment"), validators=[Length(max=4000)])


class SettingForm(PortalForm):
    mentor_from_year = IntegerField(
        _l("The mentor reviews from year"), validators=[DataRequired(), NumberRange(2, 8)]
    )
    due_days = IntegerField(
        _l("List students without a plan after (days)"),
        validators=[DataRequired(), NumberRange(1, 120)],
    )
