"""Writing the audit trail: changes are recorded by a flush hook, views and denials by call."""

from __future__ import annotations

import random
import time

from flask import current_app, g, has_app_context, has_request_context, request
from flask_login import current_user
from sqlalchemy import cast, event, insert, inspect, literal
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ..extensions import db
from .bulk import insert_rows
from .models import AuditEvent
from .models.base import utcnow

_MAX = 500
# Why a request was refused when the view that refused it did not say (`record_refusal`).
REFUSED = "refused"


def _actor() -> dict:
    row = {"user_id": None, "username": None, "roles": None, "ip": None, "request_id": None}
    if has_request_context():
        row["ip"] = request.remote_addr
        row["request_id"] = getattr(g, "request_id", None)
        if current_user and current_user.is_authenticated:
            row.update(
                user_id=current_user.id,
                username=current_user.username,
                roles=",".join(sorted(current_user.roles)),
            )
    elif has_app_context() and getattr(g, "cli_user", None) is not None:
        row.update(user_id=g.cli_user.id, username=g.cli_user.username, roles="cli")
    return row


def _clip(text: str | None) -> str | None:
    # Newlines folded so no input can forge a second line in a text log.
    return None if text is None else " ".join(str(text).split())[:_MAX]


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_id=None,
    student_id: int | None = None,
    fields=None,
    detail: str | None = None,
) -> None:
    """Add one audit row to the current transaction; during a read (GET), to the rows the
    request writes in their own short transaction once its answer is made."""
    row = _row(action, object_type, object_id, student_id, fields, detail)
    if reading():
        _pending().append(row)
    else:
        db.session.add(AuditEvent(**row))


def record_now(action: str, *, detail: str | None = None) -> int:
    """One audit row flushed into the current transaction even during a read, and its id:
    for a row that must be counted before the answer is made (an export's slot of the
    per-user limit, export.py). The caller commits or rolls back."""
    event = AuditEvent(**_row(action, None, None, None, None, detail))
    db.session.add(event)
    db.session.flush()
    return event.id


def _row(action, object_type, object_id, student_id, fields, detail) -> dict:
    return dict(
        at=utcnow(),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        student_id=student_id,
        fields=_clip(",".join(fields)) if fields else None,
        detail=_clip(detail),
        **_actor(),
    )


# Audit on read (issue 15, issue 17 item 2). A GET reads inside a deferred transaction; on
# SQLite, turning that reader into a writer fails at once with SQLITE_BUSY whenever another
# writer committed since it began (the busy timeout does not apply: sqlite.org/wal.html §8),
# so several people reading audited pages got 503 "nothing was saved". Instead the rows a
# read records are kept aside and written after the answer is made, in their own short
# transaction that asks for the write lock up front (BEGIN IMMEDIATE: it waits its turn),
# retried for a few seconds. A read never fails because its audit row had to wait.
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
AUDIT_PATIENCE_SECONDS = 10  # retries after a refusal; one wait can be the busy timeout


def mark_read() -> None:
    """before_request: a request being served with a safe method is a read. (Work run in a
    bare request context, a CLI command or a test, keeps rows in its own transaction.)"""
    g.audit_read = request.method in _SAFE_METHODS


def reading() -> bool:
    """This request is a read (GET): what it records waits until its answer is made."""
    return has_request_context() and g.get("audit_read", False)


def _pending() -> list[dict]:
    if "audit_on_read" not in g:
        g.audit_on_read = []
    return g.audit_on_read


def write_pending() -> None:
    """Write now the audit rows this read recorded (an export writes its row before the file
    goes). Raises OperationalError only if the database refused for AUDIT_PATIENCE_SECONDS."""
    rows = g.pop("audit_on_read", None) if has_request_context() else None
    if not rows:
        return
    deadline = time.monotonic() + AUDIT_PATIENCE_SECONDS
    pause = 0.02
    while True:
        try:
            end_transaction()
            db.session.connection(execution_options={"sqlite_immediate": True})
            db.session.execute(insert(AuditEvent.__table__), rows)
            db.session.commit()
            return
        except OperationalError:
            db.session.rollback()
            if time.monotonic() + pause > deadline:
                g.audit_unwritten = rows
                raise
            time.sleep(pause * (1 + random.random()))
            pause = min(pause * 2, 0.5)


def end_transaction() -> None:
    """End the request's transaction before one of its own begins: a read has nothing to
    save, so anything a view changed in memory during a GET is dropped, never written; a
    write's work so far is committed."""
    if reading() and (db.session.dirty or db.session.new or db.session.deleted):
        db.session.rollback()
    else:
        db.session.commit()


def write_after_read(response):
    """after_request: the read's audit rows, once its answer is made. If the database refuses
    them for longer than AUDIT_PATIENCE_SECONDS the answer still goes, and the rows are
    logged in full (no personal data: who, what record, which fields) to be re-entered."""
    try:
        write_pending()
    except OperationalError as problem:
        db.session.rollback()
        current_app.logger.error(
            "audit rows not written (%s): %r", problem.orig, g.get("audit_unwritten")
        )
    return response


