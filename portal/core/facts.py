"""Facts about warned students that the effectiveness review compares outcomes by: a
signed study plan, a peer volunteer, the talk cadence met. Modules register what they know;
the review reads the registry and never imports a module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from flask import current_app

from .modules import taken


@dataclass(frozen=True)
class Cohort:
    """The warned students of a reviewed term: the SQL condition over students that finds
    them (it may match others too) and, per warned student, the day their support period
    began (the roster's publication) — a fact is about that period, not about any time.

    `as_of`, per warned student whose warning is judged, the last day of the period: the
    first publication of next(T)'s roster, which decided the outcome. A fact answers as it
    stood at the end of that day (a plan signed, a talk held, a pairing approved and begun
    on or before it), so a judged term's review never changes when help is recorded later.
    A student not in `as_of` is still in the period (next(T) has no roster yet): everything
    up to now counts."""

    term_id: int
    student_condition: object
    since: dict[int, date]
    as_of: dict[int, date] = field(default_factory=dict)

    @cached_property
    def ended(self) -> frozenset:
        """The days the periods ended, as a cache key: made once, however many facts ask
        (a school's term is 20,000 students, and nine facts)."""
        return frozenset(self.as_of.items())

    def by_end(self, student_id: int, day: date | None) -> bool:
        """Whether `day` (a signing, an approval, a talk) came by the end of the student's
        support period, or the period still runs; no day never does once it has ended."""
        end = self.as_of.get(student_id)
        if end is None:
            return True
        return day is not None and day <= end


@dataclass(frozen=True)
class Fact:
    code: str
    label: object  # lazy string: the question ("had a signed study plan")
    values: Callable[[Cohort], dict[int, str]]  # student id -> state code
    states: dict = field(default_factory=dict)  # state code -> lazy label, in display order
    yes: frozenset = frozenset()  # the states that answer the question with yes


@dataclass(frozen=True)
class Total:
    """A figure for the whole scope of a term (certified volunteer hours)."""

    code: str
    label: object
    value: Callable[[int, object], object]  # (term id, student condition) -> number


def register(app, item: Fact | Total) -> None:
    """The core's own facts, and those a module declares (`Module.facts`, `.totals`)."""
    key, what = ("portal.facts", "fact") if isinstance(item, Fact) else ("portal.totals", "total")
    taken(app, key, item.code, what)[item.code] = item


def facts() -> dict[str, Fact]:
    return current_app.extensions.get("portal.facts", {})


def totals() -> dict[str, Total]:
    return current_app.extensions.get("portal.totals", {})
