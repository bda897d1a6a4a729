"""New volunteer work reaches whoever acts on it: the home page of staff who select
volunteers and check sessions (peer_help.manage) counts the applications, the sessions to
check and those a mentee questioned, in their scope; a mentee's "this is not right" tells
the counselor who checks the session, in the portal."""

from portal.core.models import Notification
from portal.modules.peer_help.models import Presence

from .conftest import approved_pairing
from .test_disputes import two_sessions_one_disputed
from .test_peer_help import log


def card(client) -> str:
    client.post("/locale", data={"locale": "en"})
    return client.get("/peer-help/work/widget").get_data(as_text=True)


def test_the_counselors_home_counts_applications_sessions_to_check_and_disputes(
    client, login, db, followup, peer
):
    login(followup.counselor)
    assert "Volunteer work waiting for you" not in client.get("/").get_data(as_text=True)
    login(peer.volunteer_user)
    client.post(
        "/peer-help/apply",
        data={"courses": "课程B", "times": ["weekday_eve"], "statement": "愿意帮助同学"},
    )
    login(followup.counselor)
    assert "1 volunteer application to review" in card(client)
    assert "Volunteer work waiting for you" in client.get("/").get_data(as_text=True)
    assert '/peer-help/#volunteers"' in card(client)
    two_sessions_one_disputed(client, login, db, followup, peer)
    login(followup.counselor)
    shown = card(client)
    assert "volunteer application" not in shown  # selected meanwhile
    assert '"/peer-help/check">1 session to check' in shown
    assert '"/peer-help/check#waiting">1 session questioned by a mentee' in shown
    page = client.get("/peer-help/check").get_data(as_text=True)
    assert 'id="waiting"' in page
    assert 'id="volunteers"' in client.get("/peer-help/").get_data(as_text=True)


def test_the_card_keeps_to_the_readers_scope_and_permission(
    client, login, make, db, followup, peer
):
    """A counselor of another class sees nothing of these; the class advisor, who gives an
    opinion on pairings but neither selects nor checks, gets no such card."""
    two_sessions_one_disputed(client, login, db, followup, peer)
    other = make.school_class(followup.school_class.major, name="另一班")
    login(make.user(role="counselor", scope=other, name="别班辅导员"))
    shown = card(client)
    assert "to check" not in shown and "questioned" not in shown
    login(followup.advisor)
    assert client.get("/peer-help/work/widget").status_code == 403
    assert "Volunteer work waiting for you" not in client.get("/").get_data(as_text=True)
    login(peer.secretary)  # the college's: selects and checks too
    assert "1 session to check" in card(client)


def test_a_disputed_session_tells_the_counselor_who_checks_it(client, login, db, followup, peer):
    two_sessions_one_disputed(client, login, db, followup, peer)
    [told] = db.session.query(Notification).filter(Notification.link == "/peer-help/check#waiting")
    assert told.user_id == followup.counselor.id
    assert told.params == {
        "mentee": followup.red.name,
        "volunteer": "志愿者甲",
        "day": "2026-10-06",
    }
    login(followup.counselor)
    client.post("/locale", data={"locale": "en"})
    page = client.get("/notifications/").get_data(as_text=True)
    assert f"{followup.red.name} questioned the tutoring session of 2026-10-06" in page


def test_without_a_counselor_the_dispute_goes_to_the_college_staff_who_check(
    client, login, db, followup, peer
):
    """A class whose counselor has left: the secretary, who checks sessions too, is told, so
    a dispute never waits on nobody."""
    approved_pairing(client, login, db, followup, peer)
    log(client, login, peer, followup, day="2026-10-06", start="19:00", end="20:00")
    followup.counselor.active = False
    db.session.commit()
    login(peer.mentee_user)
    presence = db.session.query(Presence).one()
    client.post(f"/peer-help/attendance/{presence.id}/dispute", data={"note": "没有这次"})
    told = db.session.query(Notification).filter(Notification.link == "/peer-help/check#waiting")
    assert [n.user_id for n in told] == [peer.secretary.id]
