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
    """The latest attempt of each course decides; failed ones, in the order first taken."""
    latest: dict[str, tuple[str, Decimal, bool]] = {}
    for code, name, credits, passed in db.session.execute(
        select(
            GradeRecord.course_code,
            GradeRecord.course_name,
            GradeRecord.credits,
            GradeRecord.passed,
        )
        .join(Term)
        .where(GradeRecord.student_id == student_id)
        .order_by(Term.start_year, Term.n, GradeRecord.id)
    ):
        latest[code] = (name, credits, passed)
    return [
        Outstanding(code, name, credits)
        for code, (name, credits, passed) in latest.items()
        if not passed
    ]
