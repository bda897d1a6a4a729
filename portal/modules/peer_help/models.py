"""Peer help (朋辈帮扶): volunteers, pairings with an approval chain, tutoring sessions
confirmed by mentees and checked by counselors, and certified volunteer hours."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, relationship

from portal.core.codes import LabelledEnum
from portal.core.i18n import _l
from portal.core.locking import Versioned
from portal.core.models import College, Student, Term, User
from portal.core.models.base import INTERNAL, PERSONAL, PUBLIC, SENSITIVE, col, utcnow
from portal.core.models.links import by_user, part_of, parts
from portal.core.sealed import Sealed
from portal.extensions import db


class FreeTime(LabelledEnum):
    WEEKDAY_NOON = "weekday_noon", _l("weekday lunchtimes")
    WEEKDAY_EVE = "weekday_eve", _l("weekday evenings")
    WEEKEND = "weekend", _l("weekends")


class VolunteerState(LabelledEnum):
    APPLIED = "applied", _l("applied")
    ACTIVE = "active", _l("active")
    RETIRED = "retired", _l("retired")
    DECLINED = "declined", _l("not selected")


class PairingState(LabelledEnum):
    ADVISOR = "advisor", _l("waiting for the class advisor's opinion")
    COLLEGE = "college", _l("waiting for the college's review")
    SCHOOL = "school", _l("waiting for the school's review")
    ACTIVE = "active", _l("active")
    REJECTED = "rejected", _l("not approved")
    ENDED = "ended", _l("ended")


class Stage(LabelledEnum):
    """A pairing's approval steps, in order."""

    ADVISOR = "advisor", _l("Class advisor's opinion")
    COLLEGE = "college", _l("College review")
    SCHOOL = "school", _l("School review")


class AttendanceState(LabelledEnum):
    PENDING = "pending", _l("not yet confirmed")
    CONFIRMED = "confirmed", _l("confirmed")
    DISPUTED = "disputed", _l("disputed")


class SessionState(LabelledEnum):
    """Where one of the volunteer's sessions stands, as the volunteer follows it."""

    PENDING = "pending", _l("waiting for your mentee")
    CONFIRMED = "confirmed", _l("confirmed, to be checked")
    DISPUTED = "disputed", _l("questioned by your mentee")
    CHECKED = "checked", _l("checked, to be certified")
    CERTIFIED = "certified", _l("certified")


class Criterion(LabelledEnum):
    """The criteria the seed colleges select volunteers by: 成绩排名 (gxu 第四条, shaoxing
    第六条 选拔), 党员 and 学生干部 (lzut 四.6, gxu 第二条4), 同寝室 (lzut 四.6)."""

    RANK = "rank", _l("good grade ranking")
    PARTY_MEMBER = "party_member", _l("Party member")
    CADRE = "cadre", _l("student cadre")
    ROOMMATE = "roommate", _l("roommate of a student helped")


class MatchReason(LabelledEnum):
    """Why a volunteer is suggested for a mentee (and `course:<name>`, a course passed well)."""

    MAJOR = "major", _l("same major")
    TIMES = "times", _l("free at the same times")


VOLUNTEER_STATES = tuple(VolunteerState)
STAGES = tuple(Stage)


class Volunteer(db.Model):
    __tablename__ = "peer_volunteer"
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = col(ForeignKey("core_student.id", ondelete="CASCADE"), unique=True)
    courses: Mapped[str] = col(String(300), sensitivity=PERSONAL)  # what they can tutor
    times: Mapped[list] = col(JSON, default=list, sensitivity=PERSONAL)  # ["mon-eve", ...]
    statement: Mapped[str] = col(Text, sensitivity=PERSONAL)
    state: Mapped[str] = col(String(10), default="applied", sensitivity=INTERNAL)
    applied_at: Mapped[datetime] = col(default=utcnow)
    decided_by_id: Mapped[int | None] = by_user()
    # Stipend details: the volunteer and the staff who pay only; audited; masked elsewhere.
    bank_name: Mapped[str | None] = col(String(60), sensitivity=SENSITIVE)
    bank_account: Mapped[str | None] = col(Sealed(40), sensitivity=SENSITIVE)
    commended_note: Mapped[str | None] = col(String(200), sensitivity=PERSONAL)
    # The selection criteria the applicant meets (Criterion), and their
    # grade ranking in their words ("专业前10%"): recorded on the application for the approver.
    criteria: Mapped[list | None] = col(JSON, default=list, sensitivity=PERSONAL)
    ranking: Mapped[str | None] = col(String(60), sensitivity=PERSONAL)
    student: Mapped[Student] = relationship()
    trainings: Mapped[list[Training]] = parts("volunteer", "Training.held_on")


class Training(db.Model):
    __tablename__ = "peer_training"
    id: Mapped[int] = col(primary_key=True)
    volunteer_id: Mapped[int] = part_of("peer_volunteer")
    held_on: Mapped[date] = col(sensitivity=PERSONAL)
    topic: Mapped[str] = col(String(200), sensitivity=PERSONAL)
    volunteer: Mapped[Volunteer] = relationship(back_populates="trainings")


