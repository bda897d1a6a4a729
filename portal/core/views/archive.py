"""The archive page (print-ready) and its workbook; both audited."""

from flask import Blueprint

from ...extensions import db
from .. import archive, audit
from ..access import require, scoped_student_or_404
from ..export import checked_first, download
from ..htmx import render

bp = Blueprint("archive", __name__, url_prefix="/students")


@bp.route("/<int:student_id>/archive")
@require("students.archive")
def page(student_id: int):
    student = scoped_student_or_404(student_id, "students.archive")
    parts = archive.sections(student)
    audit.record("archive_view", object_type="Student", object_id=student.id, student_id=student.id)
    db.session.commit()
    return render("students/archive.html", student=student, parts=parts)


@bp.route("/<int:student_id>/archive.xlsx")
@require("students.archive")
@checked_first
def export(student_id: int):
    student = scoped_student_or_404(student_id, "students.archive")
    book, rows = archive.workbook(student)
    return download(
        book,
        f"archive-{student.student_no}.xlsx",
        what="Student",
        rows=rows,
        action="archive_export",
        object_id=student.id,
        student_id=student.id,
    )
