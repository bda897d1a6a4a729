"""Moments the portal stamps are stored in UTC and read on the college's clock everywhere:
the templates' date filters, the clock's day, an export's cell, a notification's time, the
time a page hands to JavaScript (tests/local_days.py: 16:30 UTC on 4 December is 5 December
in Beijing)."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from portal.core import clock
from portal.core.export import day_cell
from portal.core.i18n import N_
from portal.core.models import Notification
from portal.core.notify import notify
from portal.core.templating import epoch_ms

from ..local_days import DAY, ISO, STAMPED, UTC_ISO


def test_the_date_filters_the_clock_and_an_export_cell_give_the_same_day(app):
    with app.test_request_context():
        shown = app.jinja_env.from_string("{{ at|date('short') }} · {{ at|datetime('short') }}")
        assert shown.render(at=STAMPED) == f"{ISO} · {ISO} 00:30"
        assert clock.day_of(STAMPED) == DAY
        assert day_cell(STAMPED) == ISO and day_cell(None) == ""
        # The day's first moment, as a column stamped in UTC holds it.
        assert clock.stored_at(datetime(2026, 12, 5)) == datetime(2026, 12, 4, 16)


def test_a_notification_stamped_after_16_utc_reads_the_colleges_day(client, make, login, db):
    user = make.user("LD1", role="counselor")
    notify(user.id, N_("Your objection has been answered."))
    db.session.query(Notification).filter_by(user_id=user.id).one().created_at = STAMPED
    db.session.flush()
    login(user)
    listing = client.get("/notifications/").get_data(as_text=True)
    assert f"{ISO} 00:30" in listing and UTC_ISO not in listing


@pytest.fixture
def server_in_beijing(monkeypatch):
    """The server's own time zone set to Beijing's (many colleges' servers are)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_stamp_handed_to_javascript_counts_from_utc_whatever_the_servers_zone(
    server_in_beijing,
):
    """The study plan's page hands the last save to the browser, which compares it with
    `Date.now()`: a naive `.timestamp()` read it as the server's time, 8 hours early."""
    assert epoch_ms(STAMPED) == 1796401800000  # 2026-12-04T16:30:00Z
    assert epoch_ms(None) == 0
