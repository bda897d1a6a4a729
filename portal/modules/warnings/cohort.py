"""The warnings module answers the core's "what became of a term's warned students": each
warned student of a term's published roster, and the next regular term's verdict — lifted,
eased, same, escalated, left — with GPA and outstanding failed credits before and after.

A university-sized term has tens of thousands of warnings, so this reads columns, not
objects: the "before" figures from each warning's stored metrics, the "after" from the
metrics the next term's run stored (recomputed only for runs older than that table)."""

from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction
from threading import Lock

from flask_babel import get_locale
from sqlalchemy import func, select

from portal.core.memo import condition_key, per_request
from portal.core.metrics import compute_term
from portal.core.models import Student, Term
from portal.core.standing import CohortRow, LevelHeld, Standing
from portal.extensions import db

from . import roster
from .compute import attempts
from .explain import level_names
from .models import Run, RunEvent, RunMetric, Warning
from .standing import standing_of

LEFT = ("suspended", "dropped")
CACHE_SIZE = 24
_CACHE: OrderedDict = OrderedDict()
_LOCK = Lock()
_PARSED: dict[str, Fraction] = {}  # exact values by their stored text


def next_term(term: Term) -> Term | None:
    """The next first or second term (a summer term's grades count in the following term)."""
    later = db.session.scalars(select(Term).where(
        (Term.start_year > term.start_year)
        | ((Term.start_year == term.start_year) & (Term.n > term.n)))
        .order_by(Term.start_year, Term.n))
    return next((t for t in later if t.n != 3), None)


def _warned(term: Term, student_condition):
    """The term's published warnings (asked twice a review: as a term, and as the one
    after the term reviewed)."""
    return per_request("warned", (term.id, condition_key(student_condition)),
                       lambda: _read_warned(term, student_condition))


def _read_warned(term: Term, student_condition):
    return db.session.execute(
        select(Warning.student_id, Warning.run_id, Warning.category, Warning.level,
               Warning.level_rank,
               Warning.metrics["gpa_cumulative"].as_string().label("gpa"),
               Warning.metrics["outstanding_failed_credits"].as_string().label("failed"),
               Warning.lifted_at, Student.status, Student.college_id, Student.major_id,
               Student.class_id)
        .join(Warning.student)
        .where(roster.current_condition(term.id, drafts=False), student_condition)
        .order_by(Student.student_no, Warning.id)).all()


def cohort(term_id: int, student_condition) -> list[CohortRow]:
    return _cached("cohort", term_id, student_condition, _cohort)


def levels_held(term_id: int, student_condition) -> list[LevelHeld]:
    return _cached("levels", term_id, student_condition, _levels_held)


def held(term_id: int, student_condition) -> list[Standing]:
    """The standings a term's published roster gave (the same rows the review reads)."""
    return _cached("held", term_id, student_condition, _held)


def _cached(kind: str, term_id: int, student_condition, compute):
    """Answers kept across requests until the warnings data changes (see _fingerprint), in
    the reader's language: a school's term is tens of thousands of rows."""
    key = (kind, term_id, condition_key(student_condition), str(get_locale()), _fingerprint())
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    found = compute(term_id, student_condition)
    with _LOCK:
        _CACHE[key] = found
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return found


def _fingerprint() -> tuple:
    """Changes whenever a cached answer could: a run computed or published, a warning
    lifted or removed, a student's status or unit changed. Cheap: a few aggregates."""
    def read():
        one = lambda *columns: tuple(db.session.execute(select(*columns)).one())  # noqa: E731
        return (one(select(func.max(Run.id)).scalar_subquery(),
                    select(func.max(RunEvent.id)).scalar_subquery(),
                    select(func.count(Term.id)).scalar_subquery())
                + one(func.count(Warning.lifted_at), func.max(Warning.lifted_at),
                      func.count(Warning.removed_at), func.max(Warning.removed_at))
                + one(func.count(Student.id), func.max(Student.updated_at))
                + (db.engine.url.render_as_string(),))

    return per_request("warnings_fingerprint", None, read)


