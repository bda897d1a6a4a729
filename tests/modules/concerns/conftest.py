"""A college with two classes, a course teacher for each, a survey open on a pinned day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from ...followup import pin_today

TODAY = date(2026, 10, 20)


@dataclass
class World:
    college: object
    class_a: object
    class_b: object
    students_a: list
    students_b: list
    teacher: object
    other_teacher: object
    secretary: object
    leader: object
    counselor: object
    advisor: object
    survey: object
    math_a: object
    english_a: object
    physics_b: object


@pytest.fixture
def world(make, db, monkeypatch):
    pin_today(monkeypatch, TODAY)
    college = make.college(name="电气学院")
    major = make.major(college, name="电气工程")
    class_a = make.school_class(major, name="电气2301班")
    class_b = make.school_class(major, name="电气2302班")
    students_a = [make.student(class_a, name=f"甲{i}") for i in range(5)]
    students_b = [make.student(class_b, name=f"乙{i}") for i in range(3)]
    teacher = make.user(role="teacher", scope=college, name="吴老师")
    other_teacher = make.user(role="teacher", scope=college, name="钱老师")
    secretary = make.user(role="secretary", scope=college, name="林秘书")
    leader = make.user(role="leader", scope=college, name="周院长")
    counselor = make.user(role="counselor", scope=class_a, name="陈辅导员")
    advisor = make.user(role="class_advisor", scope=class_a, name="黄班主任")
    survey = make.survey(college.id, TODAY, opened_by_id=secretary.id)
    items = [
        make.assignment(survey, cls.id, who, course)
        for cls, course, who in (
            (class_a, "高等数学", teacher),
            (class_a, "大学英语", teacher),
            (class_b, "大学物理", other_teacher),
        )
    ]
    return World(
        college,
        class_a,
        class_b,
        students_a,
        students_b,
        teacher,
        other_teacher,
        secretary,
        leader,
        counselor,
        advisor,
        survey,
        *items,
    )


def marks(*pairs):
    """Form data marking (student, kinds[, note]) rows, as the marking page posts them."""
    data = {}
    for i, (student, kinds, *note) in enumerate(pairs):
        data[f"rows-{i}-student_id"] = str(student.id)
        data[f"rows-{i}-kinds"] = kinds
        if note:
            data[f"rows-{i}-note"] = note[0]
    return data
