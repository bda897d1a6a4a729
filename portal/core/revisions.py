"""Edit history: the fields of a record as they were before each edit. Audit says who
changed which fields; a revision keeps the earlier text, for those who may read the record."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Revision


def snapshot(obj, fields) -> dict:
    return {name: _plain(getattr(obj, name)) for name in fields}


def keep_if_changed(obj, before: dict, *, user_id: int | None) -> bool:
    """After an edit: store the earlier values of the fields that changed, if any did."""
    changed = {name: old for name, old in before.items() if _plain(getattr(obj, name)) != old}
    if changed:
        db.session.add(
            Revision(
                object_type=type(obj).__name__,
                object_id=obj.id,
                before=changed,
                changed_by_id=user_id,
            )
        )
    return bool(changed)


def history(obj) -> list[Revision]:
    return list(
        db.session.scalars(
            select(Revision)
            .where(Revision.object_type == type(obj).__name__, Revision.object_id == obj.id)
            .options(selectinload(Revision.changed_by))
            .order_by(Revision.id.desc())
        )
    )


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return list(value) if isinstance(value, list | tuple) else value
