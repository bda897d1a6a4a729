"""A college's cadence policy: copied from a seed preset, then edited in the UI."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select

from ..extensions import db
from . import standing
from .cadence import PRESETS, CadenceRule
from .models import CadencePolicy, College

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
    policy.rules = [asdict(rule) for rule in PRESETS[code]]
    policy.updated_by_id = user_id
    db.session.flush()
    return policy


def save(college: College, rules: list[CadenceRule], period_days: int, *,
         user_id: int | None = None) -> CadencePolicy:
    policy = policy_of(college.id)
    if policy is None:
        policy = CadencePolicy(college_id=college.id)
        db.session.add(policy)
    policy.rules = [asdict(rule) for rule in rules]
    policy.period_days = period_days
    policy.updated_by_id = user_id
    db.session.flush()
    return policy


def suggest_preset(college_id: int) -> str | None:
    """The preset naming most of the levels the college's ruleset gives, if any: a level is
    (category, level), so liaoning's "warning" is not guangxi's."""
    levels = {tuple(code.rpartition(":")[::2]) for code, _name in standing.levels(college_id)}
    overlap = {code: len(levels & {(r.category, r.level) for r in rules})
               for code, rules in PRESETS.items()}
    best = max(overlap, key=overlap.get)
    return best if overlap[best] else None
