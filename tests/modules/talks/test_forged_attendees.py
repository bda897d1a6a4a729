"""A student the meeting form did not offer (a forged or stale id) is refused in the reader's
language, and nothing is written (a probe found WTForms' English on the Chinese page; the
attendance list is one answer a student now, checked whole against the invitable students)."""

import pytest

from portal.modules.talks.models import Attendee, Meeting

from .test_meetings_and_support import minutes


@pytest.mark.parametrize(
    "language, refusal",
    [
        ("zh_CN", "出席名单与您可邀请的学生不符。"),
        ("en", "The attendance list does not match the students you may invite."),
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
    assert refusal in page and "not a valid choice" not in page
    assert db.session.query(Meeting).count() == db.session.query(Attendee).count() == 0
