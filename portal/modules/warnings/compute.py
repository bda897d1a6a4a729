"""Computing a term's roster: metrics for every student in one pass, the ruleset over them,
and the difference from the term's previous run (new, escalated, eased, same, dropped)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from fractions import Fraction

from sqlalchemy import and_, or_, select, true

from portal.core import audit
from portal.core.bulk import insert_values
from portal.core.collector import collector_paused
from portal.core.i18n import _
from portal.core.importing import begin_write
from portal.core.metrics import METRIC_NAMES, Attempt, StudentMetrics, compute_term
from portal.core.models import Attendance, GradeRecord, Student, Term
from portal.core.templating import term_label
from portal.extensions import db

from .changes import change as compared_change
from .changes import since_last_term
from .models import DroppedWarning, Run, RunMetric, Warning
from .proposals import carry_accepted
from .rules import Ruleset, compile_ruleset, evaluate_roster, ruleset_to_dict, skip_reason
from .standing import ranks_before
from .term_metrics import as_metrics, term_values, text


class ComputeError(ValueError):
    """The computation cannot run: "summer" (a summer term is never evaluated, warning-rules.md
    §2) or "no_grades" (no student has a regular attempt in the term: nobody to evaluate).
    `str()` is the code; `message()` the words for the user."""

    def message(self, term: Term) -> str:
        if str(self) == "no_grades":
            return _(
                "No grades have been imported for %(term)s: no student has a regular exam in "
                "that term, so there is nobody to evaluate. Import the term's grades first.",
                term=term_label(term.code),
            )
        return _("A summer term is never evaluated; choose term 1 or 2.")


def has_grades(term: Term, college_id: int | None = None) -> bool:
    """Whether any student (of the college) has a regular attempt in the term: the students
    a roster evaluates (warning-rules.md §2). Asked before a computation is queued."""
    query = select(GradeRecord.id).where(
        GradeRecord.term_id == term.id, GradeRecord.kind == "regular"
    )
    if college_id:
        query = query.join(Student, Student.id == GradeRecord.student_id).where(
            Student.college_id == college_id
        )
    return db.session.scalar(query.limit(1)) is not None


def newest_graded_term(college_ids: set[int] | None) -> Term | None:
    """The newest regular term with grades imported for the colleges' students (None: any
    student's): the compute form's default, not the term under way, which has none yet."""
    graded = select(GradeRecord.id).where(
        GradeRecord.term_id == Term.id, GradeRecord.kind == "regular"
    )
    if college_ids is not None:
        graded = graded.join(Student, Student.id == GradeRecord.student_id).where(
            Student.college_id.in_(college_ids)
        )
    return db.session.scalar(
        select(Term)
        .where(Term.n != 3, graded.exists())
        .order_by(Term.start_year.desc(), Term.n.desc())
        .limit(1)
    )


def _terms_up_to(term: Term):
    return or_(
        Term.start_year < term.start_year,
        and_(Term.start_year == term.start_year, Term.n <= term.n),
    )


def _student_filter(college_id: int | None):
    return Student.college_id == college_id if college_id else True


def attempts(
    term: Term, college_id: int | None = None, student_ids=None
) -> Iterator[tuple[int, Attempt]]:
    """Every attempt up to `term` (of these students), streamed from one query."""
    query = (
        select(
            GradeRecord.student_id,
            Term.start_year,
            Term.n,
            GradeRecord.course_code,
            GradeRecord.credits,
            GradeRecord.kind,
            GradeRecord.score,
            GradeRecord.passed,
            GradeRecord.absent,
            GradeRecord.ignored,
            GradeRecord.degree_course,
            GradeRecord.grade_point,
        )
        .join(Term, Term.id == GradeRecord.term_id)
        .where(_terms_up_to(term))
    )
    if college_id:
        query = query.join(Student, Student.id == GradeRecord.student_id).where(
            Student.college_id == college_id
        )
    if student_ids is not None:
        query = query.where(GradeRecord.student_id.in_(student_ids))
    exact = _Made(_exact)  # one Fraction shared by every attempt with the value
    for (
        student_id,
        year,
        n,
        course,
        credits,
        kind,
        score,
        passed,
        absent,
        ignored,
        degree,
        grade_point,
    ) in db.session.execute(query.execution_options(yield_per=20000)):
        yield (
            student_id,
            Attempt(
                (year, n),
                course,
                exact[credits],
                kind,
                None if ignored else exact[score],
                passed,
                absent,
                degree,
                exact[grade_point],
            ),
        )


class _Made(dict):
    """key -> make(key), made once per distinct key: a term's tens of thousands of rows
    share few values (scores, credits, metrics)."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        found = self[key] = self.make(key)
        return found