class Pairing(Versioned, db.Model):
    """A volunteer and their mentees: what to work on, and the approval chain's verdicts.
    Versioned: two approvers of one stage deciding at once must not advance it twice."""

    __tablename__ = "peer_pairing"
    id: Mapped[int] = col(primary_key=True)
    volunteer_id: Mapped[int] = part_of("peer_volunteer")
    courses: Mapped[list] = col(JSON, default=list, sensitivity=PERSONAL)  # names to work on
    difficulty: Mapped[str] = col(Text, sensitivity=SENSITIVE)  # staff only
    plan: Mapped[str] = col(Text, sensitivity=PERSONAL)
    contact: Mapped[str | None] = col(String(200), sensitivity=PERSONAL)  # agreed for the pair
    starts_on: Mapped[date] = col(sensitivity=PERSONAL)
    ends_on: Mapped[date] = col(sensitivity=PERSONAL)
    # proposed → advisor → college → (school) → active; or rejected; ended
    state: Mapped[str] = col(String(10), default="advisor", sensitivity=INTERNAL)
    created_by_id: Mapped[int | None] = by_user()
    created_at: Mapped[datetime] = col(default=utcnow)
    volunteer: Mapped[Volunteer] = relationship()
    mentees: Mapped[list[Mentee]] = parts("pairing", "Mentee.id")
    steps: Mapped[list[Step]] = parts("pairing", "Step.id")


class Mentee(db.Model):
    __tablename__ = "peer_mentee"
    __table_args__ = (UniqueConstraint("pairing_id", "student_id"),)
    id: Mapped[int] = col(primary_key=True)
    pairing_id: Mapped[int] = part_of("peer_pairing")
    student_id: Mapped[int] = part_of("core_student")
    pairing: Mapped[Pairing] = relationship(back_populates="mentees")
    student: Mapped[Student] = relationship()


class Step(db.Model):
    """One verdict of the approval chain (班主任意见, 学院审核, 学校审核)."""

    __tablename__ = "peer_step"
    id: Mapped[int] = col(primary_key=True)
    pairing_id: Mapped[int] = part_of("peer_pairing")
    stage: Mapped[str] = col(String(10), sensitivity=INTERNAL)
    approved: Mapped[bool] = col(Boolean, sensitivity=INTERNAL)
    comment: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    by_id: Mapped[int | None] = by_user()
    at: Mapped[datetime] = col(default=utcnow)
    pairing: Mapped[Pairing] = relationship(back_populates="steps")
    by: Mapped[User | None] = relationship()


class TutoringSession(db.Model):
    __tablename__ = "peer_session"
    id: Mapped[int] = col(primary_key=True)
    pairing_id: Mapped[int] = part_of("peer_pairing")
    volunteer_id: Mapped[int] = part_of("peer_volunteer")
    held_on: Mapped[date] = col(sensitivity=PERSONAL)
    starts_at: Mapped[time] = col(sensitivity=PERSONAL)
    ends_at: Mapped[time] = col(sensitivity=PERSONAL)
    minutes: Mapped[int] = col(sensitivity=PERSONAL)
    course: Mapped[str] = col(String(100), sensitivity=PERSONAL)
    what: Mapped[str] = col(Text, sensitivity=PERSONAL)
    place: Mapped[str | None] = col(String(100), sensitivity=PERSONAL)
    checked_at: Mapped[datetime | None] = col(sensitivity=INTERNAL)
    checked_by_id: Mapped[int | None] = by_user()
    certification_id: Mapped[int | None] = col(
        ForeignKey("peer_certification.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = col(default=utcnow)
    pairing: Mapped[Pairing] = relationship()
    attendance: Mapped[list[Presence]] = parts("session", "Presence.id")


class Presence(db.Model):
    """A mentee present at a session, and their word on it."""

    __tablename__ = "peer_attendance"
    __table_args__ = (UniqueConstraint("session_id", "student_id"),)
    id: Mapped[int] = col(primary_key=True)
    session_id: Mapped[int] = part_of("peer_session")
    student_id: Mapped[int] = part_of("core_student")
    state: Mapped[str] = col(String(10), default="pending", sensitivity=PERSONAL)
    note: Mapped[str | None] = col(String(300), sensitivity=PERSONAL)
    answered_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    session: Mapped[TutoringSession] = relationship(back_populates="attendance")
    student: Mapped[Student] = relationship()


class Certification(db.Model):
    """志愿服务时数认定: a volunteer's counted minutes of a term, certified at once and never
    changed after. A term may have several for a volunteer: a later run certifies the hours
    checked since the earlier one (every checked hour must be able to reach a certificate),
    and each session is on at most one."""

    __tablename__ = "peer_certification"
    id: Mapped[int] = col(primary_key=True)
    volunteer_id: Mapped[int] = part_of("peer_volunteer")
    term_id: Mapped[int] = col(ForeignKey("core_term.id"), index=True)
    minutes: Mapped[int] = col(sensitivity=PERSONAL)
    sessions: Mapped[int] = col(sensitivity=PERSONAL)
    certified_at: Mapped[datetime] = col(default=utcnow)
    certified_by_id: Mapped[int | None] = by_user()
    volunteer: Mapped[Volunteer] = relationship()
    term: Mapped[Term] = relationship()
    certified_by: Mapped[User | None] = relationship()

    @property
    def number(self) -> str:
        """The certificate number (证书编号): the year it was certified and the record's id,
        so a printed copy can be checked against the portal."""
        return f"PH{self.certified_at:%Y}-{self.id:05d}"

    @property
    def hours(self) -> Decimal:
        return Decimal(self.minutes) / 60


class PeerSetting(db.Model):
    __tablename__ = "peer_setting"
    college_id: Mapped[int] = col(
        ForeignKey("core_college.id", ondelete="CASCADE"), primary_key=True
    )
    school_review: Mapped[bool] = col(Boolean, default=False, sensitivity=PUBLIC)
    max_session_minutes: Mapped[int] = col(default=180, sensitivity=PUBLIC)
    max_week_minutes: Mapped[int] = col(default=600, sensitivity=PUBLIC)
    max_mentees: Mapped[int] = col(default=3, sensitivity=PUBLIC)
    college: Mapped[College] = relationship()
