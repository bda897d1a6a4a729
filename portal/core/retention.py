"""Retention: sensitive text is kept for as many years as each college sets (default
five), then cleared or replaced by a note — the record itself (who, when, which kind)
stays, and so does the audit trail. Modules register what they clear; the core knows no
module by name. Run by `flask --app portal retention` (nightly, from cron)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update

from ..extensions import db
from . import audit, clock, queue
from .i18n import _l
from .models import STUDYING, College, Guardian, RetentionPolicy, Revision, Student
from .models.retention import DEFAULT_YEARS
from .modules import taken

CLEARED = "（已按保存期限清除）"  # what replaces text a column must keep


@dataclass(frozen=True)
class Purge:
    code: str
    label: object  # lazy string
    # (college id, cutoff: records dated before it are cleared) -> rows cleared. The cutoff
    # is a midnight on the college's clock, as a talk's `held_at` is typed; a column the
    # portal stamps in UTC (`created_at`) is compared with clock.stored_at(cutoff).
    run: Callable[[int, datetime], int]


def register(app, purge: Purge) -> None:
    """The core's own purge, and those a module declares (`Module.purges`)."""
    taken(app, "portal.purges", purge.code, "purge")[purge.code] = purge


def purges() -> dict[str, Purge]:
    return current_app.extensions.get("portal.purges", {})


def years_by_college() -> dict[int, int]:
    kept = dict(db.session.execute(select(RetentionPolicy.college_id, RetentionPolicy.years)).all())
    return {cid: kept.get(cid, DEFAULT_YEARS) for cid in db.session.scalars(select(College.id))}


def cutoff(years: int, today: date | None = None) -> datetime:
    today = today or clock.today()
    return datetime.combine(today - timedelta(days=round(365.25 * years)), time.min)


def run(today: date | None = None) -> list[tuple[int, str, int]]:
    """Clear what has expired; (college id, what, rows) for every purge that cleared any.
    The caller commits (or rolls back, for a dry run)."""
    done = []
    policies = years_by_college()
    for college_id, years in policies.items():
        limit = cutoff(years, today)
        for purge in purges().values():
            cleared = purge.run(college_id, limit)
            if cleared:
                done.append((college_id, str(purge.label), cleared))
                audit.record(
                    "retention",
                    object_type="College",
                    object_id=college_id,
                    detail=f"{purge.code}: {cleared} cleared (before {limit.date()})",
                )
    if policies:  # earlier text kept by edits: by the longest retention any college has
        oldest = cutoff(max(policies.values()), today)
        gone = db.session.execute(
            delete(Revision).where(Revision.changed_at < clock.stored_at(oldest))
        ).rowcount
        if gone:
            done.append((0, "edit history", gone))
            audit.record("retention", detail=f"revisions: {gone} deleted (before {oldest.date()})")
    return done


def in_college(column, college_id: int):
    """SQL: the row's student (by `column`) belongs to the college."""
    return column.in_(select(Student.id).where(Student.college_id == college_id))


def clear_rows(model, *where, **values) -> int:
    """Set `values` on the rows of `model` that match `where`, in one UPDATE (nothing in the
    session reads them back); how many rows changed."""
    return db.session.execute(
        update(model).where(*where).values(**values).execution_options(synchronize_session=False)
    ).rowcount


def clear_columns(where, *columns) -> int:
    """Empty `columns` (NULL) on the rows of their model that match `where` and still hold
    any of them, in one UPDATE; how many rows changed."""
    return clear_rows(
        columns[0].class_,
        where,
        or_(*(column.is_not(None) for column in columns)),
        **{column.key: None for column in columns},
    )


def _students(college_id: int, limit: datetime) -> int:
    """Phones, family situation and parents' contacts of students who left or graduated."""
    gone = select(Student.id).where(
        Student.college_id == college_id,
        Student.status.not_in(STUDYING),
        Student.updated_at < clock.stored_at(limit),
    )
    students = clear_columns(Student.id.in_(gone), Student.phone, Student.family_situation)
    guardians = clear_columns(Guardian.student_id.in_(gone), Guardian.phone, Guardian.address)
    return students + guardians


def nightly() -> None:
    """The nightly purge as a periodic job (portal/core/queue.py), run once a night by
    whichever worker is due first; `flask --app portal retention` does the same by hand."""
    done = run()
    current_app.logger.info("retention: %d sets cleared", len(done))


def register_core(app) -> None:
    queue.every("retention", nightly, hour="2", minute="30")
    register(
        app, Purge("students", _l("Phones and family situation of former students"), _students)
    )
