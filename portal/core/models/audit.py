"""Audit trail: every change and every view of a sensitive field. Append-only."""

from datetime import datetime

from sqlalchemy import DDL, String, event
from sqlalchemy.orm import Mapped

from ...extensions import db
from .base import INTERNAL, PERSONAL, col, utcnow


class AuditEvent(db.Model):
    __tablename__ = "core_audit"
    __audit__ = False
    id: Mapped[int] = col(primary_key=True)
    at: Mapped[datetime] = col(default=utcnow, index=True)
    user_id: Mapped[int | None] = col(index=True)  # no foreign key: rows outlive accounts
    username: Mapped[str | None] = col(String(40), sensitivity=PERSONAL)
    roles: Mapped[str | None] = col(String(120))
    action: Mapped[str] = col(String(40), index=True)
    object_type: Mapped[str | None] = col(String(60), index=True)
    object_id: Mapped[str | None] = col(String(40))
    student_id: Mapped[int | None] = col(index=True)
    fields: Mapped[str | None] = col(String(500), sensitivity=INTERNAL)
    detail: Mapped[str | None] = col(String(500), sensitivity=INTERNAL)
    ip: Mapped[str | None] = col(String(45), sensitivity=PERSONAL)
    request_id: Mapped[str | None] = col(String(32))


# Append-only in the database itself, not only by convention (security.md check 25).
APPEND_ONLY_DDL = {
    "sqlite": [
        f"CREATE TRIGGER core_audit_no_{op.lower()} BEFORE {op} ON core_audit "
        "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END"
        for op in ("UPDATE", "DELETE")
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION core_audit_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit rows are append-only'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER core_audit_append_only BEFORE UPDATE OR DELETE ON core_audit "
        "FOR EACH ROW EXECUTE FUNCTION core_audit_append_only()",
    ],
}
for _dialect, _statements in APPEND_ONLY_DDL.items():
    for _statement in _statements:
        event.listen(
            AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect)
        )
