"""The parent contact form: defaults are today, the user's own name and role.

A face-to-face meeting with the parents (家长面谈, for a student facing demotion, delayed
graduation or dropout) is held face to face and its record gives the exact time, the place,
who attended and what was said, confirmed by the parent: lzut 四.10 (邀请家长来校…进行面谈…
记录确切时间、地点及谈话内容，经家长确认、签字后存档), workflows.md step 4. The confirmation
may come after the record (the signed paper often does): the record says it is awaited."""

from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from portal.core.forms import NotBefore, NotLaterToday, PortalForm
from portal.core.happened import HappenedOn
from portal.core.i18n import _l
from portal.core.support_floor import Floor, NotBeforeSupport

from .models import Method

# Held in person: at school (lzut 四.10 invites the parents to the college) or at home. A
# call or a message ticked as a meeting is refused, never turned into one: which of the two
# was the slip is the user's to say (a phone call saved as a meeting would count as held).
FACE_TO_FACE = (Method.FACE, Method.VISIT)


class ForMeeting:
    """Required when the contact is a meeting (`is_meeting` ticked), with `message`; else
    the field may be left empty. Stands first in the chain, before Optional()."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        raw = field.raw_data[0] if field.raw_data else ""
        if form.is_meeting.data and not (isinstance(raw, str) and raw.strip()):
            field.errors[:] = []  # not "not a valid time": the time is missing
            raise StopValidation(self.message)


class ContactForm(PortalForm):
    # Choices: the student's own parents and "someone else"; any other id is refused.
    guardian = SelectField(_l("Parent or guardian"))
    parent_name = StringField(_l("Name (if not listed)"), validators=[Length(max=100)])
    relation = StringField(_l("Relation"), validators=[Optional(), Length(max=20)])
    method = SelectField(_l("Method"), validators=[DataRequired()])
    contacted_on = DateField(
        _l("Date"), validators=[DataRequired(), HappenedOn(), NotBeforeSupport()]
    )
    contacted_time = TimeField(
        _l("Time"),
        validators=[
            ForMeeting(_l("Give the time the meeting began.")),
            Optional(),
            NotLaterToday("contacted_on"),
        ],
    )
    made_by = StringField(_l("Contact made by"), validators=[DataRequired(), Length(max=200)])
    made_by_role = SelectField(_l("As"), validators=[DataRequired()])
    content = TextAreaField(_l("Content"), validators=[DataRequired(), Length(max=8000)])
    parent_opinion = TextAreaField(_l("The parent's opinion"), validators=[Length(max=4000)])
    parent_agrees = SelectField(
        _l("Does the parent agree with the support measures?"), validators=[Optional()]
    )
    follow_up = TextAreaField(_l("Follow-up"), validators=[Length(max=4000)])
    follow_up_on = DateField(
        _l("Follow up on"),
        validators=[
            Optional(),
            NotBefore("contacted_on", _l("The follow-up comes after the contact.")),
        ],
    )
    is_meeting = BooleanField(_l("Face-to-face meeting (demotion, delayed graduation, dropout)"))
    meeting_reason = SelectField(_l("Reason for the meeting"), validate_choice=False)
    place = StringField(
        _l("Place"),
        validators=[ForMeeting(_l("Give the place of the meeting.")), Optional(), Length(max=100)],
    )
    attendees = StringField(
        _l("Attendees"),
        validators=[
            ForMeeting(_l("Give who took part in the meeting.")),
            Optional(),
            Length(max=300),
        ],
    )
    # Optional when saved: the record is written the day of the meeting, the parent signs it
    # later. Never before the meeting it confirms, never in the future.
    parent_confirmed_on = DateField(
        _l("Parent confirmed on"),
        validators=[
            Optional(),
            HappenedOn(),
            NotBefore(
                "contacted_on",
                _l(
                    "The parent confirms the record after the meeting: this date cannot be "
                    "before the meeting."
                ),
            ),
        ],
    )

    floor: Floor | None = None  # the view's: the first day a contact about the student may carry

    def validate_parent_name(self, field):
        if self.guardian.data in ("", "other") and not (field.data or "").strip():
            raise ValidationError(_l("Choose a parent from the record or type a name."))

    def validate_method(self, field):
        if self.is_meeting.data and field.data not in FACE_TO_FACE:
            raise ValidationError(
                _l(
                    "A meeting is held face to face: choose “face to face at school” or "
                    "“home visit”, or untick the meeting."
                )
            )

    def validate_meeting_reason(self, field):
        if field.data and field.data not in (c.value for c in field.choices):
            raise ValidationError(_l("Not a valid choice."))
        if self.is_meeting.data and not field.data:
            raise ValidationError(_l("Give the reason for the meeting."))
