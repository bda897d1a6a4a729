"""Obligations that come due (a talk, a parent contact) by warning level and role, and the
due list computed from them (workflows.md steps 3 and 4). Pure functions: the modules that
record talks and contacts feed in dates; a fixed `today` makes every edge testable.

A rule says, for one level and role, what is owed: a first one within N days of the
roster's publication, then one every N days, and/or at least N in the term. A level is
identified by (category, level): liaoning's 退学, 降级 and 学位 warnings share the level code
"warning", so a rule names its category (empty: every category with that level code).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class CadenceRule:
    level: str  # the ruleset level code ("yellow", "level2", …)
    role: str  # who owes it ("class_advisor", "counselor")
    kind: str  # "talk" or "parent"
    first_within_days: int | None = None
    every_days: int | None = None
    per_term_min: int | None = None
    category: str = ""  # the ruleset category code; "" matches every category

    def applies_to(self, category: str, level: str) -> bool:
        return self.level == level and (not self.category or self.category == category)


@dataclass(frozen=True, slots=True)
class Due:
    """One obligation: when it is due, and whether (and when) it was met."""

    due_on: date
    met_on: date | None
    state: str  # on_time | late | missed | overdue | due | upcoming


def schedule(rule: CadenceRule, published_on: date, term_end: date) -> list[date]:
    """The dates by which each talk or contact is owed in the term."""
    dates = []
    if rule.first_within_days is not None:
        dates.append(published_on + timedelta(days=rule.first_within_days))
    if rule.every_days:
        start = dates[-1] if dates else published_on
        step = timedelta(days=rule.every_days)
        current = start + step
        while current <= term_end:
            dates.append(current)
            current += step
    missing = (rule.per_term_min or 0) - len(dates)
    if missing > 0:
        # "At least N a term": the missing ones spread evenly up to the term's end.
        start = dates[-1] if dates else published_on
        span = (term_end - start).days
        dates += [start + timedelta(days=span * (i + 1) // missing) for i in range(missing)]
    return dates


def assess(rule: CadenceRule, published_on: date, term_end: date, done: Iterable[date],
           today: date, *, soon_days: int = 7) -> list[Due]:
    """Match what was done to what was owed, oldest first.

    An obligation can be met until the next one falls due: by then it is missed for good
    (a missed week is not made up by two talks later). So at most one obligation per
    rule is overdue at a time, and one late talk takes it off the due list.
    """
    remaining = sorted(d for d in done if d >= published_on)
    owed = schedule(rule, published_on, term_end)
    result = []
    for i, due_on in enumerate(owed):
        closes = owed[i + 1] if i + 1 < len(owed) else None
        met = _take(remaining, closes)
        # "Due soon" is at most half the interval: a weekly talk just held is not due again.
        opens = owed[i - 1] if i else published_on
        soon = min(soon_days, max(1, (due_on - opens).days // 2))
        result.append(Due(due_on, met, _state(due_on, met, closes, today, soon)))
    return result


def _take(remaining: list[date], closes: date | None) -> date | None:
    if remaining and (closes is None or remaining[0] < closes):
        return remaining.pop(0)
    return None


def _state(due_on: date, met_on: date | None, closes: date | None, today: date,
           soon_days: int) -> str:
    if met_on is not None:
        return "on_time" if met_on <= due_on else "late"
    if closes is not None and closes <= today:
        return "missed"
    if due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=soon_days):
        return "due"
    return "upcoming"


def rules_for(preset: Sequence[CadenceRule], level: str, role: str, kind: str,
              category: str = ""):
    return [r for r in preset if r.level == level and r.role == role and r.kind == kind
            and (not category or r.category in ("", category))]


# The seed policies (workflows.md step 3), as shipped presets a college can copy and edit.
PRESETS: dict[str, tuple[CadenceRule, ...]] = {
    "anshan": (
        CadenceRule("yellow", "class_advisor", "talk", first_within_days=30, every_days=30, category="academic"),
        CadenceRule("orange", "counselor", "talk", first_within_days=7, every_days=7, category="academic"),
        CadenceRule("orange", "counselor", "parent", first_within_days=14, every_days=14, category="academic"),
        CadenceRule("red", "counselor", "parent", first_within_days=30, category="academic"),
        CadenceRule("red", "counselor", "talk", first_within_days=7, every_days=7, category="academic"),
    ),
    "shaoxing": (
        CadenceRule("level1", "class_advisor", "talk", first_within_days=30, every_days=30, category="difficulty"),
        CadenceRule("level2", "class_advisor", "talk", first_within_days=14, every_days=14, category="difficulty"),
        CadenceRule("level2", "counselor", "talk", first_within_days=30, every_days=30, category="difficulty"),
        CadenceRule("level3", "counselor", "talk", first_within_days=14, every_days=14, category="difficulty"),
    ),
    "lanzhou": (
        CadenceRule("oral", "counselor", "talk", first_within_days=30, per_term_min=2, category="academic"),
        CadenceRule("written", "counselor", "talk", first_within_days=30, per_term_min=2, category="academic"),
        CadenceRule("oral", "class_advisor", "talk", first_within_days=30, every_days=30, category="academic"),
        CadenceRule("written", "class_advisor", "talk", first_within_days=30, every_days=30, category="academic"),
    ),
}
