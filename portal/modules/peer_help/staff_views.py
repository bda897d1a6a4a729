"""Staff: volunteers (select, train, retire, commend, stipend details) and pairings (propose
with suggestions, decide each stage of the approval chain)."""

from flask import abort, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select
from wtforms.fields.choices import SelectChoice

from portal.core import clock
from portal.core.access import (
    chosen_college_or_404,
    in_scope,
    require,
    scoped_student_or_404,
    student_record_or_404,
    student_scope,
    whole_colleges,
)
from portal.core.audit import record_view_now
from portal.core.errors import error_page
from portal.core.form_views import commit_and_redirect, form_page
from portal.core.htmx import render, shown_at
from portal.core.i18n import _
from portal.core.numbers import whole_number
from portal.core.profile_tabs import tab_page
from portal.core.stepup import confirm_first, fresh
from portal.extensions import db

from . import courses, mentee, pairings, problems, volunteers
from .binder import agreement_page
from .forms import CommendForm, DecisionForm, PairingForm, SettingForm, TrainingForm
from .labels import pairing_state
from .models import Mentee, Pairing, PeerSetting, Volunteer
from .views import bp


@bp.route("/volunteers/<int:volunteer_id>")
@require("peer_help.staff")
def volunteer(volunteer_id: int):
    record = student_record_or_404(Volunteer, volunteer_id, "peer_help.staff")
    show_bank = _sees_bank(record) and request.args.get("bank") == "1"
    if show_bank and not fresh():
        return confirm_first()
    if show_bank:
        record_view_now(record, ["bank_account"], student_id=record.student_id)
    return _volunteer_page(record, show_bank=show_bank)


def _sees_bank(record: Volunteer) -> bool:
    """The stipend account is shown to who holds peer_help.payments over this volunteer."""
    return in_scope(record.student, "peer_help.payments")


def _volunteer_page(
    record: Volunteer,
    *,
    show_bank: bool = False,
    error: str | None = None,
    training=None,
    commend: CommendForm | None = None,
):
    """The volunteer's page; with a form sent back (`training` with `error`, or `commend`
    with its field's error), 422."""
    return render(
        "peer_help/volunteer.html",
        volunteer=record,
        show_bank=show_bank,
        sees_bank=_sees_bank(record),
        masked=volunteers.masked(record.bank_account),
        warned=volunteers.warned_levels(record.student_id),
        # Selected before, warned now: their staff see it and decide (never the mentees).
        warned_now=_warned_volunteer(record),
        error=error,
        training=training or TrainingForm(data={"held_on": clock.today()}),
        commend=commend or CommendForm(data={"note": record.commended_note}),
        http_status=422 if error or (commend and commend.errors) else 200,
    )


@bp.route("/volunteers/<int:volunteer_id>/<any(active, declined, retired):state>", methods=["POST"])
@require("peer_help.manage")
def decide_volunteer(volunteer_id: int, state: str):
    record, url = _managed_volunteer(volunteer_id)
    if state == "active" and volunteers.warned_levels(record.student_id):
        return _volunteer_page(
            record,
            error=_(
                "%(name)s holds an academic warning and cannot be selected as a volunteer: a "
                "warned student is helped, not asked to help. Nothing was changed.",
                name=record.student.name,
            ),
        )
    volunteers.decide(record, state, current_user.id)
    return commit_and_redirect(_("Saved."), url)


def _managed_volunteer(volunteer_id: int) -> tuple[Volunteer, str]:
    """The volunteer a manager changes, and their page to go back to."""
    record = student_record_or_404(Volunteer, volunteer_id, "peer_help.manage")
    return record, url_for("peer_help.volunteer", volunteer_id=record.id)


@bp.route("/volunteers/<int:volunteer_id>/training", methods=["POST"])
@require("peer_help.manage")
def add_training(volunteer_id: int):
    record, url = _managed_volunteer(volunteer_id)
    form = TrainingForm()
    if form.validate_on_submit():
        volunteers.add_training(record, form.held_on.data, form.topic.data.strip())
        return commit_and_redirect(_("Training recorded."), url)
    # The page again, as typed, with why (422): a date before the floor names itself.
    problems = [message for errors in form.errors.values() for message in errors]
    missing = not (form.held_on.data and (form.topic.data or "").strip())
    error = _("Give the date and the training.") if missing else str(problems[0])
    return shown_at(_volunteer_page(record, error=error, training=form), url)


