"""Demo talks: some on time, some late, some missing, a group meeting and a support plan,
so the due lists, the compliance page and the timelines have something to show."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select, true

from portal.core import clock, standing
from portal.core.demo import staff_reaching
from portal.core.models import Student, User
from portal.extensions import db

from .models import Attendee, Meeting, SupportPlan, Talk


def add_demo() -> None:
    warned = standing.current(true())
    students = db.session.scalars(
        select(Student).where(Student.id.in_(warned)).order_by(Student.student_no)
    )
    reached: dict[User, dict] = {}  # counselor -> the warned students they talk with
    for i, student in enumerate(students):
        held = warned[student.id][0]
        since = datetime.combine(held.since, time(15, 0))
        # The student's own counselor: a counselor of another major or college may not
        # read (or write) the student's records.
        talker = staff_reaching(student, "counselor")
        if talker is None:
            continue
        reached.setdefault(talker, {})[student.id] = warned[student.id]
        if i % 3 == 0:
            _talk(student, talker, since + timedelta(days=5), "study", held.label)
            _talk(student, talker, since + timedelta(days=12), "career", held.label)
        elif i % 3 == 1:
            _talk(student, talker, since + timedelta(days=10), "adaptation", held.label)
        if held.most_severe and i % 2 == 0:
            db.session.add(
                SupportPlan(
                    student_id=student.id,
                    advisor="黄班主任",
                    counselor=talker.name,
                    teacher="吴老师（高等数学）",
                    plan="每周两次答疑；重修高等数学；每两周与家长沟通一次。",
                    created_by_id=talker.id,
                )
            )
    # Each counselor meets their own warned students as a group. guangxi (the second
    # college): 集体谈话 is a step of its own (第四条2(3)), a 座谈会 of the college's warned
    # students; it meets the group-meeting obligation, not a talk.
    for counselor, theirs in reached.items():
        _meeting(counselor, theirs)
    db.session.flush()


def _talk(student, talker, at, topic, level) -> None:
    db.session.add(
        Talk(
            student_id=student.id,
            held_at=at,
            place="辅导员办公室",
            method="face",
            initiated_by="teacher",
            topics=sorted({"study", topic}),
            talker_role="counselor",
            talkers=talker.name,
            level_label=level,
            content="了解本学期学习情况与不及格课程的原因。",
            measures="每周到图书馆自习三次；两周后再谈。",
            recorded_by_id=talker.id,
            acknowledged_at=clock.stored_at(at + timedelta(days=1)),  # a stamp: UTC
        )
    )


def _meeting(organiser, warned) -> None:
    if organiser is None or not warned:
        return
    first = min(s.since for held in warned.values() for s in held)
    meeting = Meeting(
        held_at=datetime.combine(first + timedelta(days=3), time(19, 0)),
        place="学院会议室",
        organiser=organiser.name,
        talker_role="counselor",
        agenda="学业警示政策说明；学习方法交流。",
        content="讲解警示等级与解除条件。",
        decisions="各班建立学习小组。",
        recorded_by_id=organiser.id,
    )
    meeting.attendees = [
        Attendee(student_id=sid, present=n % 4 != 3) for n, sid in enumerate(sorted(warned)[:12])
    ]
    db.session.add(meeting)
