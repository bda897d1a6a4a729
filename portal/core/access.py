"""Deny-by-default access control: every route declares what it needs.

A view is marked `@require("warnings.view")`, `@authenticated` or `@public`.
`enforce()` runs before every request; an undeclared endpoint gets 403, and a
test walks `app.url_map` so none ships undeclared. Scope narrows further:
records outside the user's colleges, majors or classes answer 404.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, g, redirect, request, url_for
from flask_login import AnonymousUserMixin, current_user
from sqlalchemy import and_, false, or_, select, true

from ..extensions import db
from .htmx import hx_response
from .models import GradeRecord, Major, RoleGrant, SchoolClass, Student, Teaching, User
from .roles import COURSE_ROLES, SELF_SCOPED_ROLES

PUBLIC = "@public"
AUTHENTICATED = "@authenticated"
# Reachable while a first-login password change is pending.
PASSWORD_CHANGE_ENDPOINTS = {"auth.change_password", "auth.logout", "main.set_locale"}


def require(permission: str) -> Callable:
    def mark(view):
        view.portal_permission = permission
        return view

    return mark


public = require(PUBLIC)
authenticated = require(AUTHENTICATED)


def declared_permission(endpoint: str) -> str | None:
    if endpoint == "static":
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "portal_permission", None)


def role_permissions() -> dict[str, set[str]]:
    """Role -> permission codes, from what the core and the modules declared."""
    cached = current_app.extensions.get("portal.role_permissions")
    if cached is None:
        registry = current_app.extensions["portal.modules"]
        cached = {}
        for perm in registry.permissions.values():
            for role in perm.roles:
                cached.setdefault(role, set()).add(perm.code)
        cached["admin"] = set(registry.permissions)
        current_app.extensions["portal.role_permissions"] = cached
    return cached


def grants_for(user, permission: str) -> list[RoleGrant]:
    if not getattr(user, "is_authenticated", False):
        return []
    by_role = role_permissions()
    return [grant for grant in user.grants if permission in by_role.get(grant.role, ())]


def can(user, permission: str) -> bool:
    return bool(grants_for(user, permission))


def student_scope(permission: str, user=None):
    """SQL condition on `Student` for the students this user may see under `permission`."""
    user = user if user is not None else current_user
    ids: dict[str, set[int]] = {"college": set(), "major": set(), "class": set()}
    conditions = []
    for grant in grants_for(user, permission):
        if grant.role in SELF_SCOPED_ROLES or grant.scope_kind == "self":
            if user.student_id:
                conditions.append(Student.id == user.student_id)
        elif grant.role in COURSE_ROLES and teaches_by_grades(user):
            conditions.append(grant_scope(grant, user))
        elif grant.scope_kind == "all":
            return true()
        elif grant.scope_kind in ids and grant.scope_id is not None:
            ids[grant.scope_kind].add(grant.scope_id)
    column = {"college": Student.college_id, "major": Student.major_id, "class": Student.class_id}
    conditions += [column[kind].in_(sorted(v)) for kind, v in ids.items() if v]
    return or_(*conditions) if conditions else false()


def grant_scope(grant: RoleGrant, user=None):
    """SQL condition on `Student` for the students one grant reaches."""
    user = user if user is not None else current_user
    if grant.role in SELF_SCOPED_ROLES or grant.scope_kind == "self":
        return Student.id == user.student_id if user.student_id else false()
    if grant.role in COURSE_ROLES and teaches_by_grades(user):
        return and_(_taught_by(user), _college_of_grant(grant))
    if grant.scope_kind == "all":
        return true()
    column = {"college": Student.college_id, "major": Student.major_id,
              "class": Student.class_id}.get(grant.scope_kind)
    return column == grant.scope_id if column is not None else false()


# A course teacher (任课教师) reaches the students of the courses they teach (issue 18 "Who
# may record"), within the college their grant is in, so not only the classes they are
# granted: the classes of their teaching assignments (core_teaching, from a course roster or
# a grades file's 教师工号) and the students whose grade rows name their 工号 as teacher. A
# teacher's *name* is never matched: two teachers may share one. With neither, the grant's
# unit applies.
def teaches_by_grades(user) -> bool:
    """Whether course data names this user as a course's teacher (once a request)."""
    cache = g.setdefault("portal_teaches", {}) if _has_g() else {}
    key = getattr(user, "id", None)
    if key not in cache:
        cache[key] = key is not None and db.session.scalar(
            select(Student.id).where(_taught_by(user)).limit(1)) is not None
    return cache[key]


def _has_g() -> bool:
    # Per request only: an app context can outlive the grades it would remember (tests, CLI).
    from flask import has_request_context

    return has_request_context()


def _taught_by(user):
    return or_(
        Student.class_id.in_(select(Teaching.class_id).where(Teaching.teacher_id == user.id)),
        Student.id.in_(select(GradeRecord.student_id).where(
            GradeRecord.teacher == getattr(user, "username", None))))


