"""What a reviewer has to do, and how far each class has come."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.core import clock, standing
from portal.core.access import scope_of
from portal.core.models import Student
from portal.extensions import db

from .models import Plan
from .reviewers import reviewer_role, setting_of

REVIEWER_ROLES = ("class_advisor", "mentor")
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
    grants = [g for g in user.grants if g.role in REVIEWER_ROLES]
    if not grants:
        return Queue()
    scope = scope_of(grants, user)
    roles = {g.role for g in grants}
    warned = standing.current(scope)
    plans = {
        p.student_id: p
        for p in db.session.scalars(
            select(Plan)
            .join(Plan.student)
            .where(scope, Plan.reviewer_role.in_(roles))
            .options(
                selectinload(Plan.student).selectinload(Student.school_class),
                selectinload(Plan.versions),
            )
        )
        if p.student_id not in warned or p.period_start == _start(warned[p.student_id])
    }
    queue = Queue()
    for plan in sorted(plans.values(), key=lambda p: p.updated_at):
        if plan.status in ("submitted", "reported"):
            queue.waiting.append(plan)
        elif plan.status == "returned":
            queue.returned.append(plan)
    queue.missing = _missing(warned, plans, roles)
    return queue


def _start(held):
    return min(s.since for s in held)


def _missing(warned: dict, plans: dict, roles: set[str]) -> list:
    """Warned students, reviewed in one of these roles, with nothing submitted after N days:
    (student, the day it was due, whether that day has passed)."""
    late = [
        sid for sid, held in warned.items() if (sid not in plans or plans[sid].status == "draft")
    ]
    if not late:
        return []
    today = clock.today()
    found = []
    for student in db.session.scalars(
        select(Student).where(Student.id.in_(late)).order_by(Student.student_no)
    ):
        due = _start(warned[student.id]) + timedelta(days=setting_of(student.college_id).due_days)
        if due <= today and reviewer_role(student) in roles:
            found.append((student, due, due < today))
    return found


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
