"""`flask warnings compute --term T --ruleset CODE`, `flask warnings export --term T --out F`,
and the commands of warning-rules.md §6: `warnings publish` (compute, submit and approve in
one step as a named user) and `warnings standing` (who stands warned at T, as .xlsx)."""

from __future__ import annotations

import click
from flask import g
from flask.cli import AppGroup
from sqlalchemy import select

from portal.core.access import for_college, school_wide
from portal.core.export import Sheet, workbook_bytes
from portal.core.models import College, Term, User
from portal.core.numbers import as_id
from portal.extensions import db

from . import rulesets
from .compute import ComputeError, compute_run
from .export import latest_run_workbook
from .lifecycle import transition
from .models import Warning
from .standing import standing_rows

warnings_cli = AppGroup("warnings", help="Compute and export the academic-warning roster.")


def _term(code: str) -> Term:
    term = db.session.scalar(select(Term).where(Term.code == code))
    if term is None:
        raise click.ClickException(f"no grades for term {code} (unknown term)")
    return term


def _evaluated_term(code: str) -> Term:
    """The term to compute, refused before anything is written if it is a summer term."""
    term = _term(code)
    if term.is_summer:
        raise click.ClickException(_summer(code))
    return term


def _summer(term_code: str) -> str:
    return f"{term_code} is a summer term; summer terms are never evaluated"


def _ruleset(code: str):
    try:
        return rulesets.load(code)
    except rulesets.UnknownRuleset:
        raise click.ClickException(f"unknown ruleset {code}") from None


def _college(code: str) -> College:
    """A college by its name (the 学院 of the student roster) or its id."""
    college = db.session.scalar(select(College).where(College.name == code))
    college_id = as_id(code)
    if college is None and college_id is not None:
        college = db.session.get(College, college_id)
    if college is None:
        raise click.ClickException(f"unknown college {code}")
    return college


college_option = click.option(
    "--college",
    "college_code",
    default=None,
    help="the college's name (or id); without it, every student",
)


@warnings_cli.command("compute")
@click.option("--term", "term_code", required=True, help="e.g. 2024-2025-2")
@click.option("--ruleset", "code", default=None, help="preset or saved ruleset code")
@college_option
def compute_command(term_code: str, code: str | None, college_code: str | None):
    """Make a new run for the term."""
    term = _evaluated_term(term_code)
    college_id = _college(college_code).id if college_code else None
    ruleset = _ruleset(rulesets.chosen_code(code, college_id))
    try:
        run = compute_run(term, ruleset, college_id=college_id)
    except ComputeError as refused:
        raise click.ClickException(_refusal(refused, term_code, college_code)) from None
    db.session.commit()
    if run.skip_reason:
        click.echo(f"run {run.id}: no roster for {term_code}: {run.skip_reason}")
    else:
        warned = len({w for w in run_warning_students(run.id)})
        click.echo(f"run {run.id}: {run.evaluated} students evaluated, {warned} warned")


def _refusal(refused: ComputeError, term_code: str, college: str | int | None) -> str:
    """The command's words for a refused computation (exit 1): a summer term, or a term
    nobody (of the college) has grades in, worded as an unknown term is ("no grades for
    term …")."""
    if str(refused) == "no_grades":
        whose = f" of college {college}" if college else ""
        return (
            f"no grades for term {term_code}: no student{whose} has a regular attempt in it; "
            "import the term's grades first"
        )
    return _summer(term_code)


def run_warning_students(run_id: int):
    return db.session.scalars(select(Warning.student_id).where(Warning.run_id == run_id))


@warnings_cli.command("export")
@click.option("--term", "term_code", required=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True))
def export_command(term_code: str, out: str):
    """Write the warnings of the term's latest run as 学业警示学生名单汇总表.xlsx."""
    book, count = latest_run_workbook(_term(term_code))
    with open(out, "wb") as handle:
        handle.write(book.getvalue())
    click.echo(f"{count} rows written to {out}")


PUBLISH_PERMISSIONS = ("warnings.manage", "warnings.approve")
STANDING_HEADERS = ["学号", "规则集", "类别代码", "等级代码", "自", "状态"]


@warnings_cli.command("publish")
@click.option("--term", "term_code", required=True, help="e.g. 2024-2025-2")
@college_option
@click.option("--ruleset", "code", required=True, help="preset or saved ruleset code")
@click.option(
    "--as",
    "username",
    required=True,
    help="who computes, submits and approves (needs both permissions in scope)",
)
def publish_command(term_code: str, college_code: str | None, code: str, username: str):
    """Compute, submit and approve a term's roster in one step (warning-rules.md §6)."""
    term = _evaluated_term(term_code)
    college = _college(college_code) if college_code else None
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"unknown user {username}")
    ruleset = _ruleset(code)
    where = f"college {college.name}" if college else "the whole university"
    for permission in PUBLISH_PERMISSIONS:
        if not (
            for_college(permission, college.id, user) if college else school_wide(permission, user)
        ):
            raise click.ClickException(
                f"user {username} lacks the permission {permission} for {where}"
            )
    g.cli_user = user  # audited as that user, through the command line
    try:
        try:
            run = compute_run(
                term, ruleset, college_id=college.id if college else None, user_id=user.id
            )
        except ComputeError as refused:
            db.session.rollback()
            raise click.ClickException(
                _refusal(refused, term_code, college.name if college else None)
            ) from None
        transition(run, "submit", user_id=user.id)
        transition(run, "approve", user_id=user.id)
        db.session.commit()
    finally:
        g.cli_user = None
    warned = len(set(run_warning_students(run.id)))
    click.echo(
        f"run {run.id} published for {term_code} ({where}) as {username}: "
        f"{run.evaluated} students evaluated, {warned} warned"
    )


@warnings_cli.command("standing")
@click.option("--term", "term_code", required=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True))
def standing_command(term_code: str, out: str):
    """Write who stands warned at the term (学号, 规则集, 类别代码, 等级代码, 自, 状态)."""
    rows = standing_rows(_term(term_code).id)
    book = workbook_bytes([Sheet("standing", STANDING_HEADERS, rows, [14, 10, 12, 12, 13, 18])])
    with open(out, "wb") as handle:
        handle.write(book.getvalue())
    click.echo(f"{len(rows)} rows written to {out}")
