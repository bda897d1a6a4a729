"""Cadence policies (who owes a talk or a parent contact, how often) and the edit history
of records whose earlier versions must stay readable (talks, contacts, plans)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, relationship

from ...extensions import db
from .base import PUBLIC, SENSITIVE, col, utcnow
from .links import by_user
from .users import User


class CadencePolicy(db.Model):
    """One per college: the rules (copied from a preset, then edited) and the support period."""

    __tablename__ = "core_cadence_policy"
    id: Mapped[int] = col(primary_key=True)
    college_id: Mapped[int] = col(ForeignKey("core_college.id", ondelete="CASCADE"), unique=True)
    preset: Mapped[str | None] = col(String(40), sensitivity=PUBLIC)
    rules: Mapped[list] = col(JSON, default=list, sensitivity=PUBLIC)
    # Obligations run from the roster's publication for this many days (18 weeks: a term).
    period_days: Mapped[int] = col(default=126, sensitivity=PUBLIC)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = by_user()


class Revision(db.Model):
    """A record's fields as they were before an edit; readable by whoever may read the record."""

    __tablename__ = "core_revision"
    __audit__ = False
    id: Mapped[int] = col(primary_key=True)
    object_type: Mapped[str] = col(String(40), index=True)
    object_id: Mapped[int] = col(index=True)
    changed_at: Mapped[datetime] = col(default=utcnow)
    changed_by_id: Mapped[int | None] = by_user()
    before: Mapped[dict] = col(JSON, sensitivity=SENSITIVE)
    changed_by: Mapped[User | None] = relationship()
