"""Tester's finding: a talk dated 2020-01-01 with a student warned in June 2026 was saved,
became talk no. 1 (every later number moved) and asked the student to confirm it; a group
meeting dated 2019 too. A record of support is not dated before the support began
(core.support_floor): a warned student's warning, else the term under way, never before
enrolment. Refused at the date, 422, the form as typed, nothing written."""

from datetime import date, datetime, timedelta
from html import unescape

import pytest

from portal.core import support_floor
from portal.core.models import Term
from portal.modules.talks.models import Meeting, Talk

from ...followup import PUBLISHED, pin_today
from .test_meetings_and_support import minutes
from .test_talks import form

TODAY = PUBLISHED + timedelta(days=30)


def err(page: str, field: str) -> str:
    """The error shown at `field` ('' when none)."""
    marker = f'id="{field}-err">'
    return unescape(page.split(marker, 1)[1].split("</small>", 1)[0]) if marker in page else ""


@pytest.fixture
def counselor(client, login, followup, monkeypatch):
    """The followup class's counselor, reading English, a month after the roster."""
    pin_today(monkeypatch, TODAY)
    login(followup.counselor)
    client.post("/locale", data={"locale": "en", "next": "/"})
    return followup.counselor


def test_a_talk_dated_before_the_warning_is_refused_at_its_date(client, db, followup, counselor):
    url = f"/talks/students/{followup.red.id}/new"
    response = client.post(url, data=form(held_on="2020-01-01", content="谈话内容原样"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert err(page, "held_on") == (
        "“Date” cannot be before 2026-09-07 (the day the warning began)."
    )
    assert 'value="2020-01-01"' in page and "谈话内容原样" in page  # as typed
    assert db.session.query(Talk).count() == 0
    day_before = (PUBLISHED - timedelta(days=1)).isoformat()
    assert client.post(url, data=form(held_on=day_before)).status_code == 422
    assert client.post(url, data=form(held_on=PUBLISHED.isoformat())).status_code == 303


def test_a_mistyped_year_is_refused_once(client, followup, counselor):
    """The ten-year floor (core.happened) says it; the support floor does not say it again."""
    response = client.post(
        f"/talks/students/{followup.red.id}/new", data=form(held_on="0001-01-01")
    )
    assert err(response.get_data(as_text=True), "held_on").count("cannot be before") == 1


def test_the_quick_entry_of_the_due_list_is_refused_the_same_way(client, db, followup, counselor):
    response = client.post(
        f"/talks/students/{followup.red.id}/new?quick=1",
        data=form(held_on="2020-01-01"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and "the day the warning began" in response.text
    assert db.session.query(Talk).count() == 0


def test_a_student_not_warned_is_talked_with_from_the_terms_first_day(
    client, db, make, followup, counselor
):
    """A counselor talks with any student of their class; the support floor is then the
    first day of the term under way (2026-09-01 by the usual calendar)."""
    calm = make.student(followup.school_class)
    url = f"/talks/students/{calm.id}/new"
    response = client.post(url, data=form(held_on="2026-08-31"))
    assert response.status_code == 422
    assert err(response.get_data(as_text=True), "held_on") == (
        "“Date” cannot be before 2026-09-01 (the first day of the term under way)."
    )
    assert client.post(url, data=form(held_on="2026-09-01")).status_code == 303


def test_an_edit_keeps_a_day_saved_before_the_floor_but_moves_no_earlier(
    client, db, followup, counselor
):
    """A talk of an earlier warning (since lifted) stays editable; its day may not move
    further back than it was."""
    old = Talk(
        student_id=followup.red.id,
        held_at=datetime(2025, 3, 10),
        method="face",
        talker_role="counselor",
        talkers="陈辅导员",
        content="上一次预警时的谈话",
        recorded_by_id=counselor.id,
    )
    db.session.add(old)
    db.session.flush()
    url = f"/talks/{old.id}/edit"
    kept = client.post(url, data=form(held_on="2025-03-10", content="补充"))
    assert kept.status_code == 303 and db.session.get(Talk, old.id).content == "补充"
    earlier = client.post(url, data=form(held_on="2025-03-09", content="补充"))
    assert earlier.status_code == 422
    assert "cannot be before 2025-03-10" in err(earlier.get_data(as_text=True), "held_on")


def test_a_group_meeting_before_a_listed_students_warning_is_refused_naming_them(
    client, db, followup, counselor
):
    response = client.post(
        "/talks/meetings/new",
        data=minutes(followup.red, followup.orange, held_on="2019-12-30", content="纪要原样"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "纪要原样" in page
    assert err(page, "held_on") == (
        f"“Date” cannot be before 2026-09-07 (the day {followup.red.name}'s warning began)."
    )
    assert db.session.query(Meeting).count() == 0
    saved = client.post(
        "/talks/meetings/new", data=minutes(followup.red, held_on=PUBLISHED.isoformat())
    )
    assert saved.status_code == 303


def test_the_term_under_way_is_the_one_begun(app, db, make):
    """In the break before a term whose first day is entered, the term just ended is the
    one under way; with no day entered, the usual calendar's."""
    make.term("2026-2027-1")
    db.session.query(Term).filter_by(code="2026-2027-1").update({"start_date": date(2026, 9, 7)})
    with app.test_request_context():
        assert support_floor.term_start(date(2026, 9, 3)) == date(2026, 3, 1)
        assert support_floor.term_start(date(2026, 9, 7)) == date(2026, 9, 7)
        assert support_floor.term_start(date(2027, 1, 15)) == date(2026, 9, 7)
        assert support_floor.term_start(date(2027, 4, 1)) == date(2027, 3, 1)


def test_never_before_the_students_enrolment(app, db, make, monkeypatch):
    """A student entered in 2026 (the first term's day entered: 2026-09-07) is not talked
    with before it, even when the term under way began earlier."""
    pin_today(monkeypatch, date(2026, 9, 3))
    make.term("2026-2027-1")
    db.session.query(Term).filter_by(code="2026-2027-1").update({"start_date": date(2026, 9, 7)})
    freshman = make.student(grade_year=2026)
    with app.test_request_context():
        floor = support_floor.of_student(freshman)
    assert (floor.day, floor.why) == (date(2026, 9, 7), "enrolment")
