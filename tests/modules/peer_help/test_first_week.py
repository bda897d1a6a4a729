"""Issue 17: a volunteer with two mentees logs a session for the second; a pairing needs a
course."""

from datetime import date

from portal.modules.peer_help.models import Pairing, TutoringSession

from .conftest import approved_pairing
from .test_peer_help import HX, confirm_all, log, session


def logged_session(client, login, db, followup, peer, start, end):
    """An approved pairing and one session the volunteer logged on 2026-10-05."""
    approved_pairing(client, login, db, followup, peer)
    log(client, login, peer, followup, day="2026-10-05", start=start, end=end)
    return db.session.query(TutoringSession).one()


def certify(client, login, db, followup, peer, record):
    """The mentee confirms, the counselor checks the session and certifies October's hours
    for the term they fall in."""
    confirm_all(client, login, peer, db)
    login(followup.counselor)
    client.post("/peer-help/check", data={"session": [str(record.id)]})
    client.post("/peer-help/hours/certify", data={"term": str(peer.term.id), "until": "2026-10-31"})


def second_pairing(client, login, make, db, followup, peer):
    """The approved pairing, and a second of its volunteer with 受助乙 in 课程丙; the
    volunteer logged in."""
    first = approved_pairing(client, login, db, followup, peer)
    other = make.student(followup.school_class, name="受助乙")
    second = make.created_pairing(
        first.volunteer, other, "课程丙", date(2026, 10, 1), date(2026, 12, 31), followup.counselor
    )
    login(peer.volunteer_user)
    return second, other


def test_a_volunteer_with_two_pairings_logs_a_session_for_the_second(
    client, login, make, db, followup, peer
):
    second, other = second_pairing(client, login, make, db, followup, peer)
    page = client.get(f"/peer-help/sessions/new?pairing={second.id}").get_data(as_text=True)
    assert "课程丙" in page and "受助乙" in page and "课程B" not in page
    response = client.post(
        "/peer-help/sessions/new",
        data={**session(course="课程丙"), "pairing": str(second.id), "present": [str(other.id)]},
    )
    assert response.status_code == 303
    saved = db.session.query(TutoringSession).one()
    assert saved.pairing_id == second.id and saved.course == "课程丙"
    assert [a.student_id for a in saved.attendance] == [other.id]


