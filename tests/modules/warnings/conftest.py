"""Warnings fixtures: students with hand-made grade records."""

from decimal import Decimal

import pytest

from portal.core.models import GradeRecord


@pytest.fixture
def grades(make, db):
    """`grades(student, term_code, [(course, credits, score, kind), ...])`."""

    def add(student, term_code, attempts):
        term = make.term(term_code)
        for course, credits, score, kind in attempts:
            absent = score == "旷考"
            value = Decimal(0) if absent else Decimal(score)
            db.session.add(GradeRecord(
                student_id=student.id, term_id=term.id, course_code=course,
                course_name=f"课程{course}", credits=Decimal(credits), kind=kind, score=value,
                score_text=str(score), passed=not absent and value >= 60, absent=absent))
        db.session.flush()
        return term

    return add
