"""The parent contact form: defaults are today, the user's own name and role."""

from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.core.forms import NotBefore, NotLaterToday, PortalForm
from portal.core.happened import HappenedOn
from portal.core.i18n import _l


class ContactForm(PortalForm):
    # Choices: the student's own parents and "someone else"; any other id is refused.
    guardian = SelectField(_l("Parent or guardian"))
    parent_name = StringField(_l("Name (if not listed)"), validators=[Length(max=100)])
    relation = StringField(_l("Relation"), validators=[Optional(), Length(max=20)])
    method = SelectField(_l("Method"), validators=[DataRequired()])
    contacted_on = DateField(_l("Date"), validators=[DataRequired(), HappenedOn()])
    contacted_time = TimeField(_l("Time"), validators=[Optional(), NotLaterToday("contacted_on")])
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
    place = StringField(_l("Place"), validators=[Optional(), Length(max=100)])
    attendees = StringField(_l("Attendees"), validators=[Optional(), Length(max=300)])
    parent_confirmed_on = DateField(
        _l("Parent confirmed on"), validators=[Optional(), HappenedOn()]
    )

    def validate_parent_name(self, field):
        if self.guardian.data in ("", "other") and not (field.data or "").strip():
            raise ValidationError(_l("Choose a parent from the record or type a name."))

    def validate_meeting_reason(self, field):
        if field.data and field.data not in (c.value for c in field.choices):
            raise ValidationError(_l("Not a valid choice."))
        if self.is_meeting.data and not field.data:
            raise ValidationError(_l("Give the reason for the meeting."))
