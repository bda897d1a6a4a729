"""The portal's "today" and "now": the college's local date and time (Asia/Shanghai by
default), not the server's UTC ones. Callers use `clock.today()` / `clock.now()` so tests can
pin them (tests/followup.py: pin_today, pin_now). Moments the portal stamps (`created_at`,
models.base.utcnow) are stored as UTC: `day_of` gives their day on this clock, `stored_at`
turns a moment of this clock into their terms; the templates' `date`/`datetime` filters
rebase them the same way (`local_date`/`local_datetime` are for times users type)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))


def now() -> datetime:
    return datetime.now(_zone()).replace(tzinfo=None)


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
    made at 20:00 UTC on 31 October was made on 1 November in Beijing. Never `.date()` of
    a stored moment: after 16:00 UTC that is yesterday, beside pages (the `date` filter)
    that say today. Times users type (a talk's `held_at`) are the college's already."""
    return stored.replace(tzinfo=UTC).astimezone(_zone()).date()


def stored_at(moment: datetime) -> datetime:
    """A moment on the college's clock (midnight starting a day) as a column stored as UTC
    holds it, to compare with one: 5 December in Beijing begins at 16:00 on 4 December."""
    return moment.replace(tzinfo=_zone()).astimezone(UTC).replace(tzinfo=None)
