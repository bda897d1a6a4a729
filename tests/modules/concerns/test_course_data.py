"""Who teaches which class comes from the course data (issue 19): a course roster import, or
a grades file with a 教师工号 column, through the core's import framework; the secretary
fills the survey from it in one step, and the hand-made list stays as a fallback."""

from pathlib import Path

from sqlalchemy import func, select

from portal.core.importing import run_import
from portal.core.models import GradeRecord, Teaching
from portal.modules.concerns.models import Assignment

from ...xlsx_files import GRADES_HEADER, write_xlsx

COURSE_HEADER = ["学年学期", "课程代码", "课程名称", "教师工号", "任课教师", "班级"]


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def course_file(tmp_path, rows, name="courses.xlsx") -> Path:
    return write_xlsx(
        tmp_path / name, [COURSE_HEADER, *rows], title_rows=[["2026-2027学年第一学期 教学任务"]]
    )


def grades_file(tmp_path, *rows) -> Path:
    """Grades of 高等数学 naming the teacher by 工号: (student, score, 工号) a row."""
    header = [*GRADES_HEADER[:8], "教师工号"]
    body = [
        [s.student_no, s.name, "2025-2026-2", "MA101", "高等数学", 4, score, "正考", number]
        for s, score, number in rows
    ]
    return write_xlsx(tmp_path / "grades.xlsx", [header, *body])


def errors(app, kind: str, path: Path, user) -> list[str]:
    """The import as a job runs it, in the uploader's scope (Chinese messages)."""
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("zh_CN"):
        outcome = run_import(kind, path, filename=path.name, user=user)
        return [f"{e.row} {e.column}: {e.message}" for e in outcome.errors]


def test_a_course_roster_gives_each_teacher_their_classes(app, db, make, world, tmp_path):
    world.teacher.username, world.other_teacher.username = "T1001", "T1002"
    path = course_file(
        tmp_path,
        [
            ["2026-2027-1", "EE201", "电路", "T1001", "吴老师", "电气2301班"],
            ["2026-2027-1", "EE201", "电路", "T1002", "钱老师", "电气2302班"],
            ["2026-2027-1", "MA102", "线性代数", "T1001", "吴老师", "电气2302班"],
        ],
    )
    assert errors(app, "courses", path, world.secretary) == []
    taught = {
        (t.course_name, t.class_id, t.teacher_id) for t in db.session.scalars(select(Teaching))
    }
    assert taught == {
        ("电路", world.class_a.id, world.teacher.id),
        ("电路", world.class_b.id, world.other_teacher.id),
        ("线性代数", world.class_b.id, world.teacher.id),
    }
    assert errors(app, "courses", path, world.secretary) == []  # a second upload adds nothing
    assert count(db, Teaching) == 3


def test_a_row_out_of_the_uploaders_scope_refuses_the_whole_file(app, db, make, world, tmp_path):
    other = make.school_class(make.major(make.college(name="外院"), name="外专业"), name="外班")
    stranger = make.user("T9009", role="teacher", scope=other.major.college, name="外院老师")
    world.teacher.username = "T1001"
    path = course_file(
        tmp_path,
        [
            ["2026-2027-1", "EE201", "电路", "T1001", "吴老师", "电气2301班"],
            ["2026-2027-1", "EE201", "电路", "T1001", "吴老师", "外班"],
            ["2026-2027-1", "EE202", "模电", "T9009", "外院老师", "电气2302班"],
            [
                "2026-2027-1",
                "EE203",
                "数电",
                str(world.counselor.username),
                "陈辅导员",
                "电气2301班",
            ],
            ["2026-2027-1", "", "数电", "T1001", "吴老师", "电气2301班"],
        ],
    )
    found = errors(app, "courses", path, world.secretary)
    assert any("外班" in e and "不在您的范围内" in e for e in found), found
    assert any(e.startswith("5 教师工号") and "T9009" in e for e in found), found
    assert any(e.startswith("6 教师工号") for e in found), found  # a counselor is no teacher
    assert any(e.startswith("7 课程代码") for e in found), found
    assert count(db, Teaching) == 0 and stranger.id


