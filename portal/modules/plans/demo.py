"""Demo plans: a few written, one waiting for review, one signed off."""

from __future__ import annotations

from sqlalchemy import select, true

from portal.core import standing
from portal.core.models import Student
from portal.extensions import db

from . import content as plan_content
from . import workflow
from .reviewers import reviewer_ids


def add_demo() -> None:
    warned = standing.current(true())
    students = list(db.session.scalars(select(Student).where(Student.id.in_(warned))
                                       .order_by(Student.student_no).limit(6)))
    for i, student in enumerate(students):
        plan = workflow.plan_of(student, create=True)
        filled = plan_content.empty(student.id)
        filled["analysis"] = "上学期沉迷游戏，作息不规律，基础课程没有跟上。"
        for course in filled["courses"]:
            course.update(how="retake", when="下学期")
        filled["weekly"] = [{"day": "mon", "time": "19:00-21:00", "what": "高等数学复习"},
                            {"day": "wed", "time": "19:00-21:00", "what": "英语阅读"}]
        filled["goals"] = [{"text": "本学期平均学分绩点达到 2.0"}, {"text": "清除所有不及格课程"}]
        workflow.save_draft(plan, filled)
        if i % 3 == 0:
            continue  # still a draft
        workflow.submit(plan)
        reviewers = reviewer_ids(plan)
        if i % 3 == 2 and reviewers:
            workflow.comment(plan, reviewers[0], "general", "计划具体可行，同意。", "sign")
