"""Demo peer help: the demo volunteer is active and paired with a warned student."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, true

from portal.core import clock, standing
from portal.core.models import Student, User
from portal.core.transcript import outstanding_failures
from portal.extensions import db

from . import pairings, volunteers


def add_demo() -> list[tuple[str, str, str]]:
    account = db.session.scalar(select(User).where(User.username == "volunteer"))
    counselor = db.session.scalar(select(User.id).where(User.username == "counselor"))
    if account is None or account.student_id is None:
        return []
    volunteer = volunteers.apply(account.student_id, "高等数学、大学物理", ["weekday_eve"],
                                 "我是学习委员，愿意帮助同学。")
    volunteer.state = "active"
    warned = standing.current(true())
    mentee = db.session.scalar(select(Student).where(
        Student.id.in_(warned), Student.id != account.student_id).order_by(Student.student_no))
    if mentee is None:
        return []
    today = clock.today()
    pairing = pairings.create(
        volunteer, [mentee], courses=[c.name for c in outstanding_failures(mentee.id)][:2],
        difficulty="基础薄弱，缺乏学习方法。", plan="每周两次答疑，重点复习不及格课程。",
        contact="微信群", starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=90),
        user_id=counselor)
    pairing.state = "active"
    db.session.flush()
    return [("student", mentee.student_no, "the volunteer's mentee")]
