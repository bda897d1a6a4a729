"""A grades file imported before, whose terms are still as it left them, is recognised by its
sha256 before a row is read (issue 21: the registrar's unchanged re-import); the uploader's
scope is still checked (issue 15, finding 1), and anything else sends it through the full read."""

import pytest

from portal.core import importing
from portal.core.importing import run_import
from portal.core.models import GradeFile, GradeRecord, ImportBatch, Term

from ..xlsx_files import GRADES_HEADER, grade_row, write_xlsx

NOT_YOURS = "不是您所在学院的学生"


@pytest.fixture
def world(make, db):
    """A student in each of two colleges, a secretary of the first."""
    life = make.college("生命科学学院")
    elec = make.college("电气工程学院")
    make.student(
        make.school_class(make.major(life, "生物科学"), "生科2301班"), student_no="2023010001"
    )
    make.student(
        make.school_class(make.major(elec, "电气工程"), "电气2301班"), student_no="2023020001"
    )
    return {"secretary": make.user("SC1", role="secretary", scope=life)}


@pytest.fixture
def both_colleges(tmp_path):
    return write_xlsx(
        tmp_path / "grades.xlsx",
        [
            GRADES_HEADER,
            grade_row("2023010001"),
            grade_row("2023020001", score=30),
            grade_row("2023020001", score=70, kind="补考"),
            grade_row("2023010001", code="PH101", term="2024-2025-2"),
        ],
    )


@pytest.fixture
def rows_read(monkeypatch):
    """Counts the files whose rows the import read."""
    reads = []
    real = importing.read_table

    def counted(*args, **kwargs):
        reads.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "read_table", counted)
    return reads


def school_import(app, path):
    with app.test_request_context():
        outcome = run_import("grades", path, filename=path.name, user=None)
    assert outcome.ok, outcome.errors
    return outcome


def test_the_same_file_again_is_recognised_without_reading_a_row(
    app, db, world, both_colleges, rows_read
):
    first = school_import(app, both_colleges)
    stored = sorted(
        (r.student_id, r.course_code, r.kind, r.score) for r in db.session.query(GradeRecord)
    )
    again = school_import(app, both_colleges)
    assert len(rows_read) == 1  # the first import only
    assert (again.rows, again.inserted, again.updated, again.unchanged) == (4, 0, 0, 4)
    assert again.terms == first.terms == ["2024-2025-1", "2024-2025-2"]
    assert (
        sorted(
            (r.student_id, r.course_code, r.kind, r.score) for r in db.session.query(GradeRecord)
        )
        == stored
    )
    assert db.session.query(ImportBatch).filter_by(kind="grades").count() == 2  # still audited


def test_a_recognised_file_still_refuses_rows_outside_the_uploaders_scope(
    app, db, world, both_colleges, rows_read
):
    school_import(app, both_colleges)
    before = db.session.query(ImportBatch).count()
    with app.test_request_context():
        outcome = run_import(
            "grades", both_colleges, filename="grades.xlsx", user=world["secretary"]
        )
        # Said when read (the messages are kept as words, for whoever reads the report).
        assert all(NOT_YOURS in str(e.message) for e in outcome.errors)
    assert len(rows_read) == 2  # read in full, so every row of the other college is named
    assert [e.row for e in outcome.errors] == [3, 4]
    assert db.session.query(ImportBatch).count() == before  # nothing recorded as imported


def test_a_term_changed_since_sends_the_file_through_the_full_read(
    app, db, world, tmp_path, both_colleges, rows_read
):
    school_import(app, both_colleges)
    school_import(
        app, write_xlsx(tmp_path / "fix.xlsx", [GRADES_HEADER, grade_row("2023010001", score=91)])
    )
    again = school_import(app, both_colleges)
    assert len(rows_read) == 3
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 3)
    # The fix no longer describes term 1: its entry goes, this file's is written anew.
    assert [f.rows for f in db.session.query(GradeFile)] == [4]


def test_a_file_with_term_starts_is_read_every_time(app, db, world, tmp_path, rows_read):
    path = write_xlsx(
        tmp_path / "starts.xlsx",
        [[*GRADES_HEADER, "开学日期"], [*grade_row("2023010001"), "2024-09-02"]],
    )
    school_import(app, path)
    term = db.session.query(Term).filter_by(code="2024-2025-1").one()
    term.start_date = None
    db.session.commit()
    school_import(app, path)
    assert len(rows_read) == 2
    assert (
        str(db.session.query(Term).filter_by(code="2024-2025-1").one().start_date) == "2024-09-02"
    )
