"""An import's report in its reader's words: rows counted as rows and problems as problems,
a file refused whole said as such (walk finding 12), and each problem said in the language
of whoever opens the report, not the uploader's at upload time (walk finding 18)."""

import ast
import re
from pathlib import Path

import pytest

import portal
from portal.core.models import ImportJob

from ..xlsx_files import GRADES_HEADER, grade_row, post_import, write_xlsx


@pytest.fixture
def secretary(make, db):
    college = make.college("报告学院")
    school_class = make.school_class(make.major(college))
    for number in ("2023990001", "2023990002", "2023990003", "2023990004"):
        make.student(school_class, student_no=number)
    return make.user("IR1", role="secretary", scope=college, locale="zh_CN")


def seven_problems_on_four_rows(tmp_path) -> Path:
    return write_xlsx(
        tmp_path / "grades.xlsx",
        [
            GRADES_HEADER,
            grade_row("2099000001"),  # not a student of the college: 1
            grade_row("2023990001", score=150, credits="abc"),  # 2
            grade_row("2023990002", term="bad", kind="期中"),  # 2
            grade_row("2023990003", code="", score="x"),  # 2
            grade_row("2023990004"),  # good
        ],
    )


def _summary(page: str) -> str:
    found = re.search(r'<div class="summary" role="alert">\s*<p>(.*?)</p>', page, re.S)
    assert found, page[:2000]
    return found.group(1).strip()


def _problems(page: str) -> list[str]:
    body = page[page.index('<table class="report">') :]
    return re.findall(r"<tr><td class=\"num\">.*?</td><td>.*?</td><td>(.*?)</td></tr>", body)


def _job_page(client, db, user) -> str:
    job = db.session.query(ImportJob).filter_by(user_id=user.id).one()
    return client.get(f"/imports/jobs/{job.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("locale", "summary"),
    [
        ("zh_CN", "未导入任何数据：4 行共 7 处需要更正。"),
        ("en", "Nothing was imported: 4 rows need correcting, with 7 problems in all."),
    ],
)
def test_seven_problems_on_four_rows_are_counted_as_such(
    client, login, db, secretary, tmp_path, locale, summary
):
    secretary.locale = locale
    login(secretary)
    post_import(client, "grades", seven_problems_on_four_rows(tmp_path))
    page = _job_page(client, db, secretary)
    assert _summary(page) == summary
    assert len(_problems(page)) == 7


@pytest.mark.parametrize(
    ("locale", "one_row", "one_row_two_problems"),
    [
        ("zh_CN", "未导入任何数据：有 1 行需要更正。", "未导入任何数据：1 行共 2 处需要更正。"),
        (
            "en",
            "Nothing was imported: 1 row needs correcting.",
            "Nothing was imported: 1 row needs correcting, with 2 problems.",
        ),
    ],
)
def test_one_row_is_one_row(
    client, login, db, secretary, tmp_path, locale, one_row, one_row_two_problems
):
    secretary.locale = locale
    login(secretary)
    for n, (row, said) in enumerate(
        (
            (grade_row("2023990001", score=150), one_row),
            (grade_row("2023990001", score=150, credits="abc"), one_row_two_problems),
        )
    ):
        post_import(client, "grades", write_xlsx(tmp_path / f"g{n}.xlsx", [GRADES_HEADER, row]))
        job = (
            db.session.query(ImportJob)
            .filter_by(user_id=secretary.id)
            .order_by(ImportJob.created_at.desc())
        )
        page = client.get(f"/imports/jobs/{job.first().id}").get_data(as_text=True)
        assert _summary(page) == said


@pytest.mark.parametrize(
    ("locale", "summary", "not_said"),
    [
        ("zh_CN", "未导入任何数据：文件本身需要更正，见下文说明。", "行需要更正"),
        ("en", "Nothing was imported: the file itself needs correcting, as said below.", "row"),
    ],
)
def test_a_file_refused_whole_is_said_as_such_not_as_one_row(
    client, login, db, secretary, tmp_path, locale, summary, not_said
):
    secretary.locale = locale
    login(secretary)
    fake = tmp_path / "grades.xlsx"
    fake.write_text("学号,姓名\n2023990001,张三\n", encoding="utf-8")  # a CSV named .xlsx
    post_import(client, "grades", fake)
    page = _job_page(client, db, secretary)
    assert _summary(page) == summary and not_said not in _summary(page)


def _notified(client) -> str:
    page = client.get("/notifications/").get_data(as_text=True)
    return page[page.index("<main") :]


