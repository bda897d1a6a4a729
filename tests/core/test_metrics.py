"""Metrics of warning-rules.md §2 against small hand-computed tables (exact Fractions)."""

import random
from fractions import Fraction as F

import pytest

from portal.core.metrics import (
    METRIC_NAMES,
    Attempt,
    StudentMetrics,
    compute_student,
    compute_term,
    grade_point,
    parse_term_code,
    term_code,
)

AUTUMN_23, SPRING_24, SUMMER_24 = (2023, 1), (2023, 2), (2023, 3)
AUTUMN, SPRING = (2024, 1), (2024, 2)


def att(
    term,
    course,
    credits,
    score,
    kind="regular",
    *,
    passed=None,
    absent=False,
    degree=False,
    gp=None,
):
    """An attempt; `score` None is 缓考/免修; passing defaults to score >= 60."""
    score = None if score is None else F(score)
    if passed is None:
        passed = score is not None and score >= 60
    return Attempt(
        term=term,
        course=course,
        credits=F(credits),
        kind=kind,
        score=score,
        passed=passed,
        absent=absent,
        degree=degree,
        grade_point=None if gp is None else F(gp),
    )


def metrics(attempts, term=SPRING, **options) -> StudentMetrics:
    result = compute_student(attempts, term, **options)
    assert result is not None
    return result


# -- terms -------------------------------------------------------------------------------


def test_term_code_parses_to_start_year_and_number_and_back():
    assert parse_term_code("2024-2025-2") == (2024, 2)
    assert parse_term_code("2023-2024-3") == (2023, 3)
    assert term_code((2024, 1)) == "2024-2025-1"


@pytest.mark.parametrize(
    "code", ["2024-2026-1", "2024-2025-4", "2024-2025-0", "2024-2025", "2024学年", "", "24-25-1"]
)
def test_malformed_term_code_is_refused(code):
    with pytest.raises(ValueError):
        parse_term_code(code)


# -- grade points (§1) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "score,points", [("60", "1"), ("85", "3.5"), ("100", "5"), ("72.5", "2.25"), ("59.9", "0")]
)
def test_linear5_is_score_minus_50_over_10_and_failing_is_zero(score, points):
    assert grade_point(att(AUTUMN, "C", 1, score), "linear5") == F(points)


@pytest.mark.parametrize(
    "score,points",
    [
        ("100", "4"),
        ("90", "4"),
        ("89.5", "3.7"),
        ("89.99", "3.7"),
        ("85", "3.7"),
        ("84.9", "3.3"),
        ("82", "3.3"),
        ("81.5", "3"),
        ("78", "3"),
        ("75", "2.7"),
        ("74", "2.3"),
        ("72", "2.3"),
        ("71", "2"),
        ("68", "2"),
        ("67.5", "1.5"),
        ("64", "1.5"),
        ("63", "1"),
        ("60", "1"),
        ("59.5", "0"),
    ],
)
def test_standard4_uses_half_open_intervals_on_the_score_as_given(score, points):
    assert grade_point(att(AUTUMN, "C", 1, score), "standard4") == F(points)


def test_given_grade_point_wins_over_the_scale():
    assert grade_point(att(AUTUMN, "C", 1, "95", gp="2.0"), "linear5") == 2
    assert grade_point(att(AUTUMN, "C", 1, "95", gp="3.3"), "standard4") == F("3.3")
    assert metrics([att(SPRING, "C", 2, "90", gp="1.5")]).gpa_term == F("1.5")


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError):
        grade_point(att(AUTUMN, "C", 1, "80"), "percent")


# -- the term table ----------------------------------------------------------------------


def test_gpa_of_60_67_89_is_exactly_2_2():
    m = metrics([att(SPRING, "A", 1, "60"), att(SPRING, "B", 1, "67"), att(SPRING, "C", 1, "89")])
    assert m.gpa_term == F("2.2") and m.gpa_cumulative == F("2.2")
    assert not m.gpa_term < F("2.2")


