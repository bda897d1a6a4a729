"""Obligations that come due (a talk, a parent contact) by warning level and role, and the
due list computed from them (workflows.md steps 3 and 4). Pure functions: the modules that
record talks and contacts feed in dates; a fixed `today` makes every edge testable.

A rule says, for one level and role, what is owed: a first one within N days of the
roster's publication, then one every N days, and/or at least N in the term. A level is
identified by (category, level): liaoning's 退学, 降级 and 学位 warnings share the level code
"warning", so a rule names its category (empty: every category with that level code).

Kinds are distinct: an individual talk ("talk"), a group meeting ("meeting"), a parent
contact ("parent", of one method when the rule names it), a volunteer pairing ("pairing")
and a support-team plan ("support_plan"); a record of one kind meets only its own kind. A
more severe level inherits a milder level's rules unless it has its own rule for the same
talker, kind and method (lanzhou 二.6: 高一级警示工作应当在低一级警示工作的基础上进行), and
may not owe less of any of them (`weaker_levels`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class CadenceRule:
    level: str  # the ruleset level code ("yellow", "level2", …)
    role: str  # who owes it: a talker role ("class_advisor", "counselor", "leader", …)
    kind: str  # talk | meeting | parent | pairing | support_plan
    first_within_days: int | None = None
    every_days: int | None = None
    per_term_min: int | None = None
    category: str = ""  # the ruleset category code; "" matches every category
    method: str = ""  # only records of this method meet it ("face", "phone", …); "" any
    clause: str = ""  # the policy's clause it follows (seed file + clause)
    note: str = ""  # what was chosen where the policy is silent (an msgid for presets)
    inherited_from: str = ""  # "category:level" it was inherited from (computed, not saved)

    def applies_to(self, category: str, level: str) -> bool:
        return self.level == level and (not self.category or self.category == category)

    @property
    def key(self) -> tuple[str, str, str]:
        """What a more severe level's own rule overrides: the same talker, kind and method."""
        return (self.role, self.kind, self.method)

    def stored(self) -> dict:
        """The rule as a policy keeps it (inheritance is computed, never saved)."""
        data = asdict(self)
        del data["inherited_from"]
        return data


@dataclass(frozen=True, slots=True)
class Due:
    """One obligation: when it is due, and whether (and when) it was met."""

    due_on: date
    met_on: date | None
    state: str  # on_time | late | missed | overdue | due | upcoming
    # An obligation a period of the rhythm follows: the first day of its own period (what is
    # held from then to `due_on` meets it, nothing later). None: met late too.
    starts: date | None = None


Break = tuple[date, date]  # the first day off after a term, and the next term's first day


def schedule(
    rule: CadenceRule, published_on: date, term_end: date, breaks: Sequence[Break] = ()
) -> list[date]:
    """The dates by which each talk or contact is owed in the term. The policies are silent
    on holidays; nobody talks with a student in August: one that would fall due in a break
    between terms is owed on the next term's first day instead, and a rhythm ("every N
    days") starts again from that day."""
    return [due_on for due_on, _rhythm in _slots(rule, published_on, term_end, breaks)]


