"""Rulesets, computed runs, warnings and proposals (学业警示名单)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, relationship

from portal.core.models import Student, Term, User
from portal.core.models.base import INTERNAL, PERSONAL, PUBLIC, SENSITIVE, col, utcnow
from portal.core.models.links import by_user, part_of
from portal.extensions import db

from .codes import NoticeState


class Ruleset(db.Model):
    """A ruleset as data (warning-rules.md §3); presets ship seeded and can be cloned."""

    __tablename__ = "warnings_ruleset"
    id: Mapped[int] = col(primary_key=True)
    code: Mapped[str] = col(String(40), unique=True, sensitivity=PUBLIC)
    definition: Mapped[dict] = col(JSON, sensitivity=PUBLIC)
    is_preset: Mapped[bool] = col(Boolean, default=False, sensitivity=PUBLIC)
    version: Mapped[int] = col(default=1)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = by_user()

    __mapper_args__ = {"version_id_col": version}


class CollegeRuleset(db.Model):
    """A college's settings: its ruleset (a computation may override it), and after how many
    days an unconfirmed notice is listed for follow-up."""

    __tablename__ = "warnings_college_setting"
    college_id: Mapped[int] = col(
        ForeignKey("core_college.id", ondelete="CASCADE"), primary_key=True
    )
    ruleset_code: Mapped[str] = col(String(40), sensitivity=PUBLIC)
    confirm_days: Mapped[int] = col(default=7, sensitivity=PUBLIC)
    # Printed on the parent copy: whom the parent can call (辅导员办公室电话).
    office_phone: Mapped[str | None] = col(String(40), sensitivity=PUBLIC)
    # Days after the next term's start by which the roster is due, where the policy leaves
    # it to the college (SXU-YPC "每学期初", GXU "学校要求的时间节点").
    roster_deadline_days: Mapped[int | None] = col(sensitivity=PUBLIC)


class Run(db.Model):
    """One computation of a term's roster: who, when, with which ruleset (snapshot)."""

    __tablename__ = "warnings_run"
    id: Mapped[int] = col(primary_key=True)
    term_id: Mapped[int] = col(ForeignKey("core_term.id"), index=True)
    college_id: Mapped[int | None] = col(ForeignKey("core_college.id"), index=True)
    ruleset_code: Mapped[str] = col(String(40), sensitivity=PUBLIC)
    ruleset_snapshot: Mapped[dict] = col(JSON, sensitivity=PUBLIC)
    created_by_id: Mapped[int | None] = by_user()
    created_at: Mapped[datetime] = col(default=utcnow)
    evaluated: Mapped[int] = col(default=0)
    skip_reason: Mapped[str | None] = col(String(200), sensitivity=PUBLIC)
    previous_run_id: Mapped[int | None] = col(ForeignKey("warnings_run.id"))
    # draft → submitted → published, or submitted → returned → submitted …
    status: Mapped[str] = col(String(10), default="draft", sensitivity=INTERNAL)
    term: Mapped[Term] = relationship()
    events: Mapped[list[RunEvent]] = relationship(order_by="RunEvent.id")


class RunEvent(db.Model):
    """One step of a roster's approval: who submitted, approved or returned it, and why."""

    __tablename__ = "warnings_run_event"
    id: Mapped[int] = col(primary_key=True)
    run_id: Mapped[int] = part_of("warnings_run")
    action: Mapped[str] = col(String(10), sensitivity=INTERNAL)  # submit approve return
    user_id: Mapped[int | None] = by_user()
    at: Mapped[datetime] = col(default=utcnow)
    comment: Mapped[str | None] = col(Text, sensitivity=INTERNAL)
    user: Mapped[User] = relationship()


