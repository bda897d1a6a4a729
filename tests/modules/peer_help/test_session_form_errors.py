"""Walk finding 5: the session form shows every error of a submit at once, beside each
field and in the summary (as the parent-contact form does), with and without JavaScript;
before, three mistakes took three submits."""

from datetime import timedelta

from portal.modules.peer_help.models import TutoringSession

from .conftest import TODAY, approved_pairing
from .test_peer_help import log, session

FIELD_ERRORS = (
    '<small class="err" id="held_on-err">辅导结束后才能登记',
    '<small class="err" id="ends_at-err">结束时间须晚于',
    '<small class="err" id="present-err">请勾选到场的同学',
    '<small class="err" id="what-err">',
)


def test_every_mistake_is_shown_at_one_submit(client, login, db, followup, peer):
    """A day still to come, the end before the start, nobody present, nothing said."""
    approved_pairing(client, login, db, followup, peer)
    wrong = {"day": (TODAY + timedelta(days=2)).isoformat(), "start": "20:00", "end": "19:00"}
    with_htmx = log(client, login, peer, followup, what="", present=[], **wrong)
    plain = client.post("/peer-help/sessions/new", data=session(what="", **wrong))
    for response in (with_htmx, plain):
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert all(words in page for words in FIELD_ERRORS)
        summary = page[page.index('class="summary"') :].split("</ul>")[0]
        assert summary.count("<li>") == len(FIELD_ERRORS)
    assert db.session.query(TutoringSession).count() == 0


def test_the_college_rules_join_the_fields_own_errors(client, login, db, followup, peer):
    """Too long a session, on a day outside the pairing, with nothing said of what was done."""
    approved_pairing(client, login, db, followup, peer)
    outside = {"day": "2026-09-20", "start": "08:00", "end": "12:30"}
    response = log(client, login, peer, followup, what="", present=[], **outside)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for words in ("结对起止日期内", "最长 3 小时", "请勾选到场的同学", 'id="what-err"'):
        assert words in page, words
    assert db.session.query(TutoringSession).count() == 0


def test_a_pairing_not_offered_is_refused_not_replaced(client, login, db, followup, peer):
    """Probe finding 6: a posted pairing the form did not offer (one that ended, another's)
    is refused whole, not silently swapped for the volunteer's active pairing."""
    pairing = approved_pairing(client, login, db, followup, peer)
    response = log(client, login, peer, followup, pairing=str(pairing.id + 1000))
    assert response.status_code == 422
    assert db.session.query(TutoringSession).count() == 0
    assert log(client, login, peer, followup, pairing=str(pairing.id)).status_code != 422
    assert db.session.query(TutoringSession).count() == 1


def test_editing_a_session_of_a_second_pairing_keeps_its_pairing(client, login, db, followup, peer):
    """A volunteer with two active pairings edits a session of the second: the form is that
    pairing's, and the session stays on it (it was shown and saved as the first's)."""
    from portal.modules.peer_help.models import Mentee, Pairing

    first = approved_pairing(client, login, db, followup, peer)
    second = Pairing(
        volunteer_id=first.volunteer_id,
        courses=["课程C"],
        difficulty="基础薄弱",
        plan="每周一次",
        starts_on=first.starts_on,
        ends_on=first.ends_on,
        state="active",
    )
    second.mentees = [Mentee(student_id=followup.orange.id)]
    db.session.add(second)
    db.session.commit()
    data = {"pairing": str(second.id), "course": "课程C", "present": [str(followup.orange.id)]}
    assert log(client, login, peer, followup, **data).status_code != 422
    logged = db.session.query(TutoringSession).one()
    edit = f"/peer-help/sessions/{logged.id}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert f'name="pairing" value="{second.id}"' in page and "课程C" in page
    client.post(edit, data=session(what="改过的内容", **data))
    db.session.refresh(logged)
    assert logged.pairing_id == second.id and logged.what == "改过的内容"
