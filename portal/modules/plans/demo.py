"""Demo plans, for both kinds of reviewer (the class advisor of a first- or second-year
class, the mentor of older ones): a draft, plans waiting for review, one signed off, and one
returned with a comment and resubmitted, so its reviewer sees what changed (issue 17)."""

from __future__ import annotations

from sqlalchemy import select, true

from portal.core import standing
from portal.core.models import Student
from portal.extensions import db

from . import changes, workflow
from . import content as plan_content
from .reviewers import reviewer_ids, reviewer_role

PER_ROLE = 4


def add_demo() -> None:
    warned = standing.current(true())
    chosen: dict[str, list] = {"class_advisor": [], "mentor": []}
    for student in db.session.scalars(
        select(Student).where(Student.id.in_(warned)).order_by(Student.student_no)
    ):
        group = chosen[reviewer_role(student)]
        if len(group) < PER_ROLE:
            group.append(student)
    for students in chosen.values():
        for i, student in enumerate(students):
            _plan(student, i)


def _filled(student) -> dict:
    filled = plan_content.empty(student.id)
    filled["analysis"] = "上学期沉迷游戏，作息不规律，基础课程没有跟上。"
    for course in filled["courses"]:
        course.update(how="retake", when="下学期")
    filled["weekly"] = [{"day": "mon", "time": "19:00-21:00", "what": "高等数学复习"}]
    filled["goals"] = [{"text": "本学期平均学分绩点达到 2.0"}, {"text": "清除所有不及格课程"}]
    return filled


def _plan(student, i: int) -> None:
    """0: a draft; 1: waiting for review; 2: signed off; 3: returned, revised, resubmitted."""
    plan = workflow.plan_of(student, create=True)
    workflow.save_draft(plan, _filled(student))
    if i == 0:
        return
    workflow.submit(plan)
    reviewers = reviewer_ids(plan)
    if not reviewers or i == 1:
        return
    if i == 2:
        workflow.comment(plan, reviewers[0], "general", "计划具体可行，同意。", "sign")
        return
    changes.mark_read(plan, reviewers[0])
    workflow.comment(
        plan, reviewers[0], "weekly", "每周只安排一次复习，太少了，请再加两次。", "return"
    )
    workflow.revise(plan)
    revised = dict(plan.current.content)
    revised["weekly"] = revised["weekly"] + [
        {"day": "wed", "time": "19:00-21:00", "what": "英语阅读"},
        {"day": "sat", "time": "09:00-11:00", "what": "去答疑室问问题"},
    ]
    revised["analysis"] += "这学期每天早上七点起床。"
    workflow.save_draft(plan, revised)
    workflow.submit(plan)
