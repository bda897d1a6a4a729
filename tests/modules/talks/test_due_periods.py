"""The talks due list reads the cadence by periods (core.cadence.assess; anshan 第十二条
辅导员每周与学生沟通一次): a week gone without is overdue, the week named, not the week
under way shown as due soon; a talk held now is the week under way's, on time, and the
student leaves the list until the next week."""

import re
from datetime import timedelta

from ...followup import PUBLISHED, pin_today
from .test_talks import form

# The orange student's weekly talks fall due on 14, 21 and 28 September.
WEEK_GONE = PUBLISHED + timedelta(days=15)  # 22 September: the week to the 21st had none


def _line(client, student) -> str:
    """The student's line on the whole due list, or "" when they are not on it (the
    upcoming ones, below it, are not)."""
    body = client.get("/talks/due").get_data(as_text=True).split('id="talk-upcoming"')[0]
    found = re.search(rf"<li>(?:(?!</li>).)*{student.name}(?:(?!</li>).)*</li>", body, re.S)
    return " ".join(found.group(0).split()) if found else ""


def test_a_week_gone_without_a_talk_is_overdue_on_the_due_list_with_its_week(
    client, login, followup, monkeypatch
):
    pin_today(monkeypatch, WEEK_GONE)
    login(followup.counselor)
    client.post("/locale", data={"locale": "en", "next": "/"})
    line = _line(client, followup.orange)
    assert 'class="when err">overdue: 2026-09-15 to 2026-09-21 ·' in line
    assert "due soon" not in line


def test_a_talk_in_the_week_under_way_takes_the_student_off_the_due_list_for_that_week(
    client, login, followup, monkeypatch
):
    pin_today(monkeypatch, WEEK_GONE)
    login(followup.counselor)
    client.post(
        f"/talks/students/{followup.orange.id}/new", data=form(held_on=WEEK_GONE.isoformat())
    )
    pin_today(monkeypatch, WEEK_GONE + timedelta(days=3))  # the week's day is the 28th
    assert _line(client, followup.orange) == ""
    timeline = client.get(f"/talks/students/{followup.orange.id}").get_data(as_text=True)
    assert "逾期完成" not in timeline  # the talk is the week under way's, not the one gone


def _upcoming(client) -> tuple[str, str]:
    """The upcoming section's two parts: the newly warned, and the rest owed nothing now."""
    section = client.get("/talks/due").get_data(as_text=True).split('id="talk-upcoming"')[1]
    newly, _sep, rest = section.partition('id="nothing-owed"')
    return newly, rest


def test_a_student_with_talks_behind_them_is_not_listed_as_newly_warned(
    client, login, followup, monkeypatch
):
    """Tester's finding: after a talk with a student warned for months, the due list put her
    under "newly warned: the first talk is coming up". Owed nothing now with talks behind
    them, a student is listed apart, with the day the next one falls due."""
    pin_today(monkeypatch, WEEK_GONE)
    login(followup.counselor)
    client.post(
        f"/talks/students/{followup.orange.id}/new", data=form(held_on=WEEK_GONE.isoformat())
    )
    pin_today(monkeypatch, WEEK_GONE + timedelta(days=3))
    client.post("/locale", data={"locale": "en", "next": "/"})
    newly, rest = _upcoming(client)
    assert followup.yellow.name in newly and followup.orange.name not in newly  # first talk
    assert "Nothing owed now: the next talk falls due on the day shown." in rest
    # The talk on the 22nd is the week to the 28th's: the next falls due on 5 October.
    assert re.search(rf"{followup.orange.name}</a>.*?coming up: 2026-10-05", rest, re.S)
