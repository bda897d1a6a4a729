"""Test data factories: organisation, students, users with scoped roles."""

from __future__ import annotations

import itertools

from portal.core.models import (
    College,
    Guardian,
    Major,
    RoleGrant,
    SchoolClass,
    Student,
    Term,
    User,
)
from portal.core.passwords import hash_password

_seq = itertools.count(1)
_hash_cache: dict[str, str] = {}


class Factory:
    def __init__(self, app, db):
        self.app = app
        self.db = db

    def _add(self, obj):
        self.db.session.add(obj)
        self.db.session.flush()
        return obj

    def college(self, name=None, **kw) -> College:
        return self._add(College(name=name or f"学院{next(_seq)}", **kw))

    def major(self, college=None, name=None) -> Major:
        return self._add(Major(college=college or self.college(), name=name or f"专业{next(_seq)}"))

    def school_class(self, major=None, name=None, grade_year=2023) -> SchoolClass:
        return self._add(
            SchoolClass(
                major=major or self.major(), name=name or f"班{next(_seq)}", grade_year=grade_year
            )
        )

    def term(self, code="2024-2025-1") -> Term:
        existing = self.db.session.query(Term).filter_by(code=code).one_or_none()
        return existing or self._add(Term(code=code, start_year=int(code[:4]), n=int(code[-1])))

    def student(self, school_class=None, **kw) -> Student:
        school_class = school_class or self.school_class()
        n = next(_seq)
        fields = dict(
            student_no=f"20239{n:05d}",
            name=f"学生{n}",
            gender="女",
            grade_year=2023,
            status="enrolled",
        )
        fields.update(kw)
        student = Student(
            school_class=school_class,
            major=school_class.major,
            college=school_class.major.college,
            **fields,
        )
        return self._add(student)

    def guardian(self, student, **kw) -> Guardian:
        fields = dict(name="家长", relation="母亲", phone="13800000000", address="某地某路1号")
        fields.update(kw)
        return self._add(Guardian(student=student, **fields))

    def user(
        self,
        username=None,
        *,
        role=None,
        scope=None,
        student=None,
        password=None,
        must_change_password=False,
        **kw,
    ) -> User:
        from .conftest import TEST_PASSWORD

        password = password or TEST_PASSWORD
        if password not in _hash_cache:
            with self.app.app_context():
                _hash_cache[password] = hash_password(password)
        user = User(
            username=username or f"u{next(_seq)}",
            name=kw.pop("name", "测试用户"),
            password_hash=_hash_cache[password],
            must_change_password=must_change_password,
            student_id=student.id if student else None,
            **kw,
        )
        if role:
            self.grant(user, role, scope)
        return self._add(user)

    def grant(self, user, role, scope=None) -> None:
        kind, scope_id = _scope(role, scope)
        user.grants.append(RoleGrant(role=role, scope_kind=kind, scope_id=scope_id))
        self.db.session.flush()

    def student_user(self, student=None, **kw) -> User:
        student = student or self.student()
        return self.user(student.student_no, role="student", student=student, **kw)


def _scope(role, scope):
    if role in ("student", "volunteer"):
        return "self", None
    if scope is None:
        return "all", None
    kind = {"College": "college", "Major": "major", "SchoolClass": "class"}[type(scope).__name__]
    return kind, scope.id
