"""Every concerns form refuses bad input the same way: 422, a translated message on the page,
nothing written (a row's form of the due list: back to the list, the message naming the
row); every posted choice (college, class, teacher, student, outcome) is checked against the
poster's scope, never taken on trust."""

import pytest
from sqlalchemy import func, select

from portal.core.models import Notification
from portal.modules.concerns.models import Assignment, ClassReport, Concern, Officer, Survey

from .conftest import TODAY, marks


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def elsewhere(make):
    """Another college's class, student and teacher: choices no one in the world may post."""
    other = make.school_class(make.major(make.college(name="外院"), name="外专业"), name="外班")
    return (
        other,
        make.student(other, name="外院学生"),
        make.user(role="teacher", scope=other.major.college, name="外院老师"),
    )


def refused(response, text: str) -> None:
    assert response.status_code == 422
    assert text in response.get_data(as_text=True)


def test_a_survey_for_another_college_is_refused(client, login, db, world, elsewhere):
    login(world.secretary)
    before = count(db, Survey)
    refused(
        client.post(
            "/concerns/surveys",
            data={
                "college_id": elsewhere[0].major.college_id,
                "title": "外院调查",
                "opens_on": TODAY.isoformat(),
                "closes_on": TODAY.isoformat(),
            },
        ),
        "请选择您范围内的学院。",
    )
    refused(
        client.post(
            "/concerns/surveys",
            data={
                "college_id": world.college.id,
                "title": "",
                "opens_on": "not a date",
                "closes_on": TODAY.isoformat(),
            },
        ),
        "请填写调查名称",
    )
    assert count(db, Survey) == before


def test_settings_out_of_range_are_refused(client, login, db, world):
    from portal.modules.concerns.models import Setting

    login(world.secretary)
    refused(
        client.post(
            "/concerns/settings", data={"college_id": world.college.id, "talk_within_days": "0"}
        ),
        "请填写 1 到 60 之间的天数。",
    )
    refused(
        client.post(
            "/concerns/settings", data={"college_id": world.college.id, "talk_within_days": "seven"}
        ),
        "1 到 60",
    )
    assert count(db, Setting) == 0


def test_assigning_another_colleges_class_or_teacher_is_refused(
    client, login, db, world, elsewhere
):
    other_class, _student, stranger = elsewhere
    login(world.secretary)
    before = count(db, Assignment)
    refused(
        client.post(
            f"/concerns/surveys/{world.survey.id}/assign",
            data={
                "course_name": "电路",
                "class_id": other_class.id,
                "teacher_id": world.teacher.id,
            },
        ),
        "请选择本学院的班级。",
    )
    refused(
        client.post(
            f"/concerns/surveys/{world.survey.id}/assign",
            data={"course_name": "电路", "class_id": world.class_a.id, "teacher_id": stranger.id},
        ),
        "请选择本学院的任课教师。",
    )
    assert count(db, Assignment) == before


def test_marking_a_student_off_the_roster_or_an_unknown_kind_is_refused(
    client, login, db, world, elsewhere
):
    login(world.teacher)
    a = world.students_a
    refused(
        client.post(
            f"/concerns/teach/{world.math_a.id}",
            data=marks((a[0], ["absence"]), (elsewhere[1], ["absence"])),
        ),
        "不在本班名单中",
    )
    refused(
        client.post(
            f"/concerns/teach/{world.math_a.id}",
            data={**marks((a[0], ["absence"])), "rows-0-student_id": "abc"},
        ),
        "不在本班名单中",
    )
    refused(
        client.post(f"/concerns/teach/{world.math_a.id}", data=marks((a[0], ["sleeping"]))),
        "sleeping",
    )
    refused(
        client.post(
            f"/concerns/teach/{world.math_a.id}", data=marks((a[0], ["other"], "很" * 201))
        ),
        "备注",
    )
    assert count(db, Concern) == 0 and count(db, Notification) == 0
    assert world.math_a.answered_at is None


