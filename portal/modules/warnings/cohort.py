"""The warnings module answers the core's "what became of a term's warned students": each
warning standing at T (warning-rules.md §6, see standing.py) and its outcome at next(T) —
lifted, eased, same, escalated, graduated, suspended, withdrawn or pending — with GPA and
outstanding failed credits before and after, cached across requests.

A university-sized term has tens of thousands of warnings, so this reads columns, not
objects: the "before" figures from each warning's stored metrics, the "after" from the
metrics next(T)'s roster stored."""

from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction
from threading import Lock

from flask_babel import get_locale
from sqlalchemy import func, select

from portal.core.collector import collector_paused
from portal.core.memo import condition_key, per_request
from portal.core.models import Student, Term
from portal.core.standing import CohortRow, LevelCounts, Standing
from portal.extensions import db

from . import roster
from .models import Run, RunEvent, Warning

CACHE_SIZE = 24
_CACHE: OrderedDict = OrderedDict()
_LOCK = Lock()
_PARSED: dict[str, Fraction] = {}  # exact values by their stored text


class Exact(Fraction):
    """An exact value that knows its float: the review sorts and bins tens of thousands of
    them by float on every request, and Fraction.__float__ divides each time."""

    __slots__ = ("_float", "text")

    def __new__(cls, text):
        self = super().__new__(cls, text)
        self._float = self.numerator / self.denominator
        self.text = text  # as stored: what answers.py writes back, without formatting it
        return self

    def __float__(self) -> float:
        return self._float


def cohort(term_id: int, student_condition) -> list[CohortRow]:
    return _cached("cohort", term_id, student_condition, _cohort)


def level_counts(term_id: int, student_condition) -> LevelCounts:
    return _cached("level_counts", term_id, student_condition, _level_counts)


def held(term_id: int, student_condition) -> list[Standing]:
    """The standings a term's published roster gave (the same rows the review reads)."""
    return _cached("held", term_id, student_condition, _held)


def standing_counts(term_id: int, student_condition) -> dict[tuple[str, str], int]:
    """(category, level) -> students standing warned there at T (warned or paused)."""
    return _cached("counts", term_id, student_condition, _standing_counts)


def carried(term_id: int, student_condition) -> dict[int, int]:
    """warning id -> the term since which warned, for each standing at T that T's own roster
    does not give (carried from an earlier roster, §6): the roster lists those rows too, so
    its list and its per-level counts agree."""
    return _cached("carried", term_id, student_condition, _carried)


def _carried(term_id: int, student_condition) -> dict[int, int]:
    from .standing import STANDING, standings_at

    own = set(roster.current_runs(term_id).values())
    return {
        held.warning_id: held.since_term
        for held, _college in standings_at(term_id, student_condition)
        if held.state in STANDING and held.run_id not in own
    }


def _standing_counts(term_id: int, student_condition) -> dict[tuple[str, str], int]:
    from .standing import STANDING, standings_at

    counts: dict[tuple[str, str], int] = {}
    for held, _college in standings_at(term_id, student_condition):
        if held.state in STANDING:
            counts[(held.category, held.level)] = counts.get((held.category, held.level), 0) + 1
    return counts


def _cached(kind: str, term_id: int, student_condition, compute):
    """Answers kept until the warnings data changes (see _fingerprint), in the reader's
    language: a school's term is tens of thousands of rows. In this process's memory, and
    in the database (answers.py) for every other host and process."""
    from . import answers

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


def _cohort(term_id: int, student_condition) -> list[CohortRow]:
    from .standing import cohort_rows

    return cohort_rows(term_id, student_condition)


def _level_counts(term_id: int, student_condition) -> LevelCounts:
    from .standing import level_counts_at

    return level_counts_at(term_id, student_condition)


def _held(term_id: int, student_condition) -> list[Standing]:
    from .standing import held_at

    return held_at(term_id, student_condition)


def _fraction(text: str | None) -> Fraction | None:
    """Stored exact values repeat (credits, common GPAs): parse each text once."""
    if text in (None, ""):
        return None
    found = _PARSED.get(text)
    if found is None:
        if len(_PARSED) > 200_000:
            _PARSED.clear()
        found = _PARSED[text] = Exact(text)
    return found


def terms() -> list[Term]:
    return roster.terms_with_runs(drafts=False)
