"""What a pairing may work on for a mentee: the courses they failed and have not passed
since, and the courses they take this term. A student warned for a falling GPA, absences or
a long course of study (warning-rules.md) may have failed nothing. The policies are silent
on what such a pairing names (gxu 附件2 asks for 学业困难原因 and 帮扶计划, no course list; gxu
第三条 wants help aimed at the root of the difficulty), so we offer what a college's staff
would reach for: this term's courses, or a subject or topic the counselor types (学习方法, a
course's basics). The volunteer sees only what the pairing names (workflows.md: a volunteer
"sees only what pairing needs of a mentee"), never why a course was offered."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.core import clock, teaching
from portal.core.binder import current_code, term_of
from portal.core.models import GradeRecord, Student
from portal.core.transcript import outstanding_failures
from portal.extensions import db


@dataclass(frozen=True)
class Offered:
    name: str
    failed: bool  # failed and not passed since; else taken this term


def offered_for(student: Student) -> list[Offered]:
    """The courses a pairing may name for the student: failed ones first, in the order first
    taken, then this term's (the class's course roster, 教学任务, and the student's own grades
    of the term), each once."""
    found = {c.name: Offered(c.name, True) for c in outstanding_failures(student.id)}
    for name in this_terms_courses(student):
        found.setdefault(name, Offered(name, False))
    return list(found.values())


def this_terms_courses(student: Student) -> list[str]:
    """The courses the student takes in the term under way, by name, sorted."""
    term = term_of(current_code(clock.today()))
    if term is None or term.id is None:
        return []
    roster = {
        row.course_name
        for row in teaching.teachings(student.college_id, term.id)
        if row.class_id == student.class_id
    }
    graded = db.session.scalars(
        select(GradeRecord.course_name).where(
            GradeRecord.student_id == student.id, GradeRecord.term_id == term.id
        )
    )
    return sorted(roster | set(graded))


def chosen(ticked: list[str], topic: str | None) -> list[str]:
    """What the pairing works on: the ticked courses, then the typed subject or topic."""
    typed = (topic or "").strip()
    return list(dict.fromkeys([*ticked, *([typed] if typed else [])]))
