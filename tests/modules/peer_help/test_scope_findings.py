"""Issue 15, findings 12 and 14: pairing suggestions stay inside the counselor's scope, and
a volunteer's own bank account is masked until they confirm their password."""

from portal.core.models import AuditEvent
from portal.modules.peer_help.models import Pairing, Volunteer

from ...core.test_stepup import stale
from .test_peer_help import activate, with_bank_account


def test_finding_12_another_colleges_volunteer_is_neither_suggested_nor_paired(
    client, login, make, db, followup, peer
):
    ours = activate(client, login, db, followup, peer)
    outsider = make.student(
        make.school_class(make.major(make.college("乙学院"))), name="乙院志愿者"
    )
    make.grade(outsider, followup.run.term_id, "B", credits=5, score=99)
    theirs = make.volunteer(outsider, courses="课程B", statement="乙院")
    db.session.commit()
    login(followup.counselor)
    url = f"/peer-help/pairings/new/{followup.red.id}"
    page = client.get(url).get_data(as_text=True)
    assert "志愿者甲" in page and "乙院志愿者" not in page
    data = {
        "courses": ["课程B"],
        "difficulty": "难",
        "plan": "计划",
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
    }
    response = client.post(url, data={**data, "volunteer": str(theirs.id)})
    assert response.status_code == 422
    assert "乙院志愿者" not in response.get_data(as_text=True)
    assert db.session.query(Pairing).count() == 0
    # Control: their own college's volunteer is paired.
    assert client.post(url, data={**data, "volunteer": str(ours.id)}).status_code == 303
    assert db.session.query(Pairing).one().volunteer_id == ours.id


def test_finding_14_a_volunteers_own_account_is_masked_until_a_fresh_password(
    client, login, db, followup, peer
):
    volunteer = with_bank_account(client, login, db, followup, peer)
    login(peer.volunteer_user)
    page = client.get("/peer-help/me/stipend").get_data(as_text=True)
    assert "6222021234567890" not in page and "**** 7890" in page
    stale(client)
    response = client.get("/peer-help/me/stipend?bank=1")
    assert response.status_code == 303 and "/confirm" in response.headers["Location"]
    assert "6222021234567890" not in response.get_data(as_text=True)
    reveals = db.session.query(AuditEvent).filter_by(
        action="view", object_type="Volunteer", user_id=peer.volunteer_user.id
    )
    assert reveals.count() == 0
    # With the password just entered, the number is shown, and the reveal is audited.
    login(peer.volunteer_user)
    assert "6222021234567890" in client.get("/peer-help/me/stipend?bank=1").get_data(as_text=True)
    assert reveals.count() == 1
    assert db.session.get(Volunteer, volunteer.id).bank_account == "6222021234567890"
