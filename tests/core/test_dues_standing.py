"""Due lists ask the standing (warning-rules.md §6), not the latest roster: when the next
roster is published the obligations of students still warned stay (overdue ones too), a
suspended student owes nothing while paused, and the newly warned appear as upcoming."""

from datetime import datetime, timedelta

from portal.core import dues

from ..followup import PUBLISHED

LATER = PUBLISHED + timedelta(days=35)  # the next term's roster


def _attempt(make, student, term, course, credits, score):
    make.grade(student, term, course, credits, score, course_name=course)


def _publish_next_term(app, make, db, followup):
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.models import RunEvent

    term = make.term("2026-2027-1")
    newcomer = make.student(followup.school_class, name="新预警")
    _attempt(make, followup.orange, term, "C", 20, 90)  # passes: anshan lifts it (no rule)
    _attempt(make, followup.red, term, "D", 10, 90)
    _attempt(make, followup.red, term, "E", 10, 40)  # still red
    _attempt(make, newcomer, term, "F", 16, 90)
    _attempt(make, newcomer, term, "G", 4, 40)  # newly orange
    db.session.flush()
    with app.test_request_context():
        run = compute_run(
            term, rulesets.load("anshan"), college_id=followup.school_class.major.college_id
        )
        run.status = "published"
        db.session.add(
            RunEvent(
                run_id=run.id, action="approve", at=datetime.combine(LATER, datetime.min.time())
            )
        )
        db.session.flush()
    return newcomer


def test_publishing_the_next_roster_keeps_open_and_overdue_obligations(app, make, db, followup):
    today = LATER + timedelta(days=1)
    with app.test_request_context():
        before = {
            o.student.id: o.due.due_on
            for o in dues.due_for(followup.counselor, "talk", today=today)
        }
    newcomer = _publish_next_term(app, make, db, followup)
    with app.test_request_context():
        after = {
            o.student.id: (o.due.due_on, o.due.state)
            for o in dues.due_for(followup.counselor, "talk", today=today)
        }
        upcoming = {
            o.student.id: o.due.state
            for o in dues.upcoming_for(followup.counselor, "talk", today=today)
        }
    assert after[followup.red.id] == (before[followup.red.id], "overdue")  # still warned
    # Lifting only proposed: still counted as warned until the secretary confirms.
    assert followup.orange.id in after
    assert upcoming == {newcomer.id: "upcoming"}


def test_a_suspended_student_owes_nothing_while_paused(app, make, db, followup):
    followup.red.status = "suspended"
    db.session.flush()
    _publish_next_term(app, make, db, followup)
    with app.test_request_context():
        items = dues.due_for(followup.counselor, "talk", today=LATER + timedelta(days=1))
    assert followup.red.id not in {o.student.id for o in items}