@bp.route("/volunteers/<int:volunteer_id>/commend", methods=["POST"])
@require("peer_help.manage")
def commend(volunteer_id: int):
    record, url = _managed_volunteer(volunteer_id)
    form = CommendForm()
    if form.validate_on_submit():
        record.commended_note = (form.note.data or "").strip() or None
        return commit_and_redirect(_("Saved."), url)
    return shown_at(_volunteer_page(record, commend=form), url)  # too long: as typed, why


@bp.route("/pairings/new/<int:student_id>", methods=["GET", "POST"])
@require("peer_help.manage")
def new_pairing(student_id: int):
    """Propose a pairing: a suggested volunteer, what to work on (none ticked at first: the
    volunteer sees what is ticked, so only what they will tutor is named), the plan. The
    page says who is asked next."""
    student = scoped_student_or_404(student_id, "peer_help.manage")
    offered = courses.offered_for(student)
    form = PairingForm()
    form.courses.choices = [SelectChoice(c.name, _course_label(c)) for c in offered]
    found = pairings.suggestions(student, [c.name for c in offered])
    suggested = [s for s in found if not s.warned]
    held_back = [s for s in found if s.warned]
    form.volunteer.choices = [
        SelectChoice(str(s.volunteer.id), s.volunteer.student.name) for s in suggested
    ]
    if not form.is_submitted():
        today = clock.today()
        form.starts_on.data = today
        form.ends_on.data = today.replace(
            year=today.year + (today.month > 6), month=1 if today.month > 6 else 7, day=15
        )
    form.validate_on_submit()  # the fields' own errors; the pairing's rules join them
    chosen = next(
        (s.volunteer for s in suggested if str(s.volunteer.id) == form.volunteer.data), None
    )
    if form.is_submitted() and not _pairing_errors_shown(form, chosen, student):
        pairing = pairings.create(
            chosen,
            [student],
            courses=courses.chosen(form.courses.data, form.topic.data),
            difficulty=form.difficulty.data,
            plan=form.plan.data,
            contact=form.contact.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            user_id=current_user.id,
        )
        return commit_and_redirect(
            _("Pairing proposed; it now goes to the class advisor for an opinion.")
            if pairing.state == "advisor"
            else _(
                "Pairing proposed; the class has no class advisor, so it goes to the "
                "college for review."
            ),
            url_for("peer_help.pairing", pairing_id=pairing.id),
        )
    return form_page(
        "peer_help/pairing_new.html",
        form,
        student=student,
        suggested=suggested,
        held_back=held_back,
        advisors=pairings.advisors_of([student]),
        school_review=pairings.setting_of(student.college_id).school_review,
    )


PAIRING_PROBLEMS = {
    "end_before_start": lambda p: _("The pairing must end on or after the day it starts."),
    "same_pair": lambda p: _(
        "%(volunteer)s is already paired with %(student)s: that pairing is %(state)s (%(starts)s "
        "to %(ends)s). Open it from the student's page instead of proposing it again.",
        volunteer=p["pairing"].volunteer.student.name,
        student=_(", ").join(m.student.name for m in p["pairing"].mentees),
        state=pairing_state(p["pairing"]),
        starts=p["pairing"].starts_on,
        ends=p["pairing"].ends_on,
    ),
    "starts_early": lambda p: _(
        "A pairing starts within the term under way: not before %(day)s.", day=p["day"]
    ),
    "ends_late": lambda p: _(
        "A pairing ends by the end of the next term: not after %(day)s. If help is still "
        "needed then, propose the pairing again.",
        day=p["day"],
    ),
}
PAIRING_PROBLEM_FIELDS = {
    "end_before_start": "ends_on",
    "same_pair": "volunteer",
    "starts_early": "starts_on",
    "ends_late": "ends_on",
}


def _pairing_errors_shown(form: PairingForm, chosen, student) -> bool:
    """Each rule the posted pairing breaks, at its field beside the fields' own errors, so
    one submit shows them all (as the session form does); whether there is any."""
    if chosen is None and not form.volunteer.errors:  # not one of the suggested volunteers
        form.volunteer.errors.append(_("Choose one of the suggested volunteers."))
    found = pairings.problems(
        chosen, student, starts_on=form.starts_on.data, ends_on=form.ends_on.data
    )
    problems.show(form, found, PAIRING_PROBLEMS, PAIRING_PROBLEM_FIELDS, "starts_on")
    return bool(form.errors)


def _course_label(course: courses.Offered) -> str:
    """For the counselor only: why the course is offered."""
    if course.failed:
        return _("%(course)s (not passed yet)", course=course.name)
    return _("%(course)s (this term)", course=course.name)


def _pairing_in_scope(pairing_id: int, permission: str) -> Pairing:
    pairing = db.session.get(Pairing, pairing_id)
    if pairing is None or not any(in_scope(m.student, permission) for m in pairing.mentees):
        abort(404)
    return pairing


