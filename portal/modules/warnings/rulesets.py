"""Rulesets: the five presets live in code (always as shipped, never written to the
database); copies a college edits live in the database."""

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


def _preset(code: str) -> Ruleset:
    """A preset as an unsaved row, so pages treat presets and copies alike."""
    return Ruleset(code=code, definition=PRESETS[code], is_preset=True, version=0)


def ruleset_row(code: str) -> Ruleset:
    if code in PRESETS:
        return _preset(code)
    row = db.session.scalar(select(Ruleset).where(Ruleset.code == code))
    if row is None:
        raise UnknownRuleset(code)
    return row


def load(code: str) -> RulesetData:
    return ruleset_from_dict(ruleset_row(code).definition)


def all_rulesets() -> list[Ruleset]:
    copies = db.session.scalars(select(Ruleset).order_by(Ruleset.code))
    return [_preset(code) for code in PRESETS] + list(copies)


def assigned_colleges(code: str) -> set[int]:
    """The colleges whose ruleset this is."""
    return set(
        db.session.scalars(
            select(CollegeRuleset.college_id).where(CollegeRuleset.ruleset_code == code)
        )
    )


def may_edit(row: Ruleset, college_ids: set[int] | None) -> bool:
    """A copy may be edited by whoever reaches every college it is assigned to (`None`: the
    whole school), so one college's edit never changes another college's rules."""
    if row.is_preset:
        return False
    return college_ids is None or assigned_colleges(row.code) <= college_ids


def usable_rulesets(college_ids: set[int] | None) -> list[Ruleset]:
    """The rulesets a computation may use: the presets, and the copies that are unassigned,
    assigned to one of these colleges, or editable here (`None`: every ruleset)."""
    if college_ids is None:
        return all_rulesets()
    assigned: dict[str, set[int]] = {}
    for college_id, code in db.session.execute(
        select(CollegeRuleset.college_id, CollegeRuleset.ruleset_code)
    ):
        assigned.setdefault(code, set()).add(college_id)
    return [
        r
        for r in all_rulesets()
        if r.is_preset or not assigned.get(r.code) or assigned[r.code] & college_ids
    ]


def college_ruleset_code(college_id: int) -> str:
    row = db.session.get(CollegeRuleset, college_id)
    return row.ruleset_code if row else DEFAULT_CODE


def chosen_code(code: str | None, college_id: int | None) -> str:
    """The ruleset a computation uses, for the compute form and `flask warnings compute`
    alike: the one asked for, else the college's, else the school's default."""
    return code or (college_ruleset_code(college_id) if college_id else DEFAULT_CODE)


def assign(college: College, code: str, *, confirm_days: int | None = None) -> None:
    """The college's ruleset, and (optionally) its days for confirming a notice."""
    ruleset_row(code)
    row = db.session.get(CollegeRuleset, college.id)
    if row is None:
        row = CollegeRuleset(college_id=college.id, ruleset_code=code, confirm_days=7)
        db.session.add(row)
    row.ruleset_code = code
    if confirm_days:
        row.confirm_days = confirm_days
    db.session.flush()


def ruleset_for_student(student: Student) -> RulesetData:
    return load(college_ruleset_code(student.college_id))
