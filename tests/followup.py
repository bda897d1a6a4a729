"""A published anshan roster for talks, parents and due-list tests: one class with a
yellow, an orange and a red student, their counselor and class advisor, the anshan cadence
policy, and a pinned `today`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from portal.core import clock

PUBLISHED = date(2026, 9, 7)  # a Monday
PHONE = "13912345678"  # a canary: no page may show it to the wrong role
ADDRESS = "幸福路77号"


@dataclass
class Followup:
    school_class: object
    yellow: object
    orange: object
    red: object
    counselor: object
    advisor: object
    run: object


def build(app, make, db) -> Followup:
    from portal.core.cadence_policies import apply_preset
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.models import RunEvent

    school_class = make.school_class()
    term = make.term("2025-2026-2")
    students = []
    for failed in (1, 3, 5):  # anshan: yellow, orange, red by failed credits of 20
        student = make.student(school_class)
        make.guardian(student, name=f"{student.name}的母亲", phone=PHONE, address=ADDRESS)
        make.grade(student, term, "A", 20 - failed, 90)
        make.grade(student, term, "B", failed, 40)
        students.append(student)
    college = school_class.major.college
    with app.test_request_context():
        rulesets.assign(college, "anshan")
        apply_preset(college, "anshan")
        run = compute_run(term, rulesets.load("anshan"), college_id=college.id)
        run.status = "published"
        db.session.add(
            RunEvent(
                run_id=run.id, action="approve", at=datetime.combine(PUBLISHED, datetime.min.time())
            )
        )
        db.session.flush()
    counselor = make.user(role="counselor", scope=school_class, name="陈辅导员")
    advisor = make.user(role="class_advisor", scope=school_class, name="黄班主任")
    return Followup(school_class, *students, counselor, advisor, run)


def pin_today(monkeypatch, day: date) -> None:
    """The portal's day, at noon (a record of that day's morning has happened, of its
    evening not yet): nothing depends on the hour the tests run."""
    pin_now(monkeypatch, datetime.combine(day, time(12)))


def pin_now(monkeypatch, moment: datetime) -> None:
    """The portal's local time (clock.now) and so its day (clock.today)."""
    monkeypatch.setattr(clock, "now", lambda: moment)
    monkeypatch.setattr(clock, "today", lambda: moment.date())


def statements_during(db, fetch) -> int:
    """How many SQL statements `fetch()` sends (to catch N+1 pages)."""
    from sqlalchemy import event

    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    event.listen(db.session.get_bind(), "before_cursor_execute", count)
    try:
        fetch()
    finally:
        event.remove(db.session.get_bind(), "before_cursor_execute", count)
    return len(seen)
