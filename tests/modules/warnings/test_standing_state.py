"""Standing as a state (warning-rules.md §6), per preset, over term histories: carried until
the ruleset's lifting rule holds, lifted when an evaluation no longer warns (no rule),
kept when not evaluated, paused when suspended, gone when the student left, unchanged
without a roster; liaoning's ladder; the outcome of each warning at next(T)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.core.models import GradeRecord
from portal.modules.warnings.lifting import why
from portal.modules.warnings.models import Lift


def _fail(grades, student, term, credits, prefix="F", kind="regular"):
    grades(student, term, [(f"{prefix}{i}", c, 20, kind) for i, c in enumerate(credits)])


def _still_warned(term_history, student, category, level, since, at):
    """Standing warned at `at` at `level` since `since`, and that warning judged "same"."""
    key = (student.id, category)
    assert term_history.standing(at)[key] == (level, "warned", since)
    assert term_history.outcomes(since)[key] == ("same", at)


# -- lanzhou: a lifting rule (outstanding failed credits < 6) ---------------------------------


def test_lanzhou_eight_credits_outstanding_stays_warned(term_history, grades):
    college = term_history.college("lanzhou")
    student = term_history.student(college)
    _fail(grades, student, "2024-2025-1", [4, 4])  # two failed: 书面警示, 8 outstanding
    term_history.publish(college, "2024-2025-1")
    grades(student, "2024-2025-2", [("C", 2, 90, "regular")])  # fails nothing new
    term_history.publish(college, "2024-2025-2")
    _still_warned(term_history, student, "academic", "written", "2024-2025-1", "2024-2025-2")


def test_lanzhou_four_credits_outstanding_is_proposed_for_lifting_with_the_rule(
    term_history, grades, db, client, login, make
):
    college = term_history.college("lanzhou")
    student = term_history.student(college)
    _fail(grades, student, "2024-2025-1", [4, 4])
    term_history.publish(college, "2024-2025-1")
    grades(student, "2024-2025-2", [("F0", 4, 80, "retake"), ("C", 2, 90, "regular")])
    term_history.publish(college, "2024-2025-2")
    assert term_history.standing("2024-2025-2")[(student.id, "academic")] == (
        "written",
        "lifting_proposed",
        "2024-2025-1",
    )
    [lift] = db.session.query(Lift).all()
    assert lift.reason == "rule" and lift.detail["fired"][0]["value"] == "4"
    assert "4 学分（标准 6 学分）" in why(lift)  # plain words (issue 17 missing 4)
    assert term_history.outcomes("2024-2025-1")[(student.id, "academic")][0] == "lifted"
    # The student's own view says so, until the secretary confirms.
    login(make.student_user(student))
    own = client.get(f"/warnings/students/{student.id}").get_data(as_text=True)
    assert "当前预警状态" in own and "已提议解除" in own and "自2024-2025学年第1学期起" in own
    # For every later term the proposal ends the warning.
    grades(student, "2025-2026-1", [("D", 2, 90, "regular")])
    term_history.publish(college, "2025-2026-1")
    assert (student.id, "academic") not in term_history.standing("2025-2026-1")


# -- anshan: no lifting rule -----------------------------------------------------------------


def _anshan_warned(term_history, grades):
    """An anshan college and its student warned in 2024-2025-1 (4 of 14 credits failed)."""
    college = term_history.college("anshan")
    student = term_history.student(college)
    _fail(grades, student, "2024-2025-1", [4])
    grades(student, "2024-2025-1", [("B", 10, 90, "regular")])
    term_history.publish(college, "2024-2025-1")
    return college, student


def test_anshan_lifted_when_the_next_evaluation_no_longer_warns(term_history, grades, db):
    college, student = _anshan_warned(term_history, grades)
    grades(student, "2024-2025-2", [("F0", 4, 80, "retake"), ("C", 4, 90, "regular")])
    term_history.publish(college, "2024-2025-2")
    assert term_history.standing("2024-2025-2")[(student.id, "academic")][1] == ("lifting_proposed")
    [lift] = db.session.query(Lift).all()
    assert lift.reason == "not_warned" and "no longer warned" in why(lift)


def test_a_student_with_no_regular_attempt_in_t_keeps_the_warning(term_history, grades):
    college, student = _anshan_warned(term_history, grades)
    grades(student, "2024-2025-2", [("F0", 4, 80, "retake")])  # a retake only
    # A classmate is evaluated: a roster that evaluates nobody is refused (walk finding 4).
    grades(term_history.student(college), "2024-2025-2", [("C", 4, 90, "regular")])
    term_history.publish(college, "2024-2025-2")
    level, state, since = term_history.standing("2024-2025-2")[(student.id, "academic")]
    assert (state, since) == ("warned", "2024-2025-1")


def test_a_college_with_no_next_roster_is_pending_not_lifted(term_history, grades, make):
    college, student = _anshan_warned(term_history, grades)
    grades(student, "2024-2025-2", [("C", 4, 90, "regular")])  # grades in, no roster
    other = term_history.college("anshan")  # another college publishes term 2
    grades(term_history.student(other), "2024-2025-2", [("C", 4, 90, "regular")])
    term_history.publish(other, "2024-2025-2")
    assert term_history.outcomes("2024-2025-1")[(student.id, "academic")] == (
        "pending",
        "2024-2025-2",
    )
    assert term_history.standing("2024-2025-2")[(student.id, "academic")][1] == "warned"


@pytest.mark.parametrize(
    "status, outcome, standing",
    [
        ("suspended", "suspended", "paused"),
        ("dropped", "withdrawn", None),
        ("graduated", "graduated", None),
    ],
)
def test_suspended_withdrawn_graduated(term_history, grades, db, status, outcome, standing):
    college = term_history.college("anshan")
    student, classmate = term_history.student(college), term_history.student(college)
    for one in (student, classmate):
        _fail(grades, one, "2024-2025-1", [4])
        grades(one, "2024-2025-1", [("B", 10, 90, "regular")])
    term_history.publish(college, "2024-2025-1")
    student.status = status
    db.session.flush()
    grades(classmate, "2024-2025-2", [("C", 4, 90, "regular")])
    term_history.publish(college, "2024-2025-2")
    now = term_history.standing("2024-2025-2").get((student.id, "academic"))
    assert (now[1] if now else None) == standing
    assert term_history.outcomes("2024-2025-1")[(student.id, "academic")][0] == outcome


# -- liaoning: second terms only, a ladder, two lifting rules ---------------------------------


def test_liaoning_year_to_year_a_first_term_in_between_changes_nothing(term_history, grades, make):
    college = term_history.college("liaoning")
    student = term_history.student(college)
    _fail(grades, student, "2023-2024-2", [11, 11])  # 22 outstanding: 降级警示
    term_history.publish(college, "2023-2024-2")
    _fail(grades, student, "2024-2025-1", [5], prefix="G")  # 27, in a first term
    term_history.publish(college, "2024-2025-1")  # liaoning gives no roster there
    make.term("2024-2025-2")  # its grades not in yet
    assert term_history.standing("2024-2025-1")[(student.id, "demotion")] == (
        "warning",
        "warned",
        "2023-2024-2",
    )
    assert term_history.outcomes("2023-2024-2")[(student.id, "demotion")] == (
        "pending",
        "2024-2025-2",
    )


def test_liaoning_22_to_35_is_not_lifted(term_history, grades):
    college = term_history.college("liaoning")
    student = term_history.student(college)
    _fail(grades, student, "2023-2024-2", [11, 11])
    term_history.publish(college, "2023-2024-2")
    _fail(grades, student, "2024-2025-2", [13], prefix="G")  # 35: above the demotion band
    term_history.publish(college, "2024-2025-2")
    _still_warned(term_history, student, "demotion", "warning", "2023-2024-2", "2024-2025-2")


def test_liaoning_22_to_45_escalates_to_dropout(term_history, grades):
    college = term_history.college("liaoning")
    student = term_history.student(college)
    _fail(grades, student, "2023-2024-2", [11, 11])
    term_history.publish(college, "2023-2024-2")
    _fail(grades, student, "2024-2025-2", [23], prefix="G")  # 45
    term_history.publish(college, "2024-2025-2")
    now = term_history.standing("2024-2025-2")
    assert now[(student.id, "dropout")][1] == "warned"
    assert (student.id, "demotion") not in now  # the more severe warning replaces it
    assert term_history.outcomes("2023-2024-2")[(student.id, "demotion")][0] == "escalated"


def test_liaoning_demotion_lifted_under_twenty(term_history, grades):
    college = term_history.college("liaoning")
    student = term_history.student(college)
    _fail(grades, student, "2023-2024-2", [11, 11])
    term_history.publish(college, "2023-2024-2")
    grades(student, "2024-2025-2", [("F0", 11, 80, "retake"), ("C", 2, 90, "regular")])
    term_history.publish(college, "2024-2025-2")  # 11 outstanding
    assert term_history.standing("2024-2025-2")[(student.id, "demotion")][1] == ("lifting_proposed")
    assert term_history.outcomes("2023-2024-2")[(student.id, "demotion")][0] == "lifted"


def test_a_student_warned_in_two_categories(term_history, make, db):
    college = term_history.college("liaoning")
    student = term_history.student(college)
    term = make.term("2023-2024-2")
    for i, credits in enumerate((11, 11, 4)):  # degree courses failed: 学位 and 降级
        db.session.add(
            GradeRecord(
                student_id=student.id,
                term_id=term.id,
                course_code=f"D{i}",
                course_name="学位课",
                credits=Decimal(credits),
                kind="regular",
                score=Decimal(20 if i < 2 else 65),
                score_text="x",
                passed=i == 2,
                absent=False,
                degree_course=True,
            )
        )
    db.session.flush()
    term_history.publish(college, "2023-2024-2")
    now = term_history.standing("2023-2024-2")
    assert {c for (sid, c) in now if sid == student.id} == {"demotion", "degree"}
    assert set(term_history.outcomes("2023-2024-2")) == {
        (student.id, "demotion"),
        (student.id, "degree"),
    }


def test_a_lifting_proposed_shows_in_the_due_lists_and_still_counts(
    app, term_history, grades, make, client, login, db, monkeypatch
):
    """warning-rules.md §6: until confirmed the student is shown "lifting proposed", and still
    counts as warned in due lists (a walk saw them listed as plain 红色预警, overdue)."""
    from portal.core.cadence_policies import apply_preset

    from ...followup import pin_today

    college, student = _anshan_warned(term_history, grades)
    with app.test_request_context():
        apply_preset(college, "anshan")
    counselor = make.user(role="counselor", scope=college.school_class)
    grades(student, "2024-2025-2", [("F0", 4, 80, "retake"), ("C", 4, 90, "regular")])
    term_history.publish(college, "2024-2025-2")
    db.session.commit()
    pin_today(monkeypatch, date.today() + timedelta(days=40))  # the first talk overdue
    login(counselor)
    page = client.get("/cadence/due").get_data(as_text=True)
    row = page[page.index(student.student_no) :].split("</tr>")[0]
    assert "已提议解除" in row
