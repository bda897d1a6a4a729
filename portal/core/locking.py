"""No lost work: records several people edit carry a version number. An edit form sends the
version it was opened at; if someone saved in between, the save is refused with both
versions side by side (never a silent overwrite). Two saves at the same instant are caught
by the database: the second UPDATE matches no row (SQLAlchemy's version counter) and is
answered 409 like the first case.

Work that counts and then writes (a user's export slots, a task's running jobs) takes a
named lock for its transaction instead (`one_at_a_time`): two such transactions never both
count before either wrote."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import abort, request
from sqlalchemy import text
from sqlalchemy.orm import Mapped, declared_attr

from ..extensions import db
from . import revisions
from .models.base import INTERNAL, col, utcnow
from .models.links import by_user


def version_column():
    """The column a versioned model declares as `version` and names in
    `__mapper_args__ = {"version_id_col": version}`."""
    return col(default=1, server_default="1", nullable=False, sensitivity=INTERNAL)


class Versioned:
    """Mixin: a record several people edit, its `version` counted by SQLAlchemy."""

    version: Mapped[int] = version_column()  # no lost work: see stale_edit

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class EditedRecord(Versioned):
    """Mixin: a versioned record stamped when made and when last changed."""

    created_at: Mapped[datetime] = col(default=utcnow)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow)


class StaffRecord(EditedRecord):
    """Mixin: an edited record a member of staff wrote (kept when their account goes)."""

    recorded_by_id: Mapped[int | None] = by_user()


@dataclass
class Conflict:
    version: int  # the version now saved: sending it again saves over it, knowingly
    fields: list[tuple[str, object, object]]  # (field, saved value, your value)


def stale_edit(record, fields, apply: Callable[[], object]) -> Conflict | None:
    """None when the form was opened at the record's current version (or sends none);
    else what differs between the saved record and the form, with nothing written. A
    version that is not a number is refused (400): read as none, it skipped the check."""
    raw = request.form.get("version")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()):
        abort(400)
    if int(raw) == record.version:
        return None
    saved = revisions.snapshot(record, fields)
    apply()
    yours = revisions.snapshot(record, fields)
    db.session.rollback()
    return Conflict(
        record.version,
        [(name, saved[name], yours[name]) for name in fields if saved[name] != yours[name]],
    )


def one_at_a_time(name: str) -> None:
    """Begin a write transaction that runs alone among those naming `name`: on SQLite
    BEGIN IMMEDIATE (one writer at a time, whatever the name); on PostgreSQL a
    transaction-level advisory lock on the name, let go at commit or rollback. Called with
    no transaction open (audit.end_transaction), so the lock comes before any read."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(name)})
    else:
        db.session.connection(execution_options={"sqlite_immediate": True})


def advisory_key(name: str) -> int:
    """The 64-bit key of a PostgreSQL advisory lock named `name`."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
