"""Talk, group meeting and support plan forms. Choices are filled per request (labels are
translated then); the defaults save typing: today, the user's own name and role."""

from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional

from portal.core.forms import CheckboxesField, NotBefore, NotInFuture, NotLaterToday, PortalForm
from portal.core.i18n import _l


class TalkForm(PortalForm):
    held_on = DateField(_l("Date"), validators=[DataRequired(), NotInFuture()])
    held_time = TimeField(_l("Time"), validators=[Optional(), NotLaterToday("held_on")])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=100)])
    method = SelectField(_l("Method"), validators=[DataRequired()])
    initiated_by = SelectField(_l("Who asked for the talk"), validators=[DataRequired()])
    topics = CheckboxesField(_l("Topics"))
    topic_other = StringField(_l("Other topic"), validators=[Optional(), Length(max=100)])
    talker_role = SelectField(_l("Talking as"), validators=[DataRequired()])
    talkers = StringField(
        _l("Talked with the student (names)"), validators=[DataRequired(), Length(max=200)]
    )
    first_impression = TextAreaField(_l("First impression"), validators=[Length(max=2000)])
    content = TextAreaField(_l("Main content"), validators=[DataRequired(), Length(max=8000)])
    measures = TextAreaField(_l("Agreed measures"), validators=[Length(max=4000)])
    effect = TextAreaField(_l("Effect of the measures"), validators=[Length(max=4000)])
    follow_up_on = DateField(
        _l("Follow up on"),
        validators=[Optional(), NotBefore("held_on", _l("The follow-up comes after the talk."))],
    )
    root_cause = SelectField(_l("Root cause of the difficulty"), validators=[Optional()])
    # anshan 第十四条 2 (学生的反馈); shaoxing 附件 (是否与家长联系; 心理素质教育中心; 补充意见).
    student_feedback = TextAreaField(
        _l("The student's feedback, in their own words"), validators=[Length(max=4000)]
    )
    parents_contacted = SelectField(_l("Parents contacted about it"), validators=[Optional()])
    referred = BooleanField(_l("Referred to the counselling centre"))
    counselor_opinion = TextAreaField(
        _l("The counselor's supplementary opinion"), validators=[Length(max=4000)]
    )


class MeetingForm(PortalForm):
    held_on = DateField(_l("Date"), validators=[DataRequired(), NotInFuture()])
    held_time = TimeField(_l("Time"), validators=[Optional(), NotLaterToday("held_on")])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=100)])
    organiser = StringField(_l("Organiser"), validators=[DataRequired(), Length(max=100)])
    talker_role = SelectField(_l("Organised as"), validators=[DataRequired()])
    agenda = TextAreaField(_l("Agenda"), validators=[Length(max=4000)])
    content = TextAreaField(_l("Content"), validators=[Length(max=8000)])
    decisions = TextAreaField(_l("Decisions"), validators=[Length(max=4000)])
    present = CheckboxesField(_l("Present"))
    absent = CheckboxesField(_l("Invited but absent"))

    def validate_present(self, field):
        """Minutes with nobody on them would belong to no one's timeline (and no one's scope)."""
        if not field.data and not self.absent.data:
            raise ValidationError(_l("Tick at least one student who was present or invited."))


class SupportPlanForm(PortalForm):
    advisor = StringField(_l("Class advisor"), validators=[Optional(), Length(max=100)])
    counselor = StringField(_l("Counselor"), validators=[Optional(), Length(max=100)])
    teacher = StringField(
        _l("Subject teacher (and course)"), validators=[Optional(), Length(max=100)]
    )
    plan = TextAreaField(_l("Support plan"), validators=[DataRequired(), Length(max=8000)])
    referred = BooleanField(_l("Referred to psychological counselling"))
    referred_on = DateField(_l("Referral date"), validators=[Optional()])
    study_change = SelectField(_l("Change of study plan"), validators=[DataRequired()])


class ReviewForm(PortalForm):
    reviewed_on = DateField(_l("Review date"), validators=[DataRequired()])
    text = TextAreaField(
        _l("How the plan is working"), validators=[DataRequired(), Length(max=4000)]
    )
