"""Attendance import (考勤): unexcused absence hours (旷课学时); a student's rows in a term add up."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select

from ..extensions import db
from . import cells
from .grades_import import (
    STUDENT_TERM_COLUMNS,
    _decimal,
    _RowReader,
    known_students,
    terms_by_code,
)
from .i18n import _l
from .importing import ImportKind, write_merged
from .models import Attendance
from .xlsx import RowError

COLUMNS = {**STUDENT_TERM_COLUMNS, "absence_hours": ("旷课学时", "absence_hours")}
REQUIRED = ("student_no", ("term", ("academic_year", "semester")), "absence_hours")


def _absence_hours(value) -> Fraction:
    try:
        number = Fraction(str(value).strip()) if not cells.is_blank(value) else Fraction(0)
    except (ValueError, ZeroDivisionError):
        raise cells.CellError(
            _l("Absence hours must be a number, not “%(value)s”", value=str(value)[:40])
        ) from None
    if not 0 <= number <= 1000:
        raise cells.CellError(_l("Absence hours must be between 0 and 1000"))
    return number


def parse(rows, headers, scope) -> tuple[dict, list[RowError]]:
    students = known_students(scope)
    totals: dict[tuple, Fraction] = defaultdict(Fraction)
    errors: list[RowError] = []
    for row in rows:
        reader = _RowReader(row, headers)
        number = reader.student(students)
        term = reader.term()
        hours = reader.get("absence_hours", _absence_hours)
        errors += reader.errors
        if not reader.errors:
            totals[(students[number], term)] += hours
    return dict(totals), errors


def write(totals: dict) -> tuple[int, int, int]:
    term_ids = terms_by_code({term for _student, term in totals})
    stored = {
        (r.student_id, r.term_id): (r.id, r.absence_hours)
        for r in db.session.execute(
            select(
                Attendance.id, Attendance.student_id, Attendance.term_id, Attendance.absence_hours
            ).where(Attendance.term_id.in_(set(term_ids.values())))
        )
    }
    wanted = {
        (student_id, term_ids[term]): _decimal(hours)
        for (student_id, term), hours in totals.items()
    }
    return write_merged(
        Attendance,
        wanted,
        stored,
        new_row=lambda key, value: {
            "student_id": key[0],
            "term_id": key[1],
            "absence_hours": value,
        },
        changes=lambda value: {"absence_hours": value},
        same=lambda saved, value: Decimal(saved).quantize(value) == value,
    )


KIND = ImportKind.here(
    __name__,
    name="attendance",
    label=_l("Attendance"),
    permission="grades.import",
)
