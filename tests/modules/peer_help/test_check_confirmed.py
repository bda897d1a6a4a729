"""Walk findings 4 and 6: the counselor checks a session once every mentee present confirmed
it (workflows.md: the mentee confirms, the counselor checks; lzut 二.7: signed by those it
concerns), so the volunteer's page, the hours and the mentee's question agree; each box on
the check page is named by its session."""

from portal.core.models.base import utcnow
from portal.modules.peer_help.models import Presence, TutoringSession

from .test_first_week import logged_session
from .test_no_class_advisor import in_english
from .test_peer_help import confirm_all, log

REFUSED = "Only sessions every mentee present has confirmed can be checked"


def test_an_unconfirmed_session_has_no_box_and_a_forged_check_writes_nothing(
    client, login, db, followup, peer
):
    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    login(followup.counselor)
    in_english(client)
    page = client.get("/peer-help/check").get_data(as_text=True)
    assert 'name="session"' not in page and "Waiting for the mentee" in page
    assert "志愿者甲" in page  # listed, without a box
    forged = client.post("/peer-help/check", data={"session": [str(record.id)]})
    assert REFUSED in client.get(forged.location).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(TutoringSession, record.id).checked_at is None
    confirm_all(client, login, peer, db)
    login(followup.counselor)
    page = client.get("/peer-help/check").get_data(as_text=True)
    assert f'name="session" value="{record.id}"' in page
    client.post("/peer-help/check", data={"session": [str(record.id)]})
    db.session.expire_all()
    assert db.session.get(TutoringSession, record.id).checked_at is not None


def test_one_unconfirmed_session_among_the_ticked_refuses_them_all(
    client, login, db, followup, peer
):
    first = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    confirm_all(client, login, peer, db)
    log(client, login, peer, followup, day="2026-10-06", start="19:00", end="20:00")
    second = db.session.query(TutoringSession).filter(TutoringSession.id != first.id).one()
    login(followup.counselor)
    client.post("/peer-help/check", data={"session": [str(first.id), str(second.id)]})
    db.session.expire_all()
    assert {s.checked_at for s in db.session.query(TutoringSession)} == {None}


def test_a_session_checked_before_its_mentee_answered_reads_the_same_everywhere(
    client, login, db, followup, peer
):
    """A session checked before the rule (the check wrote, the mentee had not confirmed):
    the volunteer's page says it waits for the mentee, as the hours count it and as the
    mentee is asked; once confirmed it is checked, to be certified, everywhere."""
    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    record.checked_at = utcnow()
    db.session.flush()
    page = client.get("/peer-help/").get_data(as_text=True)  # the volunteer's
    assert "等待受助同学确认" in page and "已审核，待认定" not in page
    assert "待确认或审核 1 小时" in page
    confirm_all(client, login, peer, db)
    assert db.session.query(Presence).one().state == "confirmed"
    login(peer.volunteer_user)
    page = client.get("/peer-help/").get_data(as_text=True)
    assert "已审核，待认定" in page and "待认定 1 小时" in page


def test_each_box_is_named_by_its_session(client, login, db, followup, peer):
    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    confirm_all(client, login, peer, db)
    login(followup.counselor)
    in_english(client)
    page = client.get("/peer-help/check").get_data(as_text=True)
    box = page[page.index(f'value="{record.id}"') :].split(">")[0]
    mentee = followup.red.name
    assert f'aria-label="Check the session of 志愿者甲 with {mentee} on ' in box
    assert "19:00–20:00" in box and f"Check {record.id}" not in box