def _college_of_grant(grant: RoleGrant):
    if grant.scope_kind == "all":
        return true()
    if grant.scope_kind == "college":
        return Student.college_id == grant.scope_id
    if grant.scope_kind == "major":
        return Student.college_id.in_(select(Major.college_id).where(Major.id == grant.scope_id))
    if grant.scope_kind == "class":
        return Student.college_id.in_(select(Major.college_id).join(SchoolClass).where(
            SchoolClass.id == grant.scope_id))
    return false()


def _grant_reaches(grant: RoleGrant, student: Student, user) -> bool:
    """One grant over one student, as `grant_scope` says in SQL."""
    if grant.role in SELF_SCOPED_ROLES or grant.scope_kind == "self":
        return bool(user.student_id) and user.student_id == student.id
    if grant.role in COURSE_ROLES and teaches_by_grades(user):
        condition = and_(Student.id == student.id, grant_scope(grant, user))
        return db.session.scalar(select(Student.id).where(condition)) is not None
    if grant.scope_kind == "all":
        return True
    return grant.scope_id == unit_of(student, grant.scope_kind)


def colleges_in_scope(permission: str, user=None) -> list:
    """The colleges a user's grants under `permission` reach (a major or class reaches its own)."""
    from .models import College, Major, SchoolClass

    user = user if user is not None else current_user
    grants = [g for g in grants_for(user, permission) if g.role not in SELF_SCOPED_ROLES]
    query = db.select(College).order_by(College.name)
    if any(g.scope_kind == "all" for g in grants):
        return list(db.session.scalars(query))
    ids = {g.scope_id for g in grants if g.scope_kind == "college"}
    majors = [g.scope_id for g in grants if g.scope_kind == "major"]
    classes = [g.scope_id for g in grants if g.scope_kind == "class"]
    if majors:
        ids |= set(db.session.scalars(db.select(Major.college_id).where(Major.id.in_(majors))))
    if classes:
        ids |= set(db.session.scalars(db.select(Major.college_id).join(SchoolClass).where(
            SchoolClass.id.in_(classes))))
    return list(db.session.scalars(query.where(College.id.in_(ids)))) if ids else []


def scoped_college_or_404(college_id: int, permission: str):
    """The college, if the user's grants under `permission` reach it; otherwise 404."""
    college = next((c for c in colleges_in_scope(permission) if c.id == college_id), None)
    if college is None:
        _hide(f"{permission} college {college_id}")
    return college


def in_scope(student: Student, permission: str, user=None) -> bool:
    user = user if user is not None else current_user
    return any(_grant_reaches(grant, student, user) for grant in grants_for(user, permission))


def roles_reaching(user, student: Student | None, roles) -> list[str]:
    """Which of `roles` the user holds over this student (any student when None), in the
    order given: the role a record is made in, defaulted from the user's grants."""
    held = {grant.role for grant in user.grants
            if grant.role in roles and (student is None or _grant_reaches(grant, student, user))}
    return [role for role in roles if role in held]


def unit_of(student: Student, kind: str) -> int | None:
    return {"college": student.college_id, "major": student.major_id,
            "class": student.class_id}.get(kind)


def scoped_student_or_404(student_id: int, permission: str) -> Student:
    """The student, if in scope; otherwise 404, so existence is not revealed."""
    student = db.session.get(Student, student_id)
    if student is None:
        abort(404)
    if not in_scope(student, permission):
        _hide(f"{permission} Student {student_id}")
    return student


def student_record_or_404(model, record_id: int, permission: str):
    """A record about one student (it has `.student`), if that student is in scope."""
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    if not in_scope(record.student, permission):
        _hide(f"{permission} {model.__name__} {record_id}")
    return record


def enforce():
    """`before_request`: deny unless the route's declaration is met."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # unknown URL: Flask answers 404
    permission = declared_permission(endpoint)
    if permission == PUBLIC:
        return None
    if permission is None:
        _deny("undeclared")
    if not current_user.is_authenticated:
        return _to_login()
    if current_user.must_change_password and endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        return redirect(url_for("auth.change_password"))
    if permission != AUTHENTICATED and not can(current_user, permission):
        _deny(permission)
    return None


def _to_login():
    if request.htmx:
        return hx_response("", 401, redirect=url_for("auth.login"))
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _hide(reason: str):
    """Out of scope: audited as a denial, answered as if the record did not exist."""
    from .audit import record_denial

    record_denial(f"scope: {reason}")
    abort(404)


def _deny(reason: str):
    from .audit import record_denial

    record_denial(reason)
    abort(403)


class Anonymous(AnonymousUserMixin):
    student_id = None
    grants: list = []
    must_change_password = False
    locale = None
    name = ""

    def can(self, permission: str) -> bool:
        return False


def _user_can(self: User, permission: str) -> bool:
    return can(self, permission)


User.can = _user_can


def current_roles() -> str:
    if not current_user.is_authenticated:
        return ""
    return ",".join(sorted(current_user.roles))


def request_id() -> str:
    return getattr(g, "request_id", "")
