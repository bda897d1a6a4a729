"""A re-import of an unchanged grades file is recognised by its digest and writes nothing
(issue 21); any change to the term since, by a file or otherwise, sends it through the full
comparison again."""

from decimal import Decimal

import pytest
from sqlalchemy import event

from portal.core.models import GradeDigest, GradeRecord, Student
from portal.extensions import db as _db

from ..xlsx_files import GRADES_HEADER, ROSTER_HEADER, grade_row, roster_row, write_xlsx


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def students(app, tmp_path):
    roster = write_xlsx(
        tmp_path / "roster.xlsx",
        [ROSTER_HEADER, roster_row(2023010001), roster_row(2023010002, "李四")],
    )
    assert cli(app, "import-students", str(roster)).exit_code == 0


def grades(tmp_path, name, score=85, rows=()):
    return write_xlsx(
        tmp_path / name,
        [
            GRADES_HEADER,
            grade_row(2023010001, score=score),
            grade_row(2023010002, score=55),
            grade_row(2023010002, score=70, kind="补考"),
            grade_row(2023010001, code="PH101", term="2024-2025-2"),
            *rows,
        ],
    )


def statements(app):
    """SQL sent to the database while the block runs."""
    seen = []

    def listen(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()).lower())

    with app.app_context():
        engine = _db.engine
    event.listen(engine, "before_cursor_execute", listen)
    return seen, lambda: event.remove(engine, "before_cursor_execute", listen)


def stored(db):
    return sorted(
        (r.student_id, r.term_id, r.course_code, r.kind, r.score)
        for r in db.session.query(GradeRecord)
    )


def test_an_unchanged_file_is_recognised_and_nothing_is_rewritten(app, db, tmp_path, students):
    first = grades(tmp_path, "g.xlsx")
    assert cli(app, "import-grades", str(first)).exit_code == 0
    before = stored(db)
    seen, stop = statements(app)
    try:
        result = cli(app, "import-grades", str(first))
    finally:
        stop()
    assert result.exit_code == 0 and "新增 0，更新 0，未变 4" in result.output
    grade_writes = [
        s for s in seen if "core_grade_record" in s and s.startswith(("insert", "update", "delete"))
    ]
    assert grade_writes == []
    # Not read back either: only counted (the term's fingerprint).
    assert not [
        s for s in seen if s.startswith("select core_grade_record.id, core_grade_record.student_id")
    ]
    assert stored(db) == before


def test_the_same_rows_in_another_order_and_layout_are_the_same_digest(app, db, tmp_path, students):
    cli(app, "import-grades", str(grades(tmp_path, "g.xlsx")))
    rows = [
        grade_row(2023010001, code="PH101", term="2024-2025-2"),
        grade_row(2023010002, score=70, kind="补考"),
        grade_row(2023010002, score=55),
        grade_row(2023010001),
    ]
    shuffled = write_xlsx(tmp_path / "s.xlsx", [GRADES_HEADER, *rows], title_rows=[["成绩单"]])
    cli(app, "import-grades", str(shuffled))
    assert db.session.query(GradeDigest).count() == 2  # one per term, not one per file


def test_a_file_that_changed_the_term_voids_the_earlier_digest(app, db, tmp_path, students):
    original = grades(tmp_path, "a.xlsx", score=85)
    cli(app, "import-grades", str(original))
    corrected = grades(tmp_path, "b.xlsx", score=91)
    assert "更新 1" in cli(app, "import-grades", str(corrected)).output
    result = cli(app, "import-grades", str(original))
    assert "更新 1" in result.output  # compared row by row again, not taken as unchanged
    zhang = db.session.query(Student).filter_by(student_no="2023010001").one()
    scores = {
        r.course_code: r.score for r in db.session.query(GradeRecord).filter_by(student_id=zhang.id)
    }
    assert scores["MA101"] == Decimal("85.00")


def test_rows_deleted_outside_the_import_are_written_again(app, db, tmp_path, students):
    first = grades(tmp_path, "g.xlsx")
    cli(app, "import-grades", str(first))
    before = stored(db)
    zhang = db.session.query(Student).filter_by(student_no="2023010001").one()
    db.session.query(GradeRecord).filter_by(student_id=zhang.id, course_code="MA101").delete()
    db.session.commit()
    result = cli(app, "import-grades", str(first))
    assert "新增 1" in result.output
    assert stored(db) == before


def test_only_the_terms_that_differ_are_compared(app, db, tmp_path, students):
    cli(app, "import-grades", str(grades(tmp_path, "a.xlsx", score=85)))
    changed = grades(
        tmp_path, "b.xlsx", score=85, rows=[grade_row(2023010002, code="PH101", term="2024-2025-2")]
    )
    result = cli(app, "import-grades", str(changed))
    assert "新增 1，更新 0，未变 4" in result.output
    assert cli(app, "import-grades", str(changed)).output.count("未变 5") == 1


def test_a_voided_row_after_an_unchanged_import_still_deletes(app, db, tmp_path, students):
    first = grades(tmp_path, "g.xlsx")
    cli(app, "import-grades", str(first))
    cli(app, "import-grades", str(first))
    header = [*GRADES_HEADER, "是否成绩作废"]
    void = write_xlsx(
        tmp_path / "v.xlsx",
        [
            header,
            [*grade_row(2023010001), "是"],
            [*grade_row(2023010002, score=55), "否"],
            [*grade_row(2023010002, score=70, kind="补考"), "否"],
            [*grade_row(2023010001, code="PH101", term="2024-2025-2"), "否"],
        ],
    )
    assert cli(app, "import-grades", str(void)).exit_code == 0
    zhang = db.session.query(Student).filter_by(student_no="2023010001").one()
    assert (
        not db.session.query(GradeRecord)
        .filter_by(student_id=zhang.id, course_code="MA101")
        .count()
    )
