"""The text section of a term's (or academic year's) review that each level of leadership writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped

from portal.core.models.base import PERSONAL, PUBLIC, col, utcnow
from portal.extensions import db


class Report(db.Model):
    """college_id None: the school's summary over all colleges."""

    __tablename__ = "review_report"
    __table_args__ = (UniqueConstraint("term_id", "college_id", "span"),)
    id: Mapped[int] = col(primary_key=True)
    term_id: Mapped[int] = col(ForeignKey("core_term.id"), index=True)
    college_id: Mapped[int | None] = col(ForeignKey("core_college.id", ondelete="CASCADE"))
    span: Mapped[str] = col(
        String(4), default="term", server_default="term", sensitivity=PUBLIC
    )  # "term", or "year" keyed by its first term
    worked: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    not_worked: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    changes: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    saved_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow)
    saved_by_id: Mapped[int | None] = col(ForeignKey("core_user.id", ondelete="SET NULL"))


class Setting(db.Model):
    """A college's choice for its review: the conversion rate's numerator is lifted
    (default, warning-rules.md §6) or lifted + eased (the page then says so)."""

    __tablename__ = "review_setting"
    __audit_name__ = "ReviewSetting"  # the concerns module has a `Setting` too
    college_id: Mapped[int] = col(
        ForeignKey("core_college.id", ondelete="CASCADE"), primary_key=True
    )
    count_eased: Mapped[bool] = col(
        Boolean, default=False, server_default=sa_false(), sensitivity=PUBLIC
    )
    saved_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow)
    saved_by_id: Mapped[int | None] = col(ForeignKey("core_user.id", ondelete="SET NULL"))
