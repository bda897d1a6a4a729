"""Demo parent contacts: some orange and red students' parents were phoned, one meeting."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select, true

from portal.core import standing
from portal.core.demo import staff_reaching
from portal.core.models import Guardian, Student
from portal.extensions import db

from .models import Contact


def add_demo() -> None:
    warned = standing.current(true())
    if not warned:
        return
    guardians = {
        g.student_id: g
        for g in db.session.scalars(select(Guardian).where(Guardian.student_id.in_(warned)))
    }
    students = {s.id: s for s in db.session.scalars(select(Student).where(Student.id.in_(warned)))}
    for i, (student_id, held) in enumerate(sorted(warned.items())):
        guardian = guardians.get(student_id)
        if guardian is None or i % 2:
            continue
        # The student's own counselor phones home: never one the student is out of reach of.
        counselor = staff_reaching(students[student_id], "counselor")
        if counselor is None:
            continue
        severe = any(s.most_severe for s in held)
        meeting = severe and i % 4 == 0  # face to face, its time, place and who took part
        at = datetime.combine(held[0].since + timedelta(days=6 + i % 10), time(18, 30))
        db.session.add(
            Contact(
                student_id=student_id,
                guardian_id=guardian.id,
                parent_name=guardian.name,
                relation=guardian.relation,
                method="face" if severe else "phone",
                contacted_at=at,
                made_by=counselor.name,
                made_by_role="counselor",
                content="告知学业警示情况及学院帮扶安排。",
                parent_opinion="支持学院安排，会督促孩子学习。",
                parent_agrees="yes",
                is_meeting=meeting,
                meeting_reason="delayed_graduation" if meeting else None,
                place="学院会议室" if meeting else None,
                attendees="分管副院长、班主任、辅导员、家长、学生" if meeting else None,
                recorded_by_id=counselor.id,
            )
        )