def test_term_table_by_hand():
    m = metrics(
        [
            att(SPRING, "A", 3, "55"),
            att(SPRING, "A", 3, "70", "makeup"),  # repaired by make-up
            att(SPRING, "B", 2, "40"),
            att(SPRING, "B", 2, "50", "makeup"),  # still failed
            att(SPRING, "C", 4, "80"),
            att(SPRING, "D", 1, None),  # 缓考: ignored
            att(SPRING, "E", 0, "0", absent=True),  # 0 credits: ignored
        ]
    )
    assert m.term_credits == 9
    assert m.term_failed_credits == 2
    assert m.term_failed_ratio == F(2, 9)
    assert m.term_failed_courses == 1
    assert m.term_regular_failed_courses == 2
    assert m.outstanding_failed_credits == 2
    assert m.gpa_term == F(3 * 0 + 2 * 0 + 4 * 3, 9)  # regular attempts only
    assert m.absent_exams == 0


def test_passing_makeup_clears_failed_credits_but_not_the_regular_failure_count():
    m = metrics(
        [att(SPRING, "A", 3, "30"), att(SPRING, "A", 3, "61", "makeup"), att(SPRING, "B", 1, "90")]
    )
    assert (m.term_failed_credits, m.term_failed_ratio, m.term_failed_courses) == (0, 0, 0)
    assert m.term_regular_failed_courses == 1
    assert m.outstanding_failed_credits == 0
    assert m.gpa_term == F(0 * 3 + 4 * 1, 4)  # the make-up's score is not in the GPA


def test_retake_in_a_later_term_clears_outstanding_credits_from_then_on():
    history = [
        att(AUTUMN_23, "M", 4, "45"),
        att(AUTUMN_23, "M", 4, "52", "makeup"),
        att(SPRING_24, "X", 2, "80"),
        att(AUTUMN, "M", 4, "75", "retake"),
        att(AUTUMN, "Y", 2, "85"),
        att(SPRING, "Z", 2, "70"),
    ]
    assert metrics(history, SPRING_24).outstanding_failed_credits == 4
    assert metrics(history, AUTUMN).outstanding_failed_credits == 0
    assert metrics(history, SPRING).outstanding_failed_credits == 0


def test_only_terms_up_to_t_count():
    history = [
        att(AUTUMN, "M", 4, "40"),
        att(SPRING, "M", 4, "90", "retake"),
        att(SPRING, "N", 2, "20"),
    ]
    m = metrics(history, AUTUMN)
    assert m.outstanding_failed_credits == 4 and m.term_failed_courses == 1
    assert m.gpa_cumulative == 0


def test_deferred_exam_is_ignored_by_every_metric():
    m = metrics(
        [
            att(SPRING, "A", 2, "80"),
            att(SPRING, "D", 3, None, absent=True),
            att(AUTUMN, "E", 2, None),
        ]
    )
    assert m.term_credits == 2 and m.outstanding_failed_credits == 0
    assert m.absent_exams == 0 and m.gpa_cumulative == 3
    assert compute_student([att(SPRING, "D", 3, None)], SPRING) is None


def test_zero_credit_course_is_ignored_but_its_regular_attempt_still_makes_the_student_evaluated():
    m = metrics([att(SPRING, "PE0", 0, "0", absent=True), att(AUTUMN, "M", 3, "40")])
    assert m.term_credits == 0 and m.term_failed_ratio == 0 and m.term_failed_courses == 0
    assert m.term_regular_failed_courses == 0 and m.absent_exams == 0
    assert m.gpa_term is None and m.gpa_drop is None
    assert m.outstanding_failed_credits == 3


def test_student_without_regular_attempt_in_t_is_not_evaluated():
    assert (
        compute_student([att(SPRING, "M", 4, "70", "retake"), att(AUTUMN, "N", 2, "80")], SPRING)
        is None
    )


def test_course_credits_come_from_the_latest_regular_attempt_counted_once():
    history = [att(AUTUMN_23, "M", 2, "40"), att(AUTUMN, "M", 3, "45"), att(SPRING, "N", 1, "90")]
    assert metrics(history, AUTUMN).outstanding_failed_credits == 3
    assert metrics(history).outstanding_failed_credits == 3
    early = [att(AUTUMN_23, "M", 2, "40"), att(AUTUMN_23, "N", 1, "70")]
    assert metrics(early, AUTUMN_23).outstanding_failed_credits == 2


# Course R, with no regular attempt: its credits are its earliest attempt's, in a tie the makeup's.
@pytest.mark.parametrize(
    "other",
    [
        pytest.param(att(SPRING_24, "R", 2, "30", "retake"), id="the-earliest-attempt"),
        pytest.param(att(AUTUMN, "R", 2, "30", "makeup"), id="in-a-tie-the-makeup"),
    ],
)
def test_course_without_regular_attempt_takes_its_earliest_attempts_credits_makeup_first(other):
    rows = [att(AUTUMN, "R", 3, "40", "retake"), other, att(SPRING, "N", 1, "90")]
    assert metrics(rows).outstanding_failed_credits == 2
    assert metrics(rows[::-1]).outstanding_failed_credits == 2  # whatever the row order


