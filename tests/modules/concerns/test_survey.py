"""The progress survey: the secretary opens it and lists who teaches what; a teacher marks
students in bulk or answers "no concerns"; a teacher only ever reaches their own classes."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.core.models import Notification
from portal.modules.concerns.models import Assignment, Concern, Survey

from .conftest import TODAY, marks


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def refused_marks(client, login, db, world, *marked) -> str:
    """The teacher marks 高等数学 of class A; the page that refuses it, nothing written."""
    login(world.teacher)
    response = client.post(
        f"/concerns/teach/{world.math_a.id}", data=marks(*marked), follow_redirects=True
    )
    assert count(db, Concern) == 0 and world.math_a.answered_at is None
    return response.get_data(as_text=True)


def test_secretary_opens_a_survey_and_lists_a_course(client, login, db, world):
    login(world.secretary)
    response = client.post(
        "/concerns/surveys",
        data={
            "college_id": world.college.id,
            "title": "第二次调查",
            "opens_on": TODAY.isoformat(),
            "closes_on": (TODAY + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 303
    survey = db.session.scalar(select(Survey).where(Survey.title == "第二次调查"))
    response = client.post(
        f"/concerns/surveys/{survey.id}/assign",
        data={"course_name": "电路", "class_id": world.class_b.id, "teacher_id": world.teacher.id},
    )
    assert response.status_code == 303
    page = client.get(f"/concerns/surveys/{survey.id}").get_data(as_text=True)
    assert "电路" in page and "吴老师" in page and "电气2302班" in page


def test_a_survey_ending_before_it_starts_is_refused_and_nothing_written(client, login, db, world):
    login(world.secretary)
    before = count(db, Survey)
    response = client.post(
        "/concerns/surveys",
        data={
            "college_id": world.college.id,
            "title": "错的",
            "opens_on": "2026-10-20",
            "closes_on": "2026-10-01",
        },
        follow_redirects=True,
    )
    assert "请填写开始日期和不早于它的结束日期。" in response.get_data(as_text=True)
    assert count(db, Survey) == before


def test_assigning_a_teacher_who_is_not_a_course_teacher_is_refused(client, login, db, world):
    login(world.secretary)
    before = count(db, Assignment)
    response = client.post(
        f"/concerns/surveys/{world.survey.id}/assign",
        data={
            "course_name": "电路",
            "class_id": world.class_b.id,
            "teacher_id": world.counselor.id,
        },
        follow_redirects=True,
    )
    assert "请选择本学院的任课教师。" in response.get_data(as_text=True)
    assert count(db, Assignment) == before


def test_teacher_marks_three_students_in_one_post(client, login, db, world):
    a = world.students_a
    login(world.teacher)
    response = client.post(
        f"/concerns/teach/{world.math_a.id}",
        data=marks(
            (a[0], ["absence"]), (a[1], ["homework", "quiz"]), (a[2], ["other"], "上课睡觉")
        ),
    )
    assert response.status_code == 303
    found = {c.student_id: c for c in db.session.scalars(select(Concern))}
    assert set(found) == {a[0].id, a[1].id, a[2].id}
    assert found[a[1].id].kinds == ["homework", "quiz"] and found[a[2].id].note == "上课睡觉"
    assert world.math_a.answered_at is not None and not world.math_a.no_concerns
    told = set(db.session.scalars(select(Notification.user_id)))
    assert {world.counselor.id, world.advisor.id} <= told


def test_the_teacher_sees_name_and_class_only(client, login, world):
    login(world.teacher)
    page = client.get(f"/concerns/teach/{world.math_a.id}").get_data(as_text=True)
    assert world.students_a[0].name in page and "电气2301班" in page
    assert world.students_a[0].student_no not in page


def test_other_without_a_note_is_refused_and_nothing_written(client, login, db, world):
    a = world.students_a
    page = refused_marks(client, login, db, world, (a[0], ["absence"]), (a[1], ["other"]))
    assert "选择“其他”时请用简短备注说明。" in page


def test_no_concerns_answers_the_whole_class_in_one_click(client, login, db, world):
    login(world.teacher)
    assert client.post(f"/concerns/teach/{world.english_a.id}/none").status_code == 303
    assert world.english_a.answered_at is not None and world.english_a.no_concerns
    assert count(db, Concern) == 0
    login(world.secretary)
    page = client.get(f"/concerns/surveys/{world.survey.id}").get_data(as_text=True)
    assert "无需关注" in page and "1 / 1" in page and "0 / 1" in page


def test_the_dashboard_reminds_the_teacher_until_each_class_is_answered(client, login, world):
    login(world.teacher)
    widget = client.get("/concerns/teach/widget").get_data(as_text=True)
    assert "还有 2 个班级等待" in widget
    client.post(f"/concerns/teach/{world.english_a.id}/none")
    client.post(f"/concerns/teach/{world.math_a.id}", data=marks((world.students_a[0], ["quiz"])))
    widget = client.get("/concerns/teach/widget").get_data(as_text=True)
    assert "等待您填写" not in widget and "所有班级均已填报" in widget
    assert "期中学情调查" in client.get("/").get_data(as_text=True)


def test_a_teacher_cannot_open_or_mark_another_teachers_class(client, login, db, world):
    login(world.teacher)
    assert client.get(f"/concerns/teach/{world.physics_b.id}").status_code == 404
    response = client.post(
        f"/concerns/teach/{world.physics_b.id}", data=marks((world.students_b[0], ["absence"]))
    )
    assert response.status_code == 404
    assert client.post(f"/concerns/teach/{world.physics_b.id}/none").status_code == 404
    assert count(db, Concern) == 0 and world.physics_b.answered_at is None
    page = client.get("/concerns/teach").get_data(as_text=True)
    assert "大学物理" not in page and world.students_b[0].name not in page


def test_posting_another_classs_student_to_ones_own_class_changes_nothing(client, login, db, world):
    ours, theirs = world.students_a[0], world.students_b[0]
    page = refused_marks(client, login, db, world, (ours, ["absence"]), (theirs, ["absence"]))
    assert "不在本班名单中" in page


def test_no_concerns_after_marking_is_refused(client, login, db, world):
    login(world.teacher)
    client.post(f"/concerns/teach/{world.math_a.id}", data=marks((world.students_a[0], ["quiz"])))
    response = client.post(f"/concerns/teach/{world.math_a.id}/none", follow_redirects=True)
    assert "已有学生被标记" in response.get_data(as_text=True)
    assert not world.math_a.no_concerns


def test_a_closed_survey_takes_no_more_marks(client, login, db, world, monkeypatch):
    from ...followup import pin_today

    pin_today(monkeypatch, TODAY + timedelta(days=30))
    login(world.teacher)
    response = client.post(
        f"/concerns/teach/{world.math_a.id}",
        data=marks((world.students_a[0], ["quiz"])),
        follow_redirects=True,
    )
    assert "本次调查已结束，未作任何更改。" in response.get_data(as_text=True)
    assert count(db, Concern) == 0
