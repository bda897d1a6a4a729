"""Mid-term concerns (期中学情关注): progress surveys, what course teachers mark, class
information officers (教学信息员) and their class reports, and each college's settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, relationship

from portal.core.codes import LabelledEnum
from portal.core.i18n import _l
from portal.core.models import SchoolClass, Student, User
from portal.core.models.base import PERSONAL, PUBLIC, SENSITIVE, col, utcnow
from portal.core.models.links import by_user, part_of, parts
from portal.extensions import db


class ConcernKind(LabelledEnum):
    ABSENCE = "absence", _l("Frequent absence")
    HOMEWORK = "homework", _l("Missing homework")
    QUIZ = "quiz", _l("Poor quiz results")
    ENGAGEMENT = "engagement", _l("Disengaged in class")
    OTHER = "other", _l("Other")


class Outcome(LabelledEnum):
    TALKED_IMPROVING = "talked_improving", _l("Talked; the student is catching up")
    TALKED_SUPPORT = "talked_support", _l("Talked; support arranged (tutoring, study plan)")
    REFERRED = "referred", _l("Referred on (mentor, counselling centre)")
    NO_ISSUE = "no_issue", _l("Talked; no real problem")
    UNREACHABLE = "unreachable", _l("Could not reach the student")


class Climate(LabelledEnum):
    """A class's learning climate in the information officer's report."""

    GOOD = "good", _l("Good")
    FAIR = "fair", _l("Fair")
    POOR = "poor", _l("Poor")


KINDS = tuple(ConcernKind)
OUTCOMES = tuple(Outcome)
CLIMATES = tuple(Climate)


class Survey(db.Model):
    """A progress survey: one college, one term window (e.g. weeks 6–9)."""

    __tablename__ = "concerns_survey"
    id: Mapped[int] = col(primary_key=True)
    college_id: Mapped[int] = col(ForeignKey("core_college.id"), index=True)
    title: Mapped[str] = col(String(100), sensitivity=PUBLIC)
    opens_on: Mapped[date] = col(sensitivity=PUBLIC)
    closes_on: Mapped[date] = col(sensitivity=PUBLIC)
    opened_by_id: Mapped[int | None] = by_user()
    created_at: Mapped[datetime] = col(default=utcnow)
    assignments: Mapped[list[Assignment]] = parts("survey", "Assignment.id")

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


class Assignment(db.Model):
    """Who teaches which course to which class in this survey: taken from the core's course
    data (a course roster import, or 教师工号 in a grades file) or listed by the secretary by
    hand. Answered once the teacher marks students or says none."""

    __tablename__ = "concerns_assignment"
    __table_args__ = (UniqueConstraint("survey_id", "class_id", "course_name"),)
    id: Mapped[int] = col(primary_key=True)
    survey_id: Mapped[int] = part_of("concerns_survey")
    class_id: Mapped[int] = col(ForeignKey("core_class.id"), index=True)
    course_name: Mapped[str] = col(String(200), sensitivity=PUBLIC)
    teacher_id: Mapped[int] = part_of("core_user")
    answered_at: Mapped[datetime | None] = col()
    no_concerns: Mapped[bool] = col(Boolean, default=False)
    survey: Mapped[Survey] = relationship(back_populates="assignments")
    school_class: Mapped[SchoolClass] = relationship(lazy="joined")
    teacher: Mapped[User] = relationship(lazy="joined")


class Concern(db.Model):
    """One student marked in one course; the counselor or class advisor closes it."""

    __tablename__ = "concerns_concern"
    __table_args__ = (UniqueConstraint("assignment_id", "student_id"),)
    id: Mapped[int] = col(primary_key=True)
    assignment_id: Mapped[int] = part_of("concerns_assignment")
    student_id: Mapped[int] = part_of("core_student")
    kinds: Mapped[list] = col(JSON, default=list, sensitivity=PERSONAL)
    note: Mapped[str | None] = col(String(200), sensitivity=SENSITIVE)
    raised_by_id: Mapped[int | None] = by_user()
    raised_on: Mapped[date] = col(sensitivity=PERSONAL)
    closed_on: Mapped[date | None] = col(sensitivity=PERSONAL)
    closed_by_id: Mapped[int | None] = by_user()
    closed_role: Mapped[str | None] = col(String(20))
    outcome: Mapped[str | None] = col(String(20), sensitivity=PERSONAL)
    assignment: Mapped[Assignment] = relationship(lazy="joined")
    student: Mapped[Student] = relationship(lazy="joined")


class Officer(db.Model):
    """教学信息员: one student per class, appointed by the counselor."""

    __tablename__ = "concerns_officer"
    id: Mapped[int] = col(primary_key=True)
    class_id: Mapped[int] = col(ForeignKey("core_class.id"), unique=True)
    student_id: Mapped[int] = part_of("core_student")
    appointed_by_id: Mapped[int | None] = by_user()
    created_at: Mapped[datetime] = col(default=utcnow)
    student: Mapped[Student] = relationship(lazy="joined")


class ClassReport(db.Model):
    """The officer's one report per survey: about the class, never about named classmates."""

    __tablename__ = "concerns_class_report"
    __table_args__ = (UniqueConstraint("survey_id", "class_id"),)
    id: Mapped[int] = col(primary_key=True)
    survey_id: Mapped[int] = part_of("concerns_survey")
    class_id: Mapped[int] = col(ForeignKey("core_class.id"), index=True)
    submitted_by_id: Mapped[int | None] = by_user()
    attendance: Mapped[dict] = col(JSON, default=dict, sensitivity=PERSONAL)  # course -> %
    climate: Mapped[str] = col(String(10), sensitivity=PERSONAL)  # good | fair | poor
    hard_courses: Mapped[str | None] = col(String(300), sensitivity=PERSONAL)
    remarks: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    submitted_at: Mapped[datetime] = col(default=utcnow)
    school_class: Mapped[SchoolClass] = relationship(lazy="joined")


class Setting(db.Model):
    """A college's choices: talk within N days of a concern; show the teacher's note."""

    __tablename__ = "concerns_setting"
    college_id: Mapped[int] = col(ForeignKey("core_college.id"), primary_key=True)
    talk_within_days: Mapped[int] = col(default=7, sensitivity=PUBLIC)
    show_note_to_student: Mapped[bool] = col(Boolean, default=False, sensitivity=PUBLIC)