def test_absent_exams_count_regular_and_makeup_absences_in_t_only():
    m = metrics(
        [
            att(SPRING, "A", 2, "0", absent=True),
            att(SPRING, "A", 2, "0", "makeup", absent=True),
            att(SPRING, "B", 2, "0", absent=True),
            att(SPRING, "B", 2, "70", "makeup"),
            att(AUTUMN, "C", 2, "0", absent=True),
        ]
    )
    assert m.absent_exams == 3


def test_cumulative_gpa_counts_every_regular_attempt_including_summer_and_repeats():
    m = metrics(
        [
            att(AUTUMN_23, "M", 2, "40"),
            att(SUMMER_24, "S", 1, "90"),
            att(AUTUMN, "M", 2, "80"),
            att(AUTUMN, "M", 2, "95", "retake"),
            att(SPRING, "N", 1, "70"),
        ]
    )
    assert m.gpa_cumulative == F(2 * 0 + 1 * 4 + 2 * 3 + 1 * 2, 6)


def test_degree_gpa_covers_degree_courses_of_ts_academic_year_up_to_t():
    m = metrics(
        [
            att(SPRING_24, "D0", 2, "100", degree=True),  # previous academic year
            att(SUMMER_24, "D1", 2, "100", degree=True),  # summer of the previous year
            att(AUTUMN, "D2", 2, "60", degree=True),
            att(AUTUMN, "D2", 2, "99", "makeup", degree=True),
            att(AUTUMN, "N1", 4, "100"),
            att(SPRING, "D3", 1, "90", degree=True),
        ]
    )
    assert m.degree_gpa_year == F(2 * 1 + 1 * 4, 3)
    assert metrics([att(SPRING, "N", 2, "80")]).degree_gpa_year is None


def test_gpa_drop_from_4_1_to_3_1_is_exactly_1():
    m = metrics([att(AUTUMN, "A", 2, "91"), att(SPRING, "B", 3, "81")])
    assert m.gpa_drop == 1


def test_gpa_drop_compares_with_the_latest_regular_term_skipping_summer_and_retakes():
    history = [
        att(SPRING_24, "A", 2, "90"),
        att(SUMMER_24, "S", 2, "60"),
        att(AUTUMN, "R", 2, "60", "retake"),
    ]
    m = metrics(history + [att(SPRING, "B", 1, "70")])
    assert m.gpa_drop == F("4.0") - F("2.0")


def test_gpa_drop_is_undefined_without_a_previous_regular_term():
    assert metrics([att(SPRING, "B", 1, "70"), att(SUMMER_24, "S", 2, "90")]).gpa_drop is None


def test_gpa_drop_is_negative_when_the_gpa_rises():
    assert metrics([att(AUTUMN, "A", 1, "70"), att(SPRING, "B", 1, "80")]).gpa_drop == -1


def test_summer_term_attempts_count_in_later_terms():
    m = metrics([att(SUMMER_24, "S", 2, "30"), att(AUTUMN, "A", 1, "80")], AUTUMN)
    assert m.outstanding_failed_credits == 2
    assert m.gpa_cumulative == F(2 * 0 + 1 * 3, 3)


def test_summer_term_is_refused():
    with pytest.raises(ValueError, match="summer"):
        compute_student([att(SUMMER_24, "S", 2, "80")], SUMMER_24)
    with pytest.raises(ValueError, match="summer"):
        compute_term([], SUMMER_24)


def test_absence_hours_and_extended_study_are_passed_through():
    m = metrics([att(SPRING, "A", 1, "80")], absence_hours=F("10.5"), extended=True)
    assert (m.absence_hours, m.extended_study) == (F("10.5"), 1)
    assert (
        metrics([att(SPRING, "A", 1, "80")]).absence_hours,
        metrics([att(SPRING, "A", 1, "80")]).extended_study,
    ) == (0, 0)


def test_as_dict_names_every_metric():
    m = metrics([att(SPRING, "A", 1, "80")])
    assert tuple(m.as_dict()) == METRIC_NAMES and len(METRIC_NAMES) == 13


# -- compute_term ------------------------------------------------------------------------


