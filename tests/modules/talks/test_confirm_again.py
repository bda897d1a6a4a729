"""Tester's finding: a counselor changed the agreed measures of a talk the student had
confirmed, and the student's page still said they had confirmed it, under the new measures.
What the student reads and confirms (the day, who talked, the method, the topics, the
agreed measures) changed asks them again, tells them in the portal, and keeps the earlier
confirmation in the history; an edit of staff-only notes keeps the confirmation."""

from datetime import timedelta

import pytest

from portal.core.models import Notification, Revision
from portal.modules.talks.models import Talk

from ...followup import PUBLISHED, pin_today
from .test_talks import form

TODAY = PUBLISHED + timedelta(days=20)


@pytest.fixture
def confirmed(client, login, make, db, followup, monkeypatch):
    """A talk with the red student, recorded by the counselor and confirmed by the student;
    the counselor logged in again. Returns (talk, the student's account)."""
    pin_today(monkeypatch, TODAY)
    student = make.student_user(followup.red)
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form(held_on=TODAY.isoformat()))
    talk = db.session.query(Talk).one()
    login(student)
    assert client.post(f"/talks/mine/{talk.id}/acknowledge").status_code == 303
    login(followup.counselor)
    return talk, student


def test_the_edit_form_says_what_asks_the_student_again(client, confirmed):
    talk, _student = confirmed
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.get(f"/talks/{talk.id}/edit").get_data(as_text=True)
    assert "The student confirmed this talk on 20" in page  # the day it was confirmed
    assert "asks the student to confirm it again" in page
    changed = client.post(
        f"/talks/{talk.id}/edit",
        data=form(held_on=TODAY.isoformat(), measures="改了"),
        follow_redirects=True,
    )
    assert "The student is asked to confirm the talk again." in changed.get_data(as_text=True)


def test_changed_measures_are_the_students_to_confirm_again(client, login, db, confirmed):
    talk, student = confirmed
    was = db.session.get(Talk, talk.id).acknowledged_at
    response = client.post(
        f"/talks/{talk.id}/edit", data=form(held_on=TODAY.isoformat(), measures="每天自习两小时。")
    )
    assert response.status_code == 303
    assert db.session.get(Talk, talk.id).acknowledged_at is None
    [revision] = db.session.query(Revision).filter_by(object_type="Talk").all()
    assert revision.before["measures"] == "每周自习三次。"
    assert revision.before["acknowledged_at"] == was.isoformat()  # kept in the history
    [told] = db.session.query(Notification).filter_by(user_id=student.id).all()
    assert told.link == "/talks/mine"
    login(student)
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.get("/talks/mine").get_data(as_text=True)
    assert "每天自习两小时。" in page and "You confirmed this talk" not in page
    assert "updated after you confirmed it" in page and "Confirm that this talk took place" in page


@pytest.mark.parametrize(
    "change",
    [{"topics": ["study", "career"]}, {"held_on": (TODAY - timedelta(days=1)).isoformat()}],
)
def test_other_words_the_student_reads_ask_again_too(client, db, confirmed, change):
    talk, _student = confirmed
    client.post(f"/talks/{talk.id}/edit", data=form(held_on=TODAY.isoformat()) | change)
    assert db.session.get(Talk, talk.id).acknowledged_at is None


def test_staff_only_notes_keep_the_confirmation(client, db, confirmed):
    talk, student = confirmed
    response = client.post(
        f"/talks/{talk.id}/edit",
        data=form(held_on=TODAY.isoformat(), content="补充了谈话内容。", effect="有进步"),
    )
    assert response.status_code == 303
    assert db.session.get(Talk, talk.id).acknowledged_at is not None
    assert db.session.query(Notification).filter_by(user_id=student.id).count() == 0
