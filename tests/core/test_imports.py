"""Roster, grade and attendance imports: all or nothing, bad rows listed, repeatable."""

from decimal import Decimal
from io import BytesIO

import pytest

from portal.core.models import Attendance, College, GradeRecord, Guardian, Student, Term

from ..db_snapshot import rows_of
from ..xlsx_files import (
    GRADES_HEADER,
    ROSTER_HEADER,
    grade_row,
    grades_xlsx,
    post_import,
    roster_row,
    roster_xlsx,
    write_xlsx,
)


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def snapshot(db):
    return rows_of(db, Student, Guardian, College, GradeRecord, Attendance, Term)


@pytest.fixture
def roster(tmp_path):
    return write_xlsx(
        tmp_path / "roster.xlsx",
        [
            ROSTER_HEADER,
            roster_row(2023010001, "张三"),
            roster_row("0023010002", "李四", klass="生科2302班"),
            [None] * len(ROSTER_HEADER),
        ],
        title_rows=[["生命科学学院2023级学生名单"], []],
    )


def test_roster_import_creates_students_organisation_and_parents(app, db, roster):
    result = cli(app, "import-students", str(roster))
    assert result.exit_code == 0, result.output
    zhang = db.session.query(Student).filter_by(student_no="2023010001").one()
    assert zhang.school_class.name == "生科2301班" and zhang.college.name == "生命科学学院"
    assert zhang.guardians[0].phone == "13900000001"
    assert db.session.query(Student).filter_by(student_no="0023010002").one().name == "李四"


def test_importing_the_same_roster_twice_changes_nothing(app, db, roster):
    cli(app, "import-students", str(roster))
    before = snapshot(db)
    result = cli(app, "import-students", str(roster))
    assert "更新 0" in result.output and "未变 2" in result.output
    assert snapshot(db) == before


def test_reimport_updates_in_place(app, db, tmp_path, roster):
    cli(app, "import-students", str(roster))
    changed = roster_xlsx(
        tmp_path / "changed.xlsx",
        roster_row(2023010001, "张三丰", 联系电话="13811112222"),
    )
    assert cli(app, "import-students", str(changed)).exit_code == 0
    zhang = db.session.query(Student).filter_by(student_no="2023010001").one()
    assert (zhang.name, zhang.phone) == ("张三丰", "13811112222")
    assert db.session.query(Student).count() == 2


def test_bad_roster_lists_every_bad_row_and_writes_nothing(app, db, tmp_path):
    bad = roster_xlsx(
        tmp_path / "bad.xlsx",
        roster_row(2023010001),
        roster_row(None, "无学号"),
        roster_row(2023010001, "重复"),
        roster_row(2023010004, 延长学习年限="也许"),
    )
    before = snapshot(db)
    result = cli(app, "import-students", str(bad))
    assert result.exit_code == 1
    assert "第 3 行，“学号”列" in result.output
    assert "第 4 行，“学号”列" in result.output and "重复出现" in result.output
    assert "第 5 行，“延长学习年限”列" in result.output
    assert snapshot(db) == before


def test_english_headers_are_accepted(app, db, tmp_path):
    english = write_xlsx(
        tmp_path / "en.xlsx",
        [
            ["student_no", "name", "college", "major", "class"],
            ["S1", "Li Lei", "College A", "Major A", "Class A"],
        ],
    )
    assert cli(app, "import-students", str(english)).exit_code == 0
    assert db.session.query(Student).filter_by(student_no="S1").one().name == "Li Lei"


@pytest.fixture
def students(app, roster):
    cli(app, "import-students", str(roster))


def test_grades_import_reads_messy_exports(app, db, tmp_path, students):
    messy = write_xlsx(
        tmp_path / "grades.xlsx",
        [
            GRADES_HEADER,
            grade_row(2023010001, score="58", kind="正常考试"),
            grade_row(2023010001, score="及格", kind="补考"),
            grade_row(
                "0023010002",
                term="2024-2025学年第一学期",
                code="PE101",
                score="优秀",
                credits="1",
                degree="否",
            ),
            grade_row("0023010002", code="EN101", score="缓考", credits=3),
            ["合计", None, None, None, None, None, None, None, None, None, None],
        ],
        title_rows=[["2024-2025学年第一学期成绩单"]],
    )
    result = cli(app, "import-grades", str(messy))
    assert result.exit_code == 0, result.output
    records = {(r.course_code, r.kind): r for r in db.session.query(GradeRecord)}
    assert records[("MA101", "regular")].passed is False
    assert records[("MA101", "makeup")].score == Decimal("65.00")
    assert records[("PE101", "regular")].score == Decimal("95.00")
    assert records[("EN101", "regular")].ignored is True


