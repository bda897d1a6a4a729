"""Hours: per volunteer certified, countable and pending; certify a term (locked; a later run
certifies the hours checked since); export for the volunteer-credit system; print a
certificate."""

from flask import flash, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.core import clock
from portal.core.access import require, student_record_or_404, student_scope
from portal.core.export import Sheet, checked_first, download, workbook_bytes
from portal.core.form_views import attempt
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import _, ngettext
from portal.core.models import Student, Term
from portal.core.numbers import as_id
from portal.core.templating import term_label
from portal.extensions import db

from . import hours as hour_service
from .forms import CertifyForm
from .models import Certification, Volunteer
from .views import bp, own_volunteer


def _volunteers_in_scope() -> list[Volunteer]:
    return list(
        db.session.scalars(
            select(Volunteer)
            .join(Volunteer.student)
            .where(student_scope("peer_help.manage"), Volunteer.state.in_(("active", "retired")))
            .order_by(Student.student_no)
        )
    )


def _certify_form() -> CertifyForm:
    form = CertifyForm()
    terms = db.session.scalars(select(Term).order_by(Term.start_year.desc(), Term.n.desc()))
    form.term.choices = [SelectChoice(str(t.id), term_label(t.code)) for t in terms]
    if not form.is_submitted():
        form.until.data = clock.today()
    return form


@bp.route("/hours")
@require("peer_help.manage")
def hours():
    volunteers = _volunteers_in_scope()
    certified = list(
        db.session.scalars(
            select(Certification)
            .where(Certification.volunteer_id.in_([v.id for v in volunteers]))
            .order_by(Certification.certified_at.desc())
        )
    )
    return render(
        "peer_help/hours.html",
        tallies=hour_service.tallies(volunteers),
        certified=certified,
        form=_certify_form(),
        as_hours=hour_service.hours,
    )


@bp.route("/hours/certify", methods=["POST"])
@require("peer_help.manage")
def certify():
    form = _certify_form()
    term_id = as_id(form.term.data)
    term = db.session.get(Term, term_id) if term_id is not None else None
    if not form.validate_on_submit() or term is None:
        flash(_("Choose the term and the last day to count."), "error")
        return hx_redirect(url_for("peer_help.hours"))
    return attempt(
        lambda: hour_service.certify(
            term, form.until.data, _volunteers_in_scope(), current_user.id
        ),
        hour_service.CertifiedMeanwhile,
        done=_certified,
        url=url_for("peer_help.hours"),
        why=lambda _problem: _(
            "Someone certified some of these hours just now; nothing was changed. Look at the "
            "hours below, then certify again if any are left."
        ),
        undo=True,
    )


def _certified(made: list[Certification]) -> str:
    if not made:
        return _(
            "No hours to certify: no session of this term up to that day is checked and not "
            "yet certified."
        )
    return ngettext(
        "%(num)d volunteer's hours certified.", "%(num)d volunteers' hours certified.", len(made)
    )


@bp.route("/hours/<int:term_id>.xlsx")
@require("peer_help.manage")
@checked_first
def export(term_id: int):
    term = db.get_or_404(Term, term_id)
    rows = [
        [
            c.volunteer.student.student_no,
            c.volunteer.student.name,
            c.volunteer.student.school_class.name,
            float(hour_service.hours(c.minutes)),
            c.sessions,
            clock.day_of(c.certified_at).isoformat(),  # the college's day, as the certificate
            c.number,
        ]
        for c in db.session.scalars(
            select(Certification)
            .join(Certification.volunteer)
            .join(Volunteer.student)
            .where(Certification.term_id == term.id, student_scope("peer_help.manage"))
            .order_by(Student.student_no, Certification.id)
        )
    ]
    sheet = Sheet(
        _("Volunteer hours"),
        [
            _("Student number"),
            _("Name"),
            _("Class"),
            _("Certified hours"),
            _("Sessions"),
            _("Certified on"),
            _("Certificate number"),
        ],
        rows,
        [14, 10, 16, 10, 8, 12, 14],
    )
    return download(
        workbook_bytes([sheet]),
        f"volunteer-hours-{term.code}.xlsx",
        what="VolunteerHours",
        rows=len(rows),
    )


@bp.route("/certificates/<int:certification_id>")
@require("peer_help.view")
def certificate(certification_id: int):
    record = db.get_or_404(Certification, certification_id)
    mine = own_volunteer()
    own = bool(mine and mine.id == record.volunteer_id)
    if not own:
        student_record_or_404(Volunteer, record.volunteer_id, "peer_help.manage")
    return render(
        "peer_help/certificate.html",
        certification=record,
        hours=hour_service.hours(record.minutes),
        earlier=hour_service.earlier_of(record),  # a further certificate of the term names them
        own=own,  # where its screen-only link leads back: their peer-help page, or the hours
    )