def _exact(value):
    """A stored value's Fraction (None stays None)."""
    return None if value is None else Fraction(value)


def _absence_and_extended(term: Term, college_id: int | None) -> tuple[dict, set]:
    absence = dict(
        db.session.execute(
            select(Attendance.student_id, Attendance.absence_hours)
            .join(Student, Student.id == Attendance.student_id)
            .where(Attendance.term_id == term.id, _student_filter(college_id))
        ).all()
    )
    extended = set(
        db.session.scalars(
            select(Student.id).where(Student.extended_study.is_(True), _student_filter(college_id))
        )
    )
    return {k: Fraction(v) for k, v in absence.items()}, extended


def student_values(
    term: Term,
    ruleset: Ruleset,
    college_id: int | None = None,
) -> dict[int, tuple]:
    """student id -> the metrics as exact (numerator, denominator) pairs (term_metrics)."""
    absence, extended = _absence_and_extended(term, college_id)

    def reference(student_ids):
        return compute_term(
            attempts(term, college_id, student_ids),
            term.key,
            scale=ruleset.scale,
            absence=absence,
            extended=extended,
        )

    return term_values(
        term, ruleset.scale, college_id, _terms_up_to(term), absence, extended, reference
    )


def student_metrics(
    term: Term,
    ruleset: Ruleset,
    college_id: int | None = None,
) -> dict[int, StudentMetrics]:
    return {
        student_id: as_metrics(values)
        for student_id, values in student_values(term, ruleset, college_id).items()
    }


def previous_run(term: Term, college_id: int | None) -> Run | None:
    return db.session.scalars(
        select(Run)
        .where(
            Run.term_id == term.id,
            Run.college_id.is_(college_id) if college_id is None else Run.college_id == college_id,
        )
        .order_by(Run.id.desc())
        .limit(1)
    ).first()


def compute_run(
    term: Term,
    ruleset: Ruleset,
    *,
    college_id: int | None = None,
    user_id: int | None = None,
    progress=None,
) -> Run:
    """Store a new run and its warnings (flush only). Summer terms are refused, and so is a
    term nobody has a regular attempt in (its grades not imported: walk finding 4), unless
    the ruleset does not evaluate it (liaoning's first terms: an empty roster saying why).

    `progress(step, rows=…, percent=…)`, when given (a queue job), hears how far it got:
    the metrics are the first half, the rules over the students the next 40 %. Everything
    is evaluated before anything is written: progress is written on its own connection,
    which on SQLite cannot write while this transaction holds the write lock, so a job's
    write transaction begins (IMMEDIATE) after the last report."""
    if term.is_summer:
        raise ComputeError("summer")
    # Its hundreds of thousands of tuples hold no cycles, yet each of the cycle collector's
    # passes walked them all (issue 21: 0.6 of 1.7 s CPU for a 30,000-student term).
    with collector_paused():
        return _compute(term, ruleset, college_id, user_id, progress)


def _compute(term, ruleset, college_id, user_id, progress) -> Run:
    report = progress or (lambda step, **values: None)
    report("computing", rows=0, percent=0)
    before = previous_run(term, college_id)
    reason = skip_reason(ruleset, term.key)
    metrics = {} if reason else student_values(term, ruleset, college_id)
    if not reason and not metrics:
        raise ComputeError("no_grades")
    report("computing", rows=0, percent=50)
    earlier = _ranks(before)
    results = evaluate_roster(compile_ruleset(ruleset), metrics)
    definition = ruleset_to_dict(ruleset)
    last_term = _last_term_ranks(term, definition, college_id) if results else {}
    rows = _warning_rows(ruleset, results, metrics, earlier, last_term)
    report("computing", rows=len(metrics), percent=90)
    if progress is not None:
        begin_write()
    run = Run(
        term_id=term.id,
        college_id=college_id,
        ruleset_code=ruleset.code,
        ruleset_snapshot=definition,
        created_by_id=user_id,
        evaluated=len(metrics),
        skip_reason=reason,
        previous_run_id=before.id if before else None,
    )
    db.session.add(run)
    db.session.flush()
    _store(run.id, rows, metrics)
    # The term's accepted proposals stand for its roster computed again (proposals.py).
    carried = carry_accepted(run)
    _record_dropped(run.id, earlier, {(row[0], row[1]) for row in rows} | carried)
    audit.record_on(
        run, "compute", detail=f"term={term.code} ruleset={ruleset.code} warned={len(rows)}"
    )
    return run


