"""A session the mentee says is not right counts nowhere: not in the mentee's sessions and
hours, not in the volunteer's hours waiting for confirmation, never certified. It is shown
apart, to the mentee, the volunteer and the counselor, until the volunteer corrects it."""

from portal.modules.peer_help.models import Certification, Presence, TutoringSession

from .conftest import approved_pairing
from .test_mentee_page import page_of
from .test_peer_help import log


def two_sessions_one_disputed(client, login, db, followup, peer):
    """1.5 h on 10-05 confirmed, 1 h on 10-06 disputed, both checked by the counselor."""
    approved_pairing(client, login, db, followup, peer)
    log(client, login, peer, followup, day="2026-10-05", start="19:00", end="20:30")
    log(client, login, peer, followup, day="2026-10-06", start="19:00", end="20:00")
    login(peer.mentee_user)
    first, second = (
        db.session.query(Presence).join(TutoringSession).order_by(TutoringSession.held_on).all()
    )
    client.post(f"/peer-help/attendance/{first.id}/confirm", data={"note": ""})
    client.post(f"/peer-help/attendance/{second.id}/dispute", data={"note": "没有这次"})


def test_the_mentee_does_not_count_a_session_they_disputed(client, login, db, followup, peer):
    two_sessions_one_disputed(client, login, db, followup, peer)
    page = page_of(client)
    mine = page[page.index('id="my-tutoring"') :]
    assert "辅导 1 次 · 1.5 小时" in mine
    assert "1 次你提出异议，不计入，辅导员会核实" in mine
    page = page_of(client, "en")
    assert "1 tutoring session · 1.5 hours" in page
    assert "1 you questioned: not counted, the counselor looks into it" in page


def test_the_volunteer_and_the_counselor_see_disputed_hours_apart(
    client, login, db, followup, peer
):
    two_sessions_one_disputed(client, login, db, followup, peer)
    login(peer.volunteer_user)
    page = page_of(client)
    assert "待确认或审核 1.5 小时" in page  # the confirmed one, not yet checked
    assert "受助同学有异议、不计入：1 小时。" in page
    page = page_of(client, "en")
    assert "waiting for confirmation or check: 1.5 h" in page
    assert "Questioned by your mentee, not counted: 1 h." in page
    login(followup.counselor)
    client.post("/locale", data={"locale": "zh", "next": "/"})
    hours_page = client.get("/peer-help/hours").get_data(as_text=True)
    row = hours_page[hours_page.index("志愿者甲") :].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells == ["0", "0", "1.5", "1"]  # certified, counted, waiting, disputed
    assert "有异议、不计入" in hours_page


def test_disputed_hours_are_never_certified(client, login, db, followup, peer):
    two_sessions_one_disputed(client, login, db, followup, peer)
    login(followup.counselor)
    first, second = db.session.query(TutoringSession).order_by(TutoringSession.held_on)
    client.post("/peer-help/check", data={"session": [str(first.id), str(second.id)]})
    assert {s.checked_at for s in (first, second)} == {None}  # the disputed one refuses both
    client.post("/peer-help/check", data={"session": [str(first.id)]})
    client.post("/peer-help/hours/certify", data={"term": str(peer.term.id), "until": "2026-10-31"})
    certification = db.session.query(Certification).one()
    assert (certification.minutes, certification.sessions) == (90, 1)
    [left] = [s for s in db.session.query(TutoringSession) if s.certification_id is None]
    assert left.minutes == 60 and left.attendance[0].state == "disputed"
