"""Scans of signed paper forms (签字的纸质记录表) attached to a record about one student.

The core knows no module: a row names its record by `kind` (the module's own code, such as
"talks.talk") and id, and carries the permission a reader needs over the student — the one
the record's own page asks. The bytes live here, in the database, never under static."""

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String
from sqlalchemy.orm import Mapped, relationship

from ...extensions import db
from .base import INTERNAL, PERSONAL, SENSITIVE, col, utcnow
from .links import by_user, part_of
from .students import Student
from .users import User


class Attachment(db.Model):
    __tablename__ = "core_attachment"
    __table_args__ = (Index("ix_core_attachment_record", "kind", "record_id"),)
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = part_of("core_student")
    kind: Mapped[str] = col(String(40), sensitivity=INTERNAL)
    record_id: Mapped[int] = col(sensitivity=INTERNAL)
    permission: Mapped[str] = col(String(60), sensitivity=INTERNAL)
    filename: Mapped[str] = col(String(120), sensitivity=PERSONAL)
    content_type: Mapped[str] = col(String(40), sensitivity=INTERNAL)
    size: Mapped[int] = col(sensitivity=INTERNAL)
    data: Mapped[bytes] = col(LargeBinary, deferred=True, sensitivity=SENSITIVE)
    uploaded_by_id: Mapped[int | None] = by_user()
    uploaded_at: Mapped[datetime] = col(default=utcnow)
    student: Mapped[Student] = relationship()
    uploaded_by: Mapped[User | None] = relationship()
