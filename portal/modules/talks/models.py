"""Talk records (谈话记录), group meetings (座谈会) and support plans for the top level."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, relationship

from portal.core.codes import LabelledEnum
from portal.core.i18n import _l
from portal.core.locking import EditedRecord, StaffRecord
from portal.core.models import Student, User
from portal.core.models.base import PERSONAL, SENSITIVE, col
from portal.core.models.links import by_user, part_of, parts
from portal.extensions import db


class Method(LabelledEnum):
    """How a talk was held (谈话方式). GROUP (集体座谈) is no longer offered: a group meeting
    is recorded as a Meeting, with minutes and attendance, and never counts as an individual
    talk (spec workflows §3). Records saved with it keep reading in the user's language."""

    FACE = "face", _l("face to face")
    PHONE = "phone", _l("phone")
    ONLINE = "online", _l("WeChat / QQ")
    GROUP = "group", _l("group meeting")


# The methods a new talk record may have: a talk with the student themself (与本人谈话).
INDIVIDUAL_METHODS = (Method.FACE, Method.PHONE, Method.ONLINE)


class Topic(LabelledEnum):
    IDEOLOGY = "ideology", _l("values and beliefs")
    STUDY = "study", _l("study")
    CAREER = "career", _l("career and planning")
    RELATIONSHIPS = "relationships", _l("relationships")
    ADAPTATION = "adaptation", _l("adaptation")
    DORM_FAMILY = "dorm_family", _l("dorm and family")
    OTHER = "other", _l("other")


class Initiator(LabelledEnum):
    TEACHER = "teacher", _l("the teacher")
    STUDENT = "student", _l("the student")


class RootCause(LabelledEnum):
    TEMPORARY = "temporary", _l("temporary difficulty")
    ABILITY = "ability", _l("ability")
    MOTIVATION = "motivation", _l("motivation")
    OVERALL = "overall", _l("overall difficulty")
    ADAPTATION = "adaptation", _l("adaptation")


class StudyChange(LabelledEnum):
    NONE = "none", _l("no change")
    SUSPENSION = "suspension", _l("suspension of studies")
    CHANGE_MAJOR = "change_major", _l("change of major")
    REDUCED_LOAD = "reduced_load", _l("reduced course load")


class YesNo(LabelledEnum):
    """A yes-or-no answer kept as a boolean, chosen in a select that may be left empty."""

    YES = "yes", _l("yes")
    NO = "no", _l("no")


TALKER_ROLES = ("counselor", "class_advisor", "mentor", "leader", "teacher")


class Talk(StaffRecord, db.Model):
    """Content, first impression, effect and root cause are staff-only; the student sees
    the date, who talked, the topics and the agreed measures."""

    __tablename__ = "talks_talk"
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = part_of("core_student")
    held_at: Mapped[datetime] = col(sensitivity=PERSONAL)
    place: Mapped[str | None] = col(String(100), sensitivity=PERSONAL)
    method: Mapped[str] = col(String(10), sensitivity=PERSONAL)
    initiated_by: Mapped[str] = col(String(10), default="teacher", sensitivity=PERSONAL)
    topics: Mapped[list] = col(JSON, default=list, sensitivity=PERSONAL)
    topic_other: Mapped[str | None] = col(String(100), sensitivity=PERSONAL)
    talker_role: Mapped[str] = col(String(20), sensitivity=PERSONAL)
    talkers: Mapped[str] = col(String(200), sensitivity=PERSONAL)
    level_label: Mapped[str | None] = col(String(60), sensitivity=PERSONAL)
    first_impression: Mapped[str | None] = col(Text, sensitivity=SENSITIVE)
    content: Mapped[str] = col(Text, sensitivity=SENSITIVE)
    measures: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    effect: Mapped[str | None] = col(Text, sensitivity=SENSITIVE)
    # The printed forms' fields (issue 18): anshan 第十四条 2 "学生的反馈"; shaoxing 附件
    # "（是否与家长联系）", "对心理素质教育中心是否需要关注该生的建议" and the note that the
    # counselor may add their opinion to the class advisor's record (补充意见).
    student_feedback: Mapped[str | None] = col(Text, sensitivity=SENSITIVE)
    parents_contacted: Mapped[bool | None] = col(Boolean, sensitivity=PERSONAL)
    referred: Mapped[bool] = col(
        Boolean, default=False, server_default=false(), sensitivity=SENSITIVE
    )
    counselor_opinion: Mapped[str | None] = col(Text, sensitivity=SENSITIVE)
    follow_up_on: Mapped[date | None] = col(sensitivity=PERSONAL)
    root_cause: Mapped[str | None] = col(String(12), sensitivity=SENSITIVE)
    acknowledged_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    student: Mapped[Student] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class Meeting(StaffRecord, db.Model):
    """A group meeting's minutes; each student present has had a group talk."""

    __tablename__ = "talks_meeting"
    id: Mapped[int] = col(primary_key=True)
    held_at: Mapped[datetime] = col(sensitivity=PERSONAL)
    place: Mapped[str | None] = col(String(100), sensitivity=PERSONAL)
    organiser: Mapped[str] = col(String(100), sensitivity=PERSONAL)
    talker_role: Mapped[str] = col(String(20), sensitivity=PERSONAL)
    agenda: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    content: Mapped[str | None] = col(Text, sensitivity=SENSITIVE)
    decisions: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    attendees: Mapped[list[Attendee]] = parts("meeting", "Attendee.id")


class Attendee(db.Model):
    __tablename__ = "talks_attendee"
    __table_args__ = (UniqueConstraint("meeting_id", "student_id"),)
    id: Mapped[int] = col(primary_key=True)
    meeting_id: Mapped[int] = part_of("talks_meeting")
    student_id: Mapped[int] = part_of("core_student")
    present: Mapped[bool] = col(Boolean, default=True, sensitivity=PERSONAL)
    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    student: Mapped[Student] = relationship()


class SupportPlan(EditedRecord, db.Model):
    """The most severe level: a team, a personalised plan, a referral (yes/no and date only)."""

    __tablename__ = "talks_support_plan"
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = part_of("core_student")
    advisor: Mapped[str | None] = col(String(100), sensitivity=PERSONAL)
    counselor: Mapped[str | None] = col(String(100), sensitivity=PERSONAL)
    teacher: Mapped[str | None] = col(String(100), sensitivity=PERSONAL)
    plan: Mapped[str] = col(Text, sensitivity=SENSITIVE)
    referred: Mapped[bool] = col(Boolean, default=False, sensitivity=SENSITIVE)
    referred_on: Mapped[date | None] = col(sensitivity=SENSITIVE)
    study_change: Mapped[str] = col(String(14), default="none", sensitivity=SENSITIVE)
    created_by_id: Mapped[int | None] = by_user()
    student: Mapped[Student] = relationship()
    reviews: Mapped[list[SupportReview]] = parts("plan", "SupportReview.reviewed_on")


class SupportReview(db.Model):
    __tablename__ = "talks_support_review"
    id: Mapped[int] = col(primary_key=True)
    plan_id: Mapped[int] = part_of("talks_support_plan")
    reviewed_on: Mapped[date] = col(sensitivity=PERSONAL)
    text: Mapped[str] = col(Text, sensitivity=SENSITIVE)
    by_id: Mapped[int | None] = by_user()
    plan: Mapped[SupportPlan] = relationship(back_populates="reviews")
    by: Mapped[User | None] = relationship()