def _cohort(term_id: int, student_condition) -> list[CohortRow]:
    term = db.session.get(Term, term_id)
    if term is None:
        return []
    before = _warned(term, student_condition)
    if not before:
        return []
    later = next_term(term)
    judged = bool(later and roster.current_runs(later.id, drafts=False))
    after_rows = _warned(later, student_condition) if judged else []
    after = {(w.student_id, w.category): w for w in after_rows}
    ids = {w.student_id for w in before}
    metrics_after = _metrics_after(later, student_condition, ids) if judged else {}
    runs = {w.run_id for w in before} | {w.run_id for w in after_rows}
    names = level_names(runs)
    since = _published_on(runs)
    return [_row(w, after.get((w.student_id, w.category)), judged, names, since,
                 metrics_after.get(w.student_id, (None, None))) for w in before]


def _row(warning, again, judged: bool, names: dict, since: dict, after: tuple) -> CohortRow:
    label, css, _top = names.get((warning.category, warning.level), (warning.level, "none", 0))
    return CohortRow(
        student_id=warning.student_id, category=warning.category, level=warning.level,
        label=label, css=css, rank=warning.level_rank,
        outcome=_outcome(warning, again, judged),
        next_label=names.get((again.category, again.level), (again.level,))[0] if again else None,
        gpa_before=_fraction(warning.gpa), gpa_after=after[0],
        failed_before=_fraction(warning.failed), failed_after=after[1],
        college_id=warning.college_id, major_id=warning.major_id, class_id=warning.class_id,
        since=since[warning.run_id])


def _levels_held(term_id: int, student_condition) -> list[LevelHeld]:
    term = db.session.get(Term, term_id)
    rows = _warned(term, student_condition) if term else []
    names = level_names({w.run_id for w in rows})
    return [LevelHeld(w.student_id, w.category, w.level_rank,
                      *names.get((w.category, w.level), (w.level, "none"))[:2]) for w in rows]


def _held(term_id: int, student_condition) -> list[Standing]:
    term = db.session.get(Term, term_id)
    rows = _warned(term, student_condition) if term else []
    runs = {w.run_id for w in rows}
    names, since = level_names(runs), _published_on(runs)
    return [standing_of(w, names, since[w.run_id]) for w in rows]


def _published_on(run_ids: set[int]) -> dict:
    approved = dict(db.session.execute(
        select(RunEvent.run_id, func.max(RunEvent.at)).where(
            RunEvent.run_id.in_(run_ids), RunEvent.action == "approve")
        .group_by(RunEvent.run_id)).all())
    created = dict(db.session.execute(
        select(Run.id, Run.created_at).where(Run.id.in_(run_ids))).all())
    return {run_id: (approved.get(run_id) or created[run_id]).date() for run_id in run_ids}


def _metrics_after(later: Term, student_condition, ids: set[int]) -> dict:
    """student id -> (cumulative GPA, outstanding failed credits) the next term's run found."""
    stored = {student_id: (_fraction(gpa), _fraction(failed))
              for student_id, gpa, failed in db.session.execute(
                  select(RunMetric.student_id, RunMetric.gpa_cumulative,
                         RunMetric.outstanding_failed_credits)
                  .join(Student, Student.id == RunMetric.student_id)
                  .where(roster.runs_condition(later.id, RunMetric.run_id), student_condition))
              if student_id in ids}
    missing = sorted(ids - stored.keys())
    if missing:  # runs computed before the metrics were stored
        for student_id, values in compute_term(attempts(later, student_ids=missing),
                                               later.key).items():
            stored[student_id] = (values.gpa_cumulative, values.outstanding_failed_credits)
    return stored


def _outcome(warning, again, judged: bool) -> str:
    if warning.status in LEFT:
        return "left"
    if not judged:
        return "pending"
    if again is None:
        return "lifted"
    if again.level_rank < warning.level_rank:
        return "eased"
    return "same" if again.level_rank == warning.level_rank else "escalated"


def _fraction(text: str | None) -> Fraction | None:
    """Stored exact values repeat (credits, common GPAs): parse each text once."""
    if text in (None, ""):
        return None
    found = _PARSED.get(text)
    if found is None:
        if len(_PARSED) > 200_000:
            _PARSED.clear()
        found = _PARSED[text] = Fraction(text)
    return found


def terms() -> list[Term]:
    return roster.terms_with_runs(drafts=False)
