"""Student list and profile (tabs come from the modules), and the audited sensitive view."""

from flask import Blueprint, request
from sqlalchemy import or_, select

from ...extensions import db
from .. import audit
from ..access import require, scoped_student_or_404, student_scope
from ..htmx import render
from ..models import Student

bp = Blueprint("students", __name__, url_prefix="/students")


@bp.route("/")
@require("students.view")
def index():
    query = select(Student).where(student_scope("students.view"))
    search = request.args.get("q", "").strip()[:40]
    if search:
        query = query.where(or_(Student.student_no.startswith(search),
                                Student.name.contains(search)))
    page = db.paginate(query.order_by(Student.student_no), per_page=50, max_per_page=200)
    return render("students/index.html", fragment="results", page=page, q=search)


@bp.route("/<int:student_id>")
@require("students.view")
def profile(student_id: int):
    student = scoped_student_or_404(student_id, "students.view")
    return render("students/profile.html", fragment="tab", student=student, active="profile")


@bp.route("/<int:student_id>/family")
@require("students.view_sensitive")
def family(student_id: int):
    """Family situation and parent contacts: shown on request, each view audited."""
    student = scoped_student_or_404(student_id, "students.view_sensitive")
    audit.record_view(student, ["family_situation", "phone", "guardians"])
    db.session.commit()
    return render("students/family.html", fragment="family", student=student)
