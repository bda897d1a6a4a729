"""The volunteer's certificate names the term its sessions were held in, and counts them
in words that agree with the number (1 tutoring session, 2 tutoring sessions)."""

from portal.modules.peer_help.models import Certification, TutoringSession

from ...print_pages import back_link
from .test_first_week import certify, logged_session
from .test_peer_help import confirm_all, log


def test_the_certificate_names_the_term_of_its_sessions(client, login, db, followup, peer):
    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")  # 2026-10-05
    certify(client, login, db, followup, peer, record)
    login(peer.volunteer_user)
    page = client.get(f"/peer-help/certificates/{record.certification_id}").get_data(as_text=True)
    assert "于2026-2027学年第1学期担任朋辈志愿者" in page
    assert "志愿服务时数为 1 小时，共辅导 1 次。" in page
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/peer-help/certificates/{record.certification_id}").get_data(as_text=True)
    assert "served as a peer volunteer in 2026–2027 term 1" in page
    assert "has been certified for 1 hour of volunteer service over 1 tutoring session." in page


def test_two_sessions_are_counted_in_the_plural(client, login, db, followup, peer):
    logged_session(client, login, db, followup, peer, "19:00", "20:00")
    log(client, login, peer, followup, day="2026-10-06", start="19:00", end="20:30")
    confirm_all(client, login, peer, db)
    login(followup.counselor)
    ids = [str(s.id) for s in db.session.query(TutoringSession)]
    client.post("/peer-help/check", data={"session": ids})
    client.post("/peer-help/hours/certify", data={"term": str(peer.term.id), "until": "2026-10-31"})
    made = db.session.query(Certification).one()
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/peer-help/certificates/{made.id}").get_data(as_text=True)
    assert "has been certified for 2.5 hours of volunteer service over 2 tutoring sessions." in page


def test_hours_held_in_another_term_are_not_certified_under_this_one(
    client, login, db, followup, peer
):
    """Certifying last term (the roster's) leaves October's session for its own term."""
    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    confirm_all(client, login, peer, db)
    login(followup.counselor)
    client.post("/peer-help/check", data={"session": [str(record.id)]})
    last_term = followup.run.term  # 2025-2026-2
    client.post("/peer-help/hours/certify", data={"term": str(last_term.id), "until": "2026-10-31"})
    assert db.session.query(Certification).count() == 0
    login(peer.volunteer_user)
    page = client.get("/peer-help/").get_data(as_text=True)
    assert "已审核，待认定" in page and "/peer-help/certificates/" not in page
    certify(client, login, db, followup, peer, record)
    assert db.session.query(Certification).one().term_id == peer.term.id


def test_the_certificate_leads_back_where_each_reader_opened_it(client, login, db, followup, peer):
    """The volunteer from their peer-help page; staff from the hours they certified."""
    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    certify(client, login, db, followup, peer, record)
    url = f"/peer-help/certificates/{record.certification_id}"
    staff = back_link(client.get(url).get_data(as_text=True))
    assert staff == ("/peer-help/hours", "返回志愿服务时数")
    assert client.get("/peer-help/hours").status_code == 200
    login(peer.volunteer_user)
    volunteer = back_link(client.get(url).get_data(as_text=True))
    assert volunteer == ("/peer-help/", "返回朋辈帮扶")
