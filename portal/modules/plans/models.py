"""Study plans (个人学习计划): one per student per support period, in versions; comments,
sign-off and the term-end report."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, relationship

from portal.core.codes import LabelledEnum
from portal.core.i18n import _l
from portal.core.models import College, Student, User
from portal.core.models.base import INTERNAL, PERSONAL, PUBLIC, col, utcnow
from portal.core.models.links import by_user, part_of, parts
from portal.extensions import db


class PlanStatus(LabelledEnum):
    """A plan's state, of its current version ("none": a warned student with no plan yet)."""

    DRAFT = "draft", _l("being written")
    SUBMITTED = "submitted", _l("waiting for review")
    RETURNED = "returned", _l("returned for changes")
    SIGNED = "signed", _l("signed off")
    REPORTED = "reported", _l("term-end report written")
    CLOSED = "closed", _l("closed")
    NONE = "none", _l("no plan yet")


class Remedy(LabelledEnum):
    """How a failed course is to be made up."""

    RETAKE = "retake", _l("retake the course")
    RESIT = "resit", _l("re-sit the exam")
    SUBSTITUTE = "substitute", _l("take a substitute course")
    OTHER = "other", _l("other")


class Day(LabelledEnum):
    MON = "mon", _l("Monday")
    TUE = "tue", _l("Tuesday")
    WED = "wed", _l("Wednesday")
    THU = "thu", _l("Thursday")
    FRI = "fri", _l("Friday")
    SAT = "sat", _l("Saturday")
    SUN = "sun", _l("Sunday")
    DAILY = "daily", _l("every day")


class Part(LabelledEnum):
    """A part of the plan a reviewer's comment is on."""

    ANALYSIS = "analysis", _l("Self-analysis")
    COURSES = "courses", _l("Failed courses")
    WEEKLY = "weekly", _l("Weekly time plan")
    GOALS = "goals", _l("Goals")
    HELP = "help", _l("Help wanted")
    REPORT = "report", _l("Term-end report")
    GENERAL = "general", _l("The whole plan")


class ReviewAction(LabelledEnum):
    COMMENT = "comment", _l("commented")
    RETURN = "return", _l("returned for changes")
    SIGN = "sign", _l("signed off")
    CLOSING = "closing", _l("closing comment")


PARTS = tuple(Part)


class Plan(db.Model):
    __tablename__ = "plans_plan"
    __table_args__ = (UniqueConstraint("student_id", "period_start"),)
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = part_of("core_student")
    period_start: Mapped[date] = col(sensitivity=INTERNAL)  # the roster's publication
    reviewer_role: Mapped[str] = col(String(20), sensitivity=INTERNAL)
    # draft | submitted | returned | signed | reported | closed (of the current version)
    status: Mapped[str] = col(String(10), default="draft", sensitivity=PERSONAL)
    created_at: Mapped[datetime] = col(default=utcnow)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow)
    student: Mapped[Student] = relationship()
    versions: Mapped[list[Version]] = parts("plan", "Version.number")

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def signed(self) -> Version | None:
        return next((v for v in reversed(self.versions) if v.signed_at), None)


class Version(db.Model):
    """What the student wrote; locked once submitted. Returned or signed plans change in a
    new version, so every version the reviewer saw stays as it was."""

    __tablename__ = "plans_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    id: Mapped[int] = col(primary_key=True)
    plan_id: Mapped[int] = part_of("plans_plan")
    number: Mapped[int] = col()
    content: Mapped[dict] = col(JSON, sensitivity=PERSONAL)
    saved_at: Mapped[datetime] = col(default=utcnow)
    submitted_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    returned_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    signed_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    signed_by_id: Mapped[int | None] = by_user()
    report: Mapped[dict | None] = col(JSON, sensitivity=PERSONAL)
    reported_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    plan: Mapped[Plan] = relationship(back_populates="versions")
    signed_by: Mapped[User | None] = relationship()
    comments: Mapped[list[Comment]] = parts("version", "Comment.id")

    @property
    def locked(self) -> bool:
        return self.submitted_at is not None


class Comment(db.Model):
    __tablename__ = "plans_comment"
    id: Mapped[int] = col(primary_key=True)
    version_id: Mapped[int] = part_of("plans_version")
    part: Mapped[str] = col(String(10), sensitivity=INTERNAL)
    action: Mapped[str] = col(String(10), default="comment", sensitivity=INTERNAL)
    text: Mapped[str] = col(Text, sensitivity=PERSONAL)
    author_id: Mapped[int | None] = by_user()
    at: Mapped[datetime] = col(default=utcnow)
    version: Mapped[Version] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class PlanSetting(db.Model):
    """Per college: from which year of study the mentor (not the class advisor) reviews,
    and after how many days a warned student without a submitted plan is listed."""

    __tablename__ = "plans_setting"
    college_id: Mapped[int] = col(
        ForeignKey("core_college.id", ondelete="CASCADE"), primary_key=True
    )
    mentor_from_year: Mapped[int] = col(default=3, sensitivity=PUBLIC)
    due_days: Mapped[int] = col(default=14, sensitivity=PUBLIC)
    college: Mapped[College] = relationship()


class Read(db.Model):
    """The version of a plan a reviewer last read (issue 17 #5): what changed since is shown
    to them the next time they open it."""

    __tablename__ = "plans_read"
    # Written after a page read is answered, never by a user's act (core/read_marks.py).
    __table_args__ = {"info": {"read_mark": True}}
    plan_id: Mapped[int] = col(ForeignKey("plans_plan.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = col(ForeignKey("core_user.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = col(sensitivity=INTERNAL)
    at: Mapped[datetime] = col(default=utcnow)
