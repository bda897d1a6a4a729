"""Issue 15: printing a plan is audited (#13); the failed courses of a plan come from the
grades, never from the posted hidden rows."""

from portal.core.models import AuditEvent
from portal.modules.plans.models import Plan, Version

from .test_plans import HX, plan_data, student_of, submitted


def test_finding_13_printing_a_plan_is_audited(client, login, make, db, followup, monkeypatch):
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(followup.counselor)
    assert client.get(f"/plans/{plan.id}/print").status_code == 200
    row = db.session.query(AuditEvent).filter_by(action="print", object_type="Plan").one()
    assert (row.user_id, row.student_id, row.object_id) == (
        followup.counselor.id,
        plan.student_id,
        str(plan.id),
    )
    assert "作息不规律" not in (row.detail or "") + (row.fields or "")


def test_the_prefilled_failed_courses_cannot_be_changed_by_the_student(
    client, login, make, db, followup
):
    """The failed courses come from the grades: a page that renames, re-credits, adds or
    drops one (hidden inputs) is refused, with a message, and nothing is written."""
    login(student_of(make, followup))
    client.get("/plans/mine")
    # A refused first save stores no plan (opening the page did not either).
    forged_first = plan_data(**{"courses-0-title": "改过的课程名"})
    assert client.post("/plans/mine/save", data=forged_first, headers=HX).status_code == 422
    assert db.session.query(Plan).count() == 0
    first = plan_data(**{"courses-0-how": "", "courses-0-when": ""})
    assert client.post("/plans/mine/save", data=first, headers=HX).status_code == 200
    before = db.session.query(Version).one().content
    assert [c["name"] for c in before["courses"]] == ["课程B"]
    dropped = {k: v for k, v in plan_data().items() if not k.startswith("courses-")}
    for forged in (
        plan_data(**{"courses-0-title": "改过的课程名"}),
        plan_data(**{"courses-0-credits": "0.5"}),
        plan_data(**{"courses-0-code": "FAKE"}),
        plan_data(
            **{
                "courses-1-code": "FAKE",
                "courses-1-title": "编出来的课程",
                "courses-1-credits": "9",
                "courses-1-how": "retake",
                "courses-1-when": "明年",
            }
        ),
        dropped,
    ):
        response = client.post("/plans/mine/save", data=forged, headers=HX)
        assert response.status_code == 422, forged
        assert "不能在这里修改" in response.get_data(
            as_text=True
        ) or "cannot be changed" in response.get_data(as_text=True)
        db.session.expire_all()
        assert db.session.query(Version).one().content == before, forged
    # Control: the page as it was sent saves what the student wrote for the course.
    assert client.post("/plans/mine/save", data=plan_data(), headers=HX).status_code == 200
    db.session.expire_all()
    courses = db.session.query(Version).one().content["courses"]
    assert [(c["code"], c["name"], c["how"], c["when"]) for c in courses] == [
        ("B", "课程B", "retake", "下学期")
    ]


def test_a_how_that_is_not_offered_is_refused(client, login, make, db, followup):
    login(student_of(make, followup))
    client.post("/plans/mine/save", data=plan_data(**{"courses-0-how": ""}), headers=HX)
    before = db.session.query(Version).one().content
    response = client.post(
        "/plans/mine/save", data=plan_data(**{"courses-0-how": "bribe"}), headers=HX
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.query(Version).one().content == before
