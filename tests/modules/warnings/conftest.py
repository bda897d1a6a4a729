"""Warnings fixtures: students with hand-made grade records."""

import pytest

from portal.core.models import GradeRecord


@pytest.fixture
def grades(make, db):
    """`grades(student, term_code, [(course, credits, score, kind), ...])`."""

    def add(student, term_code, attempts):
        term = make.term(term_code)
        for course, credits, score, kind in attempts:
            absent = score == "旷考"
            recorded = dict(kind=kind, absent=absent, score_text=str(score))  # 旷考 scores 0
            make.grade(student, term, course, credits, 0 if absent else score, **recorded)
        return term

    return add


@pytest.fixture
def published(make, grades, db):
    """A college's published anshan roster of two warned students of one class, with their
    notices, the secretary, a counselor and the students' accounts."""
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.lifecycle import transition
    from portal.modules.warnings.models import Notice

    college = make.college("通知学院")
    school_class = make.school_class(make.major(college), "通知1班")
    first, second = (
        make.student(school_class, name="甲同学"),
        make.student(school_class, name="乙同学"),
    )
    for student in (first, second):
        grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    secretary = make.user("NT1", role="secretary", scope=college)
    transition(run, "submit", user_id=secretary.id)
    transition(run, "approve", user_id=make.user("NT2", role="leader", scope=college).id)
    db.session.flush()
    notices = {n.student_id: n for n in db.session.query(Notice).filter_by(run_id=run.id)}
    return dict(
        run=run,
        first=first,
        second=second,
        secretary=secretary,
        notices=notices,
        counselor=make.user("NT3", role="counselor", scope=school_class),
        first_user=make.student_user(first),
        second_user=make.student_user(second),
    )


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
    user = make.student_user(student)
    return dict(student=student, run=run, secretary=secretary, college=college, user=user)


@pytest.fixture
def term_history(app, make, db):
    """`publish(college, term_code)`: compute with the college's ruleset, submit, approve;
    `standing(term_code)` and `outcomes(term_code)` as the standing walk answers them."""
    from sqlalchemy import true

    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.lifecycle import transition
    from portal.modules.warnings.outcomes import cohort_rows
    from portal.modules.warnings.standing import build

    class History:
        def college(self, code):
            college = make.college()
            rulesets.assign(college, code)
            college.school_class = make.school_class(make.major(college))
            return college

        def student(self, college, **kw):
            return make.student(college.school_class, **kw)

        def publish(self, college, term_code):
            user = make.user(role="secretary", scope=college)
            with app.test_request_context():
                run = compute_run(
                    make.term(term_code),
                    rulesets.load(rulesets.college_ruleset_code(college.id)),
                    college_id=college.id,
                )
                transition(run, "submit", user_id=user.id)
                transition(run, "approve", user_id=user.id)
                db.session.flush()
            return run

        def standing(self, term_code):
            """{(student id, category): (level, state, since)} at the term."""
            term = make.term(term_code)
            with app.test_request_context():
                data = build(true())
            found = {}
            for college in data.colleges.values():
                for (sid, category), held in college.standing_at(term.id).items():
                    found[(sid, category)] = (
                        held.level,
                        held.state,
                        data.terms[held.since_term].code,
                    )
            return found

        def outcomes(self, term_code):
            """{(student id, category): (outcome, next(T))} of the warnings at the term."""
            with app.test_request_context():
                rows = cohort_rows(make.term(term_code).id, true())
            return {(r.student_id, r.category): (r.outcome, r.judged_term) for r in rows}

    return History()
