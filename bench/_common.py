"""What several benches do alike: read the database straight, start a fresh one, write a
grades workbook, read their command line."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The columns a grades import needs, named as the portal reads them first.
GRADE_FIELDS = (
    *("student_no", "name", "term", "course_code"),
    *("course_name", "credits", "score", "exam_type"),
)


def grade_headers(*fields: str) -> list[str]:
    """The Chinese header of each grades-import field (portal/core/grades_import.py)."""
    from portal.core.grades_import import COLUMNS

    return [COLUMNS[field][0] for field in fields]


def grades_workbook(rows):
    """A write-only workbook: the header of GRADE_FIELDS, then `rows` (saved by the caller)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(grade_headers(*GRADE_FIELDS))
    for row in rows:
        sheet.append(row)
    return book


def rows(url: str, statement: str, **params) -> list:
    """Every row `statement` returns from the database at `url` (a connection of its own)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(statement), params).all()
    finally:
        engine.dispose()


def value(url: str, statement: str, **params):
    """The first value of the first row `statement` returns; None when there is none."""
    found = rows(url, statement, **params)
    return found[0][0] if found else None


def student_numbers(url: str) -> list[str]:
    return [number for (number,) in rows(url, "SELECT student_no FROM core_student")]


def init_db(env: dict) -> None:
    """An empty portal schema in the database `env` names."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "portal", "init-db"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def arguments(count: str, default: int) -> argparse.Namespace:
    """--db (a PostgreSQL URL; SQLite otherwise) and --`count`: how many the bench makes."""
    parser = argparse.ArgumentParser()
    parser.add_argument(f"--{count}", type=int, default=default)
    parser.add_argument("--db")
    return parser.parse_args()
