"""The first day a record of support for a student may carry (a talk, a parent contact, a
group meeting the student is listed at): support begins with the warning. A talk dated
2020-01-01 with a student warned in June 2026 was saved as 第 1 次谈话, moved the number of
every later talk and asked the student to confirm a talk from before they were warned.

- A warned student: the day their warning began, the earliest `since` of their current
  standings (a warning lasts across terms until it is lifted: standing.py).
- A student not warned (a counselor or class advisor talks with any student of theirs; a
  course teacher only with a warned one: access.writes_about): the first day of the term
  under way.
- Never before the student's enrolment: the first day of the first term of their year of
  entry, when it is known.

A record already saved keeps its day through an edit (one made during an earlier warning,
since lifted): only a day earlier than both the floor and the saved one is refused.
`happened.HappenedOn` still refuses a mistyped year and a day still to come."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from flask_babel import format_date
from wtforms import ValidationError

from . import binder, clock, standing
from .i18n import _
from .memo import per_request
from .models import Student


@dataclass(frozen=True)
class Floor:
    day: date
    why: str  # warning | term | enrolment
    name: str  # the student's
    named: bool = False  # say whose floor it is (a group meeting's)

    def refusal(self, label) -> str:
        """Why a day before this floor, posted as the field `label`, is refused."""
        return _(
            "“%(field)s” cannot be before %(day)s (%(why)s).",
            field=str(label),
            day=format_date(self.day, "short"),
            why=self._why(),
        )

    def _why(self) -> str:
        """Why the floor is where it is; whose, for a record about several students."""
        if self.why == "warning" and self.named:
            return _("the day %(name)s's warning began", name=self.name)
        if self.why == "warning":
            return _("the day the warning began")
        if self.why == "enrolment" and self.named:
            return _("%(name)s's enrolment", name=self.name)
        if self.why == "enrolment":
            return _("the student's enrolment")
        return _("the first day of the term under way")


def of_student(student: Student, *, kept: date | None = None) -> Floor:
    """The floor of a record about `student`; `kept`, the day it is saved with (an edit)."""
    return floors([student], kept={student.id: kept} if kept else None)[student.id]


def floors(students: Iterable[Student], *, kept: dict[int, date] | None = None):
    """Student id -> the floor of a record about them (one question to the standing
    provider); `kept`, the day a saved record is dated, per student it already names."""
    students = list(students)
    if len(students) == 1:  # as the form's page asks (level_label): answered once
        warned = {students[0].id: standing.of_student(students[0].id)}
    else:
        warned = standing.current(Student.id.in_([s.id for s in students])) if students else {}
    found = {}
    for student in students:
        standings = warned.get(student.id)
        if standings:
            floor = Floor(min(s.since for s in standings), "warning", student.name)
        else:
            floor = Floor(term_start(clock.today()), "term", student.name)
        enrolled = _enrolment(student)
        if enrolled and enrolled > floor.day:
            floor = Floor(enrolled, "enrolment", student.name)
        saved = (kept or {}).get(student.id)
        found[student.id] = replace(floor, day=saved) if saved and saved < floor.day else floor
    return found


def latest(floors: Iterable[Floor | None]) -> Floor | None:
    """The floor of a record about several students (a group meeting): the latest of
    theirs, naming whose it is; None for nobody."""
    found = [f for f in floors if f is not None]
    return replace(max(found, key=lambda f: f.day), named=True) if found else None


def term_start(today: date) -> date:
    """The first day of the regular term under way: the administrator's when entered, else
    the usual calendar's (term_dates.usual_span); in the break before a term whose first
    day is still to come, the term just ended."""
    year = today.year if today.month >= 9 else today.year - 1
    n = 2 if 3 <= today.month <= 8 else 1
    start = _first_day(year, n)
    if start <= today:
        return start
    return _first_day(year, 1) if n == 2 else _first_day(year - 1, 2)


def _enrolment(student: Student) -> date | None:
    return _first_day(student.grade_year, 1) if student.grade_year else None


def _first_day(start_year: int, n: int) -> date:
    def read():
        return binder.first_day(binder.term_of(f"{start_year}-{start_year + 1}-{n}"))

    return per_request("term_first_day", (start_year, n), read)


class NotBeforeSupport:
    """A form's date of a record of support: not before `form.floor` (a `Floor` the view
    sets; None checks nothing). Said once: a day already refused (a mistyped year) is not
    refused twice."""

    def __call__(self, form, field):
        floor = getattr(form, "floor", None)
        if field.errors or field.data is None or floor is None:
            return
        if field.data < floor.day:
            raise ValidationError(floor.refusal(field.label.text))
