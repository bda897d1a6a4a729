"""The roster's metrics come from SQL aggregates on integers (issue 21): the same exact
values, for every student, as the reference computation of portal.core.metrics over the
same attempts (warning-rules.md §2), in edge cases too."""

import random
from decimal import Decimal

import pytest

from portal.core.metrics import compute_term
from portal.core.models import GradeRecord
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import attempts, student_metrics

TERMS = ("2022-2023-1", "2022-2023-2", "2022-2023-3", "2023-2024-1", "2023-2024-2", "2024-2025-1")
CREDITS = ("0.5", "1", "1.5", "2", "2.5", "3", "4", "0.25")


def _attempt(db, student, term, course, kind, rng, credits=None, **values):
    score = Decimal(rng.choice(("95", "89.5", "85", "78", "67", "60", "59.5", "45", "0")))
    fields = dict(
        score=score,
        passed=score >= 60,
        absent=rng.random() < 0.05,
        ignored=rng.random() < 0.03,
        degree_course=rng.random() < 0.4,
        grade_point=Decimal(rng.choice(("3.70", "1.00", "0"))) if rng.random() < 0.1 else None,
    )
    fields.update(values)
    db.session.add(
        GradeRecord(
            student_id=student.id,
            term_id=term.id,
            course_code=course,
            course_name=course,
            credits=Decimal(credits or rng.choice(CREDITS)),
            kind=kind,
            score_text=str(score),
            **fields,
        )
    )


@pytest.fixture
def school(db, make):
    """Forty students with random histories over six terms (a summer term among them):
    make-ups, retakes, repeated courses, given grade points, ignored attempts; a few with
    0-credit courses."""
    rng = random.Random(21)
    terms = [make.term(code) for code in TERMS]
    school_class = make.school_class()
    for s in range(40):
        student = make.student(school_class)
        for term in rng.sample(terms, rng.randint(1, len(terms))):
            for c in rng.sample(range(12), rng.randint(1, 6)):
                course = f"K{c}"
                _attempt(
                    db,
                    student,
                    term,
                    course,
                    "regular",
                    rng,
                    credits="0" if s % 13 == 0 and c == 3 else None,
                )
                if rng.random() < 0.3:
                    _attempt(db, student, term, course, rng.choice(("makeup", "retake")), rng)
        if s % 7 == 0:  # only a make-up in some term: credits from the earliest attempt
            _attempt(db, student, terms[0], "M1", "makeup", rng, credits="2", passed=False)
            _attempt(db, student, terms[0], "M1", "retake", rng, credits="3", passed=False)
    db.session.flush()
    return terms


def _reference(term, scale):
    return compute_term(attempts(term), term.key, scale=scale)


@pytest.mark.parametrize("code", ["anshan", "shaoxing"])
@pytest.mark.parametrize("term_code", ["2023-2024-1", "2023-2024-2", "2024-2025-1"])
def test_metrics_match_the_reference_computation(db, school, make, code, term_code):
    term = make.term(term_code)
    ruleset = rulesets.load(code)
    ruleset = (
        ruleset
        if code == "anshan"
        else ruleset.__class__(**{**ruleset.__dict__, "scale": "standard4"})
    )
    expected = _reference(term, ruleset.scale)
    assert expected  # the fixture gives students to evaluate
    assert student_metrics(term, ruleset) == expected


def test_a_student_failing_every_attempt_counts_the_course_credits_once(db, make, grades):
    student = make.student(make.school_class())
    grades(student, "2023-2024-2", [("A", 3, 40, "regular"), ("A", 3, 50, "makeup")])
    grades(
        student,
        "2024-2025-1",
        [("A", 2, 45, "regular"), ("B", 4, 30, "regular"), ("B", 4, 55, "makeup")],
    )
    term = make.term("2024-2025-1")
    metrics = student_metrics(term, rulesets.load("anshan"))[student.id]
    assert metrics == _reference(term, "linear5")[student.id]
    assert (metrics.outstanding_failed_credits, metrics.term_failed_courses) == (6, 2)