def test_year_and_semester_columns_and_makeup_columns(app, db, tmp_path, students):
    header = (
        "学号 学年 学期 课程代码 课程名称 学分 成绩 成绩性质 补考成绩 重修成绩 补重学期".split()
    )
    wide = write_xlsx(
        tmp_path / "wide.xlsx",
        [
            header,
            [2023010001, "2024-2025", "一", "CH101", "化学", 3, 40, "正考", 61, None, None],
            [2023010001, "2024-2025", "2", "PH101", "物理", 4, 30, "正考", 20, 75, "2025-2026-1"],
        ],
    )
    assert cli(app, "import-grades", str(wide)).exit_code == 0
    terms = {(r.course_code, r.kind): r.term_id for r in db.session.query(GradeRecord)}
    codes = {t.id: t.code for t in db.session.query(Term)}
    assert codes[terms[("CH101", "makeup")]] == "2024-2025-1"
    assert codes[terms[("PH101", "retake")]] == "2025-2026-1"


def test_bad_grades_file_names_each_problem_and_writes_nothing(app, db, tmp_path, students):
    bad = grades_xlsx(
        tmp_path / "bad.xlsx",
        grade_row(2023010001),
        grade_row(9999),
        grade_row(2023010001, code="X", score=120),
        grade_row(2023010001, code="Y", score="待录"),
        grade_row(2023010001, term="2024-2026-1", code="Z"),
        grade_row(2023010001, code="W", credits="两"),
        grade_row(2023010001),
    )
    before = snapshot(db)
    result = cli(app, "import-grades", str(bad))
    assert result.exit_code == 1
    for row, column in (
        (3, "学号"),
        (4, "成绩"),
        (5, "成绩"),
        (6, "学年学期"),
        (7, "学分"),
        (8, "课程代码"),
    ):
        assert f"第 {row} 行，“{column}”列" in result.output, (row, result.output)
    assert snapshot(db) == before


def test_missing_required_header_is_reported(app, db, tmp_path, students):
    bad = write_xlsx(
        tmp_path / "nohead.xlsx", [["学号", "课程代码", "成绩"], [2023010001, "A", 90]]
    )
    result = cli(app, "import-grades", str(bad))
    assert result.exit_code == 1 and "学分" in result.output


def test_grades_twice_same_database_and_corrections_update_in_place(app, db, tmp_path, students):
    first = grades_xlsx(tmp_path / "g1.xlsx", grade_row(2023010001, score=55))
    cli(app, "import-grades", str(first))
    before = snapshot(db)
    assert "未变 1" in cli(app, "import-grades", str(first)).output
    assert snapshot(db) == before
    fixed = grades_xlsx(tmp_path / "g2.xlsx", grade_row(2023010001, score=75))
    assert "更新 1" in cli(app, "import-grades", str(fixed)).output
    [record] = db.session.query(GradeRecord).all()
    assert record.score == Decimal("75.00") and record.passed


def test_attendance_rows_add_up(app, db, tmp_path, students):
    sheet = write_xlsx(
        tmp_path / "att.xlsx",
        [
            ["学号", "学年学期", "旷课学时"],
            [2023010001, "2024-2025-1", 4],
            [2023010001, "2024-2025-1", "6.5"],
            ["0023010002", "2024-2025-1", 0],
        ],
    )
    assert cli(app, "import-attendance", str(sheet)).exit_code == 0
    hours = {a.student_id: a.absence_hours for a in db.session.query(Attendance)}
    zhang = db.session.query(Student).filter_by(student_no="2023010001").one()
    assert hours[zhang.id] == Decimal("10.50")


