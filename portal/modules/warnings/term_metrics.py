"""The metrics of warning-rules.md §2 for every student of a term, from SQL aggregates
(issue 21): exact integers (credits × 100, grade points × 1000), never floats.

A student's metrics are a tuple in `METRIC_NAMES` order of exact values written as
`(numerator, denominator)` pairs (denominator > 0, not reduced) or None where undefined:
cheap to compare with thresholds by cross-multiplication and to write as text, where
300,000 `Fraction`s were not (issue 21).

Two GROUP BYs do the work. One per student and term, which reads the grade records in
the order of their unique index (student, term, …) and so needs no sort: credits, grade
points × credits, failures and absences of regular attempts. One over the failed attempts
of courses never passed as of T (a few per cent of the rows): outstanding credits and the
courses still failed after the make-up. Both rest on every course's credits being
positive; a student with a 0-credit attempt (the §2 rule "ignored by every metric" then
depends on which attempt gives the course its credits), or one below 0 (which the import
refuses), is computed by the reference `compute_term` over their attempts instead.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from sqlalchemy import BigInteger, and_, case, cast, exists, func, or_, select

from portal.core.metrics import METRIC_NAMES, StudentMetrics
from portal.core.models import GradeRecord, Student, Term
from portal.extensions import db

Pair = tuple[int, int]
INTEGER_METRICS = frozenset(
    {"term_failed_courses", "term_regular_failed_courses", "absent_exams", "extended_study"}
)
_STANDARD4 = (
    (9000, 4000),
    (8500, 3700),
    (8200, 3300),
    (7800, 3000),
    (7500, 2700),
    (7200, 2300),
    (6800, 2000),
    (6400, 1500),
    (6000, 1000),
)
_KIND_RANK = {"regular": 0, "makeup": 1, "retake": 2}


def text(value: Pair | None) -> str | None:
    """`str()` of the Fraction: "3", "-3/2", "11/40"."""
    if value is None:
        return None
    numerator, denominator = value
    divisor = gcd(numerator, denominator)
    if divisor != denominator:
        return f"{numerator // divisor}/{denominator // divisor}"
    return str(numerator // divisor)


def as_metrics(values: tuple) -> StudentMetrics:
    """The StudentMetrics of a values tuple (Fractions, ints for the counts)."""
    return StudentMetrics(
        *(
            None if value is None else value[0] if name in INTEGER_METRICS else Fraction(*value)
            for name, value in zip(METRIC_NAMES, values, strict=True)
        )
    )


def from_metrics(metrics: StudentMetrics) -> tuple:
    return tuple(
        None
        if value is None
        else (value, 1)
        if isinstance(value, int)
        else (value.numerator, value.denominator)
        for value in (getattr(metrics, name) for name in METRIC_NAMES)
    )


def _cents(column):
    return cast(func.round(column * 100), BigInteger)


def _points(scale: str):
    """Grade point × 1000 of an attempt: the 绩点 given, else the scale's (0 when failed)."""
    score = _cents(GradeRecord.score)
    if scale == "linear5":
        passing = score - 5000  # (s − 50) / 10 × 1000
    else:
        passing = case(*((score >= floor, points) for floor, points in _STANDARD4), else_=0)
    return case(
        (
            GradeRecord.grade_point.isnot(None),
            cast(func.round(GradeRecord.grade_point * 1000), BigInteger),
        ),
        (GradeRecord.passed.is_(True), passing),
        else_=0,
    )


def _kept(college_id, term_id):
    """The attempts §2 counts (not ignored: 缓考/免修) of the students of the college with
    an attempt at T: only they can be evaluated, and the others' histories (a graduated
    year's, say) are left unread (issue 21)."""
    at_term = GradeRecord.__table__.alias("at_term")
    conditions = [
        GradeRecord.ignored.isnot(True),
        GradeRecord.score.isnot(None),
        GradeRecord.student_id.in_(
            select(at_term.c.student_id).where(at_term.c.term_id == term_id)
        ),
    ]
    if college_id:
        conditions.append(
            GradeRecord.student_id.in_(select(Student.id).where(Student.college_id == college_id))
        )
    return and_(*conditions)


