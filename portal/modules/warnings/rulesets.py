"""Rulesets in the database: the five presets seeded on first use, clones the college edits."""

from __future__ import annotations

from sqlalchemy import select

from portal.core.models import College, Student
from portal.extensions import db

from .models import CollegeRuleset, Ruleset
from .presets import PRESETS
from .rules import Ruleset as RulesetData
from .rules import ruleset_from_dict

DEFAULT_CODE = "lanzhou"


class UnknownRuleset(LookupError):
    pass


def ensure_presets() -> None:
    """Seed any preset missing from the table (idempotent; presets are never overwritten)."""
    present = set(db.session.scalars(select(Ruleset.code)))
    for code, definition in PRESETS.items():
        if code not in present:
            db.session.add(Ruleset(code=code, definition=definition, is_preset=True))
    db.session.flush()


def ruleset_row(code: str) -> Ruleset:
    ensure_presets()
    row = db.session.scalar(select(Ruleset).where(Ruleset.code == code))
    if row is None:
        raise UnknownRuleset(code)
    return row


def load(code: str) -> RulesetData:
    return ruleset_from_dict(ruleset_row(code).definition)


def all_rulesets() -> list[Ruleset]:
    ensure_presets()
    return list(db.session.scalars(select(Ruleset).order_by(Ruleset.is_preset.desc(),
                                                            Ruleset.code)))


def college_ruleset_code(college_id: int) -> str:
    row = db.session.get(CollegeRuleset, college_id)
    return row.ruleset_code if row else DEFAULT_CODE


def assign(college: College, code: str) -> None:
    ruleset_row(code)
    row = db.session.get(CollegeRuleset, college.id)
    if row is None:
        db.session.add(CollegeRuleset(college_id=college.id, ruleset_code=code))
    else:
        row.ruleset_code = code
    db.session.flush()


def ruleset_for_student(student: Student) -> RulesetData:
    return load(college_ruleset_code(student.college_id))
