"""Administration: accounts, scoped role grants, password resets, the audit trail."""

import secrets
from functools import partial

from flask import Blueprint, abort, flash, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from .. import audit, audit_page, cells, duties, sessions, signals, term_checks, term_dates
from ..access import require
from ..form_views import commit_and_redirect, form_page, refuse_on_page, refuse_unoffered
from ..forms import GrantForm, NewUserForm, UserForm
from ..htmx import hx_response, is_htmx, render, shown_at
from ..i18n import _
from ..models import College, Major, RoleGrant, SchoolClass, Term, User
from ..numbers import as_id
from ..paging import paginate
from ..passwords import hash_password
from ..roles import ROLES, SCOPE_KINDS, SELF_SCOPED_ROLES
from ..stepup import confirm_first, fresh, fresh_required
from .auth import save_contact

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@require("admin.users")
def users():
    """Every account, or those a search names; `show` keeps only the locked, the never
    signed in or the disabled ones (the home card's figures open these)."""
    from .admin_home import account_filters

    query = select(User)
    search = request.args.get("q", "").strip()[:40]
    if search:
        query = query.where(or_(User.username.startswith(search), User.name.contains(search)))
    filters = account_filters()
    show = request.args.get("show", "")
    if show in filters:
        query = query.where(filters[show])
    else:
        show = ""
    page = paginate(query.order_by(User.username))
    return render("admin/users.html", fragment="results", page=page, q=search, show=show)


