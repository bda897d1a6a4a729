"""Tester's findings: peer-help forms that dropped bad input silently (303, nothing saved, no
word) or said the wrong thing ("required" of a date that was typed). Each is refused with
why, at its field where there is one (422, the form as typed), and writes nothing."""

from portal.modules.peer_help.models import PeerSetting, Presence, Step, TutoringSession, Volunteer

from .conftest import activate, approved_pairing, pairing_form, proposed_pairing
from .test_mentee_answers import ANSWERED, TOO_LONG, one_session
from .test_no_class_advisor import in_english
from .test_pairing_form_errors import err
from .test_peer_help import HX, RULES, log


def test_an_opinion_too_long_comes_back_as_typed(client, login, db, followup, peer):
    pairing = proposed_pairing(client, login, db, followup, peer)
    login(followup.advisor)
    in_english(client)
    opinion = "同" * 1001
    for headers in ({}, HX):
        response = client.post(
            f"/peer-help/pairings/{pairing.id}/approve", data={"comment": opinion}, headers=headers
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Field cannot be longer than 1000 characters." in err(page, "comment")
        assert f"{opinion}</textarea>" in page
    assert db.session.query(Step).count() == 0


def test_a_commendation_too_long_comes_back_as_typed(client, login, db, followup, peer):
    volunteer = activate(client, login, db, followup, peer)
    in_english(client)
    note = "优" * 201
    response = client.post(f"/peer-help/volunteers/{volunteer.id}/commend", data={"note": note})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Field cannot be longer than 200 characters." in err(page, "note")
    assert f'value="{note}"' in page
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).commended_note is None


def rules_posted(client, followup, **fields):
    college = followup.school_class.major.college_id
    return client.post(f"/peer-help/settings?college={college}", data={**RULES, **fields})


def test_a_week_shorter_than_the_longest_session_is_refused_naming_both(
    client, login, db, followup, peer
):
    login(peer.secretary)
    in_english(client)
    response = rules_posted(client, followup, max_week_minutes="60", max_session_minutes="180")
    said = err(response.get_data(as_text=True), "max_week_minutes")
    assert response.status_code == 422
    assert "Most a week (minutes)" in said and "Longest session (minutes)" in said
    assert db.session.query(PeerSetting).count() == 0
    same = rules_posted(client, followup, max_week_minutes="180", max_session_minutes="180")
    assert same.status_code == 303


def test_a_limit_not_allowed_says_what_is(client, login, db, followup, peer):
    login(peer.secretary)
    in_english(client)
    for typed in ("0", "abc", "", "11"):
        response = rules_posted(client, followup, max_mentees=typed)
        assert response.status_code == 422
        assert err(response.get_data(as_text=True), "max_mentees") == "A whole number from 1 to 10."
    assert db.session.query(PeerSetting).count() == 0


def test_a_date_or_time_typed_wrong_is_not_said_to_be_missing(client, login, db, followup, peer):
    approved_pairing(client, login, db, followup, peer)
    response = log(client, login, peer, followup, day="2026-13-45", start="25:00")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert err(page, "held_on") == "不是有效的日期值。"
    assert err(page, "starts_at") == "不是有效的时间值。"
    assert 'value="2026-13-45"' in page
    assert db.session.query(TutoringSession).count() == 0
    login(followup.counselor)  # the pairing form's dates alike
    response = client.post(
        f"/peer-help/pairings/new/{followup.red.id}", data={"starts_on": "2026-13-45"}
    )
    assert err(response.get_data(as_text=True), "starts_on") == "不是有效的日期值。"


def test_an_empty_course_list_asks_for_a_course(client, login, db, followup, peer):
    volunteer = activate(client, login, db, followup, peer)
    in_english(client)
    posted = pairing_form(volunteer, courses=[""])  # a list posted with nothing in it
    response = client.post(f"/peer-help/pairings/new/{followup.red.id}", data=posted)
    said = err(response.get_data(as_text=True), "courses")
    assert response.status_code == 422
    assert said == "Choose at least one course to work on, or type the subject or topic."


def test_checking_with_nothing_ticked_says_to_tick_one(client, login, db, followup, peer):
    presence = one_session(client, login, db, followup, peer)
    client.post(f"/peer-help/attendance/{presence.id}/confirm", data={"note": ""})
    login(followup.counselor)
    in_english(client)
    for headers in ({}, HX):
        response = client.post("/peer-help/check", data={}, headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Tick at least one session to check." in page and "0 sessions" not in page
    assert db.session.get(TutoringSession, presence.session_id).checked_at is None


def test_a_bank_account_is_8_to_30_digits(client, login, db, followup, peer):
    activate(client, login, db, followup, peer)
    login(peer.volunteer_user)
    in_english(client)
    for account, saved in (
        ("6" * 40, False),
        ("6" * 31, False),
        ("6222 0212 3456 7890 123", True),  # 19 digits, grouped
        ("6" * 30, True),
    ):
        response = client.post(
            "/peer-help/me/stipend", data={"bank_name": "中国银行", "bank_account": account}
        )
        assert response.status_code == (303 if saved else 422), account
        if not saved:
            said = err(response.get_data(as_text=True), "bank_account")
            assert said == "Digits only, 8 to 30 of them."
    db.session.expire_all()
    assert db.session.query(Volunteer).one().bank_account == "6" * 30


def test_a_version_that_is_not_a_number_is_refused(client, login, db, followup, peer):
    """`version=abc` read as none and skipped the check that someone else decided first."""
    pairing = proposed_pairing(client, login, db, followup, peer)
    login(followup.advisor)
    url = f"/peer-help/pairings/{pairing.id}/approve"
    for version in ("abc", "", "²"):
        response = client.post(url, data={"comment": "同意", "version": version})
        assert response.status_code == 400, version
    assert db.session.query(Step).count() == 0
    response = client.post(url, data={"comment": "同意", "version": str(pairing.version)})
    assert response.status_code == 303
    assert db.session.query(Step).count() == 1


def test_a_note_too_long_is_said_on_a_session_answered_already(client, login, db, followup, peer):
    presence = one_session(client, login, db, followup, peer)
    client.post(f"/peer-help/attendance/{presence.id}/confirm", data={"note": ""})
    note = "时间不对" * 75 + "。"  # 301 characters
    response = client.post(f"/peer-help/attendance/{presence.id}/dispute", data={"note": note})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert TOO_LONG in page and ANSWERED in page
    db.session.expire_all()
    assert (db.session.get(Presence, presence.id).state, presence.note) == ("confirmed", None)