def test_renamed_csv_is_refused_with_a_clear_message(app, db, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("学号,姓名\n1,张三\n", encoding="utf-8")
    result = cli(app, "import-students", str(fake))
    assert result.exit_code == 1 and db.session.query(Student).count() == 0


def upload(client, kind, path):
    return post_import(client, kind, path, follow_redirects=True)


def test_web_upload_shows_the_report_of_bad_rows(client, make, login, db, tmp_path):
    login(make.user("IM1", role="secretary", scope=make.college()))
    bad = roster_xlsx(tmp_path / "bad.xlsx", roster_row(None))
    page = upload(client, "students", bad).get_data(as_text=True)
    assert "未导入任何数据" in page and '<td class="num">2</td>' in page
    assert db.session.query(Student).count() == 0


def test_web_upload_imports_a_good_file(client, make, login, db, roster):
    college = make.college("生命科学学院")
    major = make.major(college, "生物科学")
    make.school_class(major, "生科2301班"), make.school_class(major, "生科2302班")
    login(make.user("IM2", role="secretary", scope=college))
    page = upload(client, "students", roster).get_data(as_text=True)
    assert "新增 2" in page and db.session.query(Student).count() == 2


def test_an_uploads_name_is_kept_without_bidi_characters(client, make, login, db, tmp_path):
    """Probe finding 5: the job lists the file's name; a right-to-left override in it
    ("名单\u202exslx.csv" reads "名单vsc.xlsx") is dropped (uploads.plain_name)."""
    from portal.core.models import ImportJob

    login(make.user("IM9", role="secretary", scope=make.college()))
    bad = roster_xlsx(tmp_path / "名单\u202exslx.csv", roster_row(None))
    post_import(client, "students", bad)
    assert db.session.query(ImportJob).one().filename == "名单xslx.csv"


def test_only_permitted_kinds_can_be_uploaded(client, make, login, roster):
    login(make.user("IM3", role="counselor", scope=make.college()))
    assert client.get("/imports/").status_code == 403
    assert upload(client, "students", roster).status_code == 403


def test_oversized_upload_is_refused_with_413_in_chinese(app, client, make, login, db):
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    login(make.user("IM4", role="secretary", scope=make.college()))
    # Encoded in memory: the test client would spool a large body to an unclosed temp file.
    boundary, body = encode_multipart(
        {"file": FileStorage(BytesIO(b"\0" * (11 * 1024 * 1024)), filename="big.xlsx")}
    )
    response = client.post(
        "/imports/students", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    assert "文件太大，上限为 10 MB" in response.get_data(as_text=True)


def test_a_grades_file_with_every_exam_type_word_of_the_spec_is_imported(
    app, db, tmp_path, students
):
    """Issue 16 (warning-rules.md §1): one row per word; before, any of them refused the file."""
    from .test_cells import SPEC_EXAM_WORDS

    words = {f"C{n:02d}": (word, kind) for n, (word, kind) in enumerate(SPEC_EXAM_WORDS)}
    rows = [grade_row(2023010001, code=code, kind=word) for code, (word, _k) in words.items()]
    # Each make-up repairs a regular attempt of its course and term (§1).
    repaired = [code for code, (_word, kind) in words.items() if kind == "makeup"]
    rows += [grade_row(2023010001, code=code, score=40) for code in repaired]
    sheet = grades_xlsx(tmp_path / "words.xlsx", *rows)
    result = cli(app, "import-grades", str(sheet))
    assert result.exit_code == 0, result.output
    kinds = {(r.course_code, r.kind) for r in db.session.query(GradeRecord)}
    assert kinds == {(code, kind) for code, (_word, kind) in words.items()} | {
        (code, "regular") for code in repaired
    }


def test_an_unknown_exam_type_is_a_bad_row_naming_the_word(app, db, tmp_path, students):
    sheet = grades_xlsx(
        tmp_path / "word.xlsx",
        grade_row(2023010001),
        grade_row(2023010001, code="X", kind="考查"),
    )
    result = cli(app, "import-grades", str(sheet))
    assert result.exit_code == 1 and "第 3 行，“考试性质”列" in result.output
    assert "考查" in result.output and db.session.query(GradeRecord).count() == 0
