"""Editing a session: the volunteer may correct one until the counselor checks it (an edit
asks the mentee again, and the page says so); a checked session is theirs no more."""

from portal.modules.peer_help.models import TutoringSession

from .test_first_week import logged_session
from .test_peer_help import confirm_all, session


def checked_session(client, login, db, followup, peer):
    """A session the mentee confirmed and the counselor checked; the volunteer logged in."""
    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    confirm_all(client, login, peer, db)
    login(followup.counselor)
    client.post("/peer-help/check", data={"session": [str(record.id)]})
    login(peer.volunteer_user)
    return record


def edited(followup, **fields):
    return {**session(day="2026-10-05", **fields), "present": [str(followup.red.id)]}


def test_a_checked_session_offers_no_edit_and_refuses_one(client, login, db, followup, peer):
    record = checked_session(client, login, db, followup, peer)
    page = client.get("/peer-help/").get_data(as_text=True)
    assert "已审核，待认定" in page and f"/peer-help/sessions/{record.id}/edit" not in page
    opened = client.get(f"/peer-help/sessions/{record.id}/edit")
    assert opened.status_code == 409
    assert "这次辅导记录已不能修改" in opened.get_data(as_text=True)
    assert "辅导员已审核这次辅导。如记录有误，请告诉辅导员。" in opened.get_data(as_text=True)
    assert "保存" not in opened.get_data(as_text=True)
    sent = client.post(f"/peer-help/sessions/{record.id}/edit", data=edited(followup, end="21:00"))
    assert sent.status_code == 409 and "请告诉辅导员" in sent.get_data(as_text=True)
    # Nothing was undone: still checked, confirmed, its hour counted.
    page = client.get("/peer-help/").get_data(as_text=True)
    assert "已审核，待认定" in page and "等待受助同学确认" not in page
    db.session.expire_all()
    kept = db.session.get(TutoringSession, record.id)
    assert kept.minutes == 60 and kept.checked_at is not None
    assert [a.state for a in kept.attendance] == ["confirmed"]


def test_a_checked_session_is_refused_in_english_too(client, login, db, followup, peer):
    record = checked_session(client, login, db, followup, peer)
    client.post("/locale", data={"locale": "en"})
    refused = client.get(f"/peer-help/sessions/{record.id}/edit").get_data(as_text=True)
    assert "This session can no longer be changed" in refused
    assert (
        "The counselor has checked this session. If something in it is wrong, tell them." in refused
    )


def test_editing_an_unchecked_session_says_edit_and_that_the_mentee_confirms_again(
    client, login, db, followup, peer
):
    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    confirm_all(client, login, peer, db)
    login(peer.volunteer_user)
    page = client.get(f"/peer-help/sessions/{record.id}/edit").get_data(as_text=True)
    assert "<h1>修改辅导记录</h1>" in page and "<title>修改辅导记录" in page
    assert "保存修改</button>" in page and "保存辅导记录" not in page
    assert "保存修改后，需受助同学重新确认这次辅导" in page
    saved = client.post(
        f"/peer-help/sessions/{record.id}/edit",
        data=edited(followup, end="20:30", what="改过的内容"),
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "修改已保存，将请受助同学重新确认" in saved and "辅导已登记" not in saved
    assert "等待受助同学确认" in saved
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/peer-help/sessions/{record.id}/edit").get_data(as_text=True)
    assert "<h1>Edit the session</h1>" in page and "Save changes</button>" in page
    assert "Log the session" not in page


def test_a_new_session_is_still_logged(client, login, db, followup, peer):
    """The log page keeps its words; only an edit says edit."""
    logged_session(client, login, db, followup, peer, "19:00", "20:00")
    page = client.get("/peer-help/sessions/new").get_data(as_text=True)
    assert "<h1>登记辅导</h1>" in page and "保存辅导记录</button>" in page
    assert "重新确认" not in page
