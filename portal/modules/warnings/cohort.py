"""The warnings module answers the core's "what became of a term's warned students"
(outcomes.py computes it from standing.py's walk), kept until the warnings data changes:
in this process's memory and, for every other host, in the database (answers.py)."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from flask_babel import get_locale
from sqlalchemy import func, select

from portal.core.collector import collector_paused
from portal.core.memo import condition_key, per_request
from portal.core.models import Student, Term
from portal.core.standing import CohortRow, LevelCounts, Standing
from portal.extensions import db

from . import answers, lifting, roster
from .models import Run, RunEvent, Warning
from .outcomes import cohort_rows, held_at, level_counts_at
from .standing import STANDING, standings_at

CACHE_SIZE = 24
_CACHE: OrderedDict = OrderedDict()
_LOCK = Lock()


def cohort(term_id: int, student_condition) -> list[CohortRow]:
    return _cached("cohort", term_id, student_condition, cohort_rows)


def level_counts(term_id: int, student_condition) -> LevelCounts:
    return _cached("level_counts", term_id, student_condition, level_counts_at)


def held(term_id: int, student_condition) -> list[Standing]:
    """The standings a term's published roster gave (the same rows the review reads)."""
    return _cached("held", term_id, student_condition, held_at)


def standing_counts(term_id: int, student_condition) -> dict[tuple[str, str], int]:
    """(category, level) -> students standing warned there at T (warned or paused)."""
    return _cached("counts", term_id, student_condition, _standing_counts)


def lifts_awaiting(student_condition) -> dict[int, tuple]:
    """The liftings proposed and not yet confirmed of the students matching (lifting.pending:
    lift id -> student, whether warned again since, other categories warned now). The
    lifting page lists them and the dashboard counts their students: one answer for both,
    whatever term either shows."""
    return _cached("lifts", 0, student_condition, _lifts_awaiting)


def _lifts_awaiting(_term_id: int, student_condition) -> dict[int, tuple]:
    return lifting.pending(student_condition)


def carried(term_id: int, student_condition) -> dict[int, int]:
    """warning id -> the term since which warned, for each standing at T that T's own roster
    does not give (carried from an earlier roster, §6): the roster lists those rows too, so
    its list and its per-level counts agree."""
    return _cached("carried", term_id, student_condition, _carried)


def _carried(term_id: int, student_condition) -> dict[int, int]:
    own = set(roster.current_runs(term_id).values())
    return {
        held.warning_id: held.since_term
        for held, _college in standings_at(term_id, student_condition)
        if held.state in STANDING and held.run_id not in own
    }


def _standing_counts(term_id: int, student_condition) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for held, _college in standings_at(term_id, student_condition):
        if held.state in STANDING:
            counts[(held.category, held.level)] = counts.get((held.category, held.level), 0) + 1
    return counts


def _cached(kind: str, term_id: int, student_condition, compute):
    """Answers kept until the warnings data changes (see _fingerprint), in the reader's
    language: a school's term is tens of thousands of rows. In this process's memory, and
    in the database (answers.py) for every other host and process."""
    state = answers.digest((_fingerprint(), answers.SHAPE))
    key = answers.digest(
        (kind, term_id, condition_key(student_condition), str(get_locale()), state)
    )
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    with collector_paused():
        found = answers.load(key, state)
        if found is None:
            found = compute(term_id, student_condition)
            answers.store(key, state, found)
    with _LOCK:
        _CACHE[key] = found
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return found


def _fingerprint() -> tuple:
    """Changes whenever a cached answer could: a run computed or published, a warning
    added (a proposal accepted on a published roster), lifted or removed, a student's
    status or unit changed. Cheap: a few aggregates."""

    def read():
        one = lambda *columns: tuple(db.session.execute(select(*columns)).one())  # noqa: E731
        return (
            one(
                select(func.max(Run.id)).scalar_subquery(),
                select(func.max(RunEvent.id)).scalar_subquery(),
                select(func.count(Term.id)).scalar_subquery(),
                select(func.max(Warning.id)).scalar_subquery(),
            )
            + one(
                func.count(Warning.lifted_at),
                func.max(Warning.lifted_at),
                func.count(Warning.removed_at),
                func.max(Warning.removed_at),
            )
            + one(func.count(Student.id), func.max(Student.updated_at))
            + (db.engine.url.render_as_string(),)
        )

    return per_request("warnings_fingerprint", None, read)


def terms() -> list[Term]:
    return roster.terms_with_runs(drafts=False)
