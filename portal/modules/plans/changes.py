"""What changed in a plan since the version a reviewer last read (issue 17 #5): per part,
the lines taken out and the lines put in, and the comments on earlier versions."""

from __future__ import annotations

from dataclasses import dataclass

from portal.core import read_marks
from portal.core.i18n import _
from portal.core.models.base import utcnow
from portal.extensions import db

from .labels import plan_label
from .models import Plan, Read, Version


@dataclass(frozen=True)
class Change:
    part: str  # a code of models.Part
    removed: list[str]
    added: list[str]


def _lines(part: str, content: dict) -> list[str]:
    """A part of the plan as the lines a reader compares."""
    if part == "analysis":
        return [line for line in (content.get("analysis") or "").splitlines() if line.strip()]
    if part == "courses":
        return [
            " · ".join(
                x
                for x in (
                    c.get("name", ""),
                    plan_label("how", c.get("how")),
                    c.get("when", ""),
                    c.get("note", ""),
                )
                if x
            )
            for c in content.get("courses", [])
        ]
    if part == "weekly":
        return [
            " · ".join(
                x
                for x in (plan_label("day", r.get("day")), r.get("time", ""), r.get("what", ""))
                if x
            )
            for r in content.get("weekly", [])
        ]
    if part == "goals":
        return [g.get("text", "") for g in content.get("goals", [])]
    help_ = content.get("help") or {}
    return (
        ([_("A peer volunteer")] if help_.get("peer") else [])
        + ([_("Teachers' office hours")] if help_.get("office_hours") else [])
        + ([help_["other"]] if help_.get("other") else [])
    )


PARTS = ("analysis", "courses", "weekly", "goals", "help")


def between(old: Version, new: Version) -> list[Change]:
    """The parts that differ, each with the lines only in the old and only in the new."""
    changes = []
    for part in PARTS:
        before, after = _lines(part, old.content), _lines(part, new.content)
        if before != after:
            changes.append(
                Change(
                    part,
                    [x for x in before if x not in after],
                    [x for x in after if x not in before],
                )
            )
    return changes


def last_read(plan: Plan, user_id: int) -> int | None:
    read = db.session.get(Read, (plan.id, user_id))
    return read.number if read else None


def mark_read(plan: Plan, user_id: int) -> None:
    """The reviewer read the current version. Opening a plan is a read: the mark is written
    once the page is answered and can never turn it into an error (core/read_marks.py)."""
    plan_id, number = plan.id, plan.current.number
    read_marks.write_later(lambda: _mark(plan_id, user_id, number))


def _mark(plan_id: int, user_id: int, number: int) -> None:
    read = db.session.get(Read, (plan_id, user_id))
    if read is None:
        db.session.add(Read(plan_id=plan_id, user_id=user_id, number=number))
    elif read.number != number:
        read.number, read.at = number, utcnow()
    db.session.flush()


def since_read(plan: Plan, user_id: int) -> tuple[Version | None, list[Change]]:
    """The version this reviewer last read, if an earlier one, and what changed since."""
    number = last_read(plan, user_id)
    if number is None or number >= plan.current.number:
        return None, []
    old = next((v for v in plan.versions if v.number == number), None)
    return (old, between(old, plan.current)) if old else (None, [])
