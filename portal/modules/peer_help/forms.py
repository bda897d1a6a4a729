"""Peer help forms. Choices are filled per request; defaults save typing (today, the
pairing's courses, every mentee present)."""

import re

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
    Optional,
    StopValidation,
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


# The stipend account (gxu 附件2 "中国银行账号"; the policies give no length): a bank card's
# number has 16 to 19 digits, an account's may be longer. We chose 8 (as before) to 30
# digits, spaces only to group them, 40 characters in all (the column); 40 digits passed.
ACCOUNT = re.compile(r"[0-9 ]{8,40}")
ACCOUNT_DIGITS = (8, 30)


class BankForm(PortalForm):
    bank_name = StringField(_l("Bank"), validators=[DataRequired(), Length(max=60)])
    bank_account = StringField(_l("Account number"), validators=[DataRequired()])

    def validate_bank_account(self, field):
        digits = len(field.data.replace(" ", ""))
        least, most = ACCOUNT_DIGITS
        if not ACCOUNT.fullmatch(field.data) or not least <= digits <= most:
            raise ValidationError(
                _l("Digits only, %(least)d to %(most)d of them.", least=least, most=most)
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
    # An empty value (a list posted with nothing in it) is nothing ticked, not a choice.
    courses = CheckboxesField(
        _l("Courses to work on"), filters=[lambda ticked: [c for c in ticked or [] if c.strip()]]
    )
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


class WholeNumber:
    """A whole number from `least` to `most`, and one message saying so whatever was typed
    instead (empty, 0, "abc"): "This field is required." said of a 0 told nothing."""

    field_flags = {"required": True}

    def __init__(self, least: int, most: int):
        self.least, self.most = least, most

    def __call__(self, form, field):
        if field.data is None or not self.least <= field.data <= self.most:
            field.errors[:] = []  # WTForms' "Not a valid integer value.": this says more
            raise StopValidation(
                _l("A whole number from %(least)d to %(most)d.", least=self.least, most=self.most)
            )


class SettingForm(PortalForm):
    school_review = BooleanField(_l("Pairings also need the school's review"))
    max_session_minutes = IntegerField(
        _l("Longest session (minutes)"), validators=[WholeNumber(15, 600)]
    )
    max_week_minutes = IntegerField(_l("Most a week (minutes)"), validators=[WholeNumber(30, 3000)])
    max_mentees = IntegerField(
        _l("Pairings a volunteer may have at once"), validators=[WholeNumber(1, 10)]
    )

    def validate_max_week_minutes(self, field):
        """A week that holds no session of the longest length contradicts it (60 minutes a
        week and 180 a session): the policies set neither, so the college's two must agree."""
        longest = self.max_session_minutes
        if not longest.errors and field.data < longest.data:
            raise ValidationError(
                _l(
                    "“%(week)s” (%(week_minutes)d) cannot be less than “%(session)s” "
                    "(%(session_minutes)d): a week must hold at least one longest session.",
                    week=field.label.text,
                    week_minutes=field.data,
                    session=longest.label.text,
                    session_minutes=longest.data,
                )
            )
