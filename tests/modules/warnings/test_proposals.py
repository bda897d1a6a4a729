"""Advisors propose adding or removing a student; the secretary decides; the proposer hears."""

import pytest

from portal.core.models import Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import Proposal


@pytest.fixture
def setup(make, grades, db):
    college = make.college("提议学院")
    school_class = make.school_class(make.major(college))
    warned, fine = (
        make.student(school_class, name="有警示"),
        make.student(school_class, name="无警示"),
    )
    grades(warned, "2024-2025-1", [("A", 4, 30, "regular"), ("B", 16, 90, "regular")])
    grades(fine, "2024-2025-1", [("A", 4, 90, "regular")])
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    run.status = "published"
    advisor = make.user("PA1", role="class_advisor", scope=school_class)
    secretary = make.user("PS1", role="secretary", scope=college)
    return dict(
        college=college, warned=warned, fine=fine, advisor=advisor, secretary=secretary, run=run
    )


def propose(client, login, setup, who, **fields):
    """The advisor proposes adding (unless `fields` say otherwise) setup's `who` student."""
    login(setup["advisor"])
    data = {"action": "add", "level": "academic:red", "reason": "other", "explanation": "x"}
    data["term"] = setup["run"].term_id  # the term the form named
    return client.post(f"/warnings/students/{setup[who].id}/propose", data={**data, **fields})


def test_advisor_proposes_adding_and_secretary_accepts(client, login, setup, db):
    response = propose(
        client,
        login,
        setup,
        "fine",
        level="academic:yellow",
        reason="attendance",
        explanation="本学期多次旷课",
    )
    assert response.status_code == 303
    proposal = db.session.query(Proposal).one()
    login(setup["secretary"])
    assert "本学期多次旷课" in client.get("/warnings/proposals").get_data(as_text=True)
    client.post(
        f"/warnings/proposals/{proposal.id}/decide", data={"decision": "accept", "note": "同意"}
    )
    page = client.get("/warnings/").get_data(as_text=True)
    assert "无警示" in page
    note = db.session.query(Notification).filter_by(user_id=setup["advisor"].id).one()
    assert "accepted" in note.message


def test_removal_keeps_the_warning_with_its_history(client, login, setup, db):
    propose(client, login, setup, "warned", action="remove", level="", explanation="已转专业")
    proposal = db.session.query(Proposal).one()
    login(setup["secretary"])
    client.post(f"/warnings/proposals/{proposal.id}/decide", data={"decision": "accept"})
    assert "有警示" not in client.get("/warnings/").get_data(as_text=True)
    from portal.modules.warnings.models import Warning

    kept = db.session.query(Warning).filter_by(student_id=setup["warned"].id).one()
    assert kept.removed_by_proposal_id == proposal.id


def test_rejection_changes_nothing_and_is_kept(client, login, setup, db):
    propose(client, login, setup, "fine", reason="discipline")
    proposal = db.session.query(Proposal).one()
    login(setup["secretary"])
    client.post(
        f"/warnings/proposals/{proposal.id}/decide", data={"decision": "reject", "note": "证据不足"}
    )
    assert "无警示" not in client.get("/warnings/").get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.decision == "rejected" and proposal.decision_note == "证据不足"
    login(setup["advisor"])
    assert "证据不足" in client.get("/warnings/proposals/mine").get_data(as_text=True)


def test_adding_without_a_level_is_refused(client, login, setup, db):
    response = propose(client, login, setup, "fine", level="")
    assert response.status_code == 422 and db.session.query(Proposal).count() == 0


def test_advisor_cannot_propose_outside_their_class(client, make, login, setup):
    login(setup["advisor"])
    stranger = make.student(make.school_class(make.major(setup["college"])))
    assert client.get(f"/warnings/students/{stranger.id}/propose").status_code == 404


def test_advisor_cannot_decide(client, login, setup, db):
    propose(client, login, setup, "fine")
    proposal = db.session.query(Proposal).one()
    assert (
        client.post(
            f"/warnings/proposals/{proposal.id}/decide", data={"decision": "accept"}
        ).status_code
        == 403
    )
