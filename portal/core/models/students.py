"""Students (学生) and their parents or guardians (家长)."""

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, relationship

from ...extensions import db
from ..codes import LabelledEnum
from ..i18n import _l
from ..sealed import Sealed
from .base import INTERNAL, PERSONAL, PUBLIC, SENSITIVE, col, utcnow
from .links import by_user, part_of, parts
from .org import College, Major, SchoolClass


class Status(LabelledEnum):
    """学籍状态. probation (试读, GXU) and demoted (降级试读, USTL): still studying, standing kept."""

    ENROLLED = "enrolled", _l("Enrolled")
    PROBATION = "probation", _l("On probation")
    DEMOTED = "demoted", _l("Repeating a year on probation")
    SUSPENDED = "suspended", _l("Suspended")
    DROPPED = "dropped", _l("Left the university")
    GRADUATED = "graduated", _l("Graduated")


class KeyGroupFlag(LabelledEnum):
    """Key groups YPC 第三条 names for early attention (重点帮扶对象): sensitive."""

    FINANCIAL = "financial", _l("Financial hardship")
    PSYCHOLOGICAL = "psychological", _l("Psychological")
    ILLNESS = "illness", _l("Serious illness")
    DISCIPLINE = "discipline", _l("Disciplinary sanction")
    INTERNET = "internet", _l("Internet addiction")
    STATUS_CHANGE = "status_change", _l("Change of student status")


class Gender(LabelledEnum):
    """性别 as the roster file gives it."""

    MALE = "男", _l("Male")
    FEMALE = "女", _l("Female")


class Relation(LabelledEnum):
    """A guardian's relation as roster files and staff write it; other words stay as typed."""

    FATHER = "父亲", _l("father")
    MOTHER = "母亲", _l("mother")
    GRANDFATHER = "爷爷", _l("grandfather")
    GRANDMOTHER = "奶奶", _l("grandmother")
    MATERNAL_GRANDFATHER = "外公", _l("maternal grandfather")
    MATERNAL_GRANDMOTHER = "外婆", _l("maternal grandmother")
    BROTHER = "哥哥", _l("elder brother")
    SISTER = "姐姐", _l("elder sister")
    GUARDIAN = "监护人", _l("guardian")


STATUSES = tuple(Status)
STUDYING = (Status.ENROLLED, Status.PROBATION, Status.DEMOTED)
KEY_GROUP_FLAGS = tuple(KeyGroupFlag)


class Student(db.Model):
    __tablename__ = "core_student"
    id: Mapped[int] = col(primary_key=True)
    student_no: Mapped[str] = col(String(32), unique=True, sensitivity=PERSONAL)
    name: Mapped[str] = col(String(100), sensitivity=PERSONAL)
    gender: Mapped[str | None] = col(String(10), sensitivity=PERSONAL)
    grade_year: Mapped[int | None] = col(sensitivity=PERSONAL)
    # College and major are copied from the class so scope checks need no join.
    class_id: Mapped[int] = col(ForeignKey("core_class.id"), index=True)
    major_id: Mapped[int] = col(ForeignKey("core_major.id"), index=True)
    college_id: Mapped[int] = col(ForeignKey("core_college.id"), index=True)
    native_place: Mapped[str | None] = col(String(100), sensitivity=PERSONAL)
    phone: Mapped[str | None] = col(Sealed(40), sensitivity=SENSITIVE)
    family_situation: Mapped[str | None] = col(Text, sensitivity=SENSITIVE)
    extended_study: Mapped[bool] = col(Boolean, default=False, sensitivity=PERSONAL)
    status: Mapped[str] = col(String(12), default="enrolled", sensitivity=PERSONAL)
    # When and why the status was last set by hand (the secretary: 试读 from a date, why).
    status_since: Mapped[date | None] = col(sensitivity=PERSONAL)
    status_reason: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow)

    school_class: Mapped[SchoolClass] = relationship(lazy="joined")
    major: Mapped[Major] = relationship(lazy="joined")
    college: Mapped[College] = relationship(lazy="joined")
    guardians: Mapped[list["Guardian"]] = parts("student", "Guardian.id")


class Guardian(db.Model):
    """Parent or guardian; phone and address are sensitive."""

    __tablename__ = "core_guardian"
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = part_of("core_student")
    name: Mapped[str] = col(String(100), sensitivity=PERSONAL)
    relation: Mapped[str | None] = col(String(20), sensitivity=PERSONAL)
    phone: Mapped[str | None] = col(Sealed(40), sensitivity=SENSITIVE)
    address: Mapped[str | None] = col(Sealed(200), sensitivity=SENSITIVE)
    student: Mapped[Student] = relationship(back_populates="guardians")


class StudentFlag(db.Model):
    """A key-group flag (经济困难, 心理, …) a counselor set on a student; audited."""

    __tablename__ = "core_student_flag"
    __table_args__ = (UniqueConstraint("student_id", "flag"),)
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = part_of("core_student")
    flag: Mapped[str] = col(String(20), sensitivity=SENSITIVE)
    set_by_id: Mapped[int | None] = by_user()
    set_at: Mapped[datetime] = col(default=utcnow)


__all__ = [
    "Student",
    "Guardian",
    "StudentFlag",
    "STATUSES",
    "STUDYING",
    "KEY_GROUP_FLAGS",
    "INTERNAL",
    "PUBLIC",
]
