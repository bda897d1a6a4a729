"""学业警示学生名单汇总表: the roster as a printable workbook (warning-rules.md §4)."""

from __future__ import annotations

from io import BytesIO

from flask_babel import force_locale
from sqlalchemy import select

from portal.core.export import Sheet, workbook_bytes
from portal.core.i18n import pick
from portal.core.models import Term
from portal.extensions import db

from .explain import catalogue_of, reasons
from .models import Run, Warning

# The order and names are the contract (warning-rules.md §4): scripts and outside tests
# read this file. The codes come before the words because files are matched on them (the
# `warnings standing` and `review outcomes` files carry only codes; names are localised
# and a college may rename them).
HEADERS = [
    "学号",
    "姓名",
    "班级",
    "学年学期",
    "规则集",
    "类别代码",
    "等级代码",
    "类别",
    "等级",
    "原因",
]
WIDTHS = [14, 10, 16, 13, 10, 12, 12, 14, 14, 60]


def roster_workbook(query, term: Term) -> tuple[BytesIO, int]:
    """One row per student and warned category; `query` selects Warning rows."""
    warnings = db.session.scalars(query).unique().all()
    runs = {
        run.id: run
        for run in db.session.scalars(select(Run).where(Run.id.in_({w.run_id for w in warnings})))
    }
    catalogues = {run_id: catalogue_of(run.ruleset_snapshot) for run_id, run in runs.items()}
    rows = []
    for warning in warnings:
        info = catalogues[warning.run_id].get((warning.category, warning.level))
        rows.append(
            [
                warning.student.student_no,
                warning.student.name,
                warning.student.school_class.name,
                term.code,
                runs[warning.run_id].ruleset_code,
                warning.category,
                warning.level,
                pick(info.category_names) if info else warning.category,
                pick(info.names) if info else warning.level,
                reasons(warning),
            ]
        )
    return workbook_bytes([Sheet("学业警示学生名单汇总表", HEADERS, rows, WIDTHS)]), len(rows)


def latest_run_workbook(term: Term) -> tuple[BytesIO, int]:
    """The term's latest run, whatever earlier runs held (the CLI contract)."""
    run = db.session.scalar(select(Run).where(Run.term_id == term.id).order_by(Run.id.desc()))
    query = (
        select(Warning)
        .where(Warning.run_id == (run.id if run else -1))
        .join(Warning.student)
        .order_by(Warning.student_id, Warning.category)
    )
    with force_locale("zh_CN"):
        return roster_workbook(query, term)
