"""Class information officers (教学信息员, guangxi 学业调查预防): appointed by the counselor,
one class report per survey, gathered for the secretary; never a classmate's data."""

import pytest
from sqlalchemy import select

from portal.modules.concerns import classmates
from portal.modules.concerns.models import ClassReport, Officer

from .conftest import marks


def appoint(client, login, world, student):
    login(world.counselor)
    return client.post(
        "/concerns/officers", data={"class_id": world.class_a.id, "student_no": student.student_no}
    )


def test_the_counselor_appoints_an_officer_of_their_class(client, login, db, world):
    assert appoint(client, login, world, world.students_a[3]).status_code == 303
    officer = db.session.scalar(select(Officer))
    assert officer.student_id == world.students_a[3].id
    assert world.students_a[3].name in client.get("/concerns/officers").get_data(as_text=True)


def test_a_student_of_another_class_cannot_be_appointed(client, login, db, world):
    login(world.counselor)
    response = client.post(
        "/concerns/officers",
        data={"class_id": world.class_a.id, "student_no": world.students_b[0].student_no},
        follow_redirects=True,
    )
    assert "本班没有该学号的学生。" in response.get_data(as_text=True)
    response = client.post(
        "/concerns/officers",
        data={"class_id": world.class_b.id, "student_no": world.students_b[0].student_no},
        follow_redirects=True,
    )
    assert "请选择您负责的班级。" in response.get_data(as_text=True)
    assert db.session.scalar(select(Officer)) is None


def test_an_advisor_cannot_appoint(client, login, world):
    login(world.advisor)
    assert client.get("/concerns/officers").status_code == 403


def test_the_officer_sends_one_report_the_secretary_reads_it_per_class(
    client, login, make, db, world
):
    officer = world.students_a[3]
    appoint(client, login, world, officer)
    login(make.student_user(officer))
    assert "班级学情报告" in client.get("/concerns/mine/widget").get_data(as_text=True)
    page = client.get("/concerns/report").get_data(as_text=True)
    assert "高等数学" in page and "大学英语" in page
    form = {
        "attendance-0": "95",
        "attendance-1": "80",
        "climate": "fair",
        "hard_courses": "高等数学",
        "remarks": "作业量偏大",
    }
    assert client.post("/concerns/report", data=form).status_code == 303
    assert client.post("/concerns/report", data={**form, "climate": "good"}).status_code == 303
    reports = db.session.scalars(select(ClassReport)).all()
    assert len(reports) == 1 and reports[0].climate == "good"
    assert reports[0].attendance == {"大学英语": 95, "高等数学": 80}
    login(world.secretary)
    page = client.get(f"/concerns/surveys/{world.survey.id}").get_data(as_text=True)
    assert "电气2301班" in page and "作业量偏大" in page and "高等数学 80%" in page


def test_a_bad_attendance_figure_is_refused_and_nothing_written(client, login, make, db, world):
    appoint(client, login, world, world.students_a[3])
    login(make.student_user(world.students_a[3]))
    response = client.post(
        "/concerns/report", data={"attendance-0": "120", "climate": "good"}, follow_redirects=True
    )
    assert "0 到 100 之间的整数" in response.get_data(as_text=True)
    assert db.session.scalar(select(ClassReport)) is None


def test_the_officer_sees_no_classmates_data(client, login, make, db, world):
    a = world.students_a
    login(world.teacher)
    client.post(f"/concerns/teach/{world.math_a.id}", data=marks((a[0], ["absence"], "缺课多")))
    appoint(client, login, world, a[3])
    login(make.student_user(a[3]))
    for url in ("/concerns/report", "/concerns/mine", "/concerns/mine/widget", "/"):
        page = client.get(url).get_data(as_text=True)
        assert a[0].name not in page and "缺课多" not in page and a[1].name not in page, url
    for url in (
        "/concerns/due",
        "/concerns/watch",
        f"/concerns/students/{a[0].id}",
        f"/concerns/teach/{world.math_a.id}",
        f"/concerns/surveys/{world.survey.id}",
    ):
        assert client.get(url).status_code in (403, 404), url


def test_a_student_who_is_not_the_officer_has_no_report_to_send(client, login, make, db, world):
    appoint(client, login, world, world.students_a[3])
    login(make.student_user(world.students_a[2]))
    page = client.get("/concerns/report").get_data(as_text=True)
    assert "目前没有需要提交的班级报告" in page
    client.post("/concerns/report", data={"climate": "poor"})
    assert db.session.scalar(select(ClassReport)) is None


# ---- a report names no classmate (outside tester: "唐雨总是缺课" was sent and shown) -------


@pytest.fixture
def officer(client, login, make, world):
    """The officer of class A, logged in, in a class with 唐雨, 张雨涵 and 欧阳文博; the
    page in English (the Chinese words are the catalogue's, added by the lead)."""
    for name in ("唐雨", "张雨涵", "欧阳文博"):
        make.student(world.class_a, name=name)
    appoint(client, login, world, world.students_a[3])
    login(make.student_user(world.students_a[3]))
    client.post("/locale", data={"locale": "en"})
    return world.students_a[3]


def sent(client, **fields):
    return client.post("/concerns/report", data={"attendance-0": "90", "climate": "poor", **fields})


@pytest.mark.parametrize(
    ("field", "text", "name"),
    [
        ("remarks", "唐雨总是缺课", "唐雨"),
        ("remarks", "雨涵上课总在睡觉", "雨涵"),  # 张雨涵, called by her given name
        ("remarks", "欧阳 文博常迟到", "欧阳文博"),  # a space does not hide it
        ("remarks", "文博常迟到", "文博"),  # after a compound surname
        ("hard_courses", "高等数学（张雨涵说听不懂）", "张雨涵"),
    ],
)
def test_a_report_naming_a_classmate_is_refused_at_that_field(
    client, db, world, officer, field, text, name
):
    response = sent(client, **{field: text})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    words = (
        f"Please do not name classmates: “{name}” is the name of a student in your class. "
        "Write about the class as a whole."
    )
    assert f'<small class="err" id="{field}-err">{words}</small>' in page
    assert text in page  # the form as typed, to be reworded
    assert db.session.scalar(select(ClassReport)) is None


def test_a_refused_report_leaves_the_one_sent_before_as_it_was(client, login, db, world, officer):
    assert sent(client, remarks="作业量偏大").status_code == 303
    assert sent(client, remarks="唐雨总是缺课").status_code == 422
    assert db.session.scalar(select(ClassReport)).remarks == "作业量偏大"
    login(world.secretary)
    page = client.get(f"/concerns/surveys/{world.survey.id}").get_data(as_text=True)
    assert "作业量偏大" in page and "唐雨" not in page


def test_words_that_only_share_a_character_with_a_name_are_taken(client, db, world, officer):
    """唐雨's given name is one character: 雨 alone is too common to refuse; a student of
    another class is not a classmate."""
    response = sent(client, remarks="下雨天迟到的人多，乙0那个班也一样", hard_courses="高等数学")
    assert response.status_code == 303
    assert db.session.scalar(select(ClassReport)).remarks.startswith("下雨天")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("阿依古丽最近常请假", "阿依古丽"),  # 阿依古丽·买买提, by her own name
        ("Li Na often skips class", "Li Na"),
        ("linear algebra is hard", None),  # Li Na's letters, not her name
        ("买买提这个名字很常见？", None),  # her father's name is not hers
    ],
)
def test_names_in_other_scripts_are_found_as_names(text, found):
    assert classmates.named(text, ["阿依古丽·买买提", "Li Na"]) == found