def test_someone_of_another_pairing_marked_present_gets_a_translated_error(
    client, login, make, db, followup, peer
):
    second, _other = second_pairing(client, login, make, db, followup, peer)
    response = client.post(
        "/peer-help/sessions/new",
        headers=HX,
        data={
            **session(course="课程丙"),
            "pairing": str(second.id),
            "present": [str(followup.red.id)],
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "valid choice" not in text and "请勾选到场的同学" in text
    assert db.session.query(TutoringSession).count() == 0


def test_a_course_from_another_pairing_is_refused(client, login, make, db, followup, peer):
    second, other = second_pairing(client, login, make, db, followup, peer)
    response = client.post(
        "/peer-help/sessions/new",
        headers=HX,
        data={**session(course="课程B"), "pairing": str(second.id), "present": [str(other.id)]},
    )
    assert response.status_code == 422 and "valid choice" not in response.get_data(as_text=True)
    assert db.session.query(TutoringSession).count() == 0


def test_a_pairing_cannot_be_proposed_without_a_course(client, login, db, followup, peer):
    from .conftest import activate

    volunteer = activate(client, login, db, followup, peer)
    followup.counselor.locale = "en"
    login(followup.counselor)
    response = client.post(
        f"/peer-help/pairings/new/{followup.red.id}",
        headers=HX,
        data={
            "volunteer": str(volunteer.id),
            "difficulty": "基础薄弱",
            "plan": "每周两次答疑",
            "contact": "微信群",
            "starts_on": "2026-10-01",
            "ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 422 and (
        "Choose at least one course to work on, or type the subject or topic."
        in response.get_data(as_text=True)
    )
    assert db.session.query(Pairing).count() == 0


def test_hours_read_3_hours_not_3_point_0(client, login, db, followup, peer):
    approved_pairing(client, login, db, followup, peer)
    login(peer.volunteer_user)
    response = client.post(
        "/peer-help/sessions/new",
        headers=HX,
        data={**session(start="19:00", end="23:30"), "present": [str(followup.red.id)]},
    )
    assert "最长 3 小时" in response.get_data(as_text=True)
    client.post(
        "/peer-help/sessions/new",
        data={**session(start="18:00", end="21:00"), "present": [str(followup.red.id)]},
    )
    page = client.get("/peer-help/").get_data(as_text=True)
    assert "3 小时" in page and "3.00" not in page and "3.0 " not in page


def test_the_mentee_sees_who_helps_them_by_name_and_never_a_phone(
    client, login, db, followup, peer
):
    from ...followup import PHONE

    approved_pairing(client, login, db, followup, peer)
    login(peer.mentee_user)
    page = client.get("/").get_data(as_text=True)
    helpers = page[page.index('id="helpers"') :]
    helpers = helpers[: helpers.index("</section>")]
    assert "陈辅导员" in helpers and "黄班主任" in helpers
    assert "朋辈志愿者" in helpers and "志愿者甲" in helpers
    assert PHONE not in page


def test_a_red_warned_student_is_not_invited_to_volunteer(client, login, make, db, followup, peer):
    from portal.modules.peer_help.models import Volunteer

    login(peer.mentee_user)  # the followup red
    assert "/peer-help/apply" not in client.get("/peer-help/").get_data(as_text=True)
    response = client.post(
        "/peer-help/apply",
        data={"courses": "课程B", "times": ["weekday_eve"], "statement": "想帮助同学"},
    )
    assert response.status_code == 403 or "先专注" in response.get_data(as_text=True)
    assert db.session.query(Volunteer).count() == 0
    login(peer.volunteer_user)  # not warned
    assert "/peer-help/apply" in client.get("/peer-help/").get_data(as_text=True)


def test_the_volunteer_follows_each_session_to_certification(client, login, db, followup, peer):
    from portal.core.models import Notification

    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    page = client.get("/peer-help/").get_data(as_text=True)
    assert "等待受助同学确认" in page and f"/peer-help/sessions/{record.id}/edit" in page
    assert "1 小时" in page
    certify(client, login, db, followup, peer, record)
    login(peer.volunteer_user)
    page = client.get("/peer-help/").get_data(as_text=True)
    assert "已认定" in page and f"/peer-help/sessions/{record.id}/edit" not in page
    assert "/peer-help/certificates/" in page
    [notice] = (
        db.session.query(Notification)
        .filter_by(
            user_id=peer.volunteer_user.id,
            link=f"/peer-help/certificates/{record.certification_id}",
        )
        .all()
    )
    assert "1 小时" in client.get("/notifications/").get_data(as_text=True)
    assert notice.params == {"hours": "1"}


def test_the_certificate_has_a_number_a_seal_area_and_its_signer(client, login, db, followup, peer):
    record = logged_session(client, login, db, followup, peer, "18:00", "21:00")
    certify(client, login, db, followup, peer, record)
    login(peer.volunteer_user)
    page = client.get(f"/peer-help/certificates/{record.certification_id}").get_data(as_text=True)
    from portal.modules.peer_help.models import Certification

    made = db.session.get(Certification, record.certification_id)
    assert f"证书编号：PH{made.certified_at:%Y}-{made.id:05d}" in page
    assert 'class="seal"' in page and "学院盖章" in page
    assert "认定人：陈辅导员" in page and "3 小时" in page and "3.00" not in page
    assert "data-print" in page


def test_a_pending_session_is_edited_and_asks_the_mentee_again(client, login, db, followup, peer):
    record = logged_session(client, login, db, followup, peer, "19:00", "20:00")
    confirm_all(client, login, peer, db)
    login(peer.volunteer_user)
    response = client.post(
        f"/peer-help/sessions/{record.id}/edit",
        data={
            **session(day="2026-10-05", start="19:00", end="20:30", what="改过的内容"),
            "present": [str(followup.red.id)],
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    edited = db.session.get(TutoringSession, record.id)
    assert edited.what == "改过的内容" and edited.minutes == 90
    assert [(a.student_id, a.state) for a in edited.attendance] == [(followup.red.id, "pending")]
