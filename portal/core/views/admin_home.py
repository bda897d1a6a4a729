"""The administrator's home: a card for each thing of the core they keep (accounts, the
organisation, terms, cadence policies, retention, the audit trail), each with the few
figures that say where it stands and a link to it. A module's settings (the warning
rulesets) come as that module's own card. Counts only: no student's record is shown."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_login import current_user
from sqlalchemy import exists, func, select

from ...extensions import db
from .. import clock
from ..access import can, require, student_scope
from ..htmx import render
from ..models import (
    AuditEvent,
    CadencePolicy,
    College,
    LoginFailure,
    Major,
    RetentionPolicy,
    SchoolClass,
    Student,
    Term,
    User,
)
from ..models.base import utcnow
from ..retention import DEFAULT_YEARS
from ..sessions import account_of_key
from .admin import bp

TEMPLATE = "admin/home_cards.html"
RECENT = timedelta(days=1)  # the audit card's window: what happened since yesterday


def keeps_settings(user) -> bool:
    """The settings' cards are for who keeps them and follows no student: a secretary, who
    may edit the cadence too, has the students' cards on their home instead."""
    return not can(user, "dues.compliance")


def locked_usernames() -> set[str]:
    """The accounts past the failure limit now (`sessions.locked_until`), from one address
    or from all: their names as the throttle keeps them (lower case). The window is
    minutes long, so the rows read are few."""
    cfg = current_app.config
    since = utcnow() - cfg["LOGIN_FAILURE_WINDOW"]
    by_key: dict[str, int] = {}
    by_account: dict[str, int] = {}
    for key in db.session.scalars(select(LoginFailure.key).where(LoginFailure.at >= since)):
        by_key[key] = by_key.get(key, 0) + 1
        account = account_of_key(key)
        by_account[account] = by_account.get(account, 0) + 1
    from_one = {account_of_key(k) for k, n in by_key.items() if n >= cfg["LOGIN_MAX_FAILURES"]}
    from_all = {a for a, n in by_account.items() if n >= cfg["LOGIN_ACCOUNT_MAX_FAILURES"]}
    return from_one | from_all


def account_filters() -> dict:
    """The SQL conditions on `User` of the accounts page's filters (and the card's counts):
    locked now, never signed in (no log-in in the audit trail, which is kept whole),
    disabled."""
    return {
        "locked": func.lower(User.username).in_(sorted(locked_usernames())),
        "never": User.active
        & ~exists().where(AuditEvent.action == "login", AuditEvent.user_id == User.id),
        "disabled": ~User.active,
    }


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def _card(name: str, **values):
    """A card of the template, rendered alone: its fragment and its `card` are one name."""
    return render(TEMPLATE, fragment=name, card=name, **values)


@bp.route("/cards/accounts")
@require("admin.users")
def accounts_card():
    filters = account_filters()
    waiting = None  # students without an account, where the reader may create them
    if can(current_user, "students.accounts"):
        has_account = select(User.student_id).where(User.student_id.is_not(None))
        waiting = _count(
            Student, student_scope("students.accounts"), Student.id.not_in(has_account)
        )
    return _card(
        "accounts",
        active=_count(User, User.active),
        counts={name: _count(User, condition) for name, condition in filters.items()},
        waiting=waiting,
        window_minutes=int(current_app.config["LOGIN_FAILURE_WINDOW"].total_seconds() // 60),
    )


@bp.route("/cards/organisation")
@require("admin.organisation")
def organisation_card():
    """Each college with its majors, classes and students (counts)."""
    majors = dict(
        db.session.execute(select(Major.college_id, func.count()).group_by(Major.college_id)).all()
    )
    classes = dict(
        db.session.execute(
            select(Major.college_id, func.count())
            .join(SchoolClass, SchoolClass.major_id == Major.id)
            .group_by(Major.college_id)
        ).all()
    )
    students = dict(
        db.session.execute(
            select(Student.college_id, func.count()).group_by(Student.college_id)
        ).all()
    )
    colleges = list(db.session.scalars(select(College).order_by(College.name)))
    return _card(
        "organisation",
        rows=[
            (c, majors.get(c.id, 0), classes.get(c.id, 0), students.get(c.id, 0)) for c in colleges
        ],
    )


@bp.route("/cards/terms")
@require("admin.terms")
def terms_card():
    """The term under way (by its dates), the next one, and the terms with no dates."""
    today = clock.today()
    terms = list(db.session.scalars(select(Term).order_by(Term.start_year, Term.n)))
    now = next(
        (t for t in terms if t.start_date and t.end_date and t.start_date <= today <= t.end_date),
        None,
    )
    upcoming = next((t for t in terms if t.start_date and t.start_date > today), None)
    return _card(
        "terms",
        now=now,
        upcoming=upcoming,
        undated=[t for t in terms if not (t.start_date and t.end_date)],
        today=today,
    )


def _colleges_without(policy) -> tuple[int, int]:
    """The colleges, and how many of them have no `policy` row (one a college at most)."""
    colleges = _count(College)
    return colleges, colleges - _count(policy)


@bp.route("/cards/cadence")
@require("cadence.edit")
def cadence_card():
    colleges, without = _colleges_without(CadencePolicy)
    return _card("cadence", colleges=colleges, without=without)


@bp.route("/cards/retention")
@require("admin.retention")
def retention_card():
    colleges, default = _colleges_without(RetentionPolicy)
    return _card("retention", colleges=colleges, default=default, default_years=DEFAULT_YEARS)


@bp.route("/cards/audit")
@require("admin.audit")
def audit_card():
    """Since yesterday: log-ins, failed log-ins, requests refused."""
    since = utcnow() - RECENT
    counts = dict(
        db.session.execute(
            select(AuditEvent.action, func.count())
            .where(
                AuditEvent.at >= since,
                AuditEvent.action.in_(("login", "login_failed", "denied")),
            )
            .group_by(AuditEvent.action)
        ).all()
    )
    return _card("audit", counts=counts)
