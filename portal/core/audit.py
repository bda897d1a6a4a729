"""Writing the audit trail: changes are recorded by a flush hook, views and denials by call."""

from __future__ import annotations

from flask import g, has_app_context, has_request_context, request
from flask_login import current_user
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from ..extensions import db
from .models import AuditEvent
from .models.base import utcnow

_MAX = 500


def _actor() -> dict:
    row = {"user_id": None, "username": None, "roles": None, "ip": None, "request_id": None}
    if has_request_context():
        row["ip"] = request.remote_addr
        row["request_id"] = getattr(g, "request_id", None)
        if current_user and current_user.is_authenticated:
            row.update(user_id=current_user.id, username=current_user.username,
                       roles=",".join(sorted(current_user.roles)))
    elif has_app_context() and getattr(g, "cli_user", None) is not None:
        row.update(user_id=g.cli_user.id, username=g.cli_user.username, roles="cli")
    return row


def _clip(text: str | None) -> str | None:
    # Newlines folded so no input can forge a second line in a text log.
    return None if text is None else " ".join(str(text).split())[:_MAX]


def record(action: str, *, object_type: str | None = None, object_id=None,
           student_id: int | None = None, fields=None, detail: str | None = None) -> None:
    """Add one audit row to the current transaction."""
    db.session.add(AuditEvent(
        at=utcnow(), action=action, object_type=object_type,
        object_id=None if object_id is None else str(object_id), student_id=student_id,
        fields=_clip(",".join(fields)) if fields else None, detail=_clip(detail), **_actor(),
    ))


def record_view(obj, fields, *, student_id: int | None = None) -> None:
    """A sensitive field was shown: who saw which fields of which record (never the values)."""
    record("view", object_type=type(obj).__name__, object_id=getattr(obj, "id", None),
           student_id=student_id if student_id is not None else _student_of(obj), fields=fields)


def record_denial(reason: str) -> None:
    """A denied request leaves a row, committed on its own (the request is aborted)."""
    db.session.rollback()
    record("denied", detail=f"{request.method} {request.path} [{reason}]")
    db.session.commit()


def _student_of(obj) -> int | None:
    if type(obj).__name__ == "Student":
        return obj.id
    return getattr(obj, "student_id", None)


def _audited(obj) -> bool:
    return getattr(type(obj), "__audit__", True)


def _changed_fields(obj) -> list[str]:
    state = inspect(obj)
    return [attr.key for attr in state.mapper.column_attrs
            if state.attrs[attr.key].history.has_changes()]


@event.listens_for(Session, "before_flush")
def _collect_changes(session, flush_context, instances):
    pending = session.info.setdefault("audit_pending", [])
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            pending.append(("update", obj, _changed_fields(obj)))
    for obj in session.deleted:
        if _audited(obj):
            pending.append(("delete", obj, None))
    for obj in session.new:
        if _audited(obj):
            pending.append(("create", obj, None))


@event.listens_for(Session, "after_flush")
def _write_changes(session, flush_context):
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    actor = _actor()
    rows = [{
        **actor, "at": utcnow(), "action": action, "object_type": type(obj).__name__,
        "object_id": str(inspect(obj).identity[0]) if inspect(obj).identity else None,
        "student_id": _student_of(obj), "fields": _clip(",".join(fields)) if fields else None,
        "detail": None,
    } for action, obj, fields in pending]
    session.connection().execute(insert(AuditEvent.__table__), rows)
