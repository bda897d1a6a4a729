"""Sessions: the volunteer logs one in a few taps (phone-sized), the mentee confirms or
disputes, the counselor checks in bulk."""

from flask import abort, flash, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.core import clock
from portal.core.access import require, student_scope
from portal.core.errors import error_page
from portal.core.form_views import (
    attempt,
    commit_and_redirect,
    form_page,
    refuse_on_page,
    refuse_unoffered,
)
from portal.core.htmx import hx_redirect, render, shown_at
from portal.core.i18n import _, ngettext
from portal.core.numbers import as_ids
from portal.core.templating import number
from portal.extensions import db

from . import problems, sessions
from .forms import AnswerForm, SessionForm
from .models import Mentee, Pairing, Presence, TutoringSession
from .views import bp, index_page, own_volunteer

PROBLEMS = {
    "not_active": lambda p: _("This pairing is not active."),
    "end_before_start": lambda p: _("The session must end after it starts."),
    "outside": lambda p: _(
        "Sessions must fall within the pairing's dates (%(starts)s to %(ends)s).",
        starts=p["starts"],
        ends=p["ends"],
    ),
    "no_term": lambda p: _(
        "%(day)s falls in no term: hours are certified term by term, so a session must be "
        "held within one (not in the holiday between terms).",
        day=p["day"],
    ),
    "future": lambda p: _("A session can be logged once it has taken place."),
    "not_over": lambda p: _(
        "This session ends at %(end)s, later than now: log it once it is over.",
        end=p["end"].strftime("%H:%M"),
    ),
    "mentees": lambda p: _("Mark who was present."),
    "too_long": lambda p: _(
        "A session may last at most %(hours)s hours.", hours=number(p["hours"])
    ),
    "week": lambda p: _("This would go over %(hours)s hours this week.", hours=number(p["hours"])),
    "overlap": lambda p: _(
        "You already logged a session from %(start)s to %(end)s that day.",
        start=p["start"].strftime("%H:%M"),
        end=p["end"].strftime("%H:%M"),
    ),
    "certified": lambda p: _("These hours are certified; the session can no longer change."),
    "checked": lambda p: _(
        "The counselor has checked this session, so it can no longer be changed."
    ),
}


# The field each problem is shown at (the date by default).
PROBLEM_FIELDS = {
    "end_before_start": "ends_at",
    "not_over": "ends_at",
    "too_long": "ends_at",
    "overlap": "starts_at",
    "mentees": "present",
}


def _active_pairings(volunteer) -> list[Pairing]:
    return list(
        db.session.scalars(
            select(Pairing)
            .where(Pairing.volunteer_id == volunteer.id, Pairing.state == "active")
            .order_by(Pairing.starts_on)
        )
    )


@bp.route("/sessions/new", methods=["GET", "POST"])
@require("peer_help.volunteer")
def log_session():
    return _session_form(None)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@require("peer_help.volunteer")
def edit_session(session_id: int):
    """The volunteer's own session, until the counselor checks it (then it is refused, 409,
    as the module refuses every locked record: an edit would undo the check)."""
    volunteer = own_volunteer()
    record = db.session.get(TutoringSession, session_id)
    if record is None or volunteer is None or record.volunteer_id != volunteer.id:
        abort(404)
    if sessions.locked(record):
        return error_page(
            409,
            _("This session can no longer be changed"),
            # The detail alone is what an HTMX request shows: it says why, and what to do.
            _("The counselor has checked this session. If something in it is wrong, tell them."),
        )
    return _session_form(record)


def _session_form(record: TutoringSession | None):
    volunteer = own_volunteer()
    mine = _active_pairings(volunteer) if volunteer else []
    if not mine:
        return render("peer_help/session_form.html", form=None, pairing=None, record=None)
    form = SessionForm(obj=record)
    posted = (form.pairing.raw_data or [None])[0]
    # An edit stays on its session's pairing; a new session, the one posted or asked for.
    wanted = str(record.pairing_id) if record else posted or request.args.get("pairing")
    chosen = next((p for p in mine if str(p.id) == wanted), mine[0])
    form.pairing.choices = [
        SelectChoice(str(p.id), _(", ").join(m.student.name for m in p.mentees)) for p in mine
    ]
    form.course.choices = [SelectChoice(c, c) for c in chosen.courses] or [
        SelectChoice(_("other"), _("other"))
    ]
    form.present.choices = [SelectChoice(str(m.student_id), m.student.name) for m in chosen.mentees]
    if not form.is_submitted():
        form.pairing.data = str(chosen.id)
        form.held_on.data = record.held_on if record else clock.today()
        form.present.data = (
            [str(a.student_id) for a in record.attendance]
            if record
            else [str(m.student_id) for m in chosen.mentees]
        )
    form.validate_on_submit()  # the fields' own errors; the session's rules join them
    if form.is_submitted() and not _errors_shown(form, chosen, record):
        try:
            sessions.log(
                chosen,
                held_on=form.held_on.data,
                starts_at=form.starts_at.data,
                ends_at=form.ends_at.data,
                course=form.course.data,
                what=form.what.data.strip(),
                place=(form.place.data or "").strip() or None,
                present=as_ids(form.present.data),  # ids of the choices offered
                session=record,
            )
        except sessions.Refused as refused:  # changed meanwhile (another session logged)
            _show(form, refused.problems)
        else:
            return commit_and_redirect(
                _("Changes saved; your mentee will be asked to confirm the session again.")
                if record
                else _("Session logged; your mentee will be asked to confirm it."),
                url_for("peer_help.index"),
            )
    return form_page("peer_help/session_form.html", form, pairing=chosen, record=record)


