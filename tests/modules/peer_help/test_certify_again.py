"""Every checked hour reaches a certificate: a term certified mid-term (the cut-off defaults
to today) is certified again later for the hours checked since, on a further certificate;
a certificate once issued never changes. Each certificate has one date, the college's."""

from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from portal.modules.peer_help import hours
from portal.modules.peer_help.models import Certification, TutoringSession

from .test_first_week import logged_session
from .test_peer_help import confirm_all, log


def _certify(client, peer, until):
    return client.post(
        "/peer-help/hours/certify",
        data={"term": str(peer.term.id), "until": until},
        follow_redirects=True,
    ).get_data(as_text=True)


def _check_all(client, login, db, followup, peer):
    confirm_all(client, login, peer, db)
    login(followup.counselor)
    unchecked = db.session.query(TutoringSession).filter(TutoringSession.checked_at.is_(None))
    client.post("/peer-help/check", data={"session": [str(s.id) for s in unchecked]})


def _counted_cell(client) -> str:
    """The hours page's "counted, to be certified" cell of the volunteer."""
    page = client.get("/peer-help/hours").get_data(as_text=True)
    row = page[page.index("志愿者甲") :].split("</tr>")[0]
    return [c.split("<")[0] for c in row.split('<td class="num">')[1:]][1]


def certified_twice(client, login, db, followup, peer) -> tuple[Certification, Certification]:
    """1.5 h on 10-05 certified on 10-20 (today); then a 1 h session of 10-12 logged late,
    confirmed and checked, certified up to 10-31."""
    logged_session(client, login, db, followup, peer, "19:00", "20:30")
    _check_all(client, login, db, followup, peer)
    _certify(client, peer, "2026-10-20")
    log(client, login, peer, followup, day="2026-10-12", start="19:00", end="20:00")
    _check_all(client, login, db, followup, peer)
    assert _counted_cell(client) == "1"
    page = _certify(client, peer, "2026-10-31")
    assert "已经认定" not in page and "已认定 1 名志愿者的时数" in page
    first, second = db.session.query(Certification).order_by(Certification.id)
    return first, second


def test_a_second_certification_in_the_term_certifies_the_hours_checked_since(
    client, login, db, followup, peer
):
    first, second = certified_twice(client, login, db, followup, peer)
    assert (first.minutes, first.sessions) == (90, 1)  # the first never changes
    assert (second.minutes, second.sessions, second.term_id) == (60, 1, first.term_id)
    late = db.session.query(TutoringSession).filter_by(held_on=datetime(2026, 10, 12).date())
    assert late.one().certification_id == second.id
    assert _counted_cell(client) == "0"
    # Nothing checked since: certifying again issues nothing more, and says so.
    client.post("/locale", data={"locale": "en"})
    page = _certify(client, peer, "2026-10-31")
    assert "No hours to certify" in page and db.session.query(Certification).count() == 2


def test_the_further_certificate_says_it_adds_to_the_earlier_one(client, login, db, followup, peer):
    first, second = certified_twice(client, login, db, followup, peer)
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/peer-help/certificates/{second.id}").get_data(as_text=True)
    assert "1 hour of volunteer service over 1 tutoring session" in page
    assert f"In addition to the hours on certificate no. {first.number} of the same term" in page
    page = client.get(f"/peer-help/certificates/{first.id}").get_data(as_text=True)
    assert "In addition" not in page and second.number not in page
    sheet = load_workbook(BytesIO(client.get(f"/peer-help/hours/{peer.term.id}.xlsx").data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[3], r[4]) for r in rows] == [(1.5, 1), (1.0, 1)]
    assert [r[6] for r in rows] == [first.number, second.number]


def test_the_hours_page_says_what_certifying_again_does(client, login, db, followup, peer):
    login(followup.counselor)
    client.post("/locale", data={"locale": "en"})
    page = client.get("/peer-help/hours").get_data(as_text=True)
    assert "Certifying the same term again issues a further certificate" in page


def test_the_export_certificate_and_page_agree_on_the_local_date(client, login, db, followup, peer):
    """Certified at 17:00 UTC on 4 December: 5 December in Beijing, everywhere."""
    record = logged_session(client, login, db, followup, peer, "19:00", "20:30")
    _check_all(client, login, db, followup, peer)
    _certify(client, peer, "2026-10-31")
    made = db.session.get(
        Certification, db.session.get(TutoringSession, record.id).certification_id
    )
    made.certified_at = datetime(2026, 12, 4, 17, 0)
    db.session.commit()
    sheet = load_workbook(BytesIO(client.get(f"/peer-help/hours/{peer.term.id}.xlsx").data)).active
    assert sheet.cell(row=2, column=6).value == "2026-12-05"
    assert "2026年12月5日" in client.get(f"/peer-help/certificates/{made.id}").get_data(
        as_text=True
    )
    assert "<td>2026-12-05</td>" in client.get("/peer-help/hours").get_data(as_text=True)
    with client.application.test_request_context():
        from portal.modules.peer_help.archive import sheets

        [given] = [s for s in sheets(peer.volunteer_student) if "认定" in s.title]
    assert given.rows[-1][0] == "2026-12-05"


def test_a_session_certified_meanwhile_refuses_the_run(client, login, db, followup, peer):
    """Two runs at once: the later finds a session it read as free already on the first's
    certificate, and is refused rather than count it twice."""
    record = logged_session(client, login, db, followup, peer, "19:00", "20:30")
    _check_all(client, login, db, followup, peer)
    _certify(client, peer, "2026-10-31")
    first = db.session.query(Certification).one()
    again = Certification(
        volunteer_id=first.volunteer_id, term_id=first.term_id, minutes=90, sessions=1
    )
    db.session.add(again)
    db.session.flush()
    with pytest.raises(hours.CertifiedMeanwhile):
        hours._claim([db.session.get(TutoringSession, record.id)], again)
    db.session.rollback()
    assert db.session.get(TutoringSession, record.id).certification_id == first.id