def test_the_marking_page_keeps_what_was_ticked_after_a_refusal(client, login, world):
    login(world.teacher)
    a = world.students_a
    response = client.post(
        f"/concerns/teach/{world.math_a.id}", data=marks((a[0], ["quiz"]), (a[1], ["other"]))
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'name="rows-0-kinds" value="quiz" aria-label="甲0：测验成绩差" checked' in page


def test_closing_with_an_unknown_outcome_is_refused(client, login, db, world):
    login(world.teacher)
    client.post(f"/concerns/teach/{world.math_a.id}", data=marks((world.students_a[0], ["quiz"])))
    concern = db.session.scalar(select(Concern))
    login(world.counselor)
    response = client.post(f"/concerns/{concern.id}/close", data={"outcome": "talked"})
    assert response.status_code == 303 and response.location == "/concerns/due"
    assert "请选择跟进结果。" in client.get(response.location).get_data(as_text=True)
    assert concern.closed_on is None


def test_appointing_in_a_class_out_of_scope_is_refused(client, login, db, world, elsewhere):
    login(world.counselor)
    refused(
        client.post(
            "/concerns/officers",
            data={"class_id": elsewhere[0].id, "student_no": elsewhere[1].student_no},
        ),
        "请选择您负责的班级。",
    )
    assert count(db, Officer) == 0


def test_a_report_with_a_course_too_many_or_a_bad_figure_is_refused(client, login, make, db, world):
    login(world.counselor)
    client.post(
        "/concerns/officers",
        data={"class_id": world.class_a.id, "student_no": world.students_a[3].student_no},
    )
    login(make.student_user(world.students_a[3]))
    refused(
        client.post(
            "/concerns/report",
            data={
                "attendance-0": "90",
                "attendance-1": "90",
                "attendance-2": "90",
                "climate": "good",
            },
        ),
        "不属于本班的课程",
    )
    refused(client.post("/concerns/report", data={"attendance-0": "x", "climate": "good"}), "整数")
    refused(client.post("/concerns/report", data={"climate": "splendid"}), "请选择班级学风情况。")
    assert count(db, ClassReport) == 0


def test_a_student_who_is_no_officer_cannot_post_a_report(client, login, make, db, world):
    login(make.student_user(world.students_a[0]))
    assert client.post("/concerns/report", data={"climate": "good"}).status_code == 422
    assert count(db, ClassReport) == 0


def test_errors_are_in_english_on_an_english_page(client, login, db, world):
    login(world.secretary)
    client.post("/locale", data={"locale": "en"})
    response = client.post(
        "/concerns/settings", data={"college_id": world.college.id, "talk_within_days": "99"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Give a number of days between 1 and 60." in page and "Nothing was saved" in page
    assert "天数" not in page


def test_a_post_without_the_csrf_token_changes_nothing(app, client, login, db, world, monkeypatch):
    login(world.teacher)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(f"/concerns/teach/{world.english_a.id}/none")
    assert response.status_code in (400, 422)
    assert world.english_a.answered_at is None


def test_a_refused_form_shown_by_a_post_only_route_leads_back_to_its_own_page(client, login, world):
    """The settings sent back (422) are shown by /concerns/settings, which answers only a
    POST: the address bar (with HTMX) and the language switch lead to the page the form
    is on, never to a GET of that route (405)."""
    login(world.secretary)
    response = client.post(
        "/concerns/settings",
        data={"college_id": world.college.id, "talk_within_days": "0"},
        headers={
            "Referer": "https://localhost/concerns/",
            "HX-Request": "true",
            "HX-Boosted": "true",
        },
    )
    assert response.status_code == 422
    assert response.headers["HX-Replace-Url"] == "/concerns/"
    assert 'name="next" value="/concerns/"' in response.get_data(as_text=True)
    assert client.get("/concerns/settings").status_code == 405  # why it must not stay there
