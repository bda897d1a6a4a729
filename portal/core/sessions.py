"""Server-side login sessions with idle and absolute timeouts (security.md checks 4–6).

Flask's session is a signed cookie, so logging out cannot revoke it by itself.
The cookie therefore carries a random token whose hash must match a row of
`LoginSession`; deleting that row ends the session wherever the cookie is.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime, timedelta

from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from ..extensions import db, login_manager
from .models import LoginFailure, LoginSession, User
from .models.base import utcnow

_TOUCH_EVERY = 30  # seconds; refreshing "last seen" on every request would rewrite the cookie


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> None:
    """A fresh session at log-in: the old cookie's contents are dropped (no fixation)."""
    locale = session.get("locale")
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            id=_digest(token),
            user_id=user.id,
            ip=request.remote_addr,
            user_agent=(request.user_agent.string or "")[:200],
        )
    )
    now = int(time.time())
    session.update(sid=token, login_at=now, seen=now)
    if locale:
        session["locale"] = locale
    session.permanent = True
    login_user(user)


def end_session() -> None:
    token = session.get("sid")
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.id == _digest(token)))
    logout_user()
    session.clear()


def end_other_sessions(user: User, *, keep_current: bool) -> None:
    """After a password change, role removal or disable: every other browser is signed out."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    token = session.get("sid") if keep_current else None
    if token:
        query = query.where(LoginSession.id != _digest(token))
    db.session.execute(query)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    token = session.get("sid")
    if not token or _expired():
        return None
    row = (
        db.session.execute(  # with the grants: every request checks them
            select(User)
            .join(LoginSession, LoginSession.user_id == User.id)
            .options(joinedload(User.grants))
            .where(LoginSession.id == _digest(token), User.id == int(user_id), User.active)
        )
        .unique()
        .scalar_one_or_none()
    )
    if row is not None:
        _touch()
    return row


def _expired() -> bool:
    now = time.time()
    cfg = current_app.config
    idle = _seconds(cfg["SESSION_IDLE_TIMEOUT"])
    absolute = _seconds(cfg["SESSION_ABSOLUTE_TIMEOUT"])
    return (now - session.get("seen", 0) > idle) or (now - session.get("login_at", 0) > absolute)


def _touch() -> None:
    now = int(time.time())
    if now - session.get("seen", 0) >= _TOUCH_EVERY:
        session["seen"] = now


def _seconds(value) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# Throttling (security.md check 3): failures counted in the database so every worker sees
# the same numbers, in two buckets: one account from one client address (LOGIN_MAX_FAILURES),
# and one account from any address (LOGIN_ACCOUNT_MAX_FAILURES), so rotating the address
# does not reset the count (issue 15). The window slides, so no lock-out is permanent.


def _account(username: str) -> str:
    return f"{username.strip().lower()[:60]}|"


def account_of_key(key: str) -> str:
    """The account a failure was counted for (its name in lower case), from its key."""
    return key.split("|", 1)[0]


def _throttle_key(username: str) -> str:
    return f"{_account(username)}{request.remote_addr}"


def locked_until(username: str) -> datetime | None:
    """When the account may try again (naive UTC), or None if it may try now."""
    cfg = current_app.config
    window = cfg["LOGIN_FAILURE_WINDOW"]
    since = utcnow() - window
    buckets = (
        (LoginFailure.key == _throttle_key(username), cfg["LOGIN_MAX_FAILURES"]),
        (
            LoginFailure.key.startswith(_account(username), autoescape=True),
            cfg["LOGIN_ACCOUNT_MAX_FAILURES"],
        ),
    )
    until = None
    for clause, limit in buckets:
        times = list(
            db.session.scalars(
                select(LoginFailure.at)
                .where(clause, LoginFailure.at >= since)
                .order_by(LoginFailure.at.desc())
                .limit(limit)
            )
        )
        if len(times) >= limit:  # open again once the limit-th latest failure leaves the window
            candidate = times[-1] + window
            until = candidate if until is None else max(until, candidate)
    return until


def throttled(username: str) -> bool:
    return locked_until(username) is not None


def note_failure(username: str) -> None:
    db.session.add(LoginFailure(key=_throttle_key(username)))


def clear_failures(username: str) -> None:
    cutoff = utcnow() - current_app.config["LOGIN_FAILURE_WINDOW"]
    db.session.execute(
        delete(LoginFailure).where(
            (LoginFailure.key == _throttle_key(username)) | (LoginFailure.at < cutoff)
        )
    )
