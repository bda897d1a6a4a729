"""Peer help's dates of what happened keep the core's floor (core/happened.py, probe finding
3): a training or a tutoring session dated 0001-01-01 is refused whole, the field named,
the form shown again as typed (422)."""

from portal.modules.peer_help.models import Training, TutoringSession, Volunteer

from .conftest import activate, approved_pairing
from .test_peer_help import log

FLOOR = "“日期”不能早于"


def test_a_training_before_the_floor_is_refused_and_one_in_range_recorded(
    client, login, db, followup, peer
):
    volunteer = activate(client, login, db, followup, peer)
    url = f"/peer-help/volunteers/{volunteer.id}/training"
    refused = client.post(url, data={"held_on": "0001-01-01", "topic": "朋辈辅导入门"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and FLOOR in page and "朋辈辅导入门" in page
    assert db.session.query(Training).count() == 0
    missing = client.post(url, data={"held_on": "2026-10-09", "topic": " "})
    assert missing.status_code == 422 and "请填写日期和培训内容" in missing.get_data(as_text=True)
    client.post(url, data={"held_on": "2026-10-09", "topic": "朋辈辅导入门"})
    assert db.session.query(Training).one().topic == "朋辈辅导入门"
    assert db.session.query(Volunteer).one().trainings


def test_a_session_before_the_floor_is_refused(client, login, db, followup, peer):
    approved_pairing(client, login, db, followup, peer)
    response = log(client, login, peer, followup, day="0001-01-01")
    assert response.status_code == 422 and FLOOR in response.get_data(as_text=True)
    assert db.session.query(TutoringSession).count() == 0


def test_a_pairing_meets_a_due_rule_on_its_day_on_the_colleges_clock(app, db, make):
    """Stamped 16:30 UTC on 4 December, a pairing was made on 5 December in Beijing: the due
    lists count it on that day, as the pairing's page shows it."""
    from portal.core.models import Student
    from portal.modules.peer_help.pairings import pairing_dates

    from ...local_days import DAY, STAMPED

    mentee = make.student()
    make.pairing(make.volunteer(), mentee, created_at=STAMPED)
    db.session.flush()
    with app.test_request_context():
        assert pairing_dates(Student.id == mentee.id) == {(mentee.id, ""): [DAY]}
