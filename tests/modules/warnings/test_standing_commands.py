"""The three commands of warning-rules.md §6, their files read back with openpyxl, and the
bad inputs of `warnings publish` (a clear error naming it, exit 1, nothing written)."""

import pytest
from openpyxl import load_workbook

from portal.core.models import AuditEvent
from portal.modules.warnings.models import Run


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def publish(app, term):
    """`warnings publish` of the lanzhou fixture's college and ruleset, by its publisher."""
    args = ["--term", term, "--college", "兰州学院", "--ruleset", "lanzhou", "--as", "publisher"]
    return cli(app, "warnings", "publish", *args)


def read(path):
    return [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]


@pytest.fixture
def lanzhou(make, db):
    from portal.modules.warnings import rulesets

    college = make.college("兰州学院")
    rulesets.assign(college, "lanzhou")
    school_class = make.school_class(make.major(college))
    user = make.user("publisher", role="secretary", scope=college)
    make.grant(user, "leader", college)
    return college, school_class, user


def test_publish_standing_and_outcomes_files(app, db, make, grades, lanzhou, tmp_path):
    college, school_class, _user = lanzhou
    still = make.student(school_class, student_no="0023010001")
    better = make.student(school_class, student_no="0023010002")
    for student in (still, better):
        grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 4, 30, "regular")])
    result = publish(app, "2024-2025-1")
    assert result.exit_code == 0, result.output
    grades(still, "2024-2025-2", [("C", 2, 90, "regular")])  # 8 outstanding
    grades(better, "2024-2025-2", [("A", 4, 80, "retake"), ("C", 2, 90, "regular")])  # 4
    result = publish(app, "2024-2025-2")
    assert result.exit_code == 0, result.output
    assert {r.status for r in db.session.query(Run)} == {"published"}
    audit = db.session.query(AuditEvent).filter_by(action="roster_approve").all()
    assert [(a.username, a.roles) for a in audit] == [("publisher", "cli")] * 2

    out = tmp_path / "standing.xlsx"
    assert (
        cli(app, "warnings", "standing", "--term", "2024-2025-2", "--out", str(out)).exit_code == 0
    )
    assert read(out) == [
        ["学号", "规则集", "类别代码", "等级代码", "自", "状态"],
        ["0023010001", "lanzhou", "academic", "written", "2024-2025-1", "warned"],
        ["0023010002", "lanzhou", "academic", "written", "2024-2025-1", "lifting_proposed"],
    ]

    out = tmp_path / "outcomes.xlsx"
    assert cli(app, "review", "outcomes", "--term", "2024-2025-1", "--out", str(out)).exit_code == 0
    assert read(out) == [
        ["学号", "类别代码", "等级代码", "结果", "判定学期"],
        ["0023010001", "academic", "written", "same", "2024-2025-2"],
        ["0023010002", "academic", "written", "lifted", "2024-2025-2"],
    ]
    assert isinstance(load_workbook(out).active["A2"].value, str)  # 学号 is text


def test_outcomes_of_a_term_with_no_next_roster_are_pending(
    app, db, make, grades, lanzhou, tmp_path
):
    _college, school_class, _user = lanzhou
    student = make.student(school_class, student_no="0023010003")
    grades(student, "2024-2025-1", [("A", 4, 20, "regular")])
    publish(app, "2024-2025-1")
    make.term("2024-2025-2")
    out = tmp_path / "outcomes.xlsx"
    cli(app, "review", "outcomes", "--term", "2024-2025-1", "--out", str(out))
    assert read(out)[1] == ["0023010003", "academic", "oral", "pending", "2024-2025-2"]


@pytest.mark.parametrize(
    "args, named",
    [
        (["--term", "2030-2031-1"], "2030-2031-1"),
        (["--term", "2024-2025-3"], "2024-2025-3 is a summer term"),
        (["--college", "没有这个学院"], "没有这个学院"),
        (["--ruleset", "nosuch"], "nosuch"),
        (["--as", "nobody"], "nobody"),
        (["--as", "secretary_only"], "warnings.approve"),
        (["--as", "other_college"], "warnings.manage"),
    ],
)
def test_publish_refuses_bad_input_naming_it_and_writes_nothing(
    app, db, make, grades, lanzhou, args, named
):
    college, school_class, _user = lanzhou
    make.user("secretary_only", role="secretary", scope=college)
    make.term("2024-2025-3")
    elsewhere = make.college("别的学院")
    other = make.user("other_college", role="secretary", scope=elsewhere)
    make.grant(other, "leader", elsewhere)
    grades(make.student(school_class), "2024-2025-1", [("A", 4, 20, "regular")])
    given = {
        "--term": "2024-2025-1",
        "--college": "兰州学院",
        "--ruleset": "lanzhou",
        "--as": "publisher",
    }
    given.update(dict(zip(args[::2], args[1::2], strict=True)))
    before = db.session.query(AuditEvent).count()
    result = cli(app, "warnings", "publish", *[x for kv in given.items() for x in kv])
    assert result.exit_code == 1 and named in result.output
    assert db.session.query(Run).count() == 0
    assert db.session.query(AuditEvent).count() == before


def test_publish_without_a_college_needs_school_wide_grants(app, db, make, grades, lanzhou):
    make.term("2024-2025-1")
    result = cli(
        app,
        "warnings",
        "publish",
        "--term",
        "2024-2025-1",
        "--ruleset",
        "lanzhou",
        "--as",
        "publisher",
    )
    assert result.exit_code == 1 and "whole university" in result.output


def test_standing_and_outcomes_refuse_an_unknown_term(app, db, tmp_path):
    for group, command in (("warnings", "standing"), ("review", "outcomes")):
        result = cli(
            app, group, command, "--term", "2099-2100-1", "--out", str(tmp_path / "x.xlsx")
        )
        assert result.exit_code == 1 and "2099-2100-1" in result.output
