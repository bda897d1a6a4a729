"""A volunteer, a course teacher, a student or the administrator never reads a talk's
content, a meeting's content, a support plan, another student's study plan or a parent's
phone number: every GET page, as each role, with the record ids filled in, is searched for
canary text."""

import io
import zipfile
from datetime import date

import pytest

from portal.modules.parents.models import Contact
from portal.modules.plans.models import Plan, Version
from portal.modules.talks.models import Attendee, Meeting, SupportPlan, Talk

from ..followup import ADDRESS, PHONE
from ..urls import fill

CANARIES = (
    "谈话内容金丝雀",
    "第一印象金丝雀",
    "座谈内容金丝雀",
    "帮扶方案金丝雀",
    "家长意见金丝雀",
    "联系内容金丝雀",
    PHONE,
    ADDRESS,
    "学习计划金丝雀",
    "教师备注金丝雀",
)


@pytest.fixture
def records(db, make, followup):
    red = followup.red
    talk = Talk(
        student_id=red.id,
        held_at=_at(),
        method="face",
        talker_role="counselor",
        talkers="陈辅导员",
        content=CANARIES[0],
        first_impression=CANARIES[1],
        measures="每周自习三次",
        topics=["study"],
    )
    meeting = Meeting(
        held_at=_at(), organiser="陈辅导员", talker_role="counselor", content=CANARIES[2]
    )
    meeting.attendees = [Attendee(student_id=red.id, present=True)]
    plan = SupportPlan(student_id=red.id, plan=CANARIES[3], referred=True)
    contact = Contact(
        student_id=red.id,
        parent_name="母亲",
        method="phone",
        contacted_at=_at(),
        made_by="陈辅导员",
        made_by_role="counselor",
        content=CANARIES[5],
        parent_opinion=CANARIES[4],
    )
    study_plan = Plan(
        student_id=followup.orange.id,
        period_start=date(2026, 9, 7),
        reviewer_role="mentor",
        status="submitted",
    )
    study_plan.versions = [
        Version(
            number=1,
            content={
                "analysis": CANARIES[8],
                "courses": [],
                "weekly": [],
                "goals": [],
                "help": {"peer": False, "office_hours": False, "other": ""},
            },
        )
    ]
    db.session.add_all([talk, meeting, plan, contact, study_plan])
    db.session.flush()
    concern = _concern(make, red, CANARIES[9])
    return {
        "student_id": red.id,
        "talk_id": talk.id,
        "meeting_id": meeting.id,
        "plan_id": study_plan.id,
        "contact_id": contact.id,
        "college_id": red.college_id,
        "run_id": followup.run.id,
        "survey_id": concern.assignment.survey_id,
        "assignment_id": concern.assignment_id,
        "concern_id": concern.id,
    }


def _concern(make, student, note):
    """A mid-term concern raised by another course teacher, with a note for the counselor."""
    raiser = make.user(role="teacher", name="钱老师")
    return make.concern(student, raiser, note=note)


def _at():
    from datetime import datetime

    return datetime(2026, 9, 10, 15)


def readers(make, followup):
    college = followup.school_class.major.college
    volunteer = make.student_user(make.student(followup.school_class))
    make.grant(volunteer, "volunteer")
    teacher = make.user(role="teacher", scope=college)
    make.teaching(teacher, followup.school_class)  # reaches the class: its pages are tried
    return {
        "volunteer": volunteer,
        "teacher": teacher,
        "student": make.student_user(followup.red),
        "admin": make.user(role="admin"),  # over the whole school
    }


def text_of(data: bytes) -> str:
    """The page, or every part of an .xlsx download (canaries would hide in the zip)."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return data.decode("utf-8", "replace")


def get_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static"
    ]


def get_urls(app, ids):
    for rule in get_rules(app):
        yield fill(rule.rule, ids)


@pytest.mark.parametrize("role", ["volunteer", "teacher", "student", "admin"])
def test_no_page_shows_talk_content_or_parent_phones(
    app, client, login, make, followup, records, role
):
    login(readers(make, followup)[role])
    checked = 0
    for url in get_urls(app, records):
        for headers in ({}, {"HX-Request": "true"}):
            body = text_of(client.get(url, headers=headers).get_data())
            leaked = [c for c in CANARIES if c in body]
            assert not leaked, (role, url, leaked)
            checked += 1
    assert checked > 100


def test_the_canaries_are_visible_to_the_counselor_so_the_search_is_real(
    client, login, followup, records
):
    login(followup.counselor)
    pages = "".join(
        client.get(url).get_data(as_text=True)
        for url in (
            f"/talks/{records['talk_id']}",
            f"/talks/meetings/{records['meeting_id']}",
            f"/talks/students/{records['student_id']}/support",
            f"/parents/{records['contact_id']}",
            f"/parents/students/{records['student_id']}/phones",
            f"/plans/{records['plan_id']}",
            f"/concerns/students/{records['student_id']}",
        )
    )
    assert all(c in pages for c in CANARIES)
