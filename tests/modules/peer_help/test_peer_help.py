"""Peer help: selection, the approval chain, suggestions, session rules, the mentee's word,
the counselor's check, exact hours, locked certification, export."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from portal.core.models import AuditEvent, RoleGrant
from portal.modules.peer_help import hours
from portal.modules.peer_help.models import Certification, PeerSetting, Presence, TutoringSession

from ...followup import pin_now
from .conftest import TODAY, activate, approved_pairing, proposed_pairing

HX = {"HX-Request": "true"}


def session(day="2026-10-15", start="19:00", end="20:30", **extra):
    data = {
        "held_on": day,
        "starts_at": start,
        "ends_at": end,
        "course": "课程B",
        "what": "讲解习题",
        "place": "图书馆",
    }
    data.update(extra)
    return data


def log(client, login, peer, followup, **fields):
    login(peer.volunteer_user)
    data = session(**fields)
    data.setdefault("present", [str(followup.red.id)])
    return client.post("/peer-help/sessions/new", data=data, headers=HX)


def test_selection_grants_the_volunteer_role(client, login, db, followup, peer):
    volunteer = activate(client, login, db, followup, peer)
    assert volunteer.state == "active"
    assert (
        db.session.query(RoleGrant)
        .filter_by(user_id=peer.volunteer_user.id, role="volunteer")
        .count()
        == 1
    )
    client.post(f"/peer-help/volunteers/{volunteer.id}/retired")
    assert (
        db.session.query(RoleGrant)
        .filter_by(user_id=peer.volunteer_user.id, role="volunteer")
        .count()
        == 0
    )


def test_suggestions_prefer_a_volunteer_who_passed_the_course_well(
    client, login, make, db, followup, peer
):
    activate(client, login, db, followup, peer)
    page = client.get(f"/peer-help/pairings/new/{followup.red.id}").get_data(as_text=True)
    assert "志愿者甲" in page and "课程B成绩优良" in page and "同专业" in page


def test_the_approval_chain_in_order_with_comments(client, login, make, db, followup, peer):
    pairing = approved_pairing(client, login, db, followup, peer)
    assert [(s.stage, s.approved, s.comment) for s in pairing.steps] == [
        ("advisor", True, "同意"),
        ("college", True, "同意"),
    ]


def test_the_college_may_add_the_schools_review(client, login, make, db, followup, peer):
    db.session.add(
        PeerSetting(
            college_id=followup.school_class.major.college_id,
            school_review=True,
            max_session_minutes=180,
            max_week_minutes=600,
            max_mentees=3,
        )
    )
    db.session.flush()
    from portal.modules.peer_help.models import Pairing

    pairing = proposed_pairing(
        client, login, db, followup, peer, difficulty="难", plan="计划", contact=None
    )
    login(peer.secretary)  # not yet: the advisor's opinion comes first
    assert client.post(f"/peer-help/pairings/{pairing.id}/approve").status_code == 403
    login(followup.advisor)
    client.post(f"/peer-help/pairings/{pairing.id}/approve")
    login(peer.secretary)
    client.post(f"/peer-help/pairings/{pairing.id}/approve")
    assert db.session.get(Pairing, pairing.id).state == "school"
    for not_the_school in (peer.secretary, make.user(role="admin")):  # the college's; no staff
        login(not_the_school)
        assert client.post(f"/peer-help/pairings/{pairing.id}/approve").status_code in (403, 404)
    assert db.session.get(Pairing, pairing.id).state == "school"
    login(make.user(role="leader"))  # over the whole school
    client.post(f"/peer-help/pairings/{pairing.id}/approve")
    assert db.session.get(Pairing, pairing.id).state == "active"


def test_the_session_rules_give_clear_errors(client, login, db, followup, peer):
    approved_pairing(client, login, db, followup, peer)
    cases = [
        ({"day": "2026-09-20"}, "结对起止日期内"),
        ({"start": "19:00", "end": "23:30"}, "最长 3 小时"),
        ({"start": "20:00", "end": "19:00"}, "结束时间须晚于"),
        ({"day": (TODAY + timedelta(days=2)).isoformat()}, "辅导结束后才能登记"),
        ({"present": []}, "请勾选到场的同学"),
    ]
    for fields, message in cases:
        response = log(client, login, peer, followup, **fields)
        assert response.status_code == 422 and message in response.get_data(as_text=True), fields
    backwards = log(client, login, peer, followup, start="20:00", end="19:00")
    assert '<small class="err" id="ends_at-err">结束时间须晚于' in backwards.get_data(as_text=True)
    assert log(client, login, peer, followup).status_code == 204
    overlap = log(client, login, peer, followup, start="20:00", end="21:00")
    assert "19:00 至 20:30 已登记" in overlap.get_data(as_text=True)
    assert db.session.query(TutoringSession).count() == 1


def test_a_session_later_today_is_logged_once_it_is_over(
    client, login, db, followup, peer, monkeypatch
):
    """At 04:15 the evening's session has not happened: refused at its end time, in the
    volunteer's language, nothing written; at 20:30 (the college's clock) it is logged."""
    approved_pairing(client, login, db, followup, peer)
    peer.volunteer_user.locale = "en"
    evening = {"day": TODAY.isoformat(), "start": "19:00", "end": "20:30"}
    pin_now(monkeypatch, datetime.combine(TODAY, time(4, 15)))
    early = log(client, login, peer, followup, **evening)
    assert early.status_code == 422
    assert (
        '<small class="err" id="ends_at-err">This session ends at 20:30, later than now'
        in early.get_data(as_text=True)
    )
    assert db.session.query(TutoringSession).count() == 0
    pin_now(monkeypatch, datetime.combine(TODAY, time(20, 30)))
    assert log(client, login, peer, followup, **evening).status_code == 204
    assert db.session.query(TutoringSession).one().held_on == TODAY


def test_the_weekly_limit(client, login, db, followup, peer):
    approved_pairing(client, login, db, followup, peer)
    for day in ("2026-10-12", "2026-10-13", "2026-10-14"):
        assert (
            log(client, login, peer, followup, day=day, start="08:00", end="11:00").status_code
            == 204
        )
    response = log(client, login, peer, followup, day="2026-10-15", start="08:00", end="10:00")
    assert "每周 10 小时" in response.get_data(as_text=True)


def confirm_all(client, login, peer, db):
    login(peer.mentee_user)
    for presence in db.session.query(Presence).filter_by(state="pending"):
        client.post(f"/peer-help/attendance/{presence.id}/confirm", data={})


def test_hours_add_up_exactly_and_exclude_disputed_and_unconfirmed(
    client, login, db, followup, peer
):
    approved_pairing(client, login, db, followup, peer)
    for day, start, end in (
        ("2026-10-05", "19:00", "19:50"),
        ("2026-10-06", "19:00", "20:10"),
        ("2026-10-07", "19:00", "19:20"),
        ("2026-10-08", "19:00", "20:00"),
    ):
        log(client, login, peer, followup, day=day, start=start, end=end)
    login(peer.mentee_user)
    presences = (
        db.session.query(Presence).join(TutoringSession).order_by(TutoringSession.held_on).all()
    )
    for presence, verdict in zip(presences[:3], ("confirm", "confirm", "dispute"), strict=True):
        note = "没有这次" if verdict == "dispute" else ""  # a dispute says what is wrong
        client.post(f"/peer-help/attendance/{presence.id}/{verdict}", data={"note": note})
    login(followup.counselor)  # checks the two confirmed: the others cannot be checked yet
    client.post("/peer-help/check", data={"session": [str(p.session_id) for p in presences[:2]]})
    volunteer = presences[0].session.pairing.volunteer
    from flask import Flask  # noqa: F401  (app context for the service)

    [tally] = _tallies(client, volunteer)
    assert (tally.countable, tally.pending, tally.certified) == (50 + 70, 60, 0)
    assert tally.disputed == 20  # shown apart, not as waiting
    assert hours.hours(tally.countable) == Decimal("2.00")
    assert hours.hours(50) == Decimal("0.83")


def _tallies(client, volunteer):
    with client.application.test_request_context():
        return hours.tallies([volunteer])


def test_certification_locks_the_term(client, login, make, db, followup, peer):
    approved_pairing(client, login, db, followup, peer)
    log(client, login, peer, followup, day="2026-10-05", start="19:00", end="19:45")
    confirm_all(client, login, peer, db)
    login(followup.counselor)
    client.post(
        "/peer-help/check", data={"session": [str(s.id) for s in db.session.query(TutoringSession)]}
    )
    term = peer.term
    client.post("/peer-help/hours/certify", data={"term": str(term.id), "until": "2026-10-31"})
    [certification] = db.session.query(Certification).all()
    assert certification.minutes == 45 and certification.hours == Decimal("0.75")
    # The certified session cannot change, and certifying again changes nothing.
    login(peer.volunteer_user)
    response = client.post(
        f"/peer-help/sessions/{db.session.query(TutoringSession).one().id}/edit",
        data=session(day="2026-10-05", end="20:30", present=[str(followup.red.id)]),
    )
    assert response.status_code == 409 and "已不能修改" in response.get_data(as_text=True)
    assert db.session.query(TutoringSession).one().minutes == 45
    login(followup.counselor)
    client.post("/peer-help/hours/certify", data={"term": str(term.id), "until": "2026-10-31"})
    assert db.session.query(Certification).one().minutes == 45
    export = client.get(f"/peer-help/hours/{term.id}.xlsx")
    sheet = load_workbook(BytesIO(export.data)).active
    assert [c.value for c in sheet[2]][:4] == [
        peer.volunteer_student.student_no,
        "志愿者甲",
        followup.school_class.name,
        0.75,
    ]
    page = client.get(f"/peer-help/certificates/{certification.id}").get_data(as_text=True)
    assert "0.75" in page and "志愿者甲" in page


def test_the_mentee_answers_only_their_own_sessions(client, login, make, db, followup, peer):
    approved_pairing(client, login, db, followup, peer)
    log(client, login, peer, followup)
    presence = db.session.query(Presence).one()
    login(make.student_user(followup.orange))
    assert client.post(f"/peer-help/attendance/{presence.id}/confirm").status_code == 404
    assert db.session.get(Presence, presence.id).state == "pending"


def with_bank_account(client, login, db, followup, peer):
    """An active volunteer who has entered their stipend bank account."""
    volunteer = activate(client, login, db, followup, peer)
    login(peer.volunteer_user)
    client.post(
        "/peer-help/me/stipend", data={"bank_name": "工商银行", "bank_account": "6222021234567890"}
    )
    return volunteer


def test_stipend_details_are_masked_and_each_view_audited(client, login, db, followup, peer):
    volunteer = with_bank_account(client, login, db, followup, peer)
    login(followup.counselor)
    page = client.get(f"/peer-help/volunteers/{volunteer.id}").get_data(as_text=True)
    assert "6222021234567890" not in page and "**** 7890" in page
    assert "6222021234567890" not in client.get(
        f"/peer-help/volunteers/{volunteer.id}?bank=1"
    ).get_data(as_text=True)
    login(peer.secretary)
    assert "6222021234567890" in client.get(
        f"/peer-help/volunteers/{volunteer.id}?bank=1"
    ).get_data(as_text=True)
    assert (
        db.session.query(AuditEvent)
        .filter_by(action="view", object_type="Volunteer", user_id=peer.secretary.id)
        .count()
        == 1
    )


def test_revealing_a_bank_account_needs_a_fresh_password(client, login, db, followup, peer):
    from ...core.test_stepup import stale

    volunteer = with_bank_account(client, login, db, followup, peer)
    login(peer.secretary)
    stale(client)
    response = client.get(f"/peer-help/volunteers/{volunteer.id}?bank=1")
    assert response.status_code == 303 and "/confirm" in response.headers["Location"]
    assert "6222021234567890" not in response.get_data(as_text=True)


def test_a_stage_decided_meanwhile_is_not_decided_twice(client, login, make, db, followup, peer):
    """Two advisors open the same pairing; the second to answer is told it was decided,
    and the stage is not passed twice (the college's stage is not skipped)."""
    from portal.modules.peer_help.models import Pairing

    pairing = proposed_pairing(
        client, login, db, followup, peer, difficulty="难", plan="计划", contact=None
    )
    opened = str(pairing.version)
    colleague = make.user(role="class_advisor", scope=followup.school_class, name="另一位班主任")
    login(followup.advisor)
    assert client.post(
        f"/peer-help/pairings/{pairing.id}/approve", data={"comment": "同意", "version": opened}
    ).status_code in (302, 303)
    login(colleague)
    late = client.post(
        f"/peer-help/pairings/{pairing.id}/approve", data={"comment": "我也同意", "version": opened}
    )
    assert late.status_code == 409
    assert "您的意见没有记录" in late.get_data(as_text=True)
    db.session.expire_all()
    decided = db.session.get(Pairing, pairing.id)
    assert [s.comment for s in decided.steps] == ["同意"] and decided.state == "college"


def test_the_home_page_brings_the_mentee_and_the_volunteer_to_their_next_step(
    client, login, db, followup, peer
):
    """A session waiting for the mentee's word, and the active volunteer's next log, are on
    the home page; a student with neither sees no peer-help card at all."""
    login(peer.mentee_user)
    assert "朋辈帮扶</h2>" not in client.get("/").get_data(as_text=True)
    approved_pairing(client, login, db, followup, peer)
    assert log(client, login, peer, followup).status_code == 204
    home = client.get("/").get_data(as_text=True)  # the volunteer's
    assert "朋辈帮扶</h2>" in home and "/peer-help/sessions/new" in home
    login(peer.mentee_user)
    home = client.get("/").get_data(as_text=True)
    assert "1 次辅导等待你确认" in home and "确认辅导记录" in home


def test_a_warned_student_is_shown_where_to_ask_for_a_peer_tutor(client, login, followup, peer):
    login(peer.mentee_user)  # warned at red, not a volunteer
    page = client.get("/peer-help/").get_data(as_text=True)
    assert "需要朋辈志愿者辅导吗" in page and 'href="/plans/mine"' in page
    login(peer.volunteer_user)  # not warned
    assert "需要朋辈志愿者辅导吗" not in client.get("/peer-help/").get_data(as_text=True)


RULES = {"max_session_minutes": "120", "max_week_minutes": "360", "max_mentees": "2"}


def test_another_colleges_rules_answer_404_and_nothing_is_written(
    client, login, make, db, followup, peer
):
    """A college the secretary may not act for was quietly swapped for their own, whose rules
    the POST then overwrote: it is refused (404, audited) whether read or posted."""
    own, other = followup.school_class.major.college, make.college("别的学院")
    login(peer.secretary)
    for college in (other.id, "x", "²"):
        assert client.get(f"/peer-help/settings?college={college}").status_code == 404
        assert client.post(f"/peer-help/settings?college={college}", data=RULES).status_code == 404
    assert db.session.query(PeerSetting).count() == 0
    denied = db.session.query(AuditEvent).filter_by(action="denied").all()
    assert len(denied) == 6 and "peer_help.settings" in denied[0].detail
    page = client.get("/peer-help/settings")  # no college asked: their own
    assert page.status_code == 200 and own.name in page.get_data(as_text=True)
    saved = client.post(f"/peer-help/settings?college={own.id}", data=RULES)
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"?college={own.id}")
    assert db.session.get(PeerSetting, own.id).max_mentees == 2
