"""What a reviewer has to do, and how far each class has come."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.core import clock, standing
from portal.core.access import scope_of
from portal.core.memo import per_request
from portal.core.models import Student
from portal.extensions import db

from .models import Plan
from .reviewers import REVIEWER_ROLES, reviewer_role, reviewers_of, setting_of

SUBMITTED = ("submitted", "returned", "signed", "reported", "closed")


@dataclass
class Queue:
    waiting: list = field(default_factory=list)  # submitted plans and term-end reports
    returned: list = field(default_factory=list)  # sent back, not yet resubmitted
    missing: list = field(default_factory=list)  # warned students without a plan in time

    @property
    def total(self) -> int:
        return len(self.waiting) + len(self.returned) + len(self.missing)


def for_reviewer(user) -> Queue:
    """The plans whose reviewer the user is now (`reviewers_of`, down the chain: a counselor
    where the class has no class advisor), once a request (the widget and its `when`)."""
    return per_request("plan_queue", user.id, lambda: _queue(user))


def _queue(user) -> Queue:
    grants = [g for g in user.grants if g.role in REVIEWER_ROLES]
    if not grants:
        return Queue()
    scope = scope_of(grants, user)
    warned = standing.current(scope)
    plans = {
        p.student_id: p
        for p in db.session.scalars(
            select(Plan)
            .join(Plan.student)
            .where(scope)
            .options(
                selectinload(Plan.student).selectinload(Student.school_class),
                selectinload(Plan.versions),
            )
        )
        if p.student_id not in warned or p.period_start == _start(warned[p.student_id])
    }
    reviewers = reviewers_of(
        [p.student for p in plans.values()], {sid: p.reviewer_role for sid, p in plans.items()}
    )
    mine = {sid: p for sid, p in plans.items() if user.id in reviewers[sid].ids}
    queue = Queue()
    for plan in sorted(mine.values(), key=lambda p: p.updated_at):
        if plan.status in ("submitted", "reported"):
            queue.waiting.append(plan)
        elif plan.status == "returned":
            queue.returned.append(plan)
    queue.missing = _missing(warned, plans, user)
    return queue


def unreviewable(scope) -> list:
    """Plans waiting (submitted, or reported on) that nobody in the portal can review: no
    role of their chain is held over the student. The college's secretary arranges one; a
    plan whose last reviewer left while it waited shows here too (its secretary was told:
    `handover`)."""
    waiting = list(
        db.session.scalars(
            select(Plan)
            .join(Plan.student)
            .where(scope, Plan.status.in_(("submitted", "reported")))
            .options(selectinload(Plan.student).selectinload(Student.school_class))
            .order_by(Plan.updated_at)
        )
    )
    found = reviewers_of(
        [p.student for p in waiting], {p.student_id: p.reviewer_role for p in waiting}
    )
    return [p for p in waiting if found[p.student_id].nobody]


def reviews_any(user) -> bool:
    """The plans widget's `when`: a class advisor or mentor always has it; a counselor
    while some plan of their students is theirs to review (no class advisor there)."""
    if any(g.role in ("class_advisor", "mentor") for g in user.grants):
        return True
    return bool(for_reviewer(user).total)


def _start(held):
    return min(s.since for s in held)


def _missing(warned: dict, plans: dict, user) -> list:
    """Warned students whose plan the user reviews, with nothing submitted after N days:
    (student, the day it was due, whether that day has passed)."""
    late = [
        sid for sid, held in warned.items() if (sid not in plans or plans[sid].status == "draft")
    ]
    if not late:
        return []
    today = clock.today()
    due = {}
    for student in db.session.scalars(
        select(Student).where(Student.id.in_(late)).order_by(Student.student_no)
    ):
        day = _start(warned[student.id]) + timedelta(days=setting_of(student.college_id).due_days)
        if day <= today:
            due[student] = day
    intended = {s.id: plans[s.id].reviewer_role if s.id in plans else reviewer_role(s) for s in due}
    reviewers = reviewers_of(list(due), intended)
    return [
        (student, day, day < today)
        for student, day in due.items()
        if user.id in reviewers[student.id].ids
    ]


@dataclass
class ClassRow:
    school_class: object
    warned: int = 0
    submitted: int = 0
    signed: int = 0
    reported: int = 0


def completion(scope) -> list[ClassRow]:
    """Per class: warned students, and how many plans were submitted, signed, reported on."""
    warned = standing.current(scope)
    plans = {
        p.student_id: p
        for p in db.session.scalars(select(Plan).where(Plan.student_id.in_(warned)))
        if p.period_start == _start(warned[p.student_id])
    }
    rows: dict[int, ClassRow] = {}
    for student in db.session.scalars(
        select(Student).where(Student.id.in_(warned)).options(selectinload(Student.school_class))
    ):
        row = rows.setdefault(student.class_id, ClassRow(student.school_class))
        row.warned += 1
        status = plans[student.id].status if student.id in plans else "none"
        row.submitted += status in SUBMITTED
        row.signed += status in ("signed", "reported", "closed")
        row.reported += status in ("reported", "closed")
    return sorted(rows.values(), key=lambda r: r.school_class.name)
