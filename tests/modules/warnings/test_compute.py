"""Computing runs: who is warned, at which level, and what changed since the last run."""

import pytest

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import ComputeError, compute_run
from portal.modules.warnings.models import DroppedWarning, Warning


def warned(db, run):
    return {
        (w.student_id, w.category): w.level
        for w in db.session.query(Warning).filter_by(run_id=run.id)
    }


@pytest.fixture
def cohort(make, grades, db):
    """Four students of one class in 2024-2025-1 under anshan, 20 credits each."""
    school_class = make.school_class()
    good, yellow, orange, red = (make.student(school_class) for _ in range(4))
    for student, failed_credits in ((good, 0), (yellow, 1), (orange, 3), (red, 5)):
        rows = [("A", 20 - failed_credits, 90, "regular")]
        if failed_credits:
            rows.append(("B", failed_credits, 50, "regular"))
        grades(student, "2024-2025-1", rows)
    return school_class, good, yellow, orange, red


def test_anshan_levels_follow_the_failed_credit_ratio(db, cohort, make):
    _class, good, yellow, orange, red = cohort
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"))
    assert warned(db, run) == {
        (yellow.id, "academic"): "yellow",
        (orange.id, "academic"): "orange",
        (red.id, "academic"): "red",
    }
    assert run.evaluated == 4


def test_each_warning_records_the_conditions_that_fired(db, cohort, make):
    _class, _good, yellow, _orange, _red = cohort
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"))
    warning = db.session.query(Warning).filter_by(run_id=run.id, student_id=yellow.id).one()
    assert warning.fired == [
        {"metric": "term_failed_ratio", "op": ">=", "threshold": "0.05", "value": "1/20"}
    ]
    assert warning.metrics["term_credits"] == "20"


def test_a_new_run_shows_what_changed(db, cohort, make, grades):
    _class, good, yellow, orange, red = cohort
    term = make.term("2024-2025-1")
    compute_run(term, rulesets.load("anshan"))
    grades(red, "2024-2025-1", [("B", 5, 70, "makeup")])  # red passes the make-up
    grades(good, "2024-2025-1", [("C", 2, 40, "regular")])  # good now fails 2 of 22
    second = compute_run(term, rulesets.load("anshan"))
    changes = {
        w.student_id: w.change for w in db.session.query(Warning).filter_by(run_id=second.id)
    }
    assert changes == {good.id: "new", yellow.id: "same", orange.id: "same"}
    dropped = db.session.query(DroppedWarning).filter_by(run_id=second.id).all()
    assert [(d.student_id, d.level) for d in dropped] == [(red.id, "red")]


def test_summer_terms_are_refused(make):
    with pytest.raises(ComputeError):
        compute_run(make.term("2024-2025-3"), rulesets.load("anshan"))


def test_liaoning_on_a_first_term_gives_an_empty_roster_and_says_why(db, cohort, make):
    run = compute_run(make.term("2024-2025-1"), rulesets.load("liaoning"))
    assert warned(db, run) == {} and run.skip_reason


def test_college_run_covers_only_that_college(db, cohort, make, grades):
    school_class = cohort[0]
    other = make.student(make.school_class())
    grades(other, "2024-2025-1", [("A", 2, 10, "regular")])
    run = compute_run(
        make.term("2024-2025-1"), rulesets.load("anshan"), college_id=school_class.major.college_id
    )
    assert other.id not in {s for s, _c in warned(db, run)}
