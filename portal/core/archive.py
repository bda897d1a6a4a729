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
from .export import Sheet, workbook_bytes
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
    headers = [
        _("Student number"),
        _("Name"),
        _("Gender"),
        _("Year"),
        _("College"),
        _("Major"),
        _("Class"),
        _("Status"),
    ]
    row = [
        student.student_no,
        student.name,
        student.gender or "",
        student.grade_year or "",
        student.college.name,
        student.major.name,
        student.school_class.name,
        student.status,
    ]
    return Sheet(_("Basic information"), headers, [row], [14, 10, 6, 6, 16, 16, 16, 10])


def _transcript(student: Student) -> Sheet:
    headers = [
        _("Term"),
        _("Course code"),
        _("Course"),
        _("Credits"),
        _("Exam"),
        _("Score"),
        _("Result"),
    ]
    rows = [
        [
            code,
            r.course_code,
            r.course_name,
            float(r.credits),
            r.kind,
            r.score_text,
            _("passed") if r.passed else _("failed"),
        ]
        for r, code in db.session.execute(
            select(GradeRecord, Term.code)
            .join(Term)
            .where(GradeRecord.student_id == student.id)
            .order_by(Term.start_year, Term.n, GradeRecord.course_code)
        )
    ]
    return Sheet(_("Transcript"), headers, rows, [13, 12, 24, 6, 8, 8, 8])


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
