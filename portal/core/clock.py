"""The portal's "today" and "now": the college's local date and time (Asia/Shanghai by
default), not the server's UTC ones. Callers use `clock.today()` / `clock.now()` so tests can
pin them (tests/followup.py: pin_today, pin_now)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app


def now() -> datetime:
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))
    return datetime.now(zone).replace(tzinfo=None)


def today() -> date:
    return now().date()


def is_future(day: date, at: time | None = None) -> bool:
    """Later than now on the college's clock: a day after today, or today at a later time.
    A record of what happened (a session, a talk, a contact) cannot be; a record whose
    time is not known is checked by its date only."""
    today_ = today()
    if at is None or day != today_:
        return day > today_
    return at > now().time()


def day_of(stored: datetime) -> date:
    """The college's day of a moment stored as UTC (models.base.utcnow: naive): a notice
    made at 20:00 UTC on 31 October was made on 1 November in Beijing."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))
    return stored.replace(tzinfo=UTC).astimezone(zone).date()
