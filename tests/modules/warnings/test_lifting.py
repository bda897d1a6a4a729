"""Lifting (解除): a later term that no longer warns, or the lifting rule, proposes it."""

from portal.core.models import Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import Lift, Warning


def publish(run):
    run.status = "published"
    return run


def test_next_terms_run_proposes_lifting_and_secretary_confirms(client, make, login, grades, db):
    college = make.college("解除学院")
    school_class = make.school_class(make.major(college))
    recovered, still = make.student(school_class, name="已好转"), make.student(school_class)
    for student in (recovered, still):
        grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    publish(compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id))
    grades(recovered, "2024-2025-2", [("C", 4, 90, "regular")])
    grades(recovered, "2024-2025-2", [("A", 4, 80, "retake")])
    grades(still, "2024-2025-2", [("C", 4, 20, "regular")])
    compute_run(make.term("2024-2025-2"), rulesets.load("anshan"), college_id=college.id)
    [lift] = db.session.query(Lift).all()
    assert lift.warning.student_id == recovered.id and lift.reason == "not_warned"
    account = make.student_user(recovered)
    login(make.user("LF1", role="secretary", scope=college))
    assert "已好转" in client.get("/warnings/lifting").get_data(as_text=True)
    client.post("/warnings/lifting/confirm", data={"lift": [str(lift.id)]})
    warning = db.session.get(Warning, lift.warning_id)
    assert warning.lifted_at is not None
    assert db.session.query(Notification).filter_by(user_id=account.id).count() == 1


def test_lanzhou_lifting_rule_under_six_outstanding_credits(make, grades, db):
    student = make.student()
    grades(student, "2024-2025-1", [("A", 3, 20, "regular"), ("B", 3, 30, "regular")])
    publish(compute_run(make.term("2024-2025-1"), rulesets.load("lanzhou")))
    grades(student, "2024-2025-2", [("C", 2, 40, "regular"), ("A", 3, 70, "retake")])
    compute_run(make.term("2024-2025-2"), rulesets.load("lanzhou"))
    [lift] = db.session.query(Lift).all()
    assert lift.reason == "rule"  # still warned at T, but only 5 credits outstanding


def test_secretary_cannot_lift_outside_scope(client, make, login, grades, db):
    college, other = make.college("甲院"), make.college("乙院")
    student = make.student(make.school_class(make.major(other)))
    grades(student, "2024-2025-1", [("A", 4, 20, "regular")])
    publish(compute_run(make.term("2024-2025-1"), rulesets.load("anshan")))
    grades(student, "2024-2025-2", [("C", 4, 90, "regular"), ("A", 4, 90, "retake")])
    compute_run(make.term("2024-2025-2"), rulesets.load("anshan"))
    [lift] = db.session.query(Lift).all()
    login(make.user("LF2", role="secretary", scope=college))
    client.post("/warnings/lifting/confirm", data={"lift": [str(lift.id)]})
    assert db.session.get(Warning, lift.warning_id).lifted_at is None
