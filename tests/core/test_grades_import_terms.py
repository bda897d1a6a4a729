"""The grades import's terms (warning-rules.md §1, §4): a term that has not started has no
grades, a make-up carries the term of the regular attempt it repairs, and a file giving the
term twice (学年学期 and 学年 + 学期) must give one term. A bad row writes nothing."""

from datetime import date

import pytest

from portal.core.models import GradeRecord, Student, Term

from ..db_snapshot import rows_of
from ..followup import pin_today, statements_during
from ..xlsx_files import GRADES_HEADER, grade_row, grades_xlsx, roster_row, roster_xlsx, write_xlsx

TODAY = date(2026, 12, 4)


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def snapshot(db):
    return rows_of(db, GradeRecord, Term)


def refused(app, db, path, *where):
    """Imports `path`, which must be refused, naming each (row, column), writing nothing."""
    before = snapshot(db)
    result = cli(app, "import-grades", str(path))
    assert result.exit_code == 1, result.output
    for row, column in where:
        assert f"第 {row} 行，“{column}”列" in result.output, (row, column, result.output)
    assert snapshot(db) == before
    return result.output


@pytest.fixture
def students(app, db, tmp_path, monkeypatch):
    pin_today(monkeypatch, TODAY)
    roster = roster_xlsx(
        tmp_path / "roster.xlsx", roster_row("20230101"), roster_row("20230102", "李四")
    )
    assert cli(app, "import-students", str(roster)).exit_code == 0


# --- 1. a term that has not started ------------------------------------------------------


def test_a_row_in_a_term_that_has_not_started_refuses_the_file(app, db, tmp_path, students):
    rows = [grade_row("20230101", term="2026-2027-1", code=f"C{n}") for n in range(3)]
    sheet = grades_xlsx(
        tmp_path / "g.xlsx", *rows, grade_row("20230102", term="2027-2028-2", code="BI401")
    )
    output = refused(app, db, sheet, (5, "学年学期"))
    assert "2027-2028-2" in output and "2028-03-01" in output
    assert "第 2 行" not in output and "第 4 行" not in output
    assert not db.session.query(Term).filter_by(code="2027-2028-2").count()


@pytest.mark.parametrize(
    ("today", "imported"),
    [(date(2027, 2, 28), False), (date(2027, 3, 1), True)],
)
def test_an_undated_term_starts_on_the_usual_day(
    app, db, tmp_path, students, monkeypatch, today, imported
):
    """Second term: 1 March of its second year (term_dates.usual_span), unless entered."""
    pin_today(monkeypatch, today)
    sheet = grades_xlsx(tmp_path / "g.xlsx", grade_row("20230101", term="2026-2027-2"))
    assert (cli(app, "import-grades", str(sheet)).exit_code == 0) is imported


def test_an_entered_first_day_decides_when_the_term_starts(
    app, db, tmp_path, students, make, monkeypatch
):
    make.term("2026-2027-2").start_date = date(2027, 2, 22)
    db.session.commit()
    sheet = grades_xlsx(tmp_path / "g.xlsx", grade_row("20230101", term="2026-2027-2"))
    assert "2027-02-22" in refused(app, db, sheet, (2, "学年学期"))
    pin_today(monkeypatch, date(2027, 2, 22))
    assert cli(app, "import-grades", str(sheet)).exit_code == 0


def test_a_retake_in_a_later_term_that_has_not_started_names_that_column(
    app, db, tmp_path, students
):
    header = "学号 学年学期 课程代码 课程名称 学分 成绩 考试性质 重修成绩 补重学期".split()
    sheet = write_xlsx(
        tmp_path / "g.xlsx",
        [
            header,
            ["20230101", "2025-2026-2", "BI401", "生物化学", 3, 40, "正考", 75, "2026-2027-1"],
            ["20230102", "2025-2026-2", "BI401", "生物化学", 3, 40, "正考", 75, "2027-2028-1"],
        ],
    )
    output = refused(app, db, sheet, (3, "补重学期"))
    assert "2027-2028-1" in output and "第 2 行" not in output


