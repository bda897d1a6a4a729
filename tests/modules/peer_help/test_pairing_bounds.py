"""Tester's findings: a pairing dated 2020 to 2035 was accepted for a student of the class of
2025, and once approved its volunteer logged a session of 2021 that no term could certify; the
same volunteer and mentee were proposed twice and both pairings approved. A pairing runs from
the term under way to the end of the next one, a session falls within a term, and a pairing
still waiting or active is not proposed again."""

from datetime import date

import pytest

from portal.modules.peer_help.models import Pairing, TutoringSession

from ...followup import pin_today
from .conftest import activate, approved_pairing, pairing_form, proposed_pairing
from .test_no_class_advisor import in_english
from .test_pairing_form_errors import err
from .test_peer_help import log


def propose(client, followup, volunteer, **dates):
    """The counselor's post of a pairing of `volunteer` with the red student."""
    url = f"/peer-help/pairings/new/{followup.red.id}"
    return client.post(url, data=pairing_form(volunteer, **dates))


def test_a_pairing_years_outside_the_terms_is_refused_at_its_dates(
    client, login, db, followup, peer
):
    volunteer = activate(client, login, db, followup, peer)
    in_english(client)
    response = propose(client, followup, volunteer, starts_on="2020-01-01", ends_on="2035-01-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not before 2026-09-01" in err(page, "starts_on")  # the term under way's first day
    assert "not after 2027-08-31" in err(page, "ends_on")  # the next term's last day
    assert 'value="2020-01-01"' in page and 'value="2035-01-01"' in page
    assert db.session.query(Pairing).count() == 0


@pytest.mark.parametrize(
    "starts_on, ends_on, accepted",
    [
        ("2026-08-31", "2026-12-31", False),
        ("2026-09-01", "2027-08-31", True),
        ("2026-10-01", "2027-09-01", False),
    ],
)
def test_a_pairing_runs_from_the_term_under_way_to_the_end_of_the_next(
    client, login, db, followup, peer, starts_on, ends_on, accepted
):
    volunteer = activate(client, login, db, followup, peer)
    response = propose(client, followup, volunteer, starts_on=starts_on, ends_on=ends_on)
    assert response.status_code == (303 if accepted else 422)
    assert db.session.query(Pairing).count() == accepted


def dated_terms(make, db, peer) -> None:
    """The administrator's dates: autumn 7 September to 17 January, spring 22 February to
    9 July."""
    peer.term.start_date, peer.term.end_date = date(2026, 9, 7), date(2027, 1, 17)
    spring = make.term("2026-2027-2")
    spring.start_date, spring.end_date = date(2027, 2, 22), date(2027, 7, 9)
    db.session.flush()


def test_the_administrators_term_dates_bound_a_pairing(client, login, make, db, followup, peer):
    dated_terms(make, db, peer)
    volunteer = activate(client, login, db, followup, peer)
    early = propose(client, followup, volunteer, starts_on="2026-09-06")
    late = propose(client, followup, volunteer, ends_on="2027-07-10")
    assert (early.status_code, late.status_code) == (422, 422)
    both = propose(client, followup, volunteer, starts_on="2026-09-07", ends_on="2027-07-09")
    assert both.status_code == 303


def test_the_same_pair_is_not_proposed_again_while_waiting_or_active(
    client, login, db, followup, peer
):
    first = proposed_pairing(client, login, db, followup, peer)  # waits for the class advisor
    in_english(client)
    response = propose(client, followup, first.volunteer)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    said = err(page, "volunteer")
    assert "志愿者甲 is already paired with" in said
    assert "waiting for the class advisor" in said and "2026-10-01 to 2026-12-31" in said
    assert db.session.query(Pairing).count() == 1
    login(followup.advisor)
    client.post(f"/peer-help/pairings/{first.id}/approve", data={"comment": "同意"})
    login(peer.secretary)
    client.post(f"/peer-help/pairings/{first.id}/approve", data={"comment": "同意"})
    login(followup.counselor)
    assert propose(client, followup, first.volunteer).status_code == 422  # active
    db.session.refresh(first)
    first.state = "ended"
    db.session.flush()
    assert propose(client, followup, first.volunteer).status_code == 303
    assert db.session.query(Pairing).count() == 2


def test_a_pairing_not_approved_may_be_proposed_again(client, login, db, followup, peer):
    first = proposed_pairing(client, login, db, followup, peer)
    login(followup.advisor)
    client.post(f"/peer-help/pairings/{first.id}/reject", data={"comment": "课程不对"})
    login(followup.counselor)
    assert propose(client, followup, first.volunteer).status_code == 303


def test_a_session_of_a_pairing_dated_before_the_bounds_falls_within_a_term(
    client, login, make, db, followup, peer
):
    """A pairing entered before its dates were bounded: a session of 2021, in no term the
    portal lists, is refused at its date; one of this term is logged."""
    volunteer = activate(client, login, db, followup, peer)
    make.pairing(
        volunteer,
        followup.red,
        courses=["课程B"],
        starts_on=date(2020, 1, 1),
        ends_on=date(2035, 1, 1),
    )
    in_english(client)
    response = log(client, login, peer, followup, day="2021-03-01", start="19:00", end="20:00")
    assert response.status_code == 422
    assert "2021-03-01 falls in no term" in err(response.get_data(as_text=True), "held_on")
    assert db.session.query(TutoringSession).count() == 0
    assert log(client, login, peer, followup, day="2026-10-05").status_code == 204


def test_a_session_in_the_holiday_between_dated_terms_is_refused(
    client, login, make, db, monkeypatch, followup, peer
):
    dated_terms(make, db, peer)
    approved_pairing(client, login, db, followup, peer)  # 2026-10-01 to 2026-12-31
    db.session.query(Pairing).one().ends_on = date(2027, 3, 31)
    db.session.flush()
    pin_today(monkeypatch, date(2027, 3, 2))
    in_english(client)
    response = log(client, login, peer, followup, day="2027-01-20", start="19:00", end="20:00")
    assert response.status_code == 422
    assert "falls in no term" in err(response.get_data(as_text=True), "held_on")
    assert log(client, login, peer, followup, day="2027-01-15").status_code == 204
    assert log(client, login, peer, followup, day="2027-02-23").status_code == 204