def record_many(rows: list[dict]) -> None:
    """Many `record` rows at once (a bulk write's creates and updates), in one statement.
    Each dict holds action, object_type, object_id, student_id, fields and detail (or None)."""
    if not rows:
        return
    actor, now = _actor(), utcnow()
    events = [
        dict(
            at=now,
            action=row["action"],
            object_type=row["object_type"],
            object_id=None if row["object_id"] is None else str(row["object_id"]),
            student_id=row["student_id"],
            fields=_clip(",".join(row["fields"])) if row.get("fields") else None,
            detail=_clip(row.get("detail")),
            **actor,
        )
        for row in rows
    ]
    if reading():
        _pending().extend(events)
        return
    for start in range(0, len(events), 5000):
        insert_rows(AuditEvent.__table__, events[start : start + 5000])


def record_selected(action: str, object_type: str, objects, *, detail: str | None = None) -> None:
    """`record_many` of one action (and one `detail`) on rows already in the database:
    `objects`, a select of (object id, student id), gives them in its order. The database
    writes the audit rows itself (INSERT … SELECT; issue 21: the 30,000 creates of a roster,
    bound to the driver one by one, were a tenth of its import), with the values
    `record_many` would write."""
    if reading():
        record_many(
            [
                dict(
                    action=action, object_type=object_type, object_id=o, student_id=s, detail=detail
                )
                for o, s in db.session.execute(objects)
            ]
        )
        return
    table = AuditEvent.__table__
    known = dict(at=utcnow(), action=action, object_type=object_type, **_actor())
    if detail:
        known["detail"] = _clip(detail)
    object_id, student_id = objects.selected_columns
    rows = objects.with_only_columns(
        *(literal(value, table.c[name].type) for name, value in known.items()),
        cast(object_id, table.c.object_id.type),
        student_id,
    )
    db.session.execute(table.insert().from_select([*known, "object_id", "student_id"], rows))


def record_on(obj, action: str, *, fields=None, detail: str | None = None, student_id=None):
    """`record` of an action on one record: its class, its id and its student."""
    record(
        action,
        object_type=audit_name(obj),
        object_id=getattr(obj, "id", None),
        student_id=student_id if student_id is not None else _student_of(obj),
        fields=fields,
        detail=detail,
    )


def record_view(obj, fields, *, student_id: int | None = None) -> None:
    """A sensitive field was shown: who saw which fields of which record (never the values)."""
    record_on(obj, "view", fields=fields, student_id=student_id)


def record_view_now(obj, fields, *, student_id: int | None = None) -> None:
    """`record_view`, committed: a page that only reads writes nothing else to keep it."""
    record_view(obj, fields, student_id=student_id)
    db.session.commit()


def record_denial(reason: str) -> None:
    """A denied request leaves a row, committed on its own (the request is aborted); a denied
    read's row is written once its answer is made, like any read's."""
    g.denial_recorded = True
    if reading():
        record("denied", detail=f"{request.method} {request.path} [{reason}]")
        return
    db.session.rollback()
    record("denied", detail=f"{request.method} {request.path} [{reason}]")
    db.session.commit()


def record_refusal() -> None:
    """A request answered 403 by a view's own check (not its declared right: a counselor
    opening a draft roster) leaves the same row as any denial, unless its refusal recorded
    one already (with why)."""
    if not g.get("denial_recorded"):
        record_denial(REFUSED)


def audit_name(obj) -> str:
    """The kind of record an audit row names: its model's class name, unless the model gives
    its own `__audit_name__` (two modules' `Setting`s must not read as one)."""
    return getattr(type(obj), "__audit_name__", None) or type(obj).__name__


def _student_of(obj) -> int | None:
    if type(obj).__name__ == "Student":
        return obj.id
    return getattr(obj, "student_id", None)


def _audited(obj) -> bool:
    return getattr(type(obj), "__audit__", True)


def _changed_fields(obj) -> list[str]:
    state = inspect(obj)
    return [
        attr.key
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes()
    ]


def _named(obj) -> str | None:
    """The detail of a record's create and delete rows, if its model names it there
    (`__audit_detail__`: a role grant's account, role and scope, gone once it is deleted)."""
    name = getattr(obj, "__audit_detail__", None)
    return _clip(name()) if name else None


def _object_id(obj) -> str | None:
    """The record's id. A record created by this flush has no identity until the flush
    ends, after the hook that writes its row: its key, just inserted, is read instead."""
    state = inspect(obj)
    key = state.identity or state.mapper.primary_key_from_instance(obj)
    return None if key is None or key[0] is None else str(key[0])


@event.listens_for(Session, "before_flush")
def _collect_changes(session, flush_context, instances):
    pending = session.info.setdefault("audit_pending", [])
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            pending.append(("update", obj, _changed_fields(obj), None))
    for obj in session.deleted:
        if _audited(obj):
            pending.append(("delete", obj, None, _named(obj)))
    for obj in session.new:
        if _audited(obj):
            pending.append(("create", obj, None, _named(obj)))


@event.listens_for(Session, "after_flush")
def _write_changes(session, flush_context):
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    actor = _actor()
    rows = [
        {
            **actor,
            "at": utcnow(),
            "action": action,
            "object_type": audit_name(obj),
            "object_id": _object_id(obj),
            "student_id": _student_of(obj),
            "fields": _clip(",".join(fields)) if fields else None,
            "detail": detail,
        }
        for action, obj, fields, detail in pending
    ]
    session.connection().execute(insert(AuditEvent.__table__), rows)