def test_the_year_and_semester_columns_name_a_term_that_has_not_started(
    app, db, tmp_path, students
):
    header = "学号 学年 学期 课程代码 课程名称 学分 成绩 考试性质".split()
    sheet = write_xlsx(
        tmp_path / "g.xlsx", [header, ["20230101", "2027-2028", 1, "BI401", "生化", 3, 80, "正考"]]
    )
    assert "2027-2028-1" in refused(app, db, sheet, (2, "学年"))


# --- 2. a make-up carries its regular attempt's term ---------------------------------------


def test_a_make_up_in_another_term_than_its_regular_attempt_is_refused(app, db, tmp_path, students):
    sheet = grades_xlsx(
        tmp_path / "g.xlsx",
        grade_row("20230101", term="2025-2026-1"),
        grade_row("20230102", term="2025-2026-1", code="BI401", kind="补考", score=65),
        grade_row("20230102", term="2026-2027-1", code="BI401", score=40),
    )
    output = refused(app, db, sheet, (3, "学年学期"))
    assert "BI401" in output and "2026-2027-1" in output and "2025-2026-1" in output
    assert "第 2 行" not in output and "第 4 行" not in output


def test_a_make_up_before_its_regular_attempt_in_the_same_term_is_imported(
    app, db, tmp_path, students
):
    sheet = grades_xlsx(
        tmp_path / "g.xlsx",
        grade_row("20230102", code="BI401", kind="第1次补考", score=65),
        grade_row("20230102", code="BI401", score=40),
    )
    assert cli(app, "import-grades", str(sheet)).exit_code == 0
    assert db.session.query(GradeRecord).count() == 2


def test_a_make_up_whose_regular_attempt_is_stored_is_imported_alone(app, db, tmp_path, students):
    """The registrar's make-up session file, after the term's regular results."""
    regular = grades_xlsx(tmp_path / "r.xlsx", grade_row("20230102", code="BI401", score=40))
    assert cli(app, "import-grades", str(regular)).exit_code == 0
    makeup = grades_xlsx(
        tmp_path / "m.xlsx", grade_row("20230102", code="BI401", kind="补考", score=65)
    )
    assert cli(app, "import-grades", str(makeup)).exit_code == 0
    assert db.session.query(GradeRecord).filter_by(kind="makeup").count() == 1


def test_a_make_up_whose_stored_regular_attempt_is_in_another_term_names_it(
    app, db, tmp_path, students
):
    regular = grades_xlsx(
        tmp_path / "r.xlsx", grade_row("20230102", term="2026-2027-1", code="BI401", score=40)
    )
    assert cli(app, "import-grades", str(regular)).exit_code == 0
    makeup = grades_xlsx(
        tmp_path / "m.xlsx",
        grade_row("20230102", term="2025-2026-1", code="BI401", kind="补考", score=65),
    )
    assert "2026-2027-1" in refused(app, db, makeup, (2, "学年学期"))


def test_a_make_up_with_no_regular_attempt_anywhere_is_imported(app, db, tmp_path, students):
    """§1 names no such bad row, and the make-up repairs nothing in any term: the stored
    regular attempt this file voids leaves its make-up alone too."""
    first = grades_xlsx(tmp_path / "r.xlsx", grade_row("20230102", code="BI401", score=40))
    assert cli(app, "import-grades", str(first)).exit_code == 0
    header = [*GRADES_HEADER, "是否成绩作废"]
    sheet = write_xlsx(
        tmp_path / "g.xlsx",
        [
            header,
            [*grade_row("20230102", code="BI401", score=40), "是"],
            [*grade_row("20230102", code="BI401", kind="补考", score=65), "否"],
            [*grade_row("20230101", code="CH101", kind="补考", score=70), "否"],
        ],
    )
    result = cli(app, "import-grades", str(sheet))
    assert result.exit_code == 0, result.output


def test_a_make_up_is_not_blamed_for_its_regular_rows_own_error(app, db, tmp_path, students):
    sheet = grades_xlsx(
        tmp_path / "g.xlsx",
        grade_row("20230102", code="BI401", score=40, credits="三"),
        grade_row("20230102", code="BI401", kind="补考", score=65),
    )
    output = refused(app, db, sheet, (2, "学分"))
    assert "第 3 行" not in output


