"""Mid-term concerns forms. Every choice (college, class, teacher, term, student) is filled
per request from the user's scope, so a posted value outside it fails validation: 422 and
nothing written (security.md, posted choices). Labels and messages are lazy."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.core.forms import CheckboxesField, PortalForm, PortalSubform
from portal.core.i18n import _l

from .models import Climate, ConcernKind, Outcome

NOTE_MAX = 200


def choices(rows) -> list[SelectChoice]:
    """(id, label) pairs of the user's scope as select choices."""
    return [SelectChoice(value, label) for value, label in rows]


class ScopedSelect(SelectField):
    """A choice from the user's scope, refused with this field's own words when outside it."""

    def __init__(self, label=None, validators=None, *, refusal=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.refusal = refusal

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(self.refusal or self.gettext("Not a valid choice.")) from None


_COLLEGE = _l("Choose a college in your scope.")
_NAME = _l("Give the survey a name of at most 100 characters.")
_DATES = _l("Give a start date and an end date on or after it.")
_DAYS = _l("Give a number of days between 1 and 60.")


class SurveyForm(PortalForm):
    college_id = ScopedSelect(_l("College"), coerce=int, refusal=_COLLEGE)
    title = StringField(
        _l("Survey name"),
        validators=[DataRequired(message=_NAME), Length(max=100, message=_NAME)],
    )
    opens_on = DateField(_l("From"), validators=[InputRequired(message=_DATES)])
    closes_on = DateField(_l("To"), validators=[InputRequired(message=_DATES)])

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_DATES)


class SettingForm(PortalForm):
    college_id = ScopedSelect(_l("College"), coerce=int, refusal=_COLLEGE)
    talk_within_days = IntegerField(
        _l("Talk within (days) of a concern"),
        validators=[InputRequired(message=_DAYS), NumberRange(1, 60, message=_DAYS)],
    )
    show_note = BooleanField(_l("Show the teacher's note to the student"))


class AssignForm(PortalForm):
    course_name = StringField(
        _l("Course"),
        validators=[DataRequired(message=_l("Give the course's name.")), Length(max=200)],
    )
    class_id = ScopedSelect(_l("Class"), coerce=int, refusal=_l("Choose a class of this college."))
    teacher_id = ScopedSelect(
        _l("Teacher"), coerce=int, refusal=_l("Choose a course teacher of this college.")
    )


class FillForm(PortalForm):
    """Take the survey's (course, class, teacher) rows from the core's course data."""

    term_id = ScopedSelect(
        _l("Term of the course data"),
        coerce=int,
        refusal=_l("Choose a term with course data for this college."),
    )


class MarkRow(PortalSubform):
    """One student's row. A row with a note or a tick is marked, so its problems are this
    row's: shown next to it and named in the page's summary (services.mark re-checks)."""

    student_id = HiddenField()
    kinds = CheckboxesField(_l("Concern"), choices=ConcernKind.choices())
    note = StringField(
        _l("Short note (for the counselor)"),
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=_l("Keep each note under 200 characters.")),
        ],
    )

    def validate_kinds(self, field):
        # Both checks here: the note's Optional() stops its own chain when it is empty.
        noted = bool((self.note.data or "").strip())
        if not field.data and noted:
            raise ValidationError(_l("Tick at least one kind of concern for this note."))
        if "other" in (field.data or []) and not noted:
            raise ValidationError(_l("Say in a short note what “other” means."))


class MarkForm(PortalForm):
    """One row per student on the class's roster; a row with nothing ticked is not marked."""

    rows = FieldList(FormField(MarkRow), min_entries=0)


class EmptyForm(PortalForm):
    """A button and the CSRF token (“no concerns for this class”)."""


class CloseForm(PortalForm):
    outcome = ScopedSelect(
        _l("Outcome"),
        choices=Outcome.choices(),
        refusal=_l("Choose how the concern was followed up."),
    )


class OfficerForm(PortalForm):
    class_id = ScopedSelect(_l("Class"), coerce=int, refusal=_l("Choose one of your classes."))
    student_no = StringField(_l("Student number"), validators=[DataRequired(), Length(max=40)])


class ReportForm(PortalForm):
    attendance = FieldList(
        IntegerField(
            validators=[
                Optional(),
                NumberRange(
                    0, 100, message=_l("Give attendance as a whole percentage from 0 to 100.")
                ),
            ]
        ),
        min_entries=0,
    )
    climate = ScopedSelect(
        _l("Learning climate"),
        choices=Climate.choices(),
        refusal=_l("Choose how the class's learning climate is."),
    )
    hard_courses = StringField(_l("Courses the class finds hard"), validators=[Length(max=300)])
    remarks = TextAreaField(_l("Anything else about the class"), validators=[Length(max=1000)])