def test_compute_term_keeps_only_evaluated_students_and_applies_attendance():
    rows = [
        ("s1", att(SPRING, "A", 2, "50")),
        ("s2", att(AUTUMN, "A", 2, "50")),
        ("s1", att(AUTUMN, "B", 3, "20")),
        ("s3", att(SPRING, "A", 2, "90")),
    ]
    result = compute_term(rows, SPRING, absence={"s1": F(4), "s2": F(9)}, extended={"s3"})
    assert set(result) == {"s1", "s3"}
    assert result["s1"].outstanding_failed_credits == 5 and result["s1"].absence_hours == 4
    assert result["s3"].extended_study == 1 and result["s3"].absence_hours == 0


def _random_history(rng: random.Random, students: int):
    terms = [(2022, 1), (2022, 2), (2022, 3), (2023, 1), (2023, 2), (2024, 1), (2024, 2)]
    credits = ["0", "0.5", "1", "1.5", "2", "3"]
    rows = []
    for student in range(students):
        for term in rng.sample(terms, rng.randint(1, len(terms))):
            for course in rng.sample(range(12), rng.randint(1, 4)):
                kinds = rng.sample(["regular", "makeup", "retake"], rng.randint(1, 3))
                for kind in kinds:
                    score = rng.choice([None, "0", "45", "59.5", "60", "72.25", "88", "100"])
                    rows.append(
                        (
                            student,
                            att(
                                term,
                                f"C{course}",
                                rng.choice(credits),
                                score,
                                kind,
                                absent=score == "0",
                                degree=course < 4,
                                gp=rng.choice([None, None, None, "2.7"]),
                            ),
                        )
                    )
    return rows


def _literal(attempts, term, scale):
    """§2 read literally, with Fractions all the way: the reference for compute_term."""
    seen = [a for a in attempts if a.score is not None and a.term <= term]
    courses = {a.course for a in seen}
    rank = {"regular": 0, "makeup": 1, "retake": 2}

    def credits(course):
        own = [a for a in seen if a.course == course]
        regular = [a for a in own if a.kind == "regular"]
        pick = (
            max(regular, key=lambda a: a.term)
            if regular
            else min(own, key=lambda a: (a.term, rank[a.kind]))
        )
        return pick.credits

    counted = {c for c in courses if credits(c) != 0}
    passed = {a.course for a in seen if a.passed}
    regular = [a for a in seen if a.kind == "regular" and a.course in counted]
    if not any(a.kind == "regular" and a.term == term for a in seen):
        return None

    def gpa(chosen):
        weight = sum(a.credits for a in chosen)
        return sum(a.credits * grade_point(a, scale) for a in chosen) / weight if weight else None

    in_term = [a for a in regular if a.term == term]
    term_credits = sum(credits(a.course) for a in in_term)
    failed = [a for a in in_term if a.course not in passed]
    earlier = [a.term for a in regular if a.term < term and a.term[1] != 3]
    gpa_term = gpa(in_term)
    before = gpa([a for a in regular if a.term == max(earlier)]) if earlier else None
    return StudentMetrics(
        term_credits=F(term_credits),
        term_failed_credits=F(sum(credits(a.course) for a in failed)),
        term_failed_ratio=F(sum(credits(a.course) for a in failed), term_credits)
        if term_credits
        else F(0),
        term_failed_courses=len(failed),
        term_regular_failed_courses=sum(not a.passed for a in in_term),
        outstanding_failed_credits=F(sum(credits(c) for c in counted - passed)),
        gpa_term=gpa_term,
        gpa_cumulative=gpa(regular),
        degree_gpa_year=gpa([a for a in regular if a.degree and a.term[0] == term[0]]),
        absent_exams=sum(a.absent and a.term == term for a in seen if a.course in counted),
        gpa_drop=None if before is None or gpa_term is None else before - gpa_term,
        absence_hours=F(0),
        extended_study=0,
    )


@pytest.mark.parametrize("scale", ["linear5", "standard4"])
def test_compute_term_matches_the_literal_definitions_in_any_row_order(scale):
    rng = random.Random(20240)
    rows = _random_history(rng, 150)
    expected = {}
    for student in {key for key, _ in rows}:
        found = _literal([a for key, a in rows if key == student], SPRING, scale)
        if found is not None:
            expected[student] = found
    assert compute_term(rows, SPRING, scale=scale) == expected
    rng.shuffle(rows)
    assert compute_term(iter(rows), SPRING, scale=scale) == expected
