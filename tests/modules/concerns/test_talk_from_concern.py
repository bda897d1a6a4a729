"""Recording the talk a concern asks for: the talk form opened from the due list shows the
concern, and once saved goes back to the due list, where closing it is one click away.
Neither the concern nor the way back can be forged."""

import re
from html import unescape

import pytest
from sqlalchemy import select

from portal.core.models import AuditEvent
from portal.modules.concerns.models import Concern

from ..talks.test_talks import form
from .conftest import TODAY, marks


def _raise(client, login, world):
    login(world.teacher)
    client.post(
        f"/concerns/teach/{world.math_a.id}",
        data=marks((world.students_a[0], ["absence"], "三次缺课"), (world.students_a[1], ["quiz"])),
    )


def _concern_of(db, student) -> Concern:
    return db.session.scalar(select(Concern).where(Concern.student_id == student.id))


def _talk_link(page: str, student) -> str:
    """The due list's "Record the talk" link for this student."""
    links = re.findall(r'href="(/talks/students/\d+/new[^"]*)"', page)
    return next(unescape(link) for link in links if f"/students/{student.id}/" in link)


def _box(page: str) -> str:
    found = re.search(r'<aside class="card occasion".*?</aside>', page, re.S)
    return found.group(0) if found else ""


def test_the_talk_form_opened_from_a_concern_shows_the_concern(client, login, db, world):
    _raise(client, login, world)
    student = world.students_a[0]
    login(world.counselor)
    link = _talk_link(client.get("/concerns/due").get_data(as_text=True), student)
    box = _box(client.get(link).get_data(as_text=True))
    assert "高等数学" in box and "吴老师" in box  # the course and its teacher
    assert "三次缺课" in box and "缺勤多" in box  # the teacher's words and reason
    assert TODAY.isoformat() in box  # the day it was raised


def test_saving_the_talk_goes_back_to_the_due_list_to_close_the_concern(client, login, db, world):
    _raise(client, login, world)
    student = world.students_a[0]
    login(world.counselor)
    link = _talk_link(client.get("/concerns/due").get_data(as_text=True), student)
    saved = client.post(link, data=form(held_on=TODAY.isoformat()))
    assert saved.status_code == 303 and saved.headers["Location"] == "/concerns/due"
    page = client.get("/concerns/due").get_data(as_text=True)
    assert f"与{student.name}的谈话已保存" in page
    row = page[page.index(f'id="concern-{_concern_of(db, student).id}"') :].split("</tr>")[0]
    assert "谈话：请关闭此项关注" in row and "关闭关注" in row  # the close button, right there


def test_a_talk_sent_back_keeps_the_concern_and_the_way_back(client, login, db, world):
    _raise(client, login, world)
    login(world.counselor)
    link = _talk_link(client.get("/concerns/due").get_data(as_text=True), world.students_a[0])
    refused = client.post(link, data=form(held_on=TODAY.isoformat(), content=""))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "三次缺课" in _box(page)
    action = unescape(re.search(r'action="(/talks/students/[^"]*)"', page).group(1))
    assert "concern=" in action and "next=/concerns/due" in action


@pytest.mark.parametrize(
    "forged", ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"]
)
def test_a_way_back_off_this_site_goes_to_the_students_talks(client, login, db, world, forged):
    student = world.students_a[0]
    login(world.counselor)
    saved = client.post(
        f"/talks/students/{student.id}/new",
        query_string={"next": forged},
        data=form(held_on=TODAY.isoformat()),
    )
    assert saved.status_code == 303
    assert saved.headers["Location"] == f"/talks/students/{student.id}"


def _concern_elsewhere(make, db):
    """A concern about a student of another college."""
    college = make.college(name="外院")
    school_class = make.school_class(make.major(college, name="外专业"), name="外院2301班")
    stranger = make.student(school_class, name="外院学生")
    teacher = make.user(role="teacher", scope=school_class, name="外院老师")
    return make.concern(
        stranger, teacher, raised_on=TODAY, course="外院课程", kinds=["absence"], note="外院的评语"
    )


def test_a_concern_out_of_scope_or_about_another_student_shows_nothing(
    client, login, make, db, world
):
    _raise(client, login, world)
    elsewhere = _concern_elsewhere(make, db)
    other_student = _concern_of(db, world.students_a[1])
    login(world.counselor)
    own = f"/talks/students/{world.students_a[0].id}/new"
    for forged in (elsewhere.id, other_student.id, "abc", "-1", "99999999"):
        response = client.get(own, query_string={"concern": forged})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and _box(page) == ""
        assert "外院" not in page and "三次缺课" not in page
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "denied"))
    assert [e.detail for e in denied if f"Concern {elsewhere.id}]" in e.detail]  # the probe
    # A counselor of the other class opens the concern's student's form: not theirs either.
    login(make.user(role="counselor", scope=world.class_b))
    concern = _concern_of(db, world.students_a[0])
    response = client.get(
        f"/talks/students/{world.students_b[0].id}/new", query_string={"concern": concern.id}
    )
    assert response.status_code == 200 and _box(response.get_data(as_text=True)) == ""