def _errors_shown(form: SessionForm, chosen: Pairing, record) -> bool:
    """Each rule the posted session breaks, at its field beside the fields' own errors, so
    one submit shows them all (as the parent-contact form does); whether there is any."""
    if (form.pairing.raw_data or [str(chosen.id)])[0] != str(chosen.id):  # not one offered
        form.pairing.errors.append(_("Choose one of your active pairings."))
    if form.course.data and form.course.data not in {c.value for c in form.course.choices}:
        form.course.errors.append(_("Choose one of this pairing's courses."))
    found = sessions.problems(
        chosen,
        held_on=form.held_on.data,
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        present=as_ids(form.present.data or []),
        session=record,
    )
    _show(form, found)
    return bool(form.errors)


def _show(form: SessionForm, found: list) -> None:
    problems.show(form, found, PROBLEMS, PROBLEM_FIELDS, "held_on")


@bp.route("/attendance/<int:attendance_id>/<any(confirm, dispute):answer>", methods=["POST"])
@require("peer_help.view")
def answer(attendance_id: int, answer: str):
    """The mentee's word on a session they were marked present at (their own only), given
    once: the page asks only while the session waits for it. A second answer would change
    what the counselor may have checked (a confirmed session disputed stops counting)."""
    attendance = db.session.get(Presence, attendance_id)
    if attendance is None or attendance.student_id != current_user.student_id:
        abort(404)
    form = AnswerForm()
    valid = form.validate_on_submit()  # the note's length, whatever the session's state
    if attendance.state != "pending" or attendance.session.certification_id:
        return _answered_already(form)
    if valid and _note_given(form, answer):
        sessions.answer(attendance, answer == "confirm", (form.note.data or "").strip() or None)
        return commit_and_redirect(
            _("Thank you for confirming.")
            if answer == "confirm"
            else _("Noted; the counselor will look into it."),
            url_for("peer_help.index"),
        )
    # The page again, the note as typed and why.
    page = index_page(answer_form=form, answered=attendance, http_status=422)
    return shown_at(page, url_for("peer_help.index"))


def _note_given(form: AnswerForm, answer: str) -> bool:
    """A dispute says what is wrong (the page asks for it in the note: the counselor and the
    volunteer act on it); a confirmation needs no note."""
    if answer == "confirm" or (form.note.data or "").strip():
        return True
    form.note.errors.append(_("Write what is wrong in the note, then choose “This is not right”."))
    return False


def _answered_already(form: AnswerForm):
    """A second answer is refused; a note too long is said too, and answered 422, as for a
    session that waits (the page no longer shows the session's note to say it at)."""
    message = _(
        "You have already answered for this session, so it cannot be changed here. "
        "If something in it is wrong, tell your counselor."
    )
    url = url_for("peer_help.index")
    if not form.note.errors:
        flash(message, "error")
        return hx_redirect(url)
    for error in form.note.errors:
        flash(str(error), "error")
    return refuse_on_page(message, index_page, url)


def _unchecked_in_scope():
    scope = student_scope("peer_help.manage")
    in_scope = select(Mentee.pairing_id).join(Mentee.student).where(scope)
    return (
        select(TutoringSession)
        .where(TutoringSession.pairing_id.in_(in_scope), TutoringSession.checked_at.is_(None))
        .order_by(TutoringSession.held_on, TutoringSession.starts_at)
    )


@bp.route("/check", methods=["GET", "POST"])
@require("peer_help.manage")
def check():
    """Unchecked sessions in scope: those every mentee present confirmed, to tick and check
    in one go; apart, without a box, those still waiting for a mentee's word or questioned
    by one, which cannot be checked yet (`sessions.checkable`)."""
    if request.method == "POST":
        return _check_ticked()
    return _check_page()


def _check_page(http_status: int = 200):
    rows = list(db.session.scalars(_unchecked_in_scope().limit(200)))
    return render(
        "peer_help/check.html",
        ready=[s for s in rows if sessions.checkable(s)],
        waiting=[s for s in rows if not sessions.checkable(s)],
        http_status=http_status,
    )


def _check_ticked():
    """The ticked sessions, all or none: an id the page never offers (out of scope, checked
    already, no session) is refused as such; one the mentee has not confirmed (a forged
    form, or a session the volunteer edited since the page was opened) refuses the lot."""
    url = url_for("peer_help.check")
    wanted = as_ids(request.form.getlist("session"))
    if wanted is None:
        return refuse_unoffered(url)
    if not wanted:  # "0 sessions checked." said nothing was ticked as if it were done
        return refuse_on_page(_("Tick at least one session to check."), _check_page, url)
    chosen = list(db.session.scalars(_unchecked_in_scope().where(TutoringSession.id.in_(wanted))))
    if len(chosen) != len(set(wanted)):
        return refuse_unoffered(url)
    return attempt(
        lambda: sessions.check(chosen, current_user.id),
        sessions.Refused,
        done=lambda count: ngettext("%(num)d session checked.", "%(num)d sessions checked.", count),
        url=url,
        why=lambda _problem: _(
            "Only sessions every mentee present has confirmed can be checked, so nothing was "
            "checked. Reload the page and try again."
        ),
    )
