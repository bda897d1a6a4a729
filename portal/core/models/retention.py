"""How long each college keeps sensitive text (see portal.core.retention)."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped

from ...extensions import db
from .base import PUBLIC, col

DEFAULT_YEARS = 5


class RetentionPolicy(db.Model):
    """Years a college keeps sensitive text after the record's date."""

    __tablename__ = "core_retention_policy"
    college_id: Mapped[int] = col(
        ForeignKey("core_college.id", ondelete="CASCADE"), primary_key=True
    )
    years: Mapped[int] = col(default=DEFAULT_YEARS, sensitivity=PUBLIC)
