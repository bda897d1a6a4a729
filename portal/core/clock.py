"""The portal's "today": the college's local date (Asia/Shanghai by default), not the
server's UTC one. Callers use `clock.today()` so tests can pin the date."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def now() -> datetime:
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))
    return datetime.now(zone).replace(tzinfo=None)


def today() -> date:
    return now().date()
