"""Parent contacts: list, the student's tab, record, edit with history, and the audited
view of the parents' phone numbers and addresses."""

from functools import partial

from flask import Blueprint
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.core import clock, dues, standing, student_status, support_floor
from portal.core.access import (
    can,
    require,
    roles_reaching,
    scoped_student_or_404,
)
from portal.core.audit import record_view
from portal.core.form_views import (
    after_new_record,
    commit_and_redirect,
    form_page,
)
from portal.core.htmx import render
from portal.core.i18n import _, _l
from portal.core.models import Student
from portal.core.paging import paginate
from portal.core.profile_tabs import tab_page
from portal.core.redirects import this_page
from portal.core.roles import ROLES
from portal.core.scan_views import ScannedRecordPage
from portal.core.search import searched_records
from portal.core.stepup import fresh_required
from portal.core.templating import relation_label
from portal.extensions import db

from . import records
from .forms import ContactForm
from .models import Agreement, Contact, MeetingReason, Method

bp = Blueprint("parents", __name__, template_folder="templates")
DASHBOARD_ROWS = 10
SENSITIVE_FIELDS = ["content", "parent_opinion", "parent_agrees", "meeting_reason"]


@bp.route("/")
@require("parents.view")
def index():
    query, q = searched_records(Contact, Contact.contacted_at, "parents.view")
    due = len(dues.due_for(current_user, "parent")) if can(current_user, "parents.create") else 0
    return render("parents/index.html", fragment="results", q=q, due=due, page=paginate(query))


@bp.route("/widget")
@require("parents.create")
def widget():
    return render(
        "parents/widget.html",
        fragment="widget",
        items=dues.due_for(current_user, "parent"),
        shown=DASHBOARD_ROWS,
    )


@bp.route("/due")
@require("parents.create")
def due():
    """The whole due list, fifty a page, oldest first."""
    page = student_status.due_page(dues.due_for(current_user, "parent"))
    # A contact recorded from here comes back here (the dashboard's card: to the dashboard).
    return render(
        "parents/due.html", items=page.items, page=page, shown=len(page.items), back=this_page()
    )


@bp.route("/students/<int:student_id>")
@require("parents.view")
def student_tab(student_id: int):
    student = scoped_student_or_404(student_id, "parents.view")
    return tab_page(
        "parents/student.html",
        student,
        contacts=records.contacts_of(student.id),
        guardians=records.guardians_of(student.id),
        obligations=dues.until_next(
            dues.obligations(Student.id == student.id, kind_codes={"parent"})
        ),
        standings=standing.of_student(student.id),
    )


@bp.route("/students/<int:student_id>/phones")
@require("parents.create")
@fresh_required
def phones(student_id: int):
    """Phone numbers and addresses, for the staff who make the contact: each view audited."""
    student = scoped_student_or_404(student_id, "parents.create")
    guardians = records.guardians_of(student.id)
    for guardian in guardians:
        record_view(guardian, ["phone", "address"], student_id=student.id)
    db.session.commit()
    return render("parents/phones.html", fragment="phones", student=student, guardians=guardians)


@bp.route("/students/<int:student_id>/new", methods=["GET", "POST"])
@require("parents.record")
def new(student_id: int):
    student = scoped_student_or_404(student_id, "parents.record")
    form = _setup(ContactForm(), student)
    if not form.is_submitted():
        _defaults(form, student)
    if form.validate_on_submit():
        records.create(student, form, current_user)
        return commit_and_redirect(
            _("Parent contact for %(name)s saved.", name=student.name),
            after_new_record("parents.student_tab", student.id, "parents.view"),
        )
    return form_page("parents/form.html", form, student=student, contact=None)


# The signed record is scanned and kept (lzut §四.10 经家长确认、签字后存档); it prints on one
# A4 page with signature lines (学业预警家长谈话记录表).
CONTACT_PAGE = ScannedRecordPage(
    Contact,
    bp.name,
    "contact",
    attach_permission="parents.record",
    read_permission="parents.view",
    attached=_l("The scan is attached to the parent contact record."),
    tab_link=_l("All contacts for this student"),
    print_link=_l("Print the contact record"),
    title=_l("Parent contact record"),
    back_label=_l("Back to the parent contact"),
    editable=records.EDITABLE,
    update=records.update,
    sensitive=SENSITIVE_FIELDS,
)
CONTACT_PAGE.add_routes(bp)


@bp.route("/<int:contact_id>/edit", methods=["GET", "POST"])
@require("parents.record")
def edit(contact_id: int):
    record = CONTACT_PAGE.to_change(contact_id)
    form = _setup(ContactForm(obj=record), record.student, record)
    if not form.is_submitted():
        form.guardian.data = str(record.guardian_id) if record.guardian_id else "other"
        form.contacted_on.data = record.contacted_at.date()
        form.contacted_time.data = record.contacted_at.time()
    page = partial(form_page, "parents/form.html", form, student=record.student, contact=record)
    return CONTACT_PAGE.answer_edit(
        record, form, page, _("Parent contact updated; the earlier version is kept in its history.")
    )


def _setup(form: ContactForm, student: Student, record: Contact | None = None) -> ContactForm:
    guardians = records.guardians_of(student.id)
    form.guardian.choices = [
        SelectChoice(
            str(g.id),
            _("%(name)s (%(relation)s)", name=g.name, relation=relation_label(g.relation) or "—"),
        )
        for g in guardians
    ] + [SelectChoice("other", _("someone else"))]
    form.method.choices = Method.choices()
    form.parent_agrees.choices = Agreement.choices(blank="—")
    form.meeting_reason.choices = MeetingReason.choices(blank="—")
    roles = roles_reaching(current_user, student, records.CONTACT_ROLES) or list(
        records.CONTACT_ROLES
    )
    if record and record.made_by_role not in roles:
        roles.append(record.made_by_role)
    form.made_by_role.choices = [SelectChoice(r, str(ROLES[r])) for r in roles]
    if form.is_submitted():
        kept = record.contacted_at.date() if record else None
        form.floor = support_floor.of_student(student, kept=kept)
    return form


def _defaults(form: ContactForm, student: Student) -> None:
    form.contacted_on.data = clock.today()
    form.made_by.data = current_user.name
    form.method.data = "phone"
    form.made_by_role.data = (
        form.made_by_role.choices[0].value if form.made_by_role.choices else None
    )
    guardians = records.guardians_of(student.id)
    form.guardian.data = str(guardians[0].id) if guardians else "other"
