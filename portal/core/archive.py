"""One student's archive (一生一档): every profile tab on one page, and one workbook with a
sheet per record type. Modules add themselves through the contract (profile tabs and
`archive_sheets`), so a new module's records appear without a change here."""

from __future__ import annotations

from io import BytesIO

from flask import current_app
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from .access import can
from .export import Column, Sheet, sheet_of, workbook_bytes
from .fragments import render_fragment
from .i18n import _
from .models import GradeRecord, Student, Term
from .templating import profile_tabs


def sections(student: Student) -> list[tuple[object, object]]:
    """(label, html) of the basic information and each tab the user may see."""
    basic = (_("Basic information"), render_fragment("students.profile", student_id=student.id))
    return [basic] + [
        (tab.label, render_fragment(tab.endpoint, student_id=student.id))
        for tab in profile_tabs(student)
    ]


def _basic(student: Student) -> Sheet:
    columns = [
        Column(_("Student number"), 14, lambda s: s.student_no),
        Column(_("Name"), 10, lambda s: s.name),
        Column(_("Gender"), 6, lambda s: s.gender or ""),
        Column(_("Year"), 6, lambda s: s.grade_year or ""),
        Column(_("College"), 16, lambda s: s.college.name),
        Column(_("Major"), 16, lambda s: s.major.name),
        Column(_("Class"), 16, lambda s: s.school_class.name),
        Column(_("Status"), 10, lambda s: s.status),
    ]
    return sheet_of(_("Basic information"), columns, [student])


def _transcript(student: Student) -> Sheet:
    columns = [
        Column(_("Term"), 13, lambda row: row[1]),
        Column(_("Course code"), 12, lambda row: row[0].course_code),
        Column(_("Course"), 24, lambda row: row[0].course_name),
        Column(_("Credits"), 6, lambda row: float(row[0].credits)),
        Column(_("Exam"), 8, lambda row: row[0].kind),
        Column(_("Score"), 8, lambda row: row[0].score_text),
        Column(_("Result"), 8, lambda row: _("passed") if row[0].passed else _("failed")),
    ]
    records = db.session.execute(
        select(GradeRecord, Term.code)
        .join(Term)
        .where(GradeRecord.student_id == student.id)
        .order_by(Term.start_year, Term.n, GradeRecord.course_code)
    )
    return sheet_of(_("Transcript"), columns, records)


def _family(student: Student) -> Sheet:
    headers = [
        _("Family situation"),
        _("Parent or guardian"),
        _("Relation"),
        _("Phone"),
        _("Address"),
    ]
    rows = [
        [student.family_situation or "", g.name, g.relation or "", g.phone or "", g.address or ""]
        for g in student.guardians
    ] or [[student.family_situation or "", "", "", "", ""]]
    return Sheet(_("Family and parent contacts"), headers, rows, [30, 12, 8, 14, 30])


def workbook(student: Student) -> tuple[BytesIO, int]:
    sheets = [_basic(student), _transcript(student)]
    if can(current_user, "students.view_sensitive"):
        sheets.append(_family(student))
    modules = current_app.extensions["portal.modules"].modules
    # In the order of the profile tabs, and only the modules whose tab this user may open.
    for name in dict.fromkeys(tab.endpoint.split(".")[0] for tab in profile_tabs(student)):
        module = modules.get(name)
        if module and module.archive_sheets:
            sheets.extend(module.archive_sheets(student))
    sheets = [Sheet(s.title, s.headers, list(s.rows), s.widths) for s in sheets]
    return workbook_bytes(sheets), sum(len(s.rows) for s in sheets)
