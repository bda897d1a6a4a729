"""In-portal notifications (no e-mail storms): a count in the header, a list, mark read."""

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped

from ...extensions import db
from .base import PERSONAL, col, utcnow
from .links import part_of


class Notification(db.Model):
    __tablename__ = "core_notification"
    __audit__ = False
    id: Mapped[int] = col(primary_key=True)
    user_id: Mapped[int] = part_of("core_user")
    created_at: Mapped[datetime] = col(default=utcnow)
    # The English message id and its parameters: translated when shown, in the reader's language.
    message: Mapped[str] = col(String(300))
    params: Mapped[dict] = col(JSON, default=dict, sensitivity=PERSONAL)
    link: Mapped[str | None] = col(String(300))
    read_at: Mapped[datetime | None] = col()
    # Gathered into that day's digest (portal/core/notify.py `digest`): listed under it, no
    # longer counted on its own.
    digest_id: Mapped[int | None] = part_of("core_notification")