def test_a_grades_file_with_teacher_numbers_records_who_teaches(app, db, world, tmp_path):
    world.teacher.username = "T1001"
    a = world.students_a
    path = grades_file(tmp_path, (a[0], 55, "T1001"), (a[1], 85, "T1001"))
    assert errors(app, "grades", path, world.secretary) == []
    assert count(db, GradeRecord) == 2
    taught = db.session.scalars(select(Teaching)).all()
    assert [(t.course_name, t.class_id, t.teacher_id, t.source) for t in taught] == [
        ("高等数学", world.class_a.id, world.teacher.id, "grades")
    ]


def test_an_unknown_teacher_number_in_a_grades_file_writes_nothing(app, db, world, tmp_path):
    a = world.students_a
    path = grades_file(tmp_path, (a[0], 55, "X0000"))
    assert any("X0000" in e for e in errors(app, "grades", path, world.secretary))
    assert count(db, GradeRecord) == 0 and count(db, Teaching) == 0


def test_the_secretary_fills_a_survey_from_the_course_data(app, client, login, db, world, tmp_path):
    world.teacher.username, world.other_teacher.username = "T1001", "T1002"
    assert (
        errors(
            app,
            "courses",
            course_file(
                tmp_path,
                [
                    ["2026-2027-1", "EE201", "电路", "T1001", "吴老师", "电气2301班"],
                    ["2026-2027-1", "PH101", "大学物理", "T1002", "钱老师", "电气2302班"],
                ],
            ),
            world.secretary,
        )
        == []
    )
    db.session.commit()
    term_id = db.session.scalar(select(Teaching.term_id))
    login(world.secretary)
    page = client.get(f"/concerns/surveys/{world.survey.id}").get_data(as_text=True)
    assert "2026-2027学年第1学期" in page  # the course data's term, in words
    response = client.post(
        f"/concerns/surveys/{world.survey.id}/fill",
        data={"term_id": term_id},
        follow_redirects=True,
    )
    assert "从课程数据添加了 1 门课程" in response.get_data(as_text=True)
    rows = {
        (a.course_name, a.class_id, a.teacher_id)
        for a in db.session.scalars(
            select(Assignment).where(Assignment.survey_id == world.survey.id)
        )
    }
    assert ("电路", world.class_a.id, world.teacher.id) in rows
    assert len(rows) == 4  # 大学物理 of 2302 was already listed by hand
    login(world.teacher)
    page = client.get("/concerns/teach").get_data(as_text=True)
    assert "电路" in page and "大学物理" not in page


def test_filling_from_another_term_or_nothing_is_refused(client, login, db, world):
    login(world.secretary)
    before = count(db, Assignment)
    response = client.post(f"/concerns/surveys/{world.survey.id}/fill", data={"term_id": "999999"})
    assert response.status_code == 422
    assert "请选择本学院有课程数据的学期。" in response.get_data(as_text=True)
    assert count(db, Assignment) == before


def test_a_teacher_who_lost_the_role_is_left_out_of_the_survey(
    app, client, login, db, world, tmp_path
):
    world.teacher.username = "T1001"
    assert (
        errors(
            app,
            "courses",
            course_file(
                tmp_path, [["2026-2027-1", "EE201", "电路", "T1001", "吴老师", "电气2301班"]]
            ),
            world.secretary,
        )
        == []
    )
    world.teacher.grants.clear()
    db.session.commit()
    login(world.secretary)
    before = count(db, Assignment)
    response = client.post(
        f"/concerns/surveys/{world.survey.id}/fill",
        data={"term_id": db.session.scalar(select(Teaching.term_id))},
        follow_redirects=True,
    )
    assert "不再担任本学院的任课教师" in response.get_data(as_text=True)
    assert count(db, Assignment) == before
