"""A student the meeting form did not offer (a forged or stale id) is refused in the reader's
language, and nothing is written (a probe found WTForms' English on the Chinese page)."""

import pytest

from portal.modules.talks.models import Attendee, Meeting

from .test_meetings_and_support import minutes


@pytest.mark.parametrize(
    "language, refusal",
    [
        ("zh_CN", "选项“{id}”无效。"),
        ("en", "&#39;{id}&#39; is not a valid choice for this field."),
    ],
)
def test_a_forged_attendee_is_refused_in_the_readers_language(
    client, login, make, db, followup, language, refusal
):
    stranger = make.student(make.school_class())
    login(followup.counselor)
    client.post("/locale", data={"locale": language, "next": "/"})
    response = client.post("/talks/meetings/new", data=minutes(followup.orange, stranger))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert refusal.format(id=stranger.id) in page
    assert db.session.query(Meeting).count() == db.session.query(Attendee).count() == 0


def test_several_forged_attendees_are_named_together(client, login, make, db, followup):
    strangers = [make.student(make.school_class()) for _ in range(2)]
    login(followup.counselor)
    response = client.post("/talks/meetings/new", data=minutes(followup.orange, *strangers))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "以下选项无效：" in page
    assert all(str(s.id) in page for s in strangers) and "not valid choices" not in page
    assert db.session.query(Meeting).count() == 0
