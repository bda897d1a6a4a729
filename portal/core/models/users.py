"""Accounts (学号/工号 + password), scoped role grants, server-side login sessions."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint, or_
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, relationship

from ...extensions import db
from ..sealed import Sealed
from .base import INTERNAL, PERSONAL, PUBLIC, SENSITIVE, col, utcnow
from .links import by_user, part_of


class User(UserMixin, db.Model):
    __tablename__ = "core_user"
    id: Mapped[int] = col(primary_key=True)
    username: Mapped[str] = col(String(40), unique=True, sensitivity=PERSONAL)
    name: Mapped[str] = col(String(100), sensitivity=PERSONAL)
    password_hash: Mapped[str] = col(String(255), sensitivity=INTERNAL)
    active: Mapped[bool] = col(Boolean, default=True, sensitivity=INTERNAL)
    must_change_password: Mapped[bool] = col(Boolean, default=True, sensitivity=INTERNAL)
    locale: Mapped[str | None] = col(String(10), sensitivity=PUBLIC)
    # Staff contact for the students they help (issue 17): an office and hours, an e-mail;
    # a phone only reaches a student when its owner ticks show_phone.
    office: Mapped[str | None] = col(String(200), sensitivity=PERSONAL)
    phone: Mapped[str | None] = col(Sealed(30), sensitivity=SENSITIVE)
    show_phone: Mapped[bool] = col(Boolean, default=False, sensitivity=INTERNAL)
    student_id: Mapped[int | None] = col(
        ForeignKey("core_student.id", ondelete="SET NULL"), unique=True, sensitivity=INTERNAL
    )
    created_at: Mapped[datetime] = col(default=utcnow)
    grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        lazy="selectin",
        foreign_keys="RoleGrant.user_id",
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class RoleGrant(db.Model):
    """A role held over a scope: the whole portal, a college, a major, a class, or oneself."""

    __tablename__ = "core_role_grant"
    __table_args__ = (UniqueConstraint("user_id", "role", "scope_kind", "scope_id"),)
    id: Mapped[int] = col(primary_key=True)
    user_id: Mapped[int] = part_of("core_user")
    role: Mapped[str] = col(String(20), sensitivity=INTERNAL)
    scope_kind: Mapped[str] = col(String(10), sensitivity=INTERNAL)
    scope_id: Mapped[int | None] = col(sensitivity=INTERNAL)
    granted_by_id: Mapped[int | None] = by_user()
    created_at: Mapped[datetime] = col(default=utcnow)
    user: Mapped[User] = relationship(back_populates="grants", foreign_keys=[user_id])

    def __audit_detail__(self) -> str:
        """Its create and delete rows' detail (core/audit.py; read in words by
        core/audit_words.py): whose role it is, which role, over what."""
        user = self.user or db.session.get(User, self.user_id)
        scope = self.scope_kind if self.scope_id is None else f"{self.scope_kind}:{self.scope_id}"
        return f"role={self.role} scope={scope} account={user.username}"  # a name may hold a space

    @classmethod
    def over_student(cls, student):
        """The condition of a grant over the student's class, major or college."""
        return or_(
            (cls.scope_kind == "class") & (cls.scope_id == student.class_id),
            (cls.scope_kind == "major") & (cls.scope_id == student.major_id),
            (cls.scope_kind == "college") & (cls.scope_id == student.college_id),
        )

    @hybrid_method
    def over_college(self, college_id: int):
        """A grant over the whole school or over this whole college (not one of its classes):
        who may act for the college. Of a grant, or as SQL of the class."""
        return (self.scope_kind == "all") | (
            (self.scope_kind == "college") & (self.scope_id == college_id)
        )


class LoginSession(db.Model):
    """One signed-in browser. Deleting the row ends that session wherever its cookie is."""

    __tablename__ = "core_login_session"
    __audit__ = False  # log-in and log-out are audited by name instead
    id: Mapped[str] = col(String(64), primary_key=True)  # sha256 of the cookie's token
    user_id: Mapped[int] = part_of("core_user")
    created_at: Mapped[datetime] = col(default=utcnow)
    ip: Mapped[str | None] = col(String(45), sensitivity=PERSONAL)
    user_agent: Mapped[str | None] = col(String(200), sensitivity=INTERNAL)


class LoginFailure(db.Model):
    """A failed log-in, keyed by account and by client address (shared by all workers)."""

    __tablename__ = "core_login_failure"
    __audit__ = False
    id: Mapped[int] = col(primary_key=True)
    key: Mapped[str] = col(String(120), index=True, sensitivity=PERSONAL)
    at: Mapped[datetime] = col(default=utcnow, index=True)