def _slots(
    rule: CadenceRule, published_on: date, term_end: date, breaks: Sequence[Break]
) -> list[tuple[date, bool]]:
    """`schedule`'s dates, each with whether it is one of the rhythm's ("every N days"): a
    period of its own, from the date before it to its own."""
    slots = []
    if rule.first_within_days is not None:
        first = _back_in_term(published_on + timedelta(days=rule.first_within_days), breaks)
        slots.append((first, False))
    if rule.every_days:
        step = timedelta(days=rule.every_days)
        current = _back_in_term((slots[-1][0] if slots else published_on) + step, breaks)
        while current <= term_end:
            slots.append((current, True))
            current = _back_in_term(current + step, breaks)
    missing = (rule.per_term_min or 0) - len(slots)
    if missing > 0:
        # "At least N a term": the missing ones spread evenly up to the term's end.
        start = slots[-1][0] if slots else published_on
        span = (term_end - start).days
        spread = [start + timedelta(days=span * (i + 1) // missing) for i in range(missing)]
        slots += [(day, False) for day in dict.fromkeys(_back_in_term(d, breaks) for d in spread)]
    return slots


def _back_in_term(day: date, breaks: Sequence[Break]) -> date:
    """`day`, or the first day of the next term when it falls in a break."""
    for first_off, back in breaks:
        if first_off <= day < back:
            return back
    return day


def assess(
    rule: CadenceRule,
    published_on: date,
    term_end: date,
    done: Iterable[date],
    today: date,
    *,
    soon_days: int = 7,
    breaks: Sequence[Break] = (),
) -> list[Due]:
    """Match what was done to what was owed, oldest first.

    A talk counts for the period it was held in. The policies owe one in each period of a
    rhythm (anshan 第十一条 班导师每月与学生交流一次, 第十二条 辅导员每周与学生沟通一次; lzut
    第四部分第五条 班主任每月至少安排 1 次; shaoxing 第四条 每月一次 / 两周一次): a month
    without a talk stays missed, and a talk held in the next month is that month's, on time —
    not the missed month's, late, which read as met while leaving the month it was held in
    owed. Nor do two talks in one month meet the next. So an obligation followed by a period
    of the rhythm can no longer be met once its day has passed, and the period under way is
    due at once: the student has gone without. It is overdue while that period has nothing
    (the due lists show it, its period named: a talk now meets the period under way), and
    missed for good once that period is met or its own day passes. At most one obligation
    per rule is overdue at a time.

    An obligation no period of the rhythm follows (a first talk within a month, a first
    parent contact, "at least N a term", the last of the term) can be met late, until the
    next one falls due; by then it is missed for good.
    """
    remaining = sorted(d for d in done if d >= published_on)
    owed = _slots(rule, published_on, term_end, breaks)
    result: list[Due] = []
    for i, (due_on, rhythm) in enumerate(owed):
        closes, next_rhythm = owed[i + 1] if i + 1 < len(owed) else (None, False)
        opens = owed[i - 1][0] if i else published_on
        # A period of the rhythm takes only what was held in it; the others, anything yet
        # unmatched (earlier talks count towards "at least N a term").
        met = _take(remaining, after=opens if rhythm and i else None, until=due_on)
        if met is None and not next_rhythm:  # late: held after its day, before the next
            met = _take(remaining, after=due_on, until=closes, before_until=True)
        # "Due soon" is at most half the interval: a weekly talk just held is not due again;
        # after a period gone without, the next is due as soon as its period opens.
        behind = rhythm and bool(result) and result[-1].met_on is None and opens < today
        soon = (
            (due_on - opens).days if behind else min(soon_days, max(1, (due_on - opens).days // 2))
        )
        closes_at = due_on + timedelta(days=1) if next_rhythm else closes
        state = _state(due_on, met, closes_at, today, soon)
        if behind and state == "due":  # the period gone without is still the one to act on
            result[-1] = replace(result[-1], state="overdue")
        starts = (opens + timedelta(days=1) if i else published_on) if next_rhythm else None
        result.append(Due(due_on, met, state, starts))
    return result


def _take(
    remaining: list[date], *, after: date | None, until: date | None, before_until: bool = False
) -> date | None:
    """The earliest unmatched date after `after` and up to `until` (before it, with
    `before_until`; no limit for None), taken out of `remaining`."""
    for index, day in enumerate(remaining):
        if until is not None and (day >= until if before_until else day > until):
            return None
        if after is None or day > after:
            return remaining.pop(index)
    return None


def _state(
    due_on: date, met_on: date | None, closes: date | None, today: date, soon_days: int
) -> str:
    if met_on is not None:
        return "on_time" if met_on <= due_on else "late"
    if closes is not None and closes <= today:
        return "missed"
    if due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=soon_days):
        return "due"
    return "upcoming"


def rules_for(preset: Sequence[CadenceRule], level: str, role: str, kind: str, category: str = ""):
    return [
        r
        for r in preset
        if r.level == level
        and r.role == role
        and r.kind == kind
        and (not category or r.category in ("", category))
    ]


def level_order(keys: Iterable[str]) -> dict[str, list[str]]:
    """ "category:level" keys, mildest first (as `standing.levels` gives them) -> the levels
    of each category, mildest first."""
    order: dict[str, list[str]] = {}
    for key in keys:
        category, _sep, level = key.rpartition(":")
        order.setdefault(category, []).append(level)
    return order


def effective(rules: Sequence[CadenceRule], order: dict[str, list[str]]) -> list[CadenceRule]:
    """The rules with what each level inherits: a milder level's rule applies to every more
    severe level of its category that has no rule of its own with the same key."""
    found = list(rules)
    for category, levels in order.items():
        for i, level in enumerate(levels):
            own = {r.key for r in rules if r.applies_to(category, level)}
            for milder in reversed(levels[:i]):  # the nearest milder level first
                for rule in rules:
                    if rule.applies_to(category, milder) and rule.key not in own:
                        own.add(rule.key)
                        found.append(
                            replace(
                                rule,
                                level=level,
                                category=category,
                                inherited_from=f"{category}:{milder}",
                            )
                        )
    return found


@dataclass(frozen=True)
class Weaker:
    """A more severe level owing less than a milder one under the same key."""

    category: str
    milder: str
    severer: str
    rule: CadenceRule  # the milder level's rule
    weaker: CadenceRule  # the severer level's


_REFERENCE = date(2001, 1, 1)


def _strength(rule: CadenceRule, period_days: int) -> tuple[int, int]:
    """How many a rule owes in a period, and the first due day (sooner is more)."""
    dates = schedule(rule, _REFERENCE, _REFERENCE + timedelta(days=period_days))
    return len(dates), (dates[0] - _REFERENCE).days if dates else period_days + 1


def weaker_levels(
    rules: Sequence[CadenceRule], order: dict[str, list[str]], period_days: int
) -> list[Weaker]:
    """Where a more severe level owes fewer (or later) talks, meetings, contacts, pairings
    or plans of one key than the milder level before it: such a policy is refused."""
    rules = effective(rules, order)
    found = []
    for category, levels in order.items():
        for milder, severer in zip(levels, levels[1:], strict=False):
            theirs = {r.key: r for r in rules if r.applies_to(category, severer)}
            for rule in rules:
                other = theirs.get(rule.key)
                if not rule.applies_to(category, milder) or other is None:
                    continue
                (count, first), (count2, first2) = (
                    _strength(rule, period_days),
                    _strength(other, period_days),
                )
                if count2 < count or first2 > first:
                    found.append(Weaker(category, milder, severer, rule, other))
    return found
