"""Issue 15, finding 1: every import row must be in the uploader's scope.

A two-college fixture and every import kind: a college-1 secretary uploading rows about
college-2 students (or naming units that do not exist) gets bad rows, the whole file is
refused and nothing is written; the answer for another college's 学号 is the answer for an
unknown one. A school-scope secretary, and the command line, may import anything; units
are created by one who also manages the organisation (an administrator's grant).
"""

from decimal import Decimal
from pathlib import Path

import pytest

from portal.core.importing import run_import
from portal.core.models import (
    Attendance,
    College,
    GradeRecord,
    Guardian,
    Major,
    SchoolClass,
    Student,
)

from ..db_snapshot import rows_of
from ..xlsx_files import GRADES_HEADER, ROSTER_HEADER, grade_row, roster_row, write_xlsx

NOT_YOURS = "不是您所在学院的学生"
ATTENDANCE_HEADER = ["学号", "学年学期", "旷课学时"]


@pytest.fixture
def world(make, db):
    """Two colleges, a student in each (college 2's with a parent), a secretary of each,
    and a school-scope secretary."""
    life = make.college("生命科学学院")
    elec = make.college("电气工程学院")
    bio = make.school_class(make.major(life, "生物科学"), "生科2301班")
    power = make.school_class(make.major(elec, "电气工程及其自动化"), "电气2301班")
    mine = make.student(bio, student_no="2023010001", name="本院学生")
    theirs = make.student(power, student_no="2023020001", name="外院学生")
    make.guardian(theirs, phone="13700000002")
    return {
        "life": life,
        "elec": elec,
        "bio": bio,
        "power": power,
        "mine": mine,
        "theirs": theirs,
        "secretary": make.user("SC1", role="secretary", scope=life),
        "school": make.user("SCA", role="secretary"),
    }


def snapshot(db) -> dict:
    return rows_of(db, Student, Guardian, College, Major, SchoolClass, GradeRecord, Attendance)


def service(kind: str, path: Path, user) -> list[str]:
    """The import as a job runs it, in the uploader's scope; the messages of its bad rows."""
    outcome = run_import(kind, path, filename=path.name, user=user)
    return [f"{e.row} {e.column}: {e.message}" for e in outcome.errors]


def upload(client, kind: str, path: Path) -> str:
    with open(path, "rb") as handle:
        return client.post(
            f"/imports/{kind}",
            data={"file": (handle, path.name)},
            content_type="multipart/form-data",
            follow_redirects=True,
        ).get_data(as_text=True)


# --- one file per kind: a good row of one's own college, a row about college 2 ------------


def roster_moving_theirs(tmp_path) -> Path:
    """College 1's names on college 2's student: would move them (and their parents)."""
    return write_xlsx(
        tmp_path / "roster.xlsx",
        [
            ROSTER_HEADER,
            roster_row("2023010001", "本院学生"),
            roster_row("2023020001", "外院学生", 家长电话="13711111111"),
        ],
    )


def grades_for_theirs(tmp_path) -> Path:
    return write_xlsx(
        tmp_path / "grades.xlsx",
        [GRADES_HEADER, grade_row("2023010001"), grade_row("2023020001", score=30)],
    )


def attendance_for_theirs(tmp_path) -> Path:
    return write_xlsx(
        tmp_path / "attendance.xlsx",
        [ATTENDANCE_HEADER, ["2023010001", "2024-2025-1", 2], ["2023020001", "2024-2025-1", 40]],
    )


FILES = {
    "students": roster_moving_theirs,
    "grades": grades_for_theirs,
    "attendance": attendance_for_theirs,
}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_finding_1_rows_about_another_college_are_refused_whole_at_service_level(
    app, db, world, tmp_path, kind
):
    path = FILES[kind](tmp_path)
    before = snapshot(db)
    with app.test_request_context():
        errors = service(kind, path, world["secretary"])
    assert len(errors) == 1 and errors[0].startswith("3 学号:") and NOT_YOURS in errors[0]
    assert snapshot(db) == before  # the good row of one's own college is not written either
    assert world["theirs"].college_id == world["elec"].id


@pytest.mark.parametrize("kind", sorted(FILES))
def test_finding_1_rows_about_another_college_are_refused_whole_on_web_upload(
    client, login, db, world, tmp_path, kind, tally
):
    login(world["secretary"])
    before = snapshot(db)
    page = upload(client, kind, FILES[kind](tmp_path))
    assert "未导入任何数据" in page and NOT_YOURS in page
    assert snapshot(db) == before
    tally.update(
        kind="import rows about another college's students",
        tried=1,
        refused=int(snapshot(db) == before),
    )


@pytest.mark.parametrize("kind", sorted(FILES))
def test_finding_1_a_school_scope_secretary_imports_the_same_file(
    client, login, db, world, tmp_path, kind
):
    login(world["school"])
    page = upload(client, kind, FILES[kind](tmp_path))
    assert "未导入任何数据" not in page and "新增" in page


