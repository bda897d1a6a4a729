"""Log in with 学号/工号, log out, change the password (forced at first log-in), confirm the
password again before a sensitive action (step-up)."""

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import format_datetime
from flask_login import current_user

from ...extensions import db
from .. import audit, sessions
from ..access import authenticated, public
from ..form_views import commit_and_redirect, form_page
from ..forms import ChangePasswordForm, ConfirmForm, ContactForm, LoginForm
from ..htmx import render
from ..i18n import _
from ..models import User
from ..models.base import utcnow
from ..passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    personal_words,
    verify_or_dummy,
    verify_password,
)
from ..redirects import next_or
from ..stepup import mark_fresh

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        if refused := _throttled(username, "auth/login.html", form, form.password):
            return refused
        user = db.session.execute(
            db.select(User).where(User.username == username)
        ).scalar_one_or_none()
        stored, active = (user.password_hash, user.active) if user else (None, False)
        # Nothing written yet: end the transaction so no write lock (SQLite) is held while
        # argon2 works; the writes below take it again, briefly.
        db.session.commit()
        # An unknown number costs the same argon2 work as a known one (issue 15 #10).
        if not verify_or_dummy(stored, form.password.data) or not active:
            sessions.note_failure(username)
            audit.record("login_failed", detail=username)
            db.session.commit()
            form.password.errors.append(_("Wrong number or password."))
            return render("auth/login.html", form=form, http_status=200)
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(form.password.data)
        sessions.clear_failures(username)
        sessions.start_session(user)
        audit.record("login", object_type="User", object_id=user.id)
        db.session.commit()
        return redirect(next_or(url_for("main.dashboard")), code=303)
    return render("auth/login.html", form=form)


def _throttled(username: str, template: str, form, field):
    """Past the failure limit (security.md check 3): the same page, answered 429 with the
    time the account may try again; None when it may try now."""
    until = sessions.locked_until(username)
    if until is None:
        return None
    field.errors.append(
        _(
            "Too many failed attempts for this account. You can try again after %(time)s.",
            time=format_datetime(until, "short"),
        )
    )
    response = render(template, form=form, http_status=429)
    seconds = max(1, int((until - utcnow()).total_seconds()) + 1)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/logout", methods=["POST"])
@authenticated
def logout():
    audit.record("logout", object_type="User", object_id=current_user.id)
    sessions.end_session()
    db.session.commit()
    response = redirect(url_for("auth.login"), code=303)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/password", methods=["GET", "POST"])
@authenticated
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        wrong = _("The current password is wrong.")
        if refused := _wrong_password(
            "auth/password.html", form, form.current, "password_change_failed", wrong
        ):
            return refused
        problems = password_problems(form.new.data, personal=personal_words(current_user))
        if form.new.data == form.current.data:
            problems.append(_("Choose a password different from the current one."))
        if not problems:
            _set_password(current_user, form.new.data)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.dashboard"), code=303)
        form.new.errors.extend(problems)
    status = 422 if form.is_submitted() else 200
    return render("auth/password.html", form=form, http_status=status)


def _wrong_password(template: str, form, field, failed: str, message: str):
    """The signed-in user's password asked again (a change, a step-up), throttled like a
    log-in (issue 15 #7: a session must not become an unlimited guessing oracle): None when
    `field` holds it; else the form's page again, 429 past the failure limit, or 422 with
    `message`, the failure counted and audited as `failed`."""
    if refused := _throttled(current_user.username, template, form, field):
        return refused
    if verify_password(current_user.password_hash, field.data):
        return None
    sessions.note_failure(current_user.username)
    audit.record(failed, object_type="User", object_id=current_user.id)
    db.session.commit()
    field.errors.append(message)
    return render(template, form=form, http_status=422)


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.must_change_password = False
    sessions.end_other_sessions(user, keep_current=True)
    db.session.commit()


@bp.route("/profile", methods=["GET", "POST"])
@authenticated
def profile():
    """A staff member's own contact details, shown to the students they help."""
    if current_user.student_id:
        abort(404)  # a student's contact is on their record, kept by the college
    form = ContactForm(obj=current_user)
    if form.validate_on_submit():
        save_contact(current_user, form)
        return commit_and_redirect(_("Your contact details are saved."), url_for("auth.profile"))
    return form_page("auth/profile.html", form)


def save_contact(user: User, form) -> None:
    user.office = (form.office.data or "").strip() or None
    user.phone = (form.phone.data or "").strip() or None
    user.show_phone = bool(form.show_phone.data and user.phone)


@bp.route("/confirm", methods=["GET", "POST"])
@authenticated
def confirm():
    """Step-up: the password again before a reveal, a bulk export or a change of roles."""
    form = ConfirmForm()
    if form.validate_on_submit():
        wrong = _("Wrong password.")
        if refused := _wrong_password(
            "auth/confirm.html", form, form.password, "reauth_failed", wrong
        ):
            return refused
        sessions.clear_failures(current_user.username)
        mark_fresh()
        audit.record("reauth", object_type="User", object_id=current_user.id)
        db.session.commit()
        return redirect(next_or(url_for("main.dashboard")), code=303)
    return render("auth/confirm.html", form=form)
