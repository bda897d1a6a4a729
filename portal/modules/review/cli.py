"""`flask review outcomes --term T --out outcomes.xlsx` (warning-rules.md §6): the outcome at
next(T) of every warning standing at T, one row per student and category."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select, true

from portal.core import standing
from portal.core.export import Sheet, workbook_bytes
from portal.core.models import Student, Term
from portal.extensions import db

review_cli = AppGroup("review", help="The effectiveness review from the command line.")
OUTCOME_HEADERS = ["学号", "类别代码", "等级代码", "结果", "判定学期"]


def outcome_rows(term: Term) -> list[list[str]]:
    """学号, 类别代码, 等级代码, 结果, 判定学期 (next(T); empty when there is none yet)."""
    rows = standing.cohort(term.id, true())
    numbers = dict(
        db.session.execute(
            select(Student.id, Student.student_no).where(
                Student.id.in_({r.student_id for r in rows})
            )
        ).all()
    )
    return sorted(
        (
            [numbers[r.student_id], r.category, r.level, r.outcome, r.judged_term or ""]
            for r in rows
        ),
        key=lambda row: (row[0], row[1]),
    )


@review_cli.command("outcomes")
@click.option("--term", "term_code", required=True, help="e.g. 2024-2025-1")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True))
def outcomes_command(term_code: str, out: str):
    """Write each warning at the term and its outcome at the next evaluation term."""
    term = db.session.scalar(select(Term).where(Term.code == term_code))
    if term is None:
        raise click.ClickException(f"unknown term {term_code}")
    rows = outcome_rows(term)
    book = workbook_bytes([Sheet("outcomes", OUTCOME_HEADERS, rows, [14, 12, 12, 12, 13])])
    with open(out, "wb") as handle:
        handle.write(book.getvalue())
    click.echo(f"{len(rows)} rows written to {out}")
