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


@pytest.fixture
def liaoning(make, grades, db):
    """A liaoning college's published roster warning one student twice: 22 credits outstanding
    (降级 warning) and a degree-course GPA below 1.6 (学位 warning), so two notice kinds."""
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.lifecycle import transition

    college = make.college("辽宁学院")
    rulesets.assign(college, "liaoning")
    student = make.student(make.school_class(make.major(college)), name="两单同学")
    grades(student, "2024-2025-1", [("A", 12, 30, "regular"), ("B", 4, 90, "regular")])
    grades(student, "2024-2025-2", [("C", 10, 40, "regular"), ("D", 2, 95, "regular")])
    for record in db.session.query(GradeRecord).filter_by(student_id=student.id):
        record.degree_course = True
    run = compute_run(make.term("2024-2025-2"), rulesets.load("liaoning"), college_id=college.id)
    secretary = make.user(role="secretary", scope=college)
    transition(run, "submit", user_id=secretary.id)
    transition(run, "approve", user_id=make.user(role="leader", scope=college).id)
    db.session.flush()
    return dict(student=student, run=run, secretary=secretary, college=college,
                user=make.student_user(student))
