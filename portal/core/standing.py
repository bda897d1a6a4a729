"""Who is warned now, at which level, since when. Talks, parents and the other modules ask
here; one module answers by declaring a `StandingProvider` (`Module.standing`), so no
module imports another's internals. Without a provider nobody is warned.

The provider's contract is this file: the `StandingProvider` protocol and the rows it
answers with (`Standing`; `CohortRow`, a term's standings with what became of them, and
`LevelCounts`, how many students stood at each level, which the effectiveness review
reads). Their fields are what any provider gives,
not one module's internals; their class names are kept in stored answers.

A warning is a state that lasts (warning-rules.md §6), not a line of the latest roster:
the provider carries it across terms until its ruleset's lifting rule holds, pauses it
while the student is suspended, and proposes its lifting. Every level is identified by
(ruleset, category, level)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Protocol

from flask import current_app

from .memo import condition_key, per_request
from .models import Student
from .modules import ModuleError


@dataclass(frozen=True)
class Standing:
    student_id: int
    college_id: int | None
    level: str  # the ruleset's level code
    label: str  # its name in the reader's language
    css: str  # the badge class shared by every page
    most_severe: bool  # the top level of its category (support team, parent meeting)
    since: date  # publication of the roster that began the warning (the support period)
    lifted_on: date | None = None  # the lifting confirmed
    category: str = ""  # the ruleset's category code: a level is (ruleset, category, level)
    state: str = "warned"  # warned | paused (suspended) | lifting_proposed
    since_term: str = ""  # the term since which warned ("2024-2025-1")
    renewed: date | None = None  # publication of the latest roster it stood at
    ruleset: str = ""

    @property
    def counts_in_dues(self) -> bool:
        """Owed talks and contacts: warned, or lifting proposed and not yet confirmed."""
        return self.state != "paused"


@dataclass(slots=True)
class CohortRow:
    """A standing of a term, and what the next regular term made of it (the provider's
    answer to `cohort`)."""

    student_id: int
    category: str
    level: str
    label: str
    css: str
    rank: int  # 1 = the mildest level of its category
    # at next(T): lifted | eased | same | escalated | graduated | suspended | withdrawn |
    # pending (next(T) has no published roster for the college)
    outcome: str
    next_label: str | None
    gpa_before: Fraction | None
    gpa_after: Fraction | None
    failed_before: Fraction | None  # outstanding failed credits
    failed_after: Fraction | None
    college_id: int | None = None
    major_id: int | None = None
    class_id: int | None = None
    since: date | None = None  # the roster's publication: the support period's start
    judged_term: str | None = None  # next(T)
    lift_confirmed: bool | None = None  # lifted: confirmed by the secretary, or only proposed
    state: str = "warned"  # at T: warned | paused
    ruleset: str = ""  # a level is (ruleset, category, level)
    term: str = ""  # T, the term it stood at ("2025-2026-1"): a year's review holds two
    # The first publication of next(T)'s roster for the student's college: the outcome is
    # decided, the support period over (None while pending). The review counts the help
    # given up to this day, so a judged term's figures stay as they were judged.
    judged_on: date | None = None


# (ruleset, category, rank, level) -> (label, css, students): each student counted once, at
# their most severe standing (a level is (ruleset, category, level); rank 1 the mildest).
LevelCounts = dict[tuple[str, str, int, str], tuple[str, str, int]]


class StandingProvider(Protocol):
    """What a module declaring `Module.standing` answers; the loader checks each method is
    there. `student_condition` is an SQL condition over students."""

    def current(self, student_condition) -> list[Standing]: ...

    def held(self, term_id: int, student_condition) -> list[Standing]: ...

    def levels(self, college_id: int) -> list[tuple[str, str]]: ...

    def cohort(self, term_id: int, student_condition) -> list[CohortRow]: ...

    def terms(self) -> list: ...

    def level_counts(self, term_id: int, student_condition) -> LevelCounts: ...

    def ruleset_name(self, code: str) -> str: ...

    def relabel(self, label: str) -> str: ...


PROVIDER_METHODS = (
    "current",
    "held",
    "levels",
    "cohort",
    "terms",
    "level_counts",
    "ruleset_name",
    "relabel",
)


def register(app, provider: StandingProvider) -> None:
    """The loader hands the one declared provider here; a second is refused."""
    if app.extensions.get("portal.standing") is not None:
        raise ModuleError("a second standing provider declared")
    app.extensions["portal.standing"] = provider


def _provider() -> StandingProvider | None:
    return current_app.extensions.get("portal.standing")


def current(student_condition) -> dict[int, list[Standing]]:
    """The current published warnings of the students matching the SQL condition. Asked
    several times a request (each dashboard widget), answered once per condition."""

    def compute():
        provider = _provider()
        found: dict[int, list[Standing]] = {}
        for standing in provider.current(student_condition) if provider else []:
            found.setdefault(standing.student_id, []).append(standing)
        return found

    return per_request("standing", condition_key(student_condition), compute)


def held(term_id: int, student_condition) -> dict[int, list[Standing]]:
    """The warnings a term's published roster gave (for reviewing that term's support)."""
    provider = _provider()
    found: dict[int, list[Standing]] = {}
    for standing in provider.held(term_id, student_condition) if provider else []:
        found.setdefault(standing.student_id, []).append(standing)
    return found


def relabel(label: str | None) -> str:
    """A level's name saved with a record, in the reader's language (the provider knows
    every ruleset's names); as saved without a provider or for text it does not know."""
    provider = _provider()
    if not label or provider is None:
        return label or ""
    return provider.relabel(label)


def ruleset_name(code: str | None) -> str:
    """A ruleset's name (a cadence preset is named by its ruleset's code) in the reader's
    language; the code itself without a provider."""
    provider = _provider()
    if not code or provider is None:
        return code or ""
    return provider.ruleset_name(code)


def of_student(student_id: int) -> list[Standing]:
    return current(Student.id == student_id).get(student_id, [])


def cohort(term_id: int, student_condition) -> list[CohortRow]:
    """The warned students of a term (in scope), and their outcome the next term. Once per
    request and question."""
    provider = _provider()
    if provider is None:
        return []
    return per_request(
        "cohort",
        (term_id, condition_key(student_condition)),
        lambda: provider.cohort(term_id, student_condition),
    )


def level_counts(term_id: int, student_condition) -> LevelCounts:
    """How many of the students matching the condition stood warned at each level at T
    (warned or paused), each once, at their most severe standing."""
    provider = _provider()
    return provider.level_counts(term_id, student_condition) if provider else {}


def terms() -> list:
    """Terms with a published roster, newest first."""
    provider = _provider()
    return provider.terms() if provider else []


def levels(college_id: int) -> list[tuple[str, str]]:
    """(code, name) of the levels the college's ruleset can give, mildest first."""
    provider = _provider()
    return provider.levels(college_id) if provider else []
