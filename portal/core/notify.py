"""Modules send notifications through the core (in the portal; never e-mail storms)."""

from __future__ import annotations

from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db
from .models import Notification


def notify(user_ids, message: str, *, link: str | None = None, **params) -> None:
    """`message` is an English id marked with `N_()`; it is translated when read."""
    for user_id in {u for u in ([user_ids] if isinstance(user_ids, int) else user_ids) if u}:
        db.session.add(Notification(user_id=user_id, message=message, params=params, link=link))


def text_of(item: Notification) -> str:
    """Translated when read; a `term` parameter is stored as its code (2024-2025-1) and
    reads as words (2024-2025学年第1学期 / 2024–2025 term 1)."""
    from .templating import term_label

    params = dict(item.params or {})
    if params.get("term"):
        params["term"] = term_label(params["term"])
    return gettext(item.message, **params)


def unread_count() -> int:
    if not current_user.is_authenticated:
        return 0
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == current_user.id, Notification.read_at.is_(None))) or 0
