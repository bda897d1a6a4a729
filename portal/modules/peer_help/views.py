"""Peer help home, applying, and the volunteer's own pages (pairings, stipend details)."""

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.core.access import can, require, student_scope
from portal.core.audit import record_view_now
from portal.core.form_views import commit_and_redirect, form_page
from portal.core.htmx import render
from portal.core.i18n import _
from portal.core.models import Student
from portal.core.stepup import confirm_first, fresh
from portal.extensions import db

from . import mentee, volunteers
from .forms import ApplyForm, BankForm
from .hours import tallies
from .models import Criterion, FreeTime, Mentee, Pairing, Presence, TutoringSession, Volunteer

bp = Blueprint("peer_help", __name__, template_folder="templates")


def own_volunteer() -> Volunteer | None:
    return volunteers.of_student(current_user.student_id) if current_user.student_id else None


@bp.route("/")
@require("peer_help.view")
def index():
    """A student: apply, or their volunteering; as a mentee, their volunteer and the
    sessions to confirm, or where their request stands. Staff: the volunteers and pairings
    in scope."""
    return index_page()


def index_page(answer_form=None, answered: Presence | None = None, http_status: int = 200):
    """The peer-help home; with the mentee's refused answer to `answered` (`answer_form`,
    its note as typed and its error shown at that session)."""
    mine = own_volunteer()
    context = {
        "answer_form": answer_form,
        "answered_id": answered.id if answered else None,
        "mine": mine,
        "staff": can(current_user, "peer_help.staff"),
        # A warned student is helped, not asked to help (they cannot be selected).
        "invited": not _warned(),
    }
    if mine and mine.state == "active":
        # Their own warning: supportive words, never a flag (their staff see that).
        context["mine_warned"] = volunteers.warned_since_selected(mine)
        context["pairings"] = list(
            db.session.scalars(
                select(Pairing).where(Pairing.volunteer_id == mine.id, Pairing.state == "active")
            )
        )
        context["tally"] = tallies([mine])[0]
    if mine:
        context["my_sessions"] = list(
            db.session.scalars(
                select(TutoringSession)
                .where(TutoringSession.volunteer_id == mine.id)
                .order_by(TutoringSession.held_on.desc(), TutoringSession.starts_at.desc())
                .limit(30)
            )
        )
    if current_user.student_id:
        context["to_confirm"] = sessions_to_confirm()
        context.update(_as_mentee(mine))
    if context["staff"]:
        scope = student_scope("peer_help.staff")
        context["volunteers"] = list(
            db.session.scalars(
                select(Volunteer)
                .join(Volunteer.student)
                .where(scope)
                .order_by(Volunteer.state, Student.student_no)
            )
        )
        context["pairings_in_scope"] = list(
            db.session.scalars(
                select(Pairing)
                .where(Pairing.id.in_(select(Mentee.pairing_id).join(Mentee.student).where(scope)))
                .order_by(Pairing.created_at.desc())
                .limit(100)
            )
        )
        # Volunteers warned since they were selected, of those the reader may read.
        context["warned_volunteers"] = volunteers.warned_now(
            [v.student_id for v in context["volunteers"]]
            + [p.volunteer.student_id for p in context["pairings_in_scope"]],
            scope,
        )
    return render("peer_help/index.html", http_status=http_status, **context)


def _as_mentee(mine: Volunteer | None) -> dict:
    """The tutoring the student has or asked for; a warned student with neither is told how
    to ask. The study plan, where one asks, is another module's page: linked by its endpoint
    only when it is installed."""
    helped = mentee.of_student(db.session.get(Student, current_user.student_id))
    plans = "plans.mine" in current_app.view_functions
    return {
        "helped": helped,
        "invite_to_ask": helped.state == "none" and not mine and bool(_warned()),
        "plan_url": url_for("plans.mine") if plans else None,
    }


def sessions_to_confirm() -> list[Presence]:
    """The sessions a volunteer logged with this student that wait for their word."""
    if not current_user.student_id:
        return []
    return list(
        db.session.scalars(
            select(Presence)
            .join(TutoringSession)
            .where(Presence.student_id == current_user.student_id, Presence.state == "pending")
            .order_by(TutoringSession.held_on)
        )
    )


def _warned() -> list[str]:
    """A warned student cannot be selected as a volunteer: the application says why."""
    return volunteers.warned_levels(current_user.student_id) if current_user.student_id else []


@bp.route("/apply", methods=["GET", "POST"])
@require("peer_help.apply")
def apply():
    mine = own_volunteer()
    warned = _warned()
    if mine is None and warned:
        return render("peer_help/apply.html", form=None, mine=None, warned=warned)
    form = ApplyForm(obj=mine) if mine else ApplyForm()
    form.times.choices = FreeTime.choices()
    form.criteria.choices = Criterion.choices()
    if form.validate_on_submit():
        volunteers.apply(
            current_user.student_id,
            form.courses.data.strip(),
            form.times.data,
            form.statement.data.strip(),
            form.criteria.data,
            (form.ranking.data or "").strip(),
        )
        return commit_and_redirect(
            _("Thank you! Your application was sent to your counselor."), url_for("peer_help.index")
        )
    return form_page("peer_help/apply.html", form, mine=mine)


@bp.route("/me/stipend", methods=["GET", "POST"])
@require("peer_help.volunteer")
def my_stipend():
    """The volunteer's own bank details for the stipend: only they and the paying staff."""
    mine = own_volunteer()
    if mine is None:
        abort(404)
    # The account is shown masked; the full number needs a fresh password, as for staff
    # (security.md check 7), and each reveal is audited. The form never carries it back.
    show_bank = (
        request.method == "GET" and request.args.get("bank") == "1" and bool(mine.bank_account)
    )
    if show_bank and not fresh():
        return confirm_first()
    form = BankForm(data={"bank_name": mine.bank_name})
    if form.validate_on_submit():
        mine.bank_name, mine.bank_account = form.bank_name.data.strip(), form.bank_account.data
        return commit_and_redirect(_("Saved."), url_for("peer_help.my_stipend"))
    if show_bank:
        record_view_now(mine, ["bank_account"], student_id=mine.student_id)
    return form_page(
        "peer_help/stipend.html",
        form,
        volunteer=mine,
        show_bank=show_bank,
        masked=volunteers.masked(mine.bank_account),
    )