@bp.route("/pairings/<int:pairing_id>")
@require("peer_help.staff")
def pairing(pairing_id: int):
    return _pairing_page(_pairing_in_scope(pairing_id, "peer_help.staff"))


@bp.route("/pairings/<int:pairing_id>/print")
@require("peer_help.staff")
def print_pairing(pairing_id: int):
    """The pairing agreement on one A4 page (帮扶协议): both signatures, each stage's opinion."""
    record = _pairing_in_scope(pairing_id, "peer_help.staff")
    return render("peer_help/print_agreement.html", pairing=record, sheet=agreement_page(record))


def _warned_volunteer(record: Volunteer) -> list:
    """The warnings the volunteer holds now, if the reader may read the volunteer's record
    (a mentee's counselor may not reach a volunteer of another major)."""
    student_id = record.student_id
    return volunteers.warned_now([student_id], student_scope("peer_help.staff")).get(student_id, [])


def _pairing_page(record: Pairing, form: DecisionForm | None = None, **extra):
    return render(
        "peer_help/pairing.html",
        pairing=record,
        volunteer_warned=_warned_volunteer(record.volunteer),
        approval=pairings.approval(record),
        may_decide=pairings.may_decide(current_user, record),
        form=form or DecisionForm(),
        **extra,
    )


@bp.route("/pairings/<int:pairing_id>/<any(approve, reject):verdict>", methods=["POST"])
@require("peer_help.staff")
def decide_pairing(pairing_id: int, verdict: str):
    """One stage's opinion. A refusal says why (the proposer is told the reason, as the
    paper form's 班级评议意见/院系审核意见 carry one: gxu 附件2); an opinion too long comes back
    as typed, 422, nothing recorded."""
    record = _pairing_in_scope(pairing_id, "peer_help.staff")
    sent = request.form.get("version")  # none sent: decided as the pairing stands (as before)
    version = None if sent is None else whole_number(sent)
    if sent is not None and version is None:  # "abc" once skipped the check below
        return error_page(
            400,
            _(
                "The form did not say which version of the pairing you decided on, so your "
                "opinion was not recorded. Reload the page and decide again."
            ),
        )
    if version not in (None, record.version):
        # Decided by someone else since this page was opened: say so, record nothing.
        return _pairing_page(record, decided_meanwhile=True), 409
    if not pairings.may_decide(current_user, record):
        abort(403)
    form = DecisionForm()
    url = url_for("peer_help.pairing", pairing_id=record.id)
    if form.validate_on_submit() and _reason_given(form, verdict):
        comment = (form.comment.data or "").strip()
        pairings.decide(record, verdict == "approve", comment, current_user.id)
        return commit_and_redirect(_("Opinion recorded."), url)
    return shown_at(_pairing_page(record, form=form, http_status=422), url)


def _reason_given(form: DecisionForm, verdict: str) -> bool:
    """An agreement may go without words; a refusal says why, at the opinion if not."""
    if verdict == "approve" or (form.comment.data or "").strip():
        return True
    form.comment.errors.append(
        _("Say why you do not agree: whoever proposed the pairing is told your reason.")
    )
    return False


@bp.route("/settings", methods=["GET", "POST"])
@require("peer_help.settings")
def settings():
    """The college's rules: the approval chain's last stage and the session limits."""
    colleges = whole_colleges("peer_help.settings")
    college = chosen_college_or_404("peer_help.settings", request.values.get("college"))
    if college is None:
        abort(404)
    row = db.session.get(PeerSetting, college.id) or pairings.setting_of(college.id)
    form = SettingForm(obj=row)
    if form.validate_on_submit():
        form.populate_obj(row)
        db.session.add(row)
        return commit_and_redirect(_("Saved."), url_for("peer_help.settings", college=college.id))
    return form_page("peer_help/settings.html", form, college=college, colleges=colleges)


@bp.route("/students/<int:student_id>")
@require("peer_help.staff")
def student_tab(student_id: int):
    student = scoped_student_or_404(student_id, "peer_help.staff")
    as_mentee = select(Mentee.pairing_id).where(Mentee.student_id == student.id)
    rows = list(
        db.session.scalars(
            select(Pairing)
            .join(Pairing.volunteer)
            .where(or_(Pairing.id.in_(as_mentee), Volunteer.student_id == student.id))
            .order_by(Pairing.created_at.desc())
        )
    )
    return tab_page(
        "peer_help/student.html",
        student,
        pairings=rows,
        volunteer=volunteers.of_student(student.id),
        wish=mentee.of_student(student).wish,  # asked in the plan, no pairing proposed since
    )
