"""学业指标 — the metrics of warning-rules.md §2, computed exactly, in pure Python.

Everything here is a rational number (`Fraction`) or an int: metrics are compared
with rule thresholds exactly, never as binary floating point. Values are rounded
only for display, elsewhere.

Choices where the contract is silent (kept in one place so they can be argued with):

- An ignored attempt (缓考/免修: ``score is None``) does not exist for any metric,
  nor for deciding who is evaluated at T.
- A course whose credits (by the rule of §2) are 0 is left out of every metric, an
  absence at it included; but a regular attempt at it in T still makes the student
  evaluated (with `term_credits` 0: the case where `term_failed_ratio` is 0 by rule).
- GPAs weight each regular attempt by that attempt's own credits. When a course has
  regular attempts in several terms (a repeated year), every one counts in
  `gpa_cumulative`, each in its own term's `gpa_term`.
- Among non-regular attempts of one term (no regular attempt at all), the make-up's
  credits win over the retake's, so the result never depends on row order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import NamedTuple

from .collector import collector_paused

TermKey = tuple[int, int]

SCALES = ("linear5", "standard4")
KINDS = ("regular", "makeup", "retake")
REGULAR = "regular"
SUMMER = 3

# Rank of an exam kind when picking a course's credits: regular first, then the
# make-up, then the retake (only ties within one term reach the second and third).
_KIND_RANK = {"regular": 0, "makeup": 1, "retake": 2}

_TERM_CODE = re.compile(r"(\d{4})-(\d{4})-(\d)")


def parse_term_code(code: str) -> TermKey:
    """`2024-2025-2` -> (2024, 2). Only the canonical 学年学期 form; ValueError otherwise."""
    match = _TERM_CODE.fullmatch(code.strip()) if isinstance(code, str) else None
    if match is None:
        raise ValueError(f"term {code!r} is not written YYYY-YYYY-N")
    first, second, n = (int(part) for part in match.groups())
    if second != first + 1:
        raise ValueError(f"term {code!r}: the second year must follow the first")
    if n not in (1, 2, 3):
        raise ValueError(f"term {code!r}: the term number must be 1, 2 or 3")
    return (first, n)


def term_code(key: TermKey) -> str:
    """(2024, 2) -> `2024-2025-2`."""
    start_year, n = key
    return f"{start_year}-{start_year + 1}-{n}"


def academic_year(key: TermKey) -> str:
    """学年 of a term: (2024, 2) -> `2024-2025`."""
    return f"{key[0]}-{key[0] + 1}"


def is_summer(key: TermKey) -> bool:
    """A summer term (小学期, N = 3) is never evaluated, but counts for later terms."""
    return key[1] == SUMMER


class Attempt(NamedTuple):
    """One attempt of one student at one course (a grade record, already converted).

    `score` is None for an ignored attempt (缓考 pending, 免修 exempt); `absent` marks
    旷考/缺考; `grade_point` is the 绩点 given in the file, if any. A named tuple (immutable,
    made in C): a university term builds 300,000 of them per compute (issue 21).
    """

    term: TermKey
    course: str
    credits: Fraction
    kind: str
    score: Fraction | None
    passed: bool
    absent: bool = False
    degree: bool = False
    grade_point: Fraction | None = None


# standard4: half-open intervals [floor, next floor) on the score as given.
_STANDARD4 = (
    (90, Fraction(4)),
    (85, Fraction(37, 10)),
    (82, Fraction(33, 10)),
    (78, Fraction(3)),
    (75, Fraction(27, 10)),
    (72, Fraction(23, 10)),
    (68, Fraction(2)),
    (64, Fraction(3, 2)),
    (60, Fraction(1)),
)


def check_scale(scale: str) -> None:
    if scale not in SCALES:
        raise ValueError(
            f"unknown grade-point scale {scale!r} (expected one of {', '.join(SCALES)})"
        )


def score_grade_point(score: Fraction, passed: bool, scale: str = "linear5") -> Fraction:
    """绩点 of a score on a scale; a failing attempt gives 0."""
    check_scale(scale)
    if not passed:
        return Fraction(0)
    if scale == "linear5":
        return (Fraction(score) - 50) / 10
    for floor, points in _STANDARD4:
        if score >= floor:
            return points
    return Fraction(0)


def grade_point(attempt: Attempt, scale: str = "linear5") -> Fraction:
    """The attempt's grade point: the 绩点 given in the file wins, else the scale's."""
    if attempt.grade_point is not None:
        return Fraction(attempt.grade_point)
    if attempt.score is None:
        raise ValueError("an ignored attempt (缓考/免修) has no grade point")
    return score_grade_point(attempt.score, attempt.passed, scale)


@dataclass(slots=True)
class StudentMetrics:
    """The thirteen metrics of one student as of term T; None where undefined."""

    term_credits: Fraction
    term_failed_credits: Fraction
    term_failed_ratio: Fraction
    term_failed_courses: int
    term_regular_failed_courses: int
    outstanding_failed_credits: Fraction
    gpa_term: Fraction | None
    gpa_cumulative: Fraction | None
    degree_gpa_year: Fraction | None
    absent_exams: int
    gpa_drop: Fraction | None
    absence_hours: Fraction
    extended_study: int

    def as_dict(self) -> dict[str, Fraction | int | None]:
        # Not dataclasses.asdict: it deep-copies every value (immutable here), which was a
        # quarter of a 30,000-student compute (issue 21).
        return {name: getattr(self, name) for name in METRIC_NAMES}


METRIC_NAMES: tuple[str, ...] = tuple(StudentMetrics.__dataclass_fields__)


def check_term(term: TermKey) -> None:
    """A roster is computed for a regular term only (§2)."""
    if not (isinstance(term, tuple) and len(term) == 2 and term[1] in (1, 2, 3)):
        raise ValueError(f"{term!r} is not a term (start_year, n)")
    if is_summer(term):
        raise ValueError(
            f"{term_code(term)} is a summer term: warnings are computed for the "
            "first or second term only (its grades count in the following terms)"
        )


def compute_student(
    attempts: Iterable[Attempt],
    term: TermKey,
    *,
    scale: str = "linear5",
    absence_hours: Fraction = Fraction(0),
    extended: bool = False,
) -> StudentMetrics | None:
    """Metrics of one student as of `term`; None when not evaluated (no regular attempt in T)."""
    result = compute_term(
        ((None, attempt) for attempt in attempts),
        term,
        scale=scale,
        absence={None: absence_hours},
        extended={None} if extended else set(),
    )
    return result.get(None)


def compute_term(
    rows: Iterable[tuple[object, Attempt]],
    term: TermKey,
    *,
    scale: str = "linear5",
    absence: Mapping[object, Fraction] | None = None,
    extended: set | frozenset = frozenset(),
) -> dict[object, StudentMetrics]:
    """Metrics of every student evaluated at `term`, from (student_key, attempt) rows in any order.

    One pass groups the rows; each student's attempts are then read twice (their own,
    a few dozen). The sums run on integers: credits and grade points are scaled by
    common denominators found in the grouping pass, which keeps them exact and avoids
    millions of Fraction operations.
    """
    check_term(term)
    check_scale(scale)
    absence = absence or {}
    with collector_paused():
        by_student, units = _group(rows, term, scale)
        results = {}
        for key, attempts in by_student.items():
            metrics = _student_metrics(attempts, term, units)
            if metrics is not None:
                metrics.absence_hours = Fraction(absence.get(key, 0))
                metrics.extended_study = 1 if key in extended else 0
                results[key] = metrics
    return results


class _Units:
    """Common denominators, so that sums of credits and of credits × points are integers.

    Credits × `credit` and grade points × `point` are integers. The maps are keyed by
    the identity of the Fraction objects seen (importers share one object per value),
    and hold those objects, so an id cannot be reused while the maps live.
    """

    __slots__ = ("credit", "point", "credit_of", "given_points_of", "passing_points_of", "_alive")

    def __init__(
        self,
        credits: dict[int, Fraction],
        given: dict[int, Fraction],
        scores: dict[int, Fraction],
        scale: str,
    ):
        passing = {value: score_grade_point(value, True, scale) for value in set(scores.values())}
        points = set(passing.values()) | set(given.values())
        self.credit = lcm(1, *{value.denominator for value in credits.values()})
        self.point = lcm(1, *{value.denominator for value in points})
        self.credit_of = _scaled(credits, self.credit)
        self.given_points_of = _scaled(given, self.point)
        self.passing_points_of = {
            ident: _scale(passing[value], self.point) for ident, value in scores.items()
        }
        self._alive = (credits, given, scores)

    def fraction(self, scaled_credits: int) -> Fraction:
        return Fraction(scaled_credits, self.credit)

    def mean(self, sums: list[int]) -> Fraction | None:
        """Credit-weighted mean grade point from scaled sums; undefined without credits."""
        weighted, weight = sums
        return Fraction(weighted, weight * self.point) if weight else None


def _scale(value: Fraction, unit: int) -> int:
    return value.numerator * (unit // value.denominator)


def _scaled(objects: dict[int, Fraction], unit: int) -> dict[int, int]:
    scaled_by_value = {value: _scale(value, unit) for value in set(objects.values())}
    return {ident: scaled_by_value[value] for ident, value in objects.items()}


def _group(
    rows: Iterable[tuple[object, Attempt]],
    term: TermKey,
    scale: str,
) -> tuple[dict[object, list[Attempt]], _Units]:
    """One pass: drop ignored attempts and those after T; note every Fraction seen."""
    by_student: dict[object, list[Attempt]] = {}
    credits: dict[int, Fraction] = {}
    given: dict[int, Fraction] = {}
    scores: dict[int, Fraction] = {}
    for key, attempt in rows:
        if attempt.term > term or attempt.score is None:
            continue
        bucket = by_student.get(key)
        if bucket is None:
            bucket = by_student[key] = []
        bucket.append(attempt)
        credits[id(attempt.credits)] = attempt.credits
        if attempt.grade_point is not None:
            given[id(attempt.grade_point)] = attempt.grade_point
        elif attempt.passed:
            scores[id(attempt.score)] = attempt.score
    return by_student, _Units(credits, given, scores, scale)


def _course_table(attempts: list[Attempt], credit_of: dict[int, int]) -> dict[str, list]:
    """course code -> [scaled credits, credit term, credit kind rank, passed as of T].

    Credits come from the latest regular attempt, else from the earliest attempt.
    """
    courses: dict[str, list] = {}
    rank_of = _KIND_RANK
    for attempt in attempts:
        rank = rank_of[attempt.kind]
        entry = courses.get(attempt.course)
        if entry is None:
            courses[attempt.course] = [
                credit_of[id(attempt.credits)],
                attempt.term,
                rank,
                attempt.passed,
            ]
            continue
        if attempt.passed:
            entry[3] = True
        if rank == 0:
            replace = entry[2] != 0 or attempt.term > entry[1]
        else:
            replace = entry[2] != 0 and (attempt.term, rank) < (entry[1], entry[2])
        if replace:
            entry[0], entry[1], entry[2] = credit_of[id(attempt.credits)], attempt.term, rank
    return courses


def _student_metrics(
    attempts: list[Attempt],
    term: TermKey,
    units: _Units,
) -> StudentMetrics | None:
    credit_of = units.credit_of
    given_points_of = units.given_points_of
    passing_points_of = units.passing_points_of
    courses = _course_table(attempts, credit_of)
    year = term[0]
    term_credits = failed_credits = failed_courses = regular_failed = absent = 0
    evaluated = False
    cumulative = [0, 0]  # [Σ credits × points, Σ credits], both scaled
    current = [0, 0]
    degree_year = [0, 0]
    earlier: dict[TermKey, list[int]] = {}  # regular terms before T, for gpa_drop
    for attempt in attempts:
        when = attempt.term
        regular = attempt.kind == REGULAR
        if regular and when == term:
            evaluated = True
        course = courses[attempt.course]
        credits = course[0]
        if credits == 0:
            continue
        if attempt.absent and when == term:
            absent += 1
        if not regular:
            continue
        weight = credit_of[id(attempt.credits)]
        if attempt.grade_point is not None:
            weighted = weight * given_points_of[id(attempt.grade_point)]
        elif attempt.passed:
            weighted = weight * passing_points_of[id(attempt.score)]
        else:
            weighted = 0
        cumulative[0] += weighted
        cumulative[1] += weight
        if attempt.degree and when[0] == year:
            degree_year[0] += weighted
            degree_year[1] += weight
        if when == term:
            current[0] += weighted
            current[1] += weight
            term_credits += credits
            if not attempt.passed:
                regular_failed += 1
            if not course[3]:
                failed_credits += credits
                failed_courses += 1
        elif when[1] != SUMMER:
            sums = earlier.get(when)
            if sums is None:
                sums = earlier[when] = [0, 0]
            sums[0] += weighted
            sums[1] += weight
    if not evaluated:
        return None
    outstanding = sum(entry[0] for entry in courses.values() if not entry[3])
    gpa_term = units.mean(current)
    previous = units.mean(earlier[max(earlier)]) if earlier else None
    return StudentMetrics(
        term_credits=units.fraction(term_credits),
        term_failed_credits=units.fraction(failed_credits),
        term_failed_ratio=Fraction(failed_credits, term_credits) if term_credits else Fraction(0),
        term_failed_courses=failed_courses,
        term_regular_failed_courses=regular_failed,
        outstanding_failed_credits=units.fraction(outstanding),
        gpa_term=gpa_term,
        gpa_cumulative=units.mean(cumulative),
        degree_gpa_year=units.mean(degree_year),
        absent_exams=absent,
        gpa_drop=None if previous is None or gpa_term is None else previous - gpa_term,
        absence_hours=Fraction(0),
        extended_study=0,
    )
