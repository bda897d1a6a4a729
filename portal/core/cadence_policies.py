"""A college's cadence policy: copied from a seed preset, then edited in the UI."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from . import dues, standing
from .cadence import (
    CadenceRule,
    Weaker,
    effective,
    level_order,
    weaker_levels,
)
from .cadence_presets import PRESET_LEVELS, PRESETS
from .i18n import _
from .models import CadencePolicy, College
from .templating import punctuation

RULE_FIELDS = ("first_within_days", "every_days", "per_term_min")


def policy_of(college_id: int) -> CadencePolicy | None:
    return db.session.scalar(select(CadencePolicy).where(CadencePolicy.college_id == college_id))


def apply_preset(college: College, code: str, *, user_id: int | None = None) -> CadencePolicy:
    """Replace the college's rules with a copy of a seed preset."""
    policy = policy_of(college.id)
    if policy is None:
        policy = CadencePolicy(college_id=college.id)
        db.session.add(policy)
    policy.preset = code
    policy.rules = [rule.stored() for rule in PRESETS[code]]
    policy.updated_by_id = user_id
    db.session.flush()
    return policy


def save(
    college: College, rules: list[CadenceRule], period_days: int, *, user_id: int | None = None
) -> CadencePolicy:
    policy = policy_of(college.id)
    if policy is None:
        policy = CadencePolicy(college_id=college.id)
        db.session.add(policy)
    policy.rules = [rule.stored() for rule in rules]
    policy.period_days = period_days
    policy.updated_by_id = user_id
    db.session.flush()
    return policy


def suggest_preset(college_id: int) -> str | None:
    """The preset naming most of the levels the college's ruleset gives, if any."""
    levels = {code for code, _name in standing.levels(college_id)}
    overlap = {
        code: len(levels & {f"{r.category}:{r.level}" for r in rules})
        for code, rules in PRESETS.items()
    }
    best = max(overlap, key=overlap.get)
    return best if overlap[best] else None


def order_of(college_id: int) -> dict[str, list[str]]:
    """The college's levels, mildest first per category."""
    return level_order(code for code, _name in standing.levels(college_id))


def weaker(college_id: int, rules: list[CadenceRule], period_days: int) -> list[Weaker]:
    """Where the rules would let a more severe level owe less than a milder one."""
    return weaker_levels(rules, order_of(college_id), period_days)


def row_problems(rows: list[tuple[int, CadenceRule]]) -> list[tuple[int, str, str]]:
    """(row index, field, words) of the editor's rows (`rows`: index and rule) that cannot
    be kept: one repeating an earlier row's level, who, what and method (which of the two
    counts?), and one requiring a method its kind's records never carry (an individual
    talk by registered letter)."""
    problems, seen = [], {}
    for index, rule in rows:
        key = (rule.category, rule.level, *rule.key)
        if key in seen:
            problems.append((index, "level", _repeated(seen[key])))
        seen.setdefault(key, index)
        if rule.method and rule.method not in dues.KIND_METHODS.get(rule.kind, ()):
            problems.append((index, "method", _wrong_method(rule)))
    return problems


def _repeated(first: int) -> str:
    return _(
        "Row %(row)d already has this rule: the same level, who, what and method. Keep one "
        "of the two rows.",
        row=first + 1,
    )


def _wrong_method(rule: CadenceRule) -> str:
    kind = dues.kinds().get(rule.kind)
    allowed = dues.KIND_METHODS.get(rule.kind, ())
    words = {"kind": kind.label if kind else rule.kind, "method": dues.method_label(rule.method)}
    if not allowed:
        return _("%(kind)s records no method, so not %(method)s: choose any method.", **words)
    return _(
        "%(kind)s is never by %(method)s: choose %(methods)s, or any method.",
        methods=punctuation()["list"].join(dues.method_label(m) for m in allowed),
        **words,
    )


def preset_is_monotonic(code: str, period_days: int = 126) -> bool:
    return not weaker_levels(PRESETS[code], PRESET_LEVELS[code], period_days)


def rules_of(policy: CadencePolicy | None) -> list[CadenceRule]:
    return [CadenceRule(**rule) for rule in (policy.rules if policy else [])]


def effective_rules(policy: CadencePolicy | None) -> list[CadenceRule]:
    """The policy's rules with what each level inherits from the milder ones."""
    if policy is None:
        return []
    return effective(rules_of(policy), order_of(policy.college_id))


def first_talk_days(college_id: int, category: str, level: str) -> int | None:
    """Within how many days of publication the policy owes the first individual talk at this
    level (the soonest of its talk rules, inherited ones included), or None."""
    days = [
        rule.first_within_days
        for rule in effective_rules(policy_of(college_id))
        if rule.kind == "talk" and rule.applies_to(category, level) and rule.first_within_days
    ]
    return min(days) if days else None
