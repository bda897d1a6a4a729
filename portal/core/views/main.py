"""Dashboard, language switch, health."""

from pathlib import Path

from flask import Blueprint, current_app, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import text

from ...extensions import db
from .. import helpers
from ..access import authenticated, public
from ..fragments import render_fragment
from ..htmx import render
from ..i18n import LOCALE_COOKIE
from ..models import Student
from ..redirects import next_or
from ..templating import dashboard_widgets

bp = Blueprint("main", __name__)


@bp.route("/")
@authenticated
def dashboard():
    """Widgets are rendered in place, so the page is whole without JavaScript; one with
    nothing to say (an empty fragment) is left out rather than shown as an empty card."""
    rendered = [(w, render_fragment(w.endpoint)) for w in dashboard_widgets()]
    widgets = [(w, body) for w, body in rendered if str(body).strip()]
    student = db.session.get(Student, current_user.student_id) if current_user.student_id else None
    return render(
        "dashboard.html", widgets=widgets, helpers=helpers.of_student(student) if student else []
    )


@bp.route("/locale", methods=["POST"])
@public
def set_locale():
    """A small form on every page; works without JavaScript and keeps the user where they were."""
    locale = request.form.get("locale")
    if locale not in current_app.config["LANGUAGES"]:
        locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    back = next_or(url_for("main.dashboard"), source=request.form)
    if current_user.is_authenticated and current_user.locale != locale:
        current_user.locale = locale
        db.session.commit()
    response = redirect(back, code=303)
    response.set_cookie(
        LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, secure=True, httponly=True, samesite="Lax"
    )
    return response


@bp.route("/favicon.ico")
@public
def favicon():
    """Browsers ask for it on their first visit: a 1 KB icon, cached, never a 404."""
    icon = Path(current_app.static_folder, "favicon.ico").read_bytes()
    response = current_app.response_class(icon, mimetype="image/vnd.microsoft.icon")
    response.cache_control.public, response.cache_control.max_age = True, 7 * 24 * 3600
    return response


@bp.route("/health")
@public
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
