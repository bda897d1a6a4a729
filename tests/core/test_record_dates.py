"""The day a record of what happened carries (probe finding 3): not before ten years ago
(core.happened), and not in the future where the record says what has happened. A talk
dated 0001-01-01 was stored and numbered 第 1 次谈话; a status since 0001-01-01 too."""

from datetime import date

import pytest

from portal.core.happened import earliest_day
from portal.modules.parents.models import Contact
from portal.modules.talks.models import SupportPlan, SupportReview, Talk

from ..followup import PUBLISHED, pin_today
from ..modules.parents.test_parents import contact, guardian_of
from ..modules.talks.test_meetings_and_support import plan
from ..modules.talks.test_talks import form


@pytest.fixture
def counselor(followup, db, login, monkeypatch):
    """The counselor, reading English (the refusals' words), on the roster's day."""
    pin_today(monkeypatch, PUBLISHED)
    followup.counselor.locale = "en"
    db.session.flush()
    login(followup.counselor)
    return followup.counselor


def test_the_floor_is_ten_years_before_today():
    assert earliest_day(date(2026, 9, 7)) == date(2016, 9, 7)
    assert earliest_day(date(2028, 2, 29)) == date(2018, 2, 28)


@pytest.mark.parametrize("day", ["0001-01-01", "1026-09-07", "2016-09-06"])
def test_a_talk_dated_before_the_floor_is_refused_naming_the_field(
    client, db, followup, counselor, day
):
    response = client.post(f"/talks/students/{followup.red.id}/new", data=form(held_on=day))
    assert response.status_code == 422
    assert "“Date” cannot be before 2016-09-07; check the year." in response.get_data(as_text=True)
    assert db.session.query(Talk).count() == 0


def test_a_talk_on_the_floor_is_kept(client, db, followup, counselor):
    """A talk's floor is the later one of support (core.support_floor): the warning's day."""
    response = client.post(
        f"/talks/students/{followup.red.id}/new", data=form(held_on=PUBLISHED.isoformat())
    )
    assert response.status_code == 303 and db.session.query(Talk).count() == 1


@pytest.mark.parametrize(
    "field, label",
    [("contacted_on", "Date"), ("parent_confirmed_on", "Parent confirmed on")],
)
def test_a_parent_contact_dated_before_the_floor_is_refused(
    client, db, followup, counselor, field, label
):
    data = contact(guardian_of(db, followup.red), **{field: "0001-01-01"})
    response = client.post(f"/parents/students/{followup.red.id}/new", data=data)
    assert response.status_code == 422
    assert f"“{label}” cannot be before" in response.get_data(as_text=True)
    assert db.session.query(Contact).count() == 0


def test_a_support_plans_referral_and_review_before_the_floor_are_refused(
    client, db, followup, counselor
):
    url = f"/talks/students/{followup.red.id}/support/edit"
    response = client.post(url, data=plan(referred_on="0001-01-01"))
    assert response.status_code == 422 and "“Referral date” cannot be before" in response.text
    assert db.session.query(SupportPlan).count() == 0
    client.post(url, data=plan())
    saved = db.session.query(SupportPlan).one()
    response = client.post(
        f"/talks/support/{saved.id}/reviews", data={"reviewed_on": "0001-01-01", "text": "好"}
    )
    assert response.status_code == 422 and "“Review date” cannot be before" in response.text
    assert db.session.query(SupportReview).count() == 0


def test_a_status_since_before_the_floor_is_refused(client, db, make, login, monkeypatch):
    pin_today(monkeypatch, PUBLISHED)
    student = make.student()
    login(make.user(role="secretary", scope=student.school_class.major.college, locale="en"))
    response = client.post(
        f"/students/{student.id}/status",
        data={"status": "probation", "since": "0001-01-01", "reason": "教务处文件"},
    )
    assert response.status_code == 422
    assert "“Status since” cannot be before 2016-09-07; check the year." in response.text
    db.session.refresh(student)
    assert (student.status, student.status_since) == ("enrolled", None)