def _driver_rows(statement) -> list[tuple]:
    """The rows of a select as the driver's cursor gives them (issue 21: the session's
    result rows for the 54,000 groups of a large term cost a third of their GROUP BY).
    Its parameters are plain values (ids, codes), which need no bind processing."""
    connection = db.session.connection()
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(compiled.string, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _term_ids(term_ids):
    # `+ 0`: SQLite would otherwise read by the term index (and sort for a GROUP BY);
    # without it, it reads each student's attempts together in the unique index's order
    # (student, term, …) and needs no sort. PostgreSQL, which cannot estimate `+ 0`,
    # would then choose a nested loop over every row.
    if db.session.get_bind().dialect.name == "sqlite":
        return (GradeRecord.term_id + 0).in_(term_ids)
    return GradeRecord.term_id.in_(term_ids)


def _per_term(term_ids, kept, scale):
    """Per student and term with a regular attempt, over those: credits, credits × points
    (all and degree courses'), failures."""
    credits = _cents(GradeRecord.credits)
    weighted = credits * _points(scale)
    degree = GradeRecord.degree_course.is_(True)
    return _driver_rows(
        select(
            GradeRecord.student_id,
            GradeRecord.term_id,
            cast(func.sum(credits), BigInteger),
            cast(func.sum(weighted), BigInteger),
            cast(func.sum(case((degree, credits), else_=0)), BigInteger),
            cast(func.sum(case((degree, weighted), else_=0)), BigInteger),
            func.sum(case((GradeRecord.passed.isnot(True), 1), else_=0)),
        )
        .where(_term_ids(term_ids), kept, GradeRecord.kind == "regular")
        .group_by(GradeRecord.student_id, GradeRecord.term_id)
    )


def _absent_or_zero(term_ids, kept):
    """The few attempts of any kind that are absent (旷考/缺考) or of 0 (or fewer) credits."""
    credits = _cents(GradeRecord.credits)
    return _driver_rows(
        select(GradeRecord.student_id, GradeRecord.term_id, GradeRecord.absent, credits).where(
            _term_ids(term_ids), kept, or_(GradeRecord.absent.is_(True), credits <= 0)
        )
    )


def _never_passed(term_ids, kept):
    """Every attempt of the courses no attempt up to T passes (all failed ones)."""
    passing = GradeRecord.__table__.alias("passing")
    return _driver_rows(
        select(
            GradeRecord.student_id,
            GradeRecord.course_code,
            GradeRecord.term_id,
            GradeRecord.kind,
            _cents(GradeRecord.credits),
        ).where(
            _term_ids(term_ids),
            kept,
            GradeRecord.passed.isnot(True),
            ~exists().where(
                passing.c.student_id == GradeRecord.student_id,
                passing.c.course_code == GradeRecord.course_code,
                passing.c.term_id.in_(term_ids),
                passing.c.passed.is_(True),
                passing.c.ignored.isnot(True),
                passing.c.score.isnot(None),
            ),
        )
    )


def term_values(
    term: Term,
    scale: str,
    college_id: int | None,
    terms_up_to,
    absence: dict,
    extended: set,
    reference,
) -> dict[int, tuple]:
    """student id -> values tuple, for every student evaluated at `term`.

    `terms_up_to` is the SQL condition on Term of the terms up to T; `reference(ids)` the
    reference computation (StudentMetrics by id) for students it cannot take."""
    order = {
        term_id: (year, n)
        for term_id, year, n in db.session.execute(
            select(Term.id, Term.start_year, Term.n).where(terms_up_to)
        )
    }
    key = term.key
    year = key[0]
    kept = _kept(college_id, term.id)
    students: dict[int, list] = {}
    unusual = set()
    # [evaluated, term credits, term weighted, regular failed, absent, cumulative weighted,
    #  cumulative credits, degree weighted, degree credits, previous term, its weighted,
    #  its credits]
    for (
        student_id,
        term_id,
        credits,
        weighted,
        degree_credits,
        degree_weighted,
        failed,
    ) in _per_term(list(order), kept, scale):
        sums = students.get(student_id)
        if sums is None:
            sums = students[student_id] = [False, 0, 0, 0, 0, 0, 0, 0, 0, None, 0, 0]
        when = order[term_id]
        sums[5] += weighted
        sums[6] += credits
        if when[0] == year:
            sums[7] += degree_weighted
            sums[8] += degree_credits
        if when == key:
            sums[0] = True
            sums[1], sums[2], sums[3] = credits, weighted, failed
        elif when[1] != 3 and (sums[9] is None or when > sums[9]):
            sums[9], sums[10], sums[11] = when, weighted, credits
    for student_id, term_id, absent, credits in _absent_or_zero(list(order), kept):
        if credits <= 0:
            unusual.add(student_id)
        elif absent and term_id == term.id and student_id in students:
            students[student_id][4] += 1
    failed = _failed_courses(_never_passed(list(order), kept), order, key)
    values = {}
    for student_id, sums in students.items():
        if not sums[0] or student_id in unusual:
            continue
        outstanding, term_failed, term_failed_courses = failed.get(student_id, (0, 0, 0))
        values[student_id] = _values(
            sums,
            outstanding,
            term_failed,
            term_failed_courses,
            absence.get(student_id),
            student_id in extended,
        )
    if unusual:
        for student_id, metrics in reference(sorted(unusual)).items():
            values[student_id] = from_metrics(metrics)
    return values


def _failed_courses(rows, order, key) -> dict[int, tuple[int, int, int]]:
    """student -> (outstanding credits, credits and courses of T still failed) × 100.

    A course's credits: its latest regular attempt's, else its earliest attempt's
    (a make-up before a retake in one term), as in portal.core.metrics."""
    courses: dict[tuple[int, str], list] = {}
    for student_id, course, term_id, kind, credits in rows:
        when, rank = order[term_id], _KIND_RANK[kind]
        entry = courses.get((student_id, course))
        if entry is None:
            courses[(student_id, course)] = [credits, when, rank, rank == 0 and when == key]
            continue
        if rank == 0 and when == key:
            entry[3] = True
        if rank == 0:
            replace = entry[2] != 0 or when > entry[1]
        else:
            replace = entry[2] != 0 and (when, rank) < (entry[1], entry[2])
        if replace:
            entry[0], entry[1], entry[2] = credits, when, rank
    failed: dict[int, list[int]] = {}
    for (student_id, _course), (credits, _when, _rank, in_term) in courses.items():
        sums = failed.get(student_id)
        if sums is None:
            sums = failed[student_id] = [0, 0, 0]
        sums[0] += credits
        if in_term:
            sums[1] += credits
            sums[2] += 1
    return {student_id: tuple(sums) for student_id, sums in failed.items()}


def _values(sums, outstanding, failed_credits, failed_courses, absence, extended) -> tuple:
    """Every credit sum here is > 0 or, for the degree courses, 0 (the students with an
    attempt of credits ≤ 0 are the reference's), so each denominator below is positive."""
    (
        _evaluated,
        credits,
        weighted,
        regular_failed,
        absent,
        cumulative_weighted,
        cumulative_credits,
        degree_weighted,
        degree_credits,
        previous,
        previous_weighted,
        previous_credits,
    ) = sums
    drop = None
    if previous is not None:
        drop = (
            previous_weighted * credits - weighted * previous_credits,
            previous_credits * credits * 1000,
        )
    return (
        (credits, 100),
        (failed_credits, 100),
        (failed_credits, credits),
        (failed_courses, 1),
        (regular_failed, 1),
        (outstanding, 100),
        (weighted, credits * 1000),
        (cumulative_weighted, cumulative_credits * 1000),
        (degree_weighted, degree_credits * 1000) if degree_credits else None,
        (absent, 1),
        drop,
        (absence.numerator, absence.denominator) if absence is not None else (0, 1),
        (1 if extended else 0, 1),
    )
