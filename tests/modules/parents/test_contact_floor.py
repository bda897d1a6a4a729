"""Tester's finding: a parent contact dated 2019-05-01 for a student warned in 2026 was
saved. Like a talk (core.support_floor), a contact is not dated before the warning began:
refused at its date, 422, the form as typed, nothing written."""

from datetime import timedelta
from html import unescape

from portal.modules.parents.models import Contact

from ...followup import PUBLISHED, pin_today
from .test_parents import contact, guardian_of


def test_a_contact_dated_before_the_warning_is_refused_at_its_date(
    client, login, db, followup, monkeypatch
):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=30))
    login(followup.counselor)
    client.post("/locale", data={"locale": "en", "next": "/"})
    url = f"/parents/students/{followup.red.id}/new"
    posted = contact(guardian_of(db, followup.red), contacted_on="2019-05-01", content="原样内容")
    response = client.post(url, data=posted)
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert (
        '<small class="err" id="contacted_on-err">'
        "“Date” cannot be before 2026-09-07 (the day the warning began).</small>"
    ) in page
    assert 'value="2019-05-01"' in page and "原样内容" in page
    assert db.session.query(Contact).count() == 0
    posted["contacted_on"] = PUBLISHED.isoformat()
    assert client.post(url, data=posted).status_code == 303
