"""Tester's finding: the pairing form showed its errors one submit at a time (the fields'
own first, then the dates' order), and said the dates were out of order under the volunteer.
Every mistake of a submit is shown at once, each at its field and in the summary, the form
as typed, 422, nothing written — as the session form does."""

from portal.modules.peer_help.models import Pairing

from .conftest import activate
from .test_no_class_advisor import in_english

HX = {"HX-Request": "true"}


def err(page: str, field: str) -> str:
    """The error shown at `field` ('' when none)."""
    marker = f'id="{field}-err">'
    if marker not in page:
        return ""
    return page.split(marker, 1)[1].split("</small>", 1)[0]


def test_every_mistake_of_the_pairing_form_is_shown_at_one_submit(
    client, login, db, followup, peer
):
    """No course nor topic, no difficulty, no plan, and the end before the start."""
    volunteer = activate(client, login, db, followup, peer)
    in_english(client)
    url = f"/peer-help/pairings/new/{followup.red.id}"
    posted = {
        "volunteer": str(volunteer.id),
        "difficulty": "",
        "plan": "",
        "contact": "微信（照原样）",
        "starts_on": "2026-12-31",
        "ends_on": "2026-10-01",
    }
    for headers in (HX, {}):
        response = client.post(url, data=posted, headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        for field in ("courses", "difficulty", "plan", "ends_on"):
            assert err(page, field), field
        assert "end" in err(page, "ends_on") and "start" in err(page, "ends_on")
        assert not err(page, "volunteer")  # the volunteer chosen is a suggested one
        summary = page[page.index('class="summary"') :].split("</ul>")[0]
        assert summary.count("<li>") == 4
        # As typed: the dates, the contact, the volunteer still chosen.
        assert 'value="2026-12-31"' in page and 'value="2026-10-01"' in page
        assert 'value="微信（照原样）"' in page
        assert f'value="{volunteer.id}" checked' in page
    assert db.session.query(Pairing).count() == 0


def test_the_dates_out_of_order_alone_are_said_at_the_end_date(client, login, db, followup, peer):
    volunteer = activate(client, login, db, followup, peer)
    in_english(client)
    url = f"/peer-help/pairings/new/{followup.red.id}"
    posted = {
        "volunteer": str(volunteer.id),
        "courses": ["课程B"],
        "difficulty": "基础薄弱",
        "plan": "每周两次答疑",
        "starts_on": "2026-12-31",
        "ends_on": "2026-10-01",
    }
    response = client.post(url, data=posted)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert err(page, "ends_on") and not err(page, "volunteer")
    assert db.session.query(Pairing).count() == 0
    # The same day for both is a pairing of one day: accepted.
    response = client.post(url, data={**posted, "ends_on": "2026-12-31"})
    assert response.status_code == 303
    assert db.session.query(Pairing).count() == 1


def test_a_volunteer_not_suggested_is_said_at_the_volunteer_with_the_rest(
    client, login, db, followup, peer
):
    activate(client, login, db, followup, peer)
    in_english(client)
    url = f"/peer-help/pairings/new/{followup.red.id}"
    posted = {"volunteer": "999999", "courses": ["课程B"], "difficulty": "难", "plan": ""}
    posted |= {"starts_on": "2026-12-31", "ends_on": "2026-10-01"}
    page = client.post(url, data=posted).get_data(as_text=True)
    assert err(page, "volunteer") and err(page, "plan") and err(page, "ends_on")
    assert db.session.query(Pairing).count() == 0