def test_finding_1_the_roster_row_does_not_move_the_student_or_touch_their_parents(
    client, login, db, world, tmp_path
):
    login(world["secretary"])
    upload(client, "students", roster_moving_theirs(tmp_path))
    theirs = db.session.get(Student, world["theirs"].id)
    assert (theirs.college_id, theirs.class_id) == (world["elec"].id, world["power"].id)
    assert [g.phone for g in theirs.guardians] == ["13700000002"]


def test_finding_1_a_roster_row_cannot_move_ones_own_student_out_of_scope(
    client, login, db, world, tmp_path, tally
):
    login(world["secretary"])
    out = write_xlsx(
        tmp_path / "out.xlsx",
        [
            ROSTER_HEADER,
            roster_row(
                "2023010001",
                "本院学生",
                klass="电气2301班",
                学院="电气工程学院",
                专业="电气工程及其自动化",
            ),
        ],
    )
    before = snapshot(db)
    page = upload(client, "students", out)
    assert "您无权向“电气工程学院 / 电气工程及其自动化 / 电气2301班”导入学生" in page
    assert snapshot(db) == before
    tally.update(
        kind="import rows placing a student outside the uploader's scope",
        tried=1,
        refused=int(snapshot(db) == before),
    )


def test_finding_1_grades_answer_an_unknown_and_another_colleges_number_alike(
    app, db, world, tmp_path
):
    """No oracle: a scoped uploader cannot tell which 学号 exist in other colleges."""
    path = write_xlsx(
        tmp_path / "probe.xlsx", [GRADES_HEADER, grade_row("2023020001"), grade_row("2023029999")]
    )
    with app.test_request_context():
        errors = service("grades", path, world["secretary"])
        school = service("grades", path, world["school"])
    assert [e.replace("2023020001", "N").replace("2023029999", "N")[2:] for e in errors] == [
        "学号: 学号 N 不是您所在学院的学生（或尚未导入学生名单）"
    ] * 2
    assert school == ["3 学号: 未知学号 2023029999（请先导入学生名单）"]


def test_finding_1_a_class_scoped_grant_reaches_only_its_class(app, make, db, world, tmp_path):
    """Scope is the grant's unit, whatever its kind (here a class under grades.import)."""
    other = make.student(
        make.school_class(world["bio"].major, "生科2302班"), student_no="2023010002"
    )
    user = make.user("SCC", role="secretary", scope=world["bio"])
    path = write_xlsx(
        tmp_path / "g.xlsx", [GRADES_HEADER, grade_row("2023010001"), grade_row(other.student_no)]
    )
    with app.test_request_context():
        errors = service("grades", path, user)
    assert len(errors) == 1 and errors[0].startswith("3 学号:") and NOT_YOURS in errors[0]


@pytest.mark.parametrize(
    ("unit", "row", "column", "named"),
    [
        ("college", {"学院": "新学院"}, "学院", "学院“新学院”不存在"),
        ("major", {"专业": "新专业"}, "专业", "专业“新专业”在该学院中不存在"),
        ("class", {}, "班级", "班级“生科2399班”在该专业中不存在"),
    ],
)
def test_finding_1_units_are_created_only_with_the_permission_to_manage_the_organisation(
    app, client, login, db, world, tmp_path, unit, row, column, named, tally
):
    path = write_xlsx(
        tmp_path / f"{unit}.xlsx",
        [ROSTER_HEADER, roster_row("2023010009", "新生", klass="生科2399班", **row)],
    )
    login(world["secretary"])
    before = snapshot(db)
    page = upload(client, "students", path)
    assert f"<td>{column}</td>" in page and named in page
    assert snapshot(db) == before
    tally.update(
        kind="import rows creating colleges, majors, classes without permission",
        tried=1,
        refused=int(snapshot(db) == before),
    )
    login(world["school"])  # the whole school, without managing the organisation
    assert f"<td>{column}</td>" in upload(client, "students", path)
    assert snapshot(db) == before
    # No web account imports and manages the organisation both (separation of duties: an
    # administrator's account holds no secretary's role); the command line makes new units.
    result = app.test_cli_runner().invoke(args=["import-students", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.query(SchoolClass).filter_by(name="生科2399班").one()


def test_finding_1_the_command_line_is_school_scope(app, db, world, tmp_path):
    result = app.test_cli_runner().invoke(args=["import-grades", str(grades_for_theirs(tmp_path))])
    assert result.exit_code == 0, result.output
    scores = {r.student_id: r.score for r in db.session.query(GradeRecord)}
    assert scores[world["theirs"].id] == Decimal("30.00")


def test_finding_1_a_secretary_imports_their_own_college_as_before(
    client, login, db, world, tmp_path
):
    login(world["secretary"])
    path = write_xlsx(
        tmp_path / "own.xlsx",
        [
            ROSTER_HEADER,
            roster_row("2023010001", "本院学生改名"),
            roster_row("2023010003", "新同学"),
        ],
    )
    assert "新增 1，更新 1" in upload(client, "students", path)
    assert (
        db.session.query(Student).filter_by(student_no="2023010003").one().college_id
        == world["life"].id
    )
