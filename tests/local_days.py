"""A moment past 16:00 UTC, for tests of the college's day (outside testers saw a page say
5 December and its export 2026-12-04): the portal stamps it as 4 December (UTC,
models.base.utcnow), and in Beijing (BABEL_DEFAULT_TIMEZONE) it is 00:30 on 5 December.
Pages, exports and comparisons with "today" all say 5 December."""

from __future__ import annotations

from datetime import date, datetime

from .followup import pin_now

STAMPED = datetime(2026, 12, 4, 16, 30)  # as the portal stores it: naive UTC
DAY = date(2026, 12, 5)  # its day on the college's clock
ISO = "2026-12-05"  # that day on a page (the `date` filter's short form) and in an export
UTC_ISO = "2026-12-04"  # what neither may say


def pin_late(monkeypatch) -> None:
    """The college's clock at that moment: 00:30 on 5 December."""
    pin_now(monkeypatch, datetime(2026, 12, 5, 0, 30))
