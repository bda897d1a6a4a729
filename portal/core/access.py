"""Deny-by-default access control: every route declares what it needs.

A view is marked `@require("warnings.view")`, `@authenticated` or `@public`.
`enforce()` runs `guard()` before every request, and a fragment rendered inside another
page (a dashboard widget) passes the same `guard()`; an undeclared endpoint gets 403, and a
test walks `app.url_map` so none ships undeclared. Scope narrows further: `reach()` is the
one rule of which students a grant reaches; records outside it answer 404 (`hide`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, current_app, g, has_request_context, redirect, request, url_for
from flask_login import AnonymousUserMixin, current_user
from sqlalchemy import and_, false, or_, select, true

from ..extensions import db
from . import standing
from .audit import record_denial
from .htmx import hx_response
from .models import College, GradeRecord, Major, RoleGrant, SchoolClass, Student, Teaching
from .numbers import as_id
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
    """Role -> permission codes, from what the core and the modules declared; the
    administrator holds what is declared for "admin", like every other role (least
    privilege: an outside probe read parents' phones and talk notes as the administrator)."""
    cached = current_app.extensions.get("portal.role_permissions")
    if cached is None:
        registry = current_app.extensions["portal.modules"]
        cached = {}
        for perm in registry.permissions.values():
            for role in perm.roles:
                cached.setdefault(role, set()).add(perm.code)
        current_app.extensions["portal.role_permissions"] = cached
    return cached


def grants_for(user, permission: str) -> list[RoleGrant]:
    if not getattr(user, "is_authenticated", False):
        return []
    by_role = role_permissions()
    return [grant for grant in user.grants if permission in by_role.get(grant.role, ())]


def can(user, permission: str) -> bool:
    """Whether any of the user's grants carries `permission` (the one spelling of "may")."""
    return bool(grants_for(user, permission))


def school_wide(permission: str, user=None) -> bool:
    """Whether one of the user's grants under `permission` spans the whole school (a grant
    of another role over everything does not count)."""
    user = user if user is not None else current_user
    return any(g.scope_kind == "all" for g in grants_for(user, permission))


def for_college(permission: str, college_id: int, user=None) -> bool:
    """Whether a grant under `permission` spans the whole school or this whole college."""
    user = user if user is not None else current_user
    return any(g.over_college(college_id) for g in grants_for(user, permission))


def whole_colleges(permission: str, user=None) -> list:
    """The colleges a grant under `permission` spans whole (every one for a grant over the
    school): what one may act for as a college, where a major's or a class's grant acts for
    its own unit only."""
    user = user if user is not None else current_user
    grants = grants_for(user, permission)
    query = select(College).order_by(College.name)
    if not any(g.scope_kind == "all" for g in grants):
        ids = {g.scope_id for g in grants if g.scope_kind == "college"}
        if not ids:
            return []
        query = query.where(College.id.in_(ids))
    return list(db.session.scalars(query))


# ---- scope: which students a grant reaches (范围) ------------------------------------------

UNIT_COLUMNS = {"college": Student.college_id, "major": Student.major_id, "class": Student.class_id}


@dataclass(frozen=True)
class Reach:
    """The students one grant reaches, as `reach` decides it: everyone, nobody, the holder's
    own record (`self`), an organisation unit (`unit`), or the students a course teacher
    teaches within the college of the grant's unit (`taught`). `condition` says it in SQL,
    `covers` of one loaded student, `college_condition` which colleges it lies in."""

    kind: str  # "all", "none", "self", "unit", "taught"
    unit: str | None = None  # the grant's unit kind ("all" for a teacher granted everywhere)
    id: int | None = None  # the student (self) or the unit
    teacher: object = field(default=None, compare=False, repr=False)  # for "taught"

    def condition(self):
        if self.kind == "all":
            return true()
        if self.kind == "self":
            return Student.id == self.id
        if self.kind == "unit":
            return UNIT_COLUMNS[self.unit] == self.id
        if self.kind == "taught":
            return and_(_taught_by(self.teacher), self.college_condition(Student.college_id))
        return false()

    def covers(self, student: Student) -> bool:
        if self.kind in ("all", "none"):
            return self.kind == "all"
        if self.kind == "self":
            return self.id == student.id
        if self.kind == "unit":
            return self.id == unit_of(student, self.unit)
        return (
            db.session.scalar(select(Student.id).where(Student.id == student.id, self.condition()))
            is not None
        )

    def college_condition(self, column):
        """`column` (a college id) is the college of this reach's unit; false without one."""
        if self.kind == "all" or self.unit == "all":
            return true()
        if self.unit == "college":
            return column == self.id
        if self.unit == "major":
            return column.in_(select(Major.college_id).where(Major.id == self.id))
        if self.unit == "class":
            return column.in_(
                select(Major.college_id).join(SchoolClass).where(SchoolClass.id == self.id)
            )
        return false()


NOBODY = Reach("none")


def reach(grant: RoleGrant, user=None) -> Reach:
    """The one rule of what a grant reaches. A student or volunteer reaches their own record;
    a course teacher whom course data names reaches the students they teach (see
    `teaches_by_grades`); any other grant its unit."""
    user = user if user is not None else grant.user
    if grant.role in SELF_SCOPED_ROLES or grant.scope_kind == "self":
        return Reach("self", id=user.student_id) if user.student_id else NOBODY
    if grant.role in COURSE_ROLES:
        if teaches_by_grades(user):
            return Reach("taught", grant.scope_kind, grant.scope_id, teacher=user)
        # No course data names them yet: a grant over one class is the class they teach; a
        # wider one reaches nobody until a course roster or grades file says whom they teach
        # (least privilege; an outside probe saw a whole college through such a grant).
        return _unit_reach(grant) if grant.scope_kind == "class" else NOBODY
    return _unit_reach(grant)


def _unit_reach(grant: RoleGrant) -> Reach:
    if grant.scope_kind == "all":
        return Reach("all")
    if grant.scope_kind in UNIT_COLUMNS and grant.scope_id is not None:
        return Reach("unit", grant.scope_kind, grant.scope_id)
    return NOBODY


def unit_reaches(grant: RoleGrant, student: Student) -> bool:
    """Whether the grant's unit holds the student, whoever holds the grant (the counselors
    and advisors a student's dues and concerns go to)."""
    return _unit_reach(grant).covers(student)


def scope_of(grants, user=None):
    """SQL condition on `Student` for the students any of these grants reaches; several
    units of one kind as one `IN`."""
    reaches = [reach(grant, user) for grant in grants]
    if any(r.kind == "all" for r in reaches):
        return true()
    units: dict[str, set[int]] = {kind: set() for kind in UNIT_COLUMNS}
    conditions = []
    for r in reaches:
        if r.kind == "unit":
            units[r.unit].add(r.id)
        elif r.kind != "none":
            conditions.append(r.condition())
    for kind, ids in units.items():
        if len(ids) == 1:  # as `grant_scope` writes it: one key for standing.current's cache
            conditions.append(Reach("unit", kind, *ids).condition())
        elif ids:
            conditions.append(UNIT_COLUMNS[kind].in_(sorted(ids)))
    return or_(*conditions) if conditions else false()


def student_scope(permission: str, user=None):
    """SQL condition on `Student` for the students this user may see under `permission`."""
    user = user if user is not None else current_user
    return scope_of(grants_for(user, permission), user)


def grant_scope(grant: RoleGrant, user=None):
    """SQL condition on `Student` for the students one grant reaches."""
    return reach(grant, user).condition()


# A course teacher (任课教师) reaches the students of the courses they teach (issue 18 "Who
# may record"), within the college their grant is in, so not only the classes they are
# granted: the classes of their teaching assignments (core_teaching, from a course roster or
# a grades file's 教师工号) and the students whose grade rows name their 工号 as teacher. A
# teacher's *name* is never matched: two teachers may share one. With neither, a grant over
# a class reaches that class, a wider grant nobody.
def teaches_by_grades(user) -> bool:
    """Whether course data names this user as a course's teacher (once a request)."""
    cache = g.setdefault("portal_teaches", {}) if _has_g() else {}
    key = getattr(user, "id", None)
    if key not in cache:
        cache[key] = (
            key is not None
            and db.session.scalar(select(Student.id).where(_taught_by(user)).limit(1)) is not None
        )
    return cache[key]


def awaits_course_data(user) -> bool:
    """A course teacher granted over more than a class whom no course data names yet: they
    reach nobody until a course roster or a grades file says whom they teach (`reach`)."""
    wide = any(g.role in COURSE_ROLES and g.scope_kind != "class" for g in user.grants)
    return wide and not teaches_by_grades(user)


def _has_g() -> bool:
    # Per request only: an app context can outlive the grades it would remember (tests, CLI).
    return has_request_context()


def _taught_by(user):
    return or_(
        Student.class_id.in_(select(Teaching.class_id).where(Teaching.teacher_id == user.id)),
        Student.id.in_(
            select(GradeRecord.student_id).where(
                GradeRecord.teacher == getattr(user, "username", None)
            )
        ),
    )


def colleges_in_scope(permission: str, user=None) -> list:
    """The colleges a user's grants under `permission` reach (a major or class reaches its own)."""
    user = user if user is not None else current_user
    reaches = [
        r
        for r in (reach(grant, user) for grant in grants_for(user, permission))
        if r.kind == "all" or r.unit
    ]
    if not reaches:
        return []
    return list(
        db.session.scalars(
            select(College)
            .where(or_(*[r.college_condition(College.id) for r in reaches]))
            .order_by(College.name)
        )
    )


def scoped_college_or_404(college_id: int, permission: str):
    """The college the user acts for under `permission` (its settings, its survey): a grant
    over the whole college or the school; otherwise 404."""
    college = next((c for c in whole_colleges(permission) if c.id == college_id), None)
    if college is None:
        hide(f"{permission} college {college_id}")
    return college


def chosen_college_or_404(permission: str, asked: str | None):
    """The college a settings page acts for under `permission`: the one `asked` for (an id
    from the query or the form) if the user may act for it, else 404 — never quietly one of
    theirs, which a POST would then overwrite; when none is asked for, the first of theirs
    (None when they have none)."""
    if asked in (None, ""):
        return next(iter(whole_colleges(permission)), None)
    college_id = as_id(asked)
    if college_id is None:
        hide(f"{permission} college {asked[:40]}")
    return scoped_college_or_404(college_id, permission)


def in_scope(student: Student, permission: str, user=None) -> bool:
    user = user if user is not None else current_user
    return any(reach(grant, user).covers(student) for grant in grants_for(user, permission))


def writes_about(student: Student, permission: str, user=None) -> bool:
    """Whether the user may make a new record about this student under `permission`: one of
    their grants reaches the student, a course teacher's only while the student is warned.
    A course teacher sees which of their students are warned and records attention notes
    and office-hour help for them (workflows.md roles; lzut §四.7 任课教师 … 多关心受警示
    学生): the students they merely teach are not theirs to write about (an outside probe
    recorded a talk with a taught student who was never warned)."""
    user = user if user is not None else current_user
    return any(
        reach(grant, user).covers(student)
        and (grant.role not in COURSE_ROLES or bool(standing.of_student(student.id)))
        for grant in grants_for(user, permission)
    )


def record_subject_or_404(student_id: int, permission: str) -> Student:
    """The student a new record is about, if the user may write about them (`writes_about`);
    otherwise 404, as for a student out of scope."""
    student = scoped_student_or_404(student_id, permission)
    if not writes_about(student, permission):
        hide(f"{permission} Student {student_id} (not warned)")
    return student


def reads_record(record, permission: str, user=None) -> bool:
    """Whether the user reads this record of a student: `permission` over that student (not
    anywhere), or the record is their own (a course teacher records talks and contacts and
    reads only those)."""
    user = user if user is not None else current_user
    return record.recorded_by_id == user.id or in_scope(record.student, permission, user)


def roles_reaching(user, student: Student | None, roles) -> list[str]:
    """Which of `roles` the user holds over this student (any student when None), in the
    order given: the role a record is made in, defaulted from the user's grants."""
    held = {
        grant.role
        for grant in user.grants
        if grant.role in roles and (student is None or reach(grant, user).covers(student))
    }
    return [role for role in roles if role in held]


# Who keeps a student's file and adds the supplementary opinion to others' records (lzut's
# talk form: 辅导员的补充意见, 辅导员签名).
FILE_KEEPERS = ("counselor",)


def changes_record(user, record, students) -> bool:
    """Whether the user may change a record others read (a talk, a contact, minutes): the
    staff member who recorded it, or a counselor over one of its students. A leader changes
    nothing but approvals (workflows.md roles); a colleague's signed record is not rewritten
    by another (an outside probe rewrote a counselor's talk as a leader and a mentor)."""
    if record.recorded_by_id == user.id:
        return True
    return any(roles_reaching(user, student, FILE_KEEPERS) for student in students)


def unit_of(student: Student, kind: str) -> int | None:
    return {
        "college": student.college_id,
        "major": student.major_id,
        "class": student.class_id,
    }.get(kind)


def scoped_student_or_404(student_id: int, permission: str) -> Student:
    """The student, if in scope; otherwise 404, so existence is not revealed."""
    student = db.session.get(Student, student_id)
    if student is None:
        abort(404)
    if not in_scope(student, permission):
        hide(f"{permission} Student {student_id}")
    return student


def student_record_or_404(model, record_id: int, permission: str):
    """A record about one student (it has `.student`), if that student is in scope."""
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    if not in_scope(record.student, permission):
        hide(f"{permission} {model.__name__} {record_id}")
    return record


# ---- the guard: a route's declaration against the current user ----------------------------


def enforce():
    """`before_request`: deny unless the route's declaration is met."""
    if request.endpoint is None:
        return None  # unknown URL: Flask answers 404
    return guard(request.endpoint)


def guard(endpoint: str):
    """The declaration of `endpoint` against the current user, for a request and for a
    fragment rendered inside another page (a dashboard widget): None to go on, a redirect
    (log in, change the password), or 403 for an undeclared endpoint or a missing right."""
    permission = declared_permission(endpoint)
    if permission == PUBLIC:
        return None
    if permission is None:
        deny("undeclared")
    if not current_user.is_authenticated:
        return _to_login()
    if current_user.must_change_password and endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        return redirect(url_for("auth.change_password"))
    if permission != AUTHENTICATED and not can(current_user, permission):
        deny(permission)
    return None


def init_app(app) -> None:
    app.before_request(enforce)


def _to_login():
    if request.htmx:
        return hx_response("", 401, redirect=url_for("auth.login"))
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def hide(reason: str):
    """Out of scope: audited as a denial, answered as if the record did not exist (404)."""
    record_denial(f"scope: {reason}")
    abort(404)


def deny(reason: str):
    """Refused (403), audited with why: a right the user lacks (its code), or `undeclared`.
    A view's own `abort(403)` is audited too, as refused by the page (errors.py)."""
    record_denial(reason)
    abort(403)


class Anonymous(AnonymousUserMixin):
    student_id = None
    grants: list = []
    must_change_password = False
    locale = None
    name = ""


def current_roles() -> str:
    if not current_user.is_authenticated:
        return ""
    return ",".join(sorted(current_user.roles))


def request_id() -> str:
    return getattr(g, "request_id", "")