def _store(run_id: int, rows: list[tuple], metrics: dict) -> None:
    """The run's warnings and its students' metrics."""
    insert_values(Warning.__table__, WARNING_COLUMNS, [(run_id, *row) for row in rows])
    _store_metrics(run_id, metrics)


WARNING_COLUMNS = [
    "run_id",
    *("student_id", "category", "level", "level_rank", "fired", "metrics", "source"),
    *("change", "since_last_term"),
]


def _warning_rows(
    ruleset: Ruleset, results: dict, metrics: dict, earlier: dict, last_term: dict
) -> list[tuple]:
    """The Warning rows, without their run, in WARNING_COLUMNS order. The JSON columns are
    written here as json.dumps writes them, each distinct value's text made once (issue 21:
    a per-row dict and json.dumps were a fifth of the computation)."""
    ranks = {
        category.code: {level.code: i for i, level in enumerate(category.levels, 1)}
        for category in ruleset.categories
    }
    tokens = _Made(_json_text)
    prefixes = _Made(_fired_prefix)
    rows = []
    for student_id, found in results.items():
        values = metrics[student_id]
        snapshot = _SNAPSHOT % tuple(map(tokens.__getitem__, values))
        for category, level, fired in found:
            rank = ranks[category][level]
            reasons = ", ".join(
                f"{prefixes[index, condition.op, threshold]}{tokens[values[index]]}}}"
                for index, threshold, condition in fired
            )
            since = since_last_term(last_term.get((student_id, category)), rank)
            change = compared_change(earlier.get((student_id, category)), since, rank)
            why = f"[{reasons}]"
            rows.append((student_id, category, level, rank, why, snapshot, "rules", change, since))
    return rows


# The metrics snapshot as json.dumps writes {name: text or None} in METRIC_NAMES order.
_SNAPSHOT = "{" + ", ".join(f"{json.dumps(name)}: %s" for name in METRIC_NAMES) + "}"


def _json_text(value) -> str:
    """An exact value's JSON: the Fraction's text quoted ("3/2"), or null."""
    return json.dumps(text(value))


def _fired_prefix(key: tuple) -> str:
    """(metric index, operator, threshold text) -> the JSON of a fired entry, up to the value."""
    index, op, threshold = key
    entry = {"metric": METRIC_NAMES[index], "op": op, "threshold": threshold}
    return json.dumps(entry)[:-1] + ', "value": '


_GPA_CUMULATIVE = METRIC_NAMES.index("gpa_cumulative")
_OUTSTANDING = METRIC_NAMES.index("outstanding_failed_credits")


def _store_metrics(run_id: int, metrics: dict[int, tuple]) -> None:
    texts = _Made(text)
    insert_values(
        RunMetric.__table__,
        ["run_id", "student_id", "gpa_cumulative", "outstanding_failed_credits"],
        [
            (run_id, student_id, texts[values[_GPA_CUMULATIVE]], texts[values[_OUTSTANDING]])
            for student_id, values in metrics.items()
        ],
    )


def _ranks(run: Run | None) -> dict[tuple[int, str], tuple[int, str]]:
    if run is None:
        return {}
    return {
        (s, c): (rank, level)
        for s, c, rank, level in db.session.execute(
            select(Warning.student_id, Warning.category, Warning.level_rank, Warning.level).where(
                Warning.run_id == run.id
            )
        )
    }


def _last_term_ranks(term: Term, definition: dict, college_id: int | None) -> dict:
    everyone = true() if college_id is None else Student.college_id == college_id
    return ranks_before(term.id, definition, everyone)


def _record_dropped(run_id: int, earlier: dict, kept: set[tuple[int, str]]) -> None:
    """The previous run's warnings this run no longer gives."""
    insert_values(
        DroppedWarning.__table__,
        ["run_id", "student_id", "category", "level"],
        [
            (run_id, student_id, category, level)
            for (student_id, category), (_rank, level) in earlier.items()
            if (student_id, category) not in kept
        ],
    )