def test_retakes_carry_their_own_term(app, db, tmp_path, students):
    """§1: "A retake carries the term in which it was taken"; only make-ups are checked."""
    sheet = grades_xlsx(
        tmp_path / "g.xlsx",
        grade_row("20230102", term="2025-2026-1", code="BI401", score=40),
        grade_row("20230102", term="2026-2027-1", code="BI401", kind="重修", score=70),
        grade_row("20230101", term="2026-2027-1", code="CH101", kind="重修", score=70),
    )
    assert cli(app, "import-grades", str(sheet)).exit_code == 0


def test_make_ups_repaired_in_the_file_add_no_query(app, db, tmp_path, students):
    """A term's export carries each make-up beside its regular attempt: nothing to look up."""

    def imported(rows):
        sheet = grades_xlsx(tmp_path / f"g{rows[0][0]}{len(rows)}.xlsx", *rows)
        return statements_during(db, lambda: cli(app, "import-grades", str(sheet)))

    imported([grade_row("20230101", code="PE101")])  # the term exists before both
    plain = imported([grade_row("20230101", code=f"C{n}") for n in range(20)])
    with_makeups = imported(
        [grade_row("20230102", code=f"C{n}", score=40) for n in range(10)]
        + [grade_row("20230102", code=f"C{n}", kind="补考", score=65) for n in range(10)]
    )
    assert with_makeups == plain


# --- 3. 学年学期 and 学年 + 学期 must agree -----------------------------------------------------

BOTH = "学号 学年学期 学年 学期 课程代码 课程名称 学分 成绩 考试性质".split()


def test_a_term_given_twice_that_disagrees_is_refused_naming_both(app, db, tmp_path, students):
    sheet = write_xlsx(
        tmp_path / "g.xlsx",
        [
            BOTH,
            ["20230101", "2026-2027-1", "2026-2027", "一", "BI401", "生化", 3, 80, "正考"],
            ["20230102", "2026-2027-1", "2026-2027", 2, "BI401", "生化", 3, 80, "正考"],
            ["20230102", "2026-2027-1", None, None, "CH101", "化学", 3, 80, "正考"],
        ],
    )
    output = refused(app, db, sheet, (3, "学年学期"))
    assert "2026-2027-1" in output and "2026-2027-2" in output
    assert "第 2 行" not in output and "第 4 行" not in output


def test_a_term_given_twice_that_agrees_is_imported(app, db, tmp_path, students):
    sheet = write_xlsx(
        tmp_path / "g.xlsx",
        [
            BOTH,
            [
                "20230101",
                "2026-2027学年第一学期",
                "2026-2027",
                "第一学期",
                "BI401",
                "生化",
                3,
                80,
                "正考",
            ],
        ],
    )
    assert cli(app, "import-grades", str(sheet)).exit_code == 0
    student = db.session.query(Student).filter_by(student_no="20230101").one()
    [record] = db.session.query(GradeRecord).filter_by(student_id=student.id)
    assert db.session.get(Term, record.term_id).code == "2026-2027-1"


# --- a file accepted before these checks -------------------------------------------------------


def test_a_file_accepted_before_the_checks_is_read_again_and_refused(
    app, db, tmp_path, students, monkeypatch
):
    """An unchanged file is recognised by its sha256 and not read (issue 21): one imported
    before the checks existed must not pass as unchanged."""
    from portal.core import grades_import

    sheet = grades_xlsx(
        tmp_path / "g.xlsx",
        grade_row("20230102", term="2026-2027-1", code="BI401", score=40),
        grade_row("20230102", term="2025-2026-1", code="BI401", kind="补考", score=65),
    )
    with monkeypatch.context() as before_the_checks:
        old_reads = repr(
            (sorted(grades_import.COLUMNS.items()), grades_import.REQUIRED, grades_import._FIELDS)
        ).encode()
        before_the_checks.setattr(grades_import, "_READS", old_reads)
        before_the_checks.setattr(grades_import.MakeUps, "refusals", lambda *_args: [])
        assert cli(app, "import-grades", str(sheet)).exit_code == 0
    refused(app, db, sheet, (3, "学年学期"))