@bp.route("/users/new", methods=["GET", "POST"])
@require("admin.users")
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        if _username_taken(form.username.data.strip()):
            form.username.errors.append(_("This number already has an account."))
        else:
            password = _temporary_password()
            user = User(
                username=form.username.data.strip(),
                name=form.name.data.strip(),
                active=form.active.data,
                password_hash=hash_password(password),
                must_change_password=True,
            )
            db.session.add(user)
            db.session.commit()
            return _show_once(user, password, created=True)
    return form_page("admin/user_new.html", form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require("admin.users")
def user(user_id: int):
    account = db.get_or_404(User, user_id)
    form = UserForm(obj=account)
    if form.validate_on_submit():
        was_active = account.active
        switched = was_active != form.active.data
        if switched and account.id == current_user.id:
            form.active.errors.append(_own_account_words())
            return _user_page(account, form)
        if switched and not fresh():  # who may log in changes, like a role (security.md 7)
            return confirm_first()
        account.name = form.name.data.strip()
        if switched:
            with _changing(account, account.grants):  # they stop or start counting
                account.active = form.active.data
        if not account.student_id:
            save_contact(account, form)
        if was_active and not account.active:
            sessions.end_other_sessions(account, keep_current=False)
        return commit_and_redirect(_("Saved."), url_for("admin.user", user_id=account.id))
    return _user_page(account, form)


def _user_page(account: User, form=None, *, grant_form=None, http_status=None):
    """The account's page: `form` and `grant_form` as posted, else as saved and empty."""
    return form_page(
        "admin/user.html",
        form or UserForm(formdata=None, obj=account),
        account=account,
        grant_form=grant_form or _grant_form(),
        units=_units(),
        own=account.id == current_user.id,
        mixed=duties.mixed(account),
        record_roles=duties.record_role_names(),
        http_status=http_status,
    )


def _own_account_words() -> str:
    return _(
        "You cannot change your own roles or switch your own account off or on: another "
        "administrator does."
    )


@bp.route("/users/<int:user_id>/grants", methods=["POST"])
@require("admin.users")
@fresh_required
def add_grant(user_id: int):
    account = db.get_or_404(User, user_id)
    form = _grant_form()
    url = url_for("admin.user", user_id=account.id)
    if account.id == current_user.id:  # its page offers no grant form: said at the top
        return refuse_on_page(_own_account_words(), partial(_user_page, account), url)
    if not form.validate_on_submit():  # a role or scope the lists never offer
        return refuse_unoffered(url, partial(_user_page, account, grant_form=form))
    kind, _sep, unit = form.scope.data.partition(":")
    scope_id = as_id(unit)
    problem = _grant_problem(form.role.data, kind, scope_id)
    if problem:
        return refuse_on_page(problem, partial(_user_page, account, grant_form=form), url)
    problem = duties.conflict(account, form.role.data)
    if problem:
        return _refuse_grant(account, form, problem)
    if not _grant_exists(account, form.role.data, kind, scope_id):
        grant = RoleGrant(
            role=form.role.data, scope_kind=kind, scope_id=scope_id, granted_by_id=current_user.id
        )
        with _changing(account, [grant]):
            account.grants.append(grant)
    return commit_and_redirect(_("Role granted."), url)


def _refuse_grant(account: User, form: GrantForm, problem: str):
    """The account's page again with why at the grant form's role, 422, nothing written."""
    db.session.rollback()
    form.role.errors = [problem]
    page = _user_page(account, grant_form=form, http_status=422)
    return shown_at(page, url_for("admin.user", user_id=account.id))


@bp.route("/users/<int:user_id>/grants/<int:grant_id>/delete", methods=["POST"])
@require("admin.users")
@fresh_required
def remove_grant(user_id: int, grant_id: int):
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None or grant.user_id != user_id:
        abort(404)
    account = grant.user
    url = url_for("admin.user", user_id=user_id)
    if account.id == current_user.id:
        return refuse_on_page(_own_account_words(), partial(_user_page, account), url)
    with _changing(account, [grant]):
        db.session.delete(grant)
    # A removed role must not live on in an open session (security.md check 5).
    sessions.end_other_sessions(account, keep_current=False)
    return commit_and_redirect(_("Role removed."), url)


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@require("admin.users")
@fresh_required
def reset_password(user_id: int):
    """A reset gives whoever does it the account: it needs step-up (security.md check 7,
    issue 15 #6), like a change of roles."""
    account = db.get_or_404(User, user_id)
    password = _temporary_password()
    account.password_hash = hash_password(password)
    account.must_change_password = True
    sessions.end_other_sessions(account, keep_current=False)
    audit.record("password_reset", object_type="User", object_id=account.id)
    db.session.commit()
    return _show_once(account, password, created=False)


def _show_once(account: User, password: str, *, created: bool):
    """The temporary password on this answer only: never in the (signed, not encrypted)
    session cookie, never in a flash message; the user must change it at first log-in."""
    response = render(
        "admin/temporary_password.html",
        fragment="answer",
        account=account,
        password=password,
        created=created,
    )
    if is_htmx():  # sent from a form swapped in place: the answer takes the page's content
        return hx_response(response, retarget="#main", reswap="innerHTML")
    return response


@bp.route("/audit")
@require("admin.audit")
def audit_log():
    """The audit trail, newest first, filtered by account, action and kind of record; a
    filter the trail does not know is answered 422 with why."""
    form = audit_page.filter_form(request.args)
    page = paginate(audit_page.rows(form))
    return render(
        "admin/audit.html",
        fragment="results",
        page=page,
        form=form,
        students=audit_page.student_numbers(page.items),
        http_status=422 if form.errors else 200,
    )


@bp.route("/terms", methods=["GET", "POST"])
@require("admin.terms")
def terms():
    """Each term's first and last day (开学日期): roster deadlines count from them. A POST
    with a code adds a term not yet named by any import."""
    if request.method == "POST":
        problem = _save_term(request.form)
        if problem:
            db.session.rollback()
            flash(problem.message, "error")
            return _terms_page(request.form, problem, http_status=422)
        return commit_and_redirect(_("Saved."), url_for("admin.terms"))
    return _terms_page({}, None)


def _terms_page(form, failed: term_checks.Problem | None, *, http_status: int = 200):
    """The terms, with the post that failed (`form`, `failed`: its field and why) shown."""
    return render(
        "admin/terms.html",
        terms=term_dates.terms_newest_first(),
        form=form,
        failed=failed,
        min_weeks=term_checks.MIN_WEEKS,
        min_summer_weeks=term_checks.MIN_SUMMER_WEEKS,
        http_status=http_status,
    )


def _save_term(form) -> term_checks.Problem | None:
    """Validate everything first (`term_checks`); write nothing when anything is wrong."""
    term_id = form.get("term_id", "")
    if term_id:  # a listed term's row: an id not of a term ('²', one unknown) is a 404
        known = as_id(term_id)
        term = db.session.get(Term, known) if known is not None else None
        if term is None:
            abort(404)
    else:
        try:
            code = cells.term(form.get("code", ""))
        except cells.CellError:
            return term_checks.Problem("code", _("Write the term like 2024-2025-1."))
        if db.session.scalar(select(Term.id).where(Term.code == code)):
            return term_checks.Problem(
                "code",
                _("The term %(term)s is already listed; change its dates in its row.", term=code),
            )
        term = Term(code=code, start_year=int(code[:4]), n=int(code[-1]))
    days = {}
    for field in term_checks.FIELDS:
        try:
            days[field] = term_dates.parse_date(form.get(field, "").strip())
        except cells.CellError:
            return term_checks.Problem(field, _("Write the dates as 2024-09-02."))
    start, end = days["start_date"], days["end_date"]
    problem = term_checks.problem(term, start, end)
    if problem:
        return problem
    if term.id is None:
        db.session.add(term)
    term_dates.set_dates(term, start, end)
    db.session.flush()
    audit.record_on(term, "term_dates", detail=f"{term.code} {start or ''}..{end or ''}")
    return None


_UNITS = {"college": College, "major": Major, "class": SchoolClass}


def _grant_form() -> GrantForm:
    form = GrantForm()
    form.scope.choices = [
        SelectChoice("all", str(SCOPE_KINDS["all"])),
        SelectChoice("self", str(SCOPE_KINDS["self"])),
    ]
    form.scope.choices += [
        SelectChoice(f"{kind}:{unit.id}", f"{SCOPE_KINDS[kind]}: {unit.name}")
        for kind, unit in _all_units()
    ]
    return form


def _all_units():
    for kind, model in _UNITS.items():
        for unit in db.session.scalars(select(model).order_by(model.name)):
            yield kind, unit


def _units() -> dict[tuple[str, int], str]:
    return {(kind, unit.id): unit.name for kind, unit in _all_units()}


def _grant_problem(role: str, kind: str, scope_id: int | None) -> str | None:
    if role not in ROLES:
        return _("Unknown role.")
    if role in SELF_SCOPED_ROLES and kind != "self":
        return _(
            "Students and volunteers act on their own records only; choose the scope 'Own records'."
        )
    if role not in SELF_SCOPED_ROLES and kind == "self":
        return _("Staff roles need a scope: the whole portal, a college, a major or a class.")
    if kind in _UNITS and (scope_id is None or db.session.get(_UNITS[kind], scope_id) is None):
        return _("Choose the college, major or class this role covers.")
    if kind not in _UNITS and kind not in ("all", "self"):
        return _("Unknown scope.")
    return None


def _changing(account: User, grants):
    """The change of `account`'s `grants` made in the `with` block, heard by the modules
    (`signals.roles_changing`): what someone now has to do because of it (a waiting piece
    of work whose doer is computed when read) reaches them."""
    return signals.around(
        signals.roles_changing,
        user_id=account.id,
        grants=tuple((g.role, g.scope_kind, g.scope_id) for g in grants),
    )


def _grant_exists(account: User, role: str, kind: str, scope_id: int | None) -> bool:
    return any(
        g.role == role and g.scope_kind == kind and g.scope_id == scope_id for g in account.grants
    )


def _username_taken(username: str) -> bool:
    """Whether an account has this name, in any case: "Admin" beside "admin" is two names
    for one person to a reader."""
    taken = select(User.id).where(func.lower(User.username) == username.lower())
    return db.session.scalar(taken.limit(1)) is not None


def _temporary_password() -> str:
    return secrets.token_urlsafe(9)
