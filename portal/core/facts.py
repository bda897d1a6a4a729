"""Facts about warned students that the effectiveness review compares outcomes by: a
signed study plan, a peer volunteer, the talk cadence met. Modules register what they know;
the review reads the registry and never imports a module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from .modules import taken


@dataclass(frozen=True)
class Cohort:
    """The warned students of a reviewed term: the SQL condition over students that finds
    them (it may match others too) and, per warned student, the day their support period
    began (the roster's publication) — a fact is about that period, not about any time."""

    term_id: int
    student_condition: object
    since: dict[int, date]


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