class Warning(db.Model):
    """One student warned in one category at one level, with the conditions that fired."""

    __tablename__ = "warnings_warning"
    __audit__ = False  # written in bulk per run; the run itself is audited
    __table_args__ = (Index("ix_warnings_warning_run_level", "run_id", "level_rank"),)
    id: Mapped[int] = col(primary_key=True)
    run_id: Mapped[int] = part_of("warnings_run")
    student_id: Mapped[int] = part_of("core_student")
    category: Mapped[str] = col(String(40), sensitivity=PERSONAL)
    level: Mapped[str] = col(String(40), sensitivity=PERSONAL)
    level_rank: Mapped[int] = col(sensitivity=PERSONAL)  # 1 = mildest level of the category
    fired: Mapped[list] = col(JSON, sensitivity=PERSONAL)  # [{metric, op, threshold, value}]
    metrics: Mapped[dict] = col(JSON, sensitivity=PERSONAL)  # every metric, exact, as text
    # Against the term's previous run (the run's page: what a correction changed) ...
    change: Mapped[str] = col(String(10), sensitivity=PERSONAL)  # new escalated eased same
    # ... and against last evaluation term (the roster): new continuing escalated eased.
    since_last_term: Mapped[str] = col(String(10), default="new", sensitivity=PERSONAL)
    source: Mapped[str] = col(String(10), default="rules", sensitivity=INTERNAL)  # or proposal
    # Added by an accepted proposal: its reason is the warning's "why", and the day it was
    # accepted starts the follow-up of a student added to a published roster (standing.py).
    added_by_proposal_id: Mapped[int | None] = col(ForeignKey("warnings_proposal.id"))
    # Removed (an accepted proposal, or a withdrawn notice): kept, with the record of why.
    removed_at: Mapped[datetime | None] = col(sensitivity=INTERNAL)
    removed_by_proposal_id: Mapped[int | None] = col(ForeignKey("warnings_proposal.id"))
    # Lifted (解除) once a later term no longer warns, or the ruleset's lifting rule holds.
    lifted_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    lifted_by_id: Mapped[int | None] = by_user()
    student: Mapped[Student] = relationship()


class DroppedWarning(db.Model):
    """A student the previous run warned and this one no longer does (for the diff)."""

    __tablename__ = "warnings_dropped"
    __audit__ = False
    id: Mapped[int] = col(primary_key=True)
    run_id: Mapped[int] = part_of("warnings_run")
    student_id: Mapped[int] = col(ForeignKey("core_student.id", ondelete="CASCADE"))
    category: Mapped[str] = col(String(40), sensitivity=PERSONAL)
    level: Mapped[str] = col(String(40), sensitivity=PERSONAL)
    student: Mapped[Student] = relationship()


