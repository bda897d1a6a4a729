"""Every preset over a term history, down to the conversion rate the review shows
(warning-rules.md §6: lifted ÷ (warned − pending − graduated − suspended)): shaoxing and
guangxi have no lifting rule (a warning ends at the first evaluation that no longer warns),
lanzhou and liaoning have one; each with a student lifted, one the same and one worse."""

from fractions import Fraction

from sqlalchemy import true

from portal.core.models import Term

from .test_standing_state import _fail

T1, T2 = "2024-2025-1", "2024-2025-2"


def _rate(app, db, term_code: str):
    from portal.modules.review import figures

    term = db.session.query(Term).filter_by(code=term_code).one()
    with app.test_request_context():
        review = figures.build([term], true())
    return review.total.conversion, dict(review.total.outcomes)


def _three(term_history, grades, code, first, t1=T1, t2=T2):
    """Three students failing `first` credits in t1 (next to 20 passed ones), published."""
    college = term_history.college(code)
    students = [term_history.student(college) for _ in range(3)]
    for student in students:
        _fail(grades, student, t1, first)
        grades(student, t1, [("B", 20, 90, "regular")])
    term_history.publish(college, t1)
    return college, students


def test_shaoxing_lifted_same_and_escalated_and_its_rate(term_history, grades, app, db):
    college, (better, same, worse) = _three(term_history, grades, "shaoxing", [12])
    assert {term_history.standing(T1)[(s.id, "difficulty")][0] for s in (better, same, worse)} == {
        "level1"
    }
    grades(better, T2, [("F0", 12, 80, "retake"), ("C", 4, 90, "regular")])  # 0 outstanding
    grades(same, T2, [("C", 2, 90, "regular")])  # still 12
    _fail(grades, worse, T2, [5], prefix="G")  # 17: 二级帮扶
    grades(worse, T2, [("C", 10, 90, "regular")])
    term_history.publish(college, T2)
    now = term_history.standing(T2)
    assert now[(better.id, "difficulty")][1] == "lifting_proposed"
    assert now[(same.id, "difficulty")] == ("level1", "warned", T1)
    assert now[(worse.id, "difficulty")] == ("level2", "warned", T1)
    assert {sid: outcome for (sid, _c), (outcome, _t) in term_history.outcomes(T1).items()} == {
        better.id: "lifted",
        same.id: "same",
        worse.id: "escalated",
    }
    assert _rate(app, db, T1) == (Fraction(1, 3), {"lifted": 1, "same": 1, "escalated": 1})


def test_guangxi_warning_to_probation_and_lifted_and_its_rate(term_history, grades, app, db):
    college, (better, same, worse) = _three(term_history, grades, "guangxi", [10])
    grades(better, T2, [("F0", 10, 80, "retake"), ("C", 4, 90, "regular")])
    grades(same, T2, [("C", 2, 90, "regular")])
    _fail(grades, worse, T2, [16], prefix="G")  # 26: 试读
    term_history.publish(college, T2)
    now = term_history.standing(T2)
    assert now[(better.id, "academic")][1] == "lifting_proposed"
    assert now[(same.id, "academic")] == ("warning", "warned", T1)
    assert now[(worse.id, "academic")] == ("probation", "warned", T1)
    assert _rate(app, db, T1) == (Fraction(1, 3), {"lifted": 1, "same": 1, "escalated": 1})


def test_lanzhou_rate_counts_the_rule_not_the_next_roster(term_history, grades, app, db):
    college, (better, same, eased) = _three(term_history, grades, "lanzhou", [4, 4])  # 书面
    grades(better, T2, [("F0", 4, 80, "retake"), ("C", 2, 90, "regular")])  # 4: lifted
    grades(same, T2, [("C", 2, 90, "regular")])  # 8, not warned by term 2's roster: same
    _fail(grades, eased, T2, [2], prefix="G")  # one failed course: 口头警示, a milder level
    grades(eased, T2, [("C", 10, 90, "regular")])
    term_history.publish(college, T2)
    assert _rate(app, db, T1) == (Fraction(1, 3), {"lifted": 1, "same": 1, "eased": 1})


def test_liaoning_rate_over_years(term_history, grades, app, db):
    y1, y2 = "2023-2024-2", "2024-2025-2"
    college, (better, same, worse) = _three(
        term_history, grades, "liaoning", [11, 11], t1=y1, t2=y2
    )
    grades(better, y2, [("F0", 11, 80, "retake"), ("C", 2, 90, "regular")])  # 11: lifted
    _fail(grades, same, y2, [13], prefix="G")  # 35: not lifted, the same warning
    _fail(grades, worse, y2, [23], prefix="G")  # 45: 退学警示
    term_history.publish(college, y2)
    conversion, outcomes = _rate(app, db, y1)
    assert conversion == Fraction(1, 3)
    assert outcomes == {"lifted": 1, "same": 1, "escalated": 1}
