"""The mentee answers a session once, while it waits for them (the page's two buttons on a
pending session); a refused answer says why, and a note too long comes back as typed."""

from portal.modules.peer_help.models import Presence, TutoringSession

from .conftest import approved_pairing
from .test_mentee_page import page_of
from .test_peer_help import HX, log

ANSWERED = "你已经对这次辅导作过答复，不能在这里更改。如有不对，请告诉辅导员。"
TOO_LONG = "备注请不超过 300 个字，然后重新提交。"


def one_session(client, login, db, followup, peer) -> Presence:
    """A session the volunteer logged; the mentee logged in, their presence pending."""
    approved_pairing(client, login, db, followup, peer)
    log(client, login, peer, followup, day="2026-10-05", start="19:00", end="20:00")
    login(peer.mentee_user)
    return db.session.query(Presence).one()


def checked(client, login, db, followup, peer, presence: Presence) -> bool:
    """The counselor ticks the session; whether it was checked. The mentee logged in again."""
    login(followup.counselor)
    client.post("/peer-help/check", data={"session": [str(presence.session_id)]})
    login(peer.mentee_user)
    return db.session.get(TutoringSession, presence.session_id).checked_at is not None


def test_a_confirmed_session_the_counselor_checked_cannot_be_disputed(
    client, login, db, followup, peer
):
    """Probe finding 7: the confirmed row of a checked session became `disputed` (its hours
    silently stopped counting), though the page offers no button once answered."""
    presence = one_session(client, login, db, followup, peer)
    client.post(f"/peer-help/attendance/{presence.id}/confirm", data={"note": ""})
    assert checked(client, login, db, followup, peer, presence)
    answered_at = db.session.get(Presence, presence.id).answered_at
    response = client.post(
        f"/peer-help/attendance/{presence.id}/dispute", data={"note": "changed my mind"}
    )
    assert response.status_code == 303
    assert ANSWERED in client.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    again = db.session.get(Presence, presence.id)
    assert (again.state, again.note, again.answered_at) == ("confirmed", None, answered_at)
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.post(
        f"/peer-help/attendance/{presence.id}/dispute", data={"note": ""}, follow_redirects=True
    ).get_data(as_text=True)
    assert "You have already answered for this session, so it cannot be changed here." in page


def test_a_disputed_session_cannot_be_confirmed_behind_the_counselors_back(
    client, login, db, followup, peer
):
    """The confirm path had the same gap: a disputed session confirmed by a second post
    would count without the volunteer correcting it. (Nor can the counselor check it.)"""
    presence = one_session(client, login, db, followup, peer)
    client.post(f"/peer-help/attendance/{presence.id}/dispute", data={"note": "没有这次"})
    assert not checked(client, login, db, followup, peer, presence)
    response = client.post(f"/peer-help/attendance/{presence.id}/confirm", data={}, headers=HX)
    assert response.status_code == 204  # HTMX follows HX-Location to the page and its message
    assert ANSWERED in page_of(client)
    db.session.expire_all()
    assert db.session.get(Presence, presence.id).state == "disputed"


def test_a_pending_session_is_checked_only_once_the_mentee_confirmed(
    client, login, db, followup, peer
):
    """The mentee's word comes before the counselor's check (it was the other way round)."""
    presence = one_session(client, login, db, followup, peer)
    assert not checked(client, login, db, followup, peer, presence)
    client.post(f"/peer-help/attendance/{presence.id}/confirm", data={"note": ""})
    db.session.expire_all()
    assert db.session.get(Presence, presence.id).state == "confirmed"
    assert checked(client, login, db, followup, peer, presence)


def test_a_note_too_long_is_refused_with_the_note_kept(client, login, db, followup, peer):
    """Probe finding 6: a 301-character note was refused silently (303, no message), the
    mentee thinking they had confirmed. The page comes back (422) with the error at the
    note and the note as typed, with and without HTMX; nothing is written."""
    presence = one_session(client, login, db, followup, peer)
    note = "时间不对" * 75 + "。"  # 301 characters
    for headers in ({}, HX, {**HX, "HX-Boosted": "true"}):
        response = client.post(
            f"/peer-help/attendance/{presence.id}/confirm", data={"note": note}, headers=headers
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert TOO_LONG in page and f'value="{note}"' in page
        assert f'aria-describedby="note-{presence.id}-err"' in page
    db.session.expire_all()
    assert db.session.get(Presence, presence.id).state == "pending"
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.post(
        f"/peer-help/attendance/{presence.id}/dispute", data={"note": note}
    ).get_data(as_text=True)
    assert "Keep the note to 300 characters or fewer, then send it again." in page
    client.post(f"/peer-help/attendance/{presence.id}/confirm", data={"note": note[:300]})
    db.session.expire_all()
    assert db.session.get(Presence, presence.id).state == "confirmed"
