"""The command line of warning-rules.md §5, end to end on real files."""

from openpyxl import load_workbook

from ...xlsx_files import GRADES_HEADER, ROSTER_HEADER, grade_row, roster_row, write_xlsx

# The contract's order and names (warning-rules.md §4).
EXPORT_HEADER = "学号 姓名 班级 学年学期 规则集 类别代码 等级代码 类别 等级 原因".split()


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_import_compute_export_round_trip(app, db, tmp_path):
    roster = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ROSTER_HEADER,
            roster_row("0023010001", "张三"),
            roster_row("0023010002", '=HYPERLINK("x")'),
        ],
    )
    grades = write_xlsx(
        tmp_path / "g.xlsx",
        [
            GRADES_HEADER,
            grade_row("0023010001", term="2024-2025-2", code="A", score=50, credits=4),
            grade_row("0023010001", term="2024-2025-2", code="B", score=40, credits=4),
            grade_row("0023010002", term="2024-2025-2", code="A", score=30, credits=4),
            grade_row("0023010002", term="2024-2025-2", code="B", score=95, credits=4),
        ],
    )
    assert cli(app, "import-students", str(roster)).exit_code == 0
    assert cli(app, "import-grades", str(grades)).exit_code == 0
    result = cli(app, "warnings", "compute", "--term", "2024-2025-2", "--ruleset", "lanzhou")
    assert result.exit_code == 0, result.output
    out = tmp_path / "roster.xlsx"
    assert cli(app, "warnings", "export", "--term", "2024-2025-2", "--out", str(out)).exit_code == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_HEADER
    body = {r[0]: r for r in rows[1:]}
    assert body["0023010001"][4:7] == ("lanzhou", "academic", "written")
    assert body["0023010001"][8] == "书面警示"
    assert body["0023010002"][6] == "oral" and body["0023010002"][1] == '\'=HYPERLINK("x")'


def test_export_uses_the_latest_run_only(app, db, tmp_path, make, grades):
    student = make.student(student_no="0099")
    grades(student, "2024-2025-2", [("A", 4, 50, "regular")])
    cli(app, "warnings", "compute", "--term", "2024-2025-2", "--ruleset", "lanzhou")
    grades(student, "2024-2025-2", [("A", 4, 70, "makeup")])
    cli(app, "warnings", "compute", "--term", "2024-2025-2", "--ruleset", "lanzhou")
    out = tmp_path / "latest.xlsx"
    cli(app, "warnings", "export", "--term", "2024-2025-2", "--out", str(out))
    assert len(list(load_workbook(out).active.iter_rows())) == 1


def test_compute_refuses_unknown_ruleset_and_summer_term(app, db, make):
    make.term("2024-2025-3")
    make.term("2024-2025-1")
    assert (
        cli(app, "warnings", "compute", "--term", "2024-2025-1", "--ruleset", "nope").exit_code != 0
    )
    result = cli(app, "warnings", "compute", "--term", "2024-2025-3", "--ruleset", "anshan")
    assert result.exit_code != 0 and "summer" in result.output


def test_student_number_exported_as_text(app, db, tmp_path, make, grades):
    student = make.student(student_no="000123")
    grades(student, "2024-2025-1", [("A", 4, 10, "regular")])
    cli(app, "warnings", "compute", "--term", "2024-2025-1", "--ruleset", "lanzhou")
    out = tmp_path / "t.xlsx"
    cli(app, "warnings", "export", "--term", "2024-2025-1", "--out", str(out))
    cell = load_workbook(out).active["A2"]
    assert cell.value == "000123" and cell.data_type == "s"


def test_without_a_ruleset_the_command_uses_the_colleges_as_the_compute_form_does(
    app, db, make, grades
):
    """Issue 22 #6: one choice of ruleset (rulesets.chosen_code) for the form and the command:
    the one asked for, else the college's, else the school's default."""
    from sqlalchemy import select

    from portal.modules.warnings import rulesets
    from portal.modules.warnings.models import Run

    student = make.student()
    with app.test_request_context():
        rulesets.assign(student.college, "anshan")
    grades(student, "2024-2025-1", [("A", 4, 10, "regular")])
    college = str(student.college_id)
    assert (
        cli(app, "warnings", "compute", "--term", "2024-2025-1", "--college", college).exit_code
        == 0
    )
    assert cli(app, "warnings", "compute", "--term", "2024-2025-1").exit_code == 0
    by_name = ("--college", student.college.name)  # as `publish` takes it
    assert cli(app, "warnings", "compute", "--term", "2024-2025-1", *by_name).exit_code == 0
    codes = db.session.scalars(select(Run.ruleset_code).order_by(Run.id)).all()
    assert codes == ["anshan", rulesets.DEFAULT_CODE, "anshan"]
    assert rulesets.DEFAULT_CODE != "anshan"