class RunMetric(db.Model):
    """Every evaluated student's cumulative GPA and outstanding failed credits as the run
    found them (exact, as text): the effectiveness review's "after" for the students the
    previous term warned, read instead of recomputed."""

    __tablename__ = "warnings_run_metric"
    __audit__ = False
    run_id: Mapped[int] = col(ForeignKey("warnings_run.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = col(
        ForeignKey("core_student.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    gpa_cumulative: Mapped[str | None] = col(String(40), sensitivity=PERSONAL)
    outstanding_failed_credits: Mapped[str | None] = col(String(40), sensitivity=PERSONAL)


class Proposal(db.Model):
    """An advisor's or counselor's proposal to add or remove a student; the secretary decides."""

    __tablename__ = "warnings_proposal"
    id: Mapped[int] = col(primary_key=True)
    term_id: Mapped[int] = col(ForeignKey("core_term.id"), index=True)
    student_id: Mapped[int] = part_of("core_student")
    action: Mapped[str] = col(String(6), sensitivity=INTERNAL)  # add | remove
    category: Mapped[str | None] = col(String(40), sensitivity=PERSONAL)
    level: Mapped[str | None] = col(String(40), sensitivity=PERSONAL)
    reason: Mapped[str] = col(String(20), sensitivity=PERSONAL)
    explanation: Mapped[str] = col(Text, sensitivity=PERSONAL)
    proposed_by_id: Mapped[int | None] = by_user()
    proposed_at: Mapped[datetime] = col(default=utcnow)
    decision: Mapped[str] = col(String(10), default="pending", sensitivity=INTERNAL)
    decided_by_id: Mapped[int | None] = by_user()
    decided_at: Mapped[datetime | None] = col()
    decision_note: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    student: Mapped[Student] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])


NOTICE_STATES = tuple(NoticeState)
# A notice no longer waiting for anyone: withdrawn after an objection, or because a newer
# roster of its term no longer lists the student (publication.drop).
CLOSED = ("withdrawn", "dropped")


class Notice(db.Model):
    """学业警示通知书: one per student of a published roster, confirmed or objected to."""

    __tablename__ = "warnings_notice"
    __table_args__ = (
        Index("ix_warnings_notice_run_student_kind", "run_id", "student_id", "kind", unique=True),
    )
    id: Mapped[int] = col(primary_key=True)
    run_id: Mapped[int] = col(ForeignKey("warnings_run.id", ondelete="CASCADE"))
    student_id: Mapped[int] = part_of("core_student")
    # "warning" (one notice for every category), or USTL's two: "standing" (降级、退学警示
    # 通知书) and "degree" (学位警示通知书).
    kind: Mapped[str] = col(String(12), default="warning", sensitivity=PUBLIC)
    created_at: Mapped[datetime] = col(default=utcnow)
    state: Mapped[str] = col(String(10), default="pending", sensitivity=PERSONAL)
    confirmed_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    confirmed_by_id: Mapped[int | None] = by_user()
    objection: Mapped[str | None] = col(Text, sensitivity=SENSITIVE)
    objected_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    answer: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    answered_by_id: Mapped[int | None] = by_user()
    answered_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    # How the parent copy went out and when its receipt (家长回执) came back.
    parent_method: Mapped[str | None] = col(String(20), sensitivity=PERSONAL)
    parent_reference: Mapped[str | None] = col(String(60), sensitivity=PERSONAL)
    parent_sent_on: Mapped[date | None] = col(sensitivity=PERSONAL)
    receipt_returned_on: Mapped[date | None] = col(sensitivity=PERSONAL)
    parent_remarks: Mapped[str | None] = col(Text, sensitivity=SENSITIVE)
    run: Mapped[Run] = relationship()
    student: Mapped[Student] = relationship()
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def closed(self) -> bool:
        """Withdrawn (CLOSED): a record of what was said, nothing more to do, send or sign."""
        return self.state in CLOSED

    @property
    def objection_outcome(self) -> str | None:
        """What the secretary answered to the student's objection, upheld or withdrawn (a
        notice confirmed after an upheld answer stays upheld), or settled by a corrected
        roster that dropped the notice while the objection waited (no answer's text: an
        answer always has one); None before an answer, and while a new objection waits."""
        if self.answered_at is None or self.state == "objected":
            return None
        if self.state == "dropped" and self.answer is None:
            return "settled"
        return "withdrawn" if self.state == "withdrawn" else "upheld"


class Lift(db.Model):
    """A proposed lifting (解除) of a published warning; the secretary confirms it."""

    __tablename__ = "warnings_lift"
    id: Mapped[int] = col(primary_key=True)
    warning_id: Mapped[int] = col(
        ForeignKey("warnings_warning.id", ondelete="CASCADE"), unique=True
    )
    proposed_in_run_id: Mapped[int] = col(ForeignKey("warnings_run.id", ondelete="CASCADE"))
    reason: Mapped[str] = col(String(12), sensitivity=PERSONAL)  # not_warned | rule | removed
    # What held, like a warning's "why": {"rule": "outstanding_failed_credits < 6",
    # "outstanding_failed_credits": "4", "term": "2024-2025-2"} (warning-rules.md §6).
    detail: Mapped[dict | None] = col(JSON, sensitivity=PERSONAL)
    created_at: Mapped[datetime] = col(default=utcnow)
    confirmed_at: Mapped[datetime | None] = col(sensitivity=PERSONAL)
    confirmed_by_id: Mapped[int | None] = by_user()
    warning: Mapped[Warning] = relationship()


class StoredAnswer(db.Model):
    """A standing answer the review reads (a term's warned students and their outcomes), as
    computed for one state of the database: kept here so every app host reads what one
    computed, keyed by that state's fingerprint (cohort.py), never by process memory alone.
    Only the current fingerprint's answers are kept."""

    __tablename__ = "warnings_stored_answer"
    __audit__ = False  # a cache of what the rosters say: they are audited
    __table_args__ = {"info": {"cache": True}}  # written by page reads, not by a user's act
    key: Mapped[str] = col(String(64), primary_key=True)  # sha256 of the question and state
    fingerprint: Mapped[str] = col(String(64), index=True)  # sha256 of the state
    created_at: Mapped[datetime] = col(default=utcnow)
    payload: Mapped[bytes] = col(LargeBinary, sensitivity=PERSONAL)  # zlib-compressed JSON