def test_the_uploader_is_told_what_needs_correcting_not_that_the_job_did_not_finish(
    client, login, db, secretary, tmp_path
):
    """A walk read "您的任务“grades_bad.xlsx”未完成。" for a file refused for its rows: the
    notification says it was not imported and how much needs correcting, as the report does."""
    secretary.locale = "en"
    login(secretary)
    post_import(client, "grades", seven_problems_on_four_rows(tmp_path))
    told = _notified(client)
    assert "Not imported: 4 rows of “grades.xlsx” need correcting, with 7 problems in all." in told
    assert "did not finish" not in told
    fake = tmp_path / "roster.xlsx"
    fake.write_text("学号,姓名\n2023990001,张三\n", encoding="utf-8")  # a CSV named .xlsx
    post_import(client, "grades", fake)
    assert "Not imported: the file “roster.xlsx” itself needs correcting." in _notified(client)


def test_a_job_that_crashed_still_did_not_finish(app, db, secretary):
    from portal.core import queue

    crashed = _failed_import("crashed", "g.xlsx", secretary, {"errors": [], "crashed": True})
    refused = _failed_import("refused", "g.xlsx", secretary, {"error_count": 1, "errors": []})
    task = queue.TASKS["import"]
    assert queue._end_words(crashed, task) == ("Your job “%(name)s” did not finish.", {})
    assert queue._end_words(refused, task)[1] == {"n": 1}  # its one problem, row not known


def test_the_report_is_said_in_the_language_of_whoever_reads_it(
    client, login, db, secretary, tmp_path
):
    """Uploaded in Chinese, read in English: the problems too (not 不是您所在学院的学生)."""
    login(secretary)
    post_import(client, "grades", seven_problems_on_four_rows(tmp_path))
    chinese = _problems(_job_page(client, db, secretary))
    assert any("不是您所在学院的学生" in p for p in chinese)
    assert "学分必须是数字，而不是“abc”" in chinese  # no space between Chinese words
    client.post("/locale", data={"locale": "en", "next": "/"})
    english = _problems(_job_page(client, db, secretary))
    assert len(english) == 7, english
    # Every problem in the reader's words (a spreadsheet's own words, 正考, may stay).
    assert not set(english) & set(chinese)
    assert not [p for p in english if "不是" in p or "必须" in p or "此项必填" in p]
    assert any(
        p.startswith("Student number 2099000001: not a student of your college") for p in english
    )
    assert any("Score must be between 0 and 100" in p for p in english)


def _failed_import(name: str, filename: str, user, result: dict) -> ImportJob:
    """A grades import that failed, as an earlier version stored it."""
    return ImportJob(
        id=name + "0" * (32 - len(name)),
        stored_path="",
        user_id=user.id,
        task="import",
        kind="grades",
        filename=filename,
        status="failed",
        result=result,
    )


def test_a_report_stored_before_keeps_reading(client, login, db, secretary):
    """Its problems stored as text in the uploader's language, its rows not counted."""
    login(secretary)
    old = _failed_import(
        "old",
        "old.xlsx",
        secretary,
        {
            "rows": 3,
            "error_count": 3,
            "errors": [
                {"row": 2, "column": "学号", "message": "未知学号 1（请先导入学生名单）"},
                {"row": 2, "column": "成绩", "message": "成绩必须在 0 到 100 之间"},
                {"row": 3, "column": "学分", "message": "学分不能为空"},
            ],
        },
    )
    refused = _failed_import(
        "refused",
        "old.csv",
        secretary,
        {
            "error_count": 1,
            "errors": [{"row": 0, "column": "", "message": "只接受 .xlsx 和 .xls 文件。"}],
        },
    )
    db.session.add_all([old, refused])
    db.session.commit()
    page = client.get(f"/imports/jobs/{old.id}").get_data(as_text=True)
    assert _summary(page) == "未导入任何数据：2 行共 3 处需要更正。"
    assert "未知学号 1（请先导入学生名单）" in _problems(page)
    page = client.get(f"/imports/jobs/{refused.id}").get_data(as_text=True)
    assert _summary(page) == "未导入任何数据：文件本身需要更正，见下文说明。"
    assert _problems(page) == ["只接受 .xlsx 和 .xls 文件。"]


def test_the_command_line_counts_rows_and_problems_too(app, db, secretary, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["import-grades", str(seven_problems_on_four_rows(tmp_path))]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "未导入任何数据：4 行共 7 处需要更正。"


_IMPORT_SOURCES = (
    "cells.py",
    "xlsx.py",
    "grades_import.py",
    "students_import.py",
    "teaching.py",
    "term_dates.py",
    "attendance_import.py",
    "student_status.py",
)


def test_every_english_import_problem_starts_with_a_capital():
    """'this value is required' and 'student number …' stood lower-case among the others."""
    lower = []
    for name in _IMPORT_SOURCES:
        tree = ast.parse((Path(portal.__file__).parent / "core" / name).read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "_l"
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value[:1].islower()
            ):
                lower.append(f"{name}:{node.lineno} {node.args[0].value}")
    assert not lower, lower
