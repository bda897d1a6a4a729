"""Student list and profile (tabs come from the modules), and the audited sensitive view."""

from flask import Blueprint, request, send_file
from sqlalchemy import and_, select

from ...extensions import db
from .. import audit
from ..access import require, scoped_student_or_404, student_scope
from ..accounts import create_accounts, password_sheet, students_without_account
from ..export import XLSX_MIMETYPE
from ..htmx import render
from ..models import SchoolClass, Student
from ..search import search_term, student_matches
from ..stepup import fresh_required

bp = Blueprint("students", __name__, url_prefix="/students")


@bp.route("/")
@require("students.view")
def index():
    query = select(Student).where(student_scope("students.view"))
    search = search_term()
    if search:
        query = query.where(student_matches(search))
    page = db.paginate(query.order_by(Student.student_no), per_page=50, max_per_page=200)
    return render("students/index.html", fragment="results", page=page, q=search)


@bp.route("/<int:student_id>")
@require("students.view")
def profile(student_id: int):
    student = scoped_student_or_404(student_id, "students.view")
    return render("students/profile.html", fragment="tab", student=student, active="profile")


@bp.route("/<int:student_id>/family")
@require("students.view_sensitive")
@fresh_required
def family(student_id: int):
    """Family situation and parent contacts: shown on request, each view audited."""
    student = scoped_student_or_404(student_id, "students.view_sensitive")
    audit.record_view(student, ["family_situation", "phone", "guardians"])
    db.session.commit()
    return render("students/family.html", fragment="family", student=student)


@bp.route("/accounts", methods=["GET", "POST"])
@require("students.accounts")
def accounts():
    """Create accounts for a class's students; the initial passwords download once, as .xlsx."""
    classes = _classes_in_scope("students.accounts")
    chosen = request.values.get("class_id", type=int)
    if chosen not in {c.id for c in classes}:
        chosen = None  # another college's class (or none): never "every class in scope"
    scope = student_scope("students.accounts")
    if chosen:
        scope = and_(scope, Student.class_id == chosen)
    waiting = students_without_account(scope) if chosen else []
    if request.method == "POST" and waiting:
        created = create_accounts(waiting)
        db.session.commit()
        return send_file(password_sheet(created), mimetype=XLSX_MIMETYPE, as_attachment=True,
                         download_name=f"initial-passwords-{chosen}.xlsx")
    return render("students/accounts.html", classes=classes, chosen=chosen, waiting=waiting)


def _classes_in_scope(permission: str) -> list[SchoolClass]:
    class_ids = select(Student.class_id).where(student_scope(permission)).distinct()
    return list(db.session.scalars(
        select(SchoolClass).where(SchoolClass.id.in_(class_ids)).order_by(SchoolClass.name)))
