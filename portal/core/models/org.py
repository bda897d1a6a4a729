"""Organisation: college (学院), major (专业), class (班级), term (学年学期)."""

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, relationship

from ...extensions import db
from .base import PUBLIC, col


class College(db.Model):
    __tablename__ = "core_college"
    id: Mapped[int] = col(primary_key=True)
    name: Mapped[str] = col(String(100), unique=True, sensitivity=PUBLIC)
    majors: Mapped[list["Major"]] = relationship(back_populates="college")


class Major(db.Model):
    __tablename__ = "core_major"
    __table_args__ = (UniqueConstraint("college_id", "name"),)
    id: Mapped[int] = col(primary_key=True)
    college_id: Mapped[int] = col(ForeignKey("core_college.id"), index=True)
    name: Mapped[str] = col(String(100), sensitivity=PUBLIC)
    college: Mapped[College] = relationship(back_populates="majors")
    classes: Mapped[list["SchoolClass"]] = relationship(back_populates="major")


class SchoolClass(db.Model):
    """班级."""

    __tablename__ = "core_class"
    __table_args__ = (UniqueConstraint("major_id", "name"),)
    id: Mapped[int] = col(primary_key=True)
    major_id: Mapped[int] = col(ForeignKey("core_major.id"), index=True)
    name: Mapped[str] = col(String(100), sensitivity=PUBLIC)
    grade_year: Mapped[int | None] = col(sensitivity=PUBLIC)
    major: Mapped[Major] = relationship(back_populates="classes")


class Term(db.Model):
    """学年学期, `YYYY-YYYY-N`; orders by start year then N."""

    __tablename__ = "core_term"
    __table_args__ = (UniqueConstraint("start_year", "n"),)
    id: Mapped[int] = col(primary_key=True)
    code: Mapped[str] = col(String(11), unique=True, sensitivity=PUBLIC)
    start_year: Mapped[int] = col(sensitivity=PUBLIC)
    n: Mapped[int] = col(sensitivity=PUBLIC)
    # First and last day of teaching (开学日期): entered by the administrator or read from
    # the grades import; roster deadlines count from a term's start.
    start_date: Mapped[date | None] = col(sensitivity=PUBLIC)
    end_date: Mapped[date | None] = col(sensitivity=PUBLIC)

    @property
    def key(self) -> tuple[int, int]:
        return (self.start_year, self.n)

    @property
    def is_summer(self) -> bool:
        return self.n == 3
