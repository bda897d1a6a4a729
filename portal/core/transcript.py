"""What a student still has to clear: courses failed and not passed since."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from .models import GradeRecord, Term


@dataclass(frozen=True)
class Outstanding:
    code: str
    name: str
    credits: Decimal


def outstanding_failures(student_id: int) -> list[Outstanding]:
    """Each course attempted and not passed at any attempt, in the order first taken, as
    `outstanding_failed_credits` counts it (warning-rules.md §3: passed once any attempt
    passed; a later failed attempt, 重修提高, does not undo it). An ignored attempt (缓考,
    免修) does not count."""
    courses: dict[str, tuple[str, Decimal]] = {}
    passed: set[str] = set()
    for code, name, credits, ok in db.session.execute(
        select(
            GradeRecord.course_code,
            GradeRecord.course_name,
            GradeRecord.credits,
            GradeRecord.passed,
        )
        .join(Term)
        .where(GradeRecord.student_id == student_id, GradeRecord.ignored.is_(False))
        .order_by(Term.start_year, Term.n, GradeRecord.id)
    ):
        courses[code] = (name, credits)
        if ok:
            passed.add(code)
    return [
        Outstanding(code, name, credits)
        for code, (name, credits) in courses.items()
        if code not in passed
    ]
