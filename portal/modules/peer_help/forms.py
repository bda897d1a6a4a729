"""Peer help forms. Choices are filled per request; defaults save typing (today, the
pairing's courses, every mentee present)."""

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from portal.core.forms import CheckboxesField, PortalForm
from portal.core.happened import HappenedOn
from portal.core.i18n import _l


class ApplyForm(PortalForm):
    courses = StringField(_l("Courses I can tutor"), validators=[DataRequired(), Length(max=300)])
    times = CheckboxesField(_l("When I am free"))
    statement = TextAreaField(
        _l("Why I want to help, and how"), validators=[DataRequired(), Length(max=2000)]
    )
    criteria = CheckboxesField(_l("What applies to me"))
    ranking = StringField(_l("My grade ranking"), validators=[Optional(), Length(max=60)])


class BankForm(PortalForm):
    bank_name = StringField(_l("Bank"), validators=[DataRequired(), Length(max=60)])
    bank_account = StringField(
        _l("Account number"),
        validators=[
            DataRequired(),
            Regexp(r"^[0-9 ]{8,40}$", message=_l("Digits only, 8 or more.")),
        ],
    )


class TrainingForm(PortalForm):
    held_on = DateField(_l("Date"), validators=[DataRequired(), HappenedOn()])
    topic = StringField(_l("Training"), validators=[DataRequired(), Length(max=200)])


class CommendForm(PortalForm):
    note = StringField(_l("Commendation"), validators=[Length(max=200)])


class PairingForm(PortalForm):
    # Choices: the suggestions (volunteers in the counselor's scope); nothing else is taken.
    volunteer = SelectField(_l("Volunteer"), validators=[DataRequired()])
    # Choices: the courses offered for the mentee (courses.offered_for); none ticked at first.
    courses = CheckboxesField(_l("Courses to work on"))
    topic = StringField(
        _l("Or another subject or topic"),
        validators=[Optional(), Length(max=100)],
        description=_l("e.g. study methods, the basics of a course taken earlier"),
    )
    difficulty = TextAreaField(
        _l("The difficulty (staff only)"), validators=[DataRequired(), Length(max=2000)]
    )
    plan = TextAreaField(_l("The plan"), validators=[DataRequired(), Length(max=2000)])
    contact = StringField(_l("Contact agreed for the pairing"), validators=[Length(max=200)])
    starts_on = DateField(_l("From"), validators=[DataRequired()])
    ends_on = DateField(_l("Until"), validators=[DataRequired()])

    def validate_courses(self, field):
        if not field.data and not (self.topic.data or "").strip():
            raise ValidationError(
                _l("Choose at least one course to work on, or type the subject or topic.")
            )


class DecisionForm(PortalForm):
    comment = TextAreaField(_l("Opinion"), validators=[Length(max=1000)])


class SessionForm(PortalForm):
    pairing = SelectField(_l("Pairing"), validate_choice=False)  # default: the first
    held_on = DateField(_l("Date"), validators=[DataRequired(), HappenedOn(until_today=False)])
    starts_at = TimeField(_l("From"), validators=[DataRequired()])
    ends_at = TimeField(_l("To"), validators=[DataRequired()])
    course = SelectField(_l("Course or topic"), validate_choice=False, validators=[DataRequired()])
    what = TextAreaField(_l("What we did"), validators=[DataRequired(), Length(max=1000)])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=100)])
    # Checked against the chosen pairing's mentees by the service (a translated error).
    present = CheckboxesField(_l("Present"), validate_choice=False)


NOTE_MAX = 300  # the mentee's note on a session: a line or two, typed on a phone


class AnswerForm(PortalForm):
    note = StringField(
        _l("Note (if something is wrong)"),
        validators=[
            Length(
                max=NOTE_MAX,
                message=_l("Keep the note to %(max)d characters or fewer, then send it again."),
            )
        ],
    )


class CertifyForm(PortalForm):
    term = SelectField(_l("Term"), validate_choice=False, validators=[DataRequired()])
    until = DateField(_l("Sessions up to"), validators=[DataRequired()])


class SettingForm(PortalForm):
    school_review = BooleanField(_l("Pairings also need the school's review"))
    max_session_minutes = IntegerField(
        _l("Longest session (minutes)"), validators=[DataRequired(), NumberRange(15, 600)]
    )
    max_week_minutes = IntegerField(
        _l("Most a week (minutes)"), validators=[DataRequired(), NumberRange(30, 3000)]
    )
    max_mentees = IntegerField(
        _l("Pairings a volunteer may have at once"), validators=[DataRequired(), NumberRange(1, 10)]
    )
