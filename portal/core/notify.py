"""Modules send notifications through the core (in the portal; never e-mail storms).

A daily digest (a periodic job, `digest`) gathers a user's many unread notifications into
one: the header counts one, the list shows them under it."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_login import current_user
from sqlalchemy import func, select, update

from ..extensions import db
from .i18n import N_, said
from .models import Notification
from .models.base import utcnow
from .read_marks import write_later

DIGEST = N_("Your %(n)d unread notifications of the day, gathered here.")


def notify(user_ids, message: str, *, link: str | None = None, **params) -> None:
    """`message` is an English id marked with `N_()`; it is translated when read. Its
    parameters are data, never words in the sender's language: a term's code, a name, or
    words kept with `i18n.kept` (said in the reader's language)."""
    for user_id in {u for u in ([user_ids] if isinstance(user_ids, int) else user_ids) if u}:
        db.session.add(Notification(user_id=user_id, message=message, params=params, link=link))


def told_before(message: str, *, link: str, **params) -> bool:
    """Whether `message` about `link` with these parameters (others may differ) has been
    sent already, to anyone: for news said once (a volunteer's warning in a term) however
    often its occasion comes again (the term's roster published again)."""
    sent = db.session.scalars(
        select(Notification.params).where(
            Notification.message == message, Notification.link == link
        )
    )
    return any(all((kept or {}).get(k) == v for k, v in params.items()) for kept in sent)


def read_on_sight(user_id: int, link: str) -> None:
    """The user's unread notifications that send them to `link`, read: they opened that page
    (a job's result they watched end needs no badge). Written once the page is answered
    (read_marks), and only when there is one to mark."""
    unread = (
        Notification.user_id == user_id,
        Notification.link == link,
        Notification.read_at.is_(None),
    )
    if db.session.scalar(select(Notification.id).where(*unread).limit(1)) is None:
        return
    write_later(
        lambda: db.session.execute(update(Notification).where(*unread).values(read_at=utcnow()))
    )


def text_of(item: Notification) -> str:
    """Translated when read (i18n.said: a term's code reads as words, kept words in the
    parameters are said in the reader's language too)."""
    return said(item.message, item.params)


def unread_count() -> int:
    from .queue import count_where

    if not current_user.is_authenticated:
        return 0
    return count_where(
        Notification,
        Notification.user_id == current_user.id,
        Notification.read_at.is_(None),
        Notification.digest_id.is_(None),
    )


def _unread(user_id: int | None = None):
    """Unread notifications on their own: not a digest, not gathered into one."""
    condition = (
        Notification.read_at.is_(None)
        & Notification.digest_id.is_(None)
        & (Notification.message != DIGEST)
    )
    return condition if user_id is None else condition & (Notification.user_id == user_id)


def digest(now: datetime | None = None) -> int:
    """Each user with NOTIFICATION_DIGEST_MIN or more unread notifications gets them
    gathered into one digest notification (no e-mail: the portal's own list). Flush only;
    returns how many digests were made."""
    from .queue import path_for

    now = now or utcnow()
    least = int(current_app.config["NOTIFICATION_DIGEST_MIN"])
    users = db.session.scalars(
        select(Notification.user_id)
        .where(_unread(), Notification.created_at <= now)
        .group_by(Notification.user_id)
        .having(func.count() >= least)
    ).all()
    for user_id in users:
        gathered = Notification(
            user_id=user_id,
            message=DIGEST,
            params={},
            link=path_for("notifications.index"),
            created_at=now,
        )
        db.session.add(gathered)
        db.session.flush()
        count = db.session.execute(
            update(Notification)
            .where(_unread(user_id), Notification.id != gathered.id, Notification.created_at <= now)
            .values(digest_id=gathered.id)
            .execution_options(synchronize_session=False)
        ).rowcount
        gathered.params = {"n": count}
    db.session.flush()
    return len(users)


def daily_digest() -> None:
    """The digest as a periodic job (portal/core/queue.py), once a day by whichever worker
    is due first."""
    current_app.logger.info("notifications: %d digests", digest())


def register_core() -> None:
    from . import queue

    queue.every("digest", daily_digest, hour="23", minute="0")  # 07:00 in China
