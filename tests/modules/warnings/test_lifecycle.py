"""Draft → submitted → published (or returned with a comment); only published rosters reach
students and the staff who help them."""

import pytest

from portal.core.models import Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import RunEvent


@pytest.fixture
def draft(make, grades, db):
    college = make.college("审批学院")
    school_class = make.school_class(make.major(college))
    student = make.student(school_class, name="待发布")
    grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    people = dict(
        secretary=make.user("LC1", role="secretary", scope=college),
        leader=make.user("LC2", role="leader", scope=college),
        advisor=make.user("LC3", role="class_advisor", scope=school_class),
        student=make.student_user(student),
    )
    return dict(run=run, warned=student, **people)


def test_a_draft_is_hidden_from_students_and_their_staff(client, login, draft):
    for who in ("advisor", "student"):
        login(draft[who])
        page = client.get("/warnings/", follow_redirects=True).get_data(as_text=True)
        assert "待发布" not in page or "没有学业警示记录" in page
    login(draft["secretary"])
    assert "待发布" in client.get("/warnings/").get_data(as_text=True)


def test_submit_approve_publishes_and_tells_everyone(client, login, draft, db):
    run = draft["run"]
    login(draft["secretary"])
    assert client.post(f"/warnings/runs/{run.id}/submit").status_code == 303
    assert db.session.query(Notification).filter_by(user_id=draft["leader"].id).count() == 1
    login(draft["leader"])
    assert "待发布" in client.get("/warnings/").get_data(as_text=True)
    unconfirmed = client.post(f"/warnings/runs/{run.id}/approve", follow_redirects=True)
    assert "请勾选确认" in unconfirmed.get_data(as_text=True)
    client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "0"})  # only the box's "1"
    assert run.status == "submitted"
    assert db.session.query(Notification).filter_by(user_id=draft["student"].id).count() == 0
    client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "1"})
    assert run.status == "published"
    assert [
        e.action for e in db.session.query(RunEvent).filter_by(run_id=run.id).order_by(RunEvent.id)
    ] == ["submit", "approve"]
    assert db.session.query(Notification).filter_by(user_id=draft["student"].id).count() == 1
    login(draft["advisor"])
    assert "待发布" in client.get("/warnings/").get_data(as_text=True)
    login(draft["student"])
    page = client.get("/warnings/", follow_redirects=True).get_data(as_text=True)
    assert "触发的条件" in page


def test_return_needs_a_comment_and_tells_the_secretary(client, login, draft, db):
    run = draft["run"]
    login(draft["secretary"])
    client.post(f"/warnings/runs/{run.id}/submit")
    login(draft["leader"])
    client.post(f"/warnings/runs/{run.id}/return", data={"comment": ""})
    assert run.status == "submitted"
    client.post(f"/warnings/runs/{run.id}/return", data={"comment": "请核对补考成绩"})
    assert run.status == "returned"
    note = db.session.query(Notification).filter_by(user_id=draft["secretary"].id).one()
    assert note.params["comment"] == "请核对补考成绩"


def test_only_leaders_approve_and_only_secretaries_submit(client, login, draft):
    run = draft["run"]
    login(draft["leader"])
    assert client.post(f"/warnings/runs/{run.id}/submit").status_code == 403
    login(draft["secretary"])
    client.post(f"/warnings/runs/{run.id}/submit")
    assert client.post(f"/warnings/runs/{run.id}/approve").status_code == 403
    login(draft["advisor"])
    assert client.get(f"/warnings/runs/{run.id}").status_code == 403


def test_leader_of_another_college_cannot_approve(client, make, login, draft):
    run = draft["run"]
    login(draft["secretary"])
    client.post(f"/warnings/runs/{run.id}/submit")
    login(make.user("LC9", role="leader", scope=make.college("别院")))
    assert client.post(f"/warnings/runs/{run.id}/approve").status_code == 404
    assert run.status == "submitted"


def _notifications(client) -> str:
    return client.get("/notifications/").get_data(as_text=True)


def test_roster_notifications_name_the_college(client, login, draft):
    """Two colleges' rosters of one term read alike without it (an outside walk took them
    for duplicates)."""
    run = draft["run"]
    login(draft["secretary"])
    client.post(f"/warnings/runs/{run.id}/submit")
    login(draft["leader"])
    assert "审批学院2024-2025学年第1学期的学业警示名单等待您审批。" in _notifications(client)
    client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "1"})
    login(draft["secretary"])
    assert "审批学院2024-2025学年第1学期的学业警示名单已批准并发布。" in _notifications(client)
    client.post("/locale", data={"locale": "en"})
    assert (
        "The warning roster of 审批学院 for 2024–2025 term 1 was approved and published."
        in _notifications(client)
    )


def test_a_roster_is_told_only_to_people_in_its_scope(client, login, make, draft, db):
    """Staff and students of another college hear nothing of it, nor a secretary who has
    moved to another college since submitting it (its page would answer them 404)."""
    other = make.college("别院")
    outsiders = {
        make.user("LC5", role="leader", scope=other).id,
        make.user("LC6", role="secretary", scope=other).id,
        make.student_user(make.student(make.school_class(make.major(other)))).id,
    }
    run = draft["run"]
    login(draft["secretary"])
    client.post(f"/warnings/runs/{run.id}/submit")
    [grant] = draft["secretary"].grants
    grant.scope_id = other.id  # moved to the other college before the decision
    db.session.commit()
    login(draft["leader"])
    client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "1"})
    assert run.status == "published"
    told = {n.user_id for n in db.session.query(Notification)}
    assert {draft["leader"].id, draft["student"].id} <= told
    assert not told & (outsiders | {draft["secretary"].id})
