"""`flask warnings compute --term T --ruleset CODE` and `flask warnings export --term T --out F`."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal.core.models import Term
from portal.extensions import db

from . import rulesets
from .compute import ComputeError, compute_run
from .export import latest_run_workbook

warnings_cli = AppGroup("warnings", help="Compute and export the academic-warning roster.")


def _term(code: str) -> Term:
    term = db.session.scalar(select(Term).where(Term.code == code))
    if term is None:
        raise click.ClickException(f"no grades for term {code} (unknown term)")
    return term


@warnings_cli.command("compute")
@click.option("--term", "term_code", required=True, help="e.g. 2024-2025-2")
@click.option("--ruleset", "code", default=None, help="preset or saved ruleset code")
@click.option("--college", "college_id", type=int, default=None, help="only this college's students")
def compute_command(term_code: str, code: str | None, college_id: int | None):
    """Make a new run for the term."""
    term = _term(term_code)
    code = code or (rulesets.college_ruleset_code(college_id) if college_id
                    else rulesets.DEFAULT_CODE)
    try:
        ruleset = rulesets.load(code)
        run = compute_run(term, ruleset, college_id=college_id)
    except rulesets.UnknownRuleset:
        raise click.ClickException(f"unknown ruleset {code}") from None
    except ComputeError:
        raise click.ClickException(f"{term_code} is a summer term; summer terms are never "
                                   "evaluated") from None
    db.session.commit()
    if run.skip_reason:
        click.echo(f"run {run.id}: no roster for {term_code}: {run.skip_reason}")
    else:
        warned = len({w for w in run_warning_students(run.id)})
        click.echo(f"run {run.id}: {run.evaluated} students evaluated, {warned} warned")


def run_warning_students(run_id: int):
    from .models import Warning

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
