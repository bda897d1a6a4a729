"""Talk, group meeting and support plan forms. Choices are filled per request (labels are
translated then); the defaults save typing: today, the user's own name and role."""

from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.core.forms import (
    CheckboxesField,
    NotBefore,
    NotLaterToday,
    PortalForm,
    PortalSubform,
)
from portal.core.happened import HappenedOn
from portal.core.i18n import _l
from portal.core.numbers import as_id
from portal.core.support_floor import Floor, NotBeforeSupport, latest


class TalkForm(PortalForm):
    held_on = DateField(_l("Date"), validators=[DataRequired(), HappenedOn(), NotBeforeSupport()])
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
    floor: Floor | None = None  # formsetup's: the first day a talk with the student may carry


class AttendanceRow(PortalSubform):
    """One warned student's line of the attendance list: one answer (radio buttons), so a
    student cannot be both present and invited-but-absent, with or without JavaScript."""

    student_id = HiddenField()
    status = RadioField(
        choices=[
            SelectChoice("present", _l("Present")),
            SelectChoice("absent", _l("Invited but absent")),
            SelectChoice("none", _l("Not invited")),
        ],
        default="none",
        validate_choice=False,
    )


class MeetingForm(PortalForm):
    held_on = DateField(_l("Date"), validators=[DataRequired(), HappenedOn(), NotBeforeSupport()])
    held_time = TimeField(_l("Time"), validators=[Optional(), NotLaterToday("held_on")])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=100)])
    organiser = StringField(_l("Organiser"), validators=[DataRequired(), Length(max=100)])
    talker_role = SelectField(_l("Organised as"), validators=[DataRequired()])
    agenda = TextAreaField(_l("Agenda"), validators=[Length(max=4000)])
    # The minutes (座谈会纪要, gxu 集体谈话): a meeting is recorded by what was said at it.
    content = TextAreaField(
        _l("Content"),
        validators=[
            DataRequired(_l("Write the minutes: what was said at the meeting.")),
            Length(max=8000),
        ],
    )
    decisions = TextAreaField(_l("Decisions"), validators=[Length(max=4000)])
    attendance = FieldList(FormField(AttendanceRow), _l("Attendance list"), min_entries=0)
    invitable: frozenset[int] = frozenset()  # the view's: the students the user may list
    floors: dict[int, Floor] = {}  # the view's: each invitable student's (support_floor)

    @property
    def floor(self) -> Floor | None:
        """The minutes are a record about every student listed: not before any one's floor."""
        return latest(self.floors.get(sid) for sid in self.marked())

    def marked(self) -> dict[int, str]:
        """Student id → present | absent, as posted, for the invitable students only."""
        found: dict[int, str] = {}
        for row in self.attendance:
            sid, status = as_id(row.student_id.data), row.status.data
            if sid in self.invitable and status in ("present", "absent"):
                found[sid] = status
        return found

    def validate_attendance(self, field):
        """Minutes with nobody on them would belong to no one's timeline (and no one's scope).
        A line for a student the user may not list, a student listed twice or an answer not
        offered is refused whole: such a post did not come from the page."""
        ids = [as_id(row.student_id.data) for row in field]
        offered = all(sid in self.invitable for sid in ids)  # None (not an id) never is
        answers = all(row.status.data in ("present", "absent", "none") for row in field)
        if not (offered and answers and len(set(ids)) == len(ids)):
            raise ValidationError(
                _l("The attendance list does not match the students you may invite.")
            )
        if not self.marked():
            raise ValidationError(_l("Mark at least one student as present or invited."))


class SupportPlanForm(PortalForm):
    advisor = StringField(_l("Class advisor"), validators=[Optional(), Length(max=100)])
    counselor = StringField(_l("Counselor"), validators=[Optional(), Length(max=100)])
    teacher = StringField(
        _l("Subject teacher (and course)"), validators=[Optional(), Length(max=100)]
    )
    plan = TextAreaField(_l("Support plan"), validators=[DataRequired(), Length(max=8000)])
    referred = BooleanField(_l("Referred to psychological counselling"))
    referred_on = DateField(
        _l("Referral date"), validators=[Optional(), HappenedOn(until_today=False)]
    )
    study_change = SelectField(_l("Change of study plan"), validators=[DataRequired()])


class ReviewForm(PortalForm):
    reviewed_on = DateField(
        _l("Review date"), validators=[DataRequired(), HappenedOn(until_today=False)]
    )
    text = TextAreaField(
        _l("How the plan is working"), validators=[DataRequired(), Length(max=4000)]
    )
