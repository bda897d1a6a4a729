"""Lifting (解除): publishing a later roster that no longer warns (no lifting rule), or at
which the lifting rule holds, proposes it (warning-rules.md §6)."""

from portal.core.models import Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Lift, Warning


def publish(run):
    run.status = "published"
    return run


def approve(run):
    """Submit and approve through the workflow (which proposes the liftings)."""
    transition(run, "submit", user_id=_anyone())
    transition(run, "approve", user_id=_anyone())
    return run


def _anyone():
    from portal.core.models import User
    from portal.extensions import db

    return db.session.query(User.id).order_by(User.id).limit(1).scalar()


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
    make.user("LF0", role="leader", scope=college)
    approve(compute_run(make.term("2024-2025-2"), rulesets.load("anshan"), college_id=college.id))
    [lift] = db.session.query(Lift).all()
    assert lift.warning.student_id == recovered.id and lift.reason == "not_warned"
    account = make.student_user(recovered)
    login(make.user("LF1", role="secretary", scope=college))
    assert "已好转" in client.get("/warnings/lifting").get_data(as_text=True)
    client.post("/warnings/lifting/confirm", data={"lift": [str(lift.id)]})
    warning = db.session.get(Warning, lift.warning_id)
    assert warning.lifted_at is not None
    assert db.session.query(Notification).filter_by(user_id=account.id).count() == 1


def test_a_roster_that_warns_again_lifts_nothing_whatever_the_credits(make, grades, db):
    """§6 rule 1 comes before rule 2: warned again at T, the student stands warned."""
    student = make.student()
    grades(student, "2024-2025-1", [("A", 3, 20, "regular"), ("B", 3, 30, "regular")])
    publish(compute_run(make.term("2024-2025-1"), rulesets.load("lanzhou")))
    grades(student, "2024-2025-2", [("C", 2, 40, "regular"), ("A", 3, 70, "retake")])
    make.user("LF3", role="leader")
    approve(compute_run(make.term("2024-2025-2"), rulesets.load("lanzhou")))
    assert db.session.query(Lift).all() == []  # 5 outstanding, but C failed: warned at T


def test_secretary_cannot_lift_outside_scope(client, make, login, grades, db):
    college, other = make.college("甲院"), make.college("乙院")
    student = make.student(make.school_class(make.major(other)))
    grades(student, "2024-2025-1", [("A", 4, 20, "regular")])
    publish(compute_run(make.term("2024-2025-1"), rulesets.load("anshan")))
    grades(student, "2024-2025-2", [("C", 4, 90, "regular"), ("A", 4, 90, "retake")])
    make.user("LF4", role="leader")
    approve(compute_run(make.term("2024-2025-2"), rulesets.load("anshan")))
    [lift] = db.session.query(Lift).all()
    login(make.user("LF2", role="secretary", scope=college))
    client.post("/warnings/lifting/confirm", data={"lift": [str(lift.id)]})
    assert db.session.get(Warning, lift.warning_id).lifted_at is None
