"""Who teaches which course to which class (教学任务): the course roster import (课程名单),
the 教师工号 column a grades file may carry, and the read service modules use.

Course roster columns (warning-rules.md §4 says nothing of them; this is our template):
学年学期 (or 学年 + 学期), 课程代码, 课程名称, 教师工号, 班级, and optionally 专业 (when two
majors have a class of the same name) and 任课教师 (the teacher's name, read but not
trusted: the account is found by 教师工号 alone, names are not unique). One row per course,
class and teacher. Every row's class must be in the uploader's scope and its 工号 must be
an account holding the course-teacher role over that class's college; any bad row and
nothing is written."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ..extensions import db
from . import cells
from .grades_import import _RowReader, terms_by_code
from .i18n import _l
from .importing import ImportKind, ImportScope, write_merged
from .models import Major, RoleGrant, SchoolClass, Teaching, Term, User
from .xlsx import RowError

TEACHER_COLUMN = {"teacher_no": ("教师工号", "任课教师工号", "工号", "teacher_no")}
COLUMNS = {
    "term": ("学年学期", "term"),
    "academic_year": ("学年", "academic_year"),
    "semester": ("学期", "semester"),
    "course_code": ("课程代码", "课程号", "course_code"),
    "course_name": ("课程名称", "课程名", "course_name"),
    **TEACHER_COLUMN,
    "teacher_name": ("任课教师", "教师姓名", "teacher_name"),
    "class": ("班级", "行政班", "class"),
    "major": ("专业", "major"),
}
REQUIRED = (
    ("term", ("academic_year", "semester")),
    "course_code",
    "course_name",
    "teacher_no",
    "class",
)


class Teachers:
    """教师工号 -> (user id, the colleges their course-teacher grants reach; None: all)."""

    def __init__(self):
        self.by_no: dict[str, tuple[int, set | None]] = {}
        rows = db.session.execute(
            select(User.username, User.id, RoleGrant.scope_kind, RoleGrant.scope_id)
            .join(RoleGrant.user)
            .where(RoleGrant.role == "teacher", User.active.is_(True))
        )
        for username, user_id, kind, unit in rows:
            _id, colleges = self.by_no.get(username, (user_id, set()))
            if kind == "all" or colleges is None:
                colleges = None
            elif kind == "college":
                colleges.add(unit)
            self.by_no[username] = (user_id, colleges)

    def teacher_for(self, number: str, college_id: int) -> int | None:
        found = self.by_no.get(number)
        if found is None or (found[1] is not None and college_id not in found[1]):
            return None
        return found[0]


def refused_teacher(number: str):
    return _l("Staff number %(no)s: no course-teacher account of this class's college", no=number)


def _classes(scope: ImportScope) -> dict[str, list[tuple[int, int, str]]]:
    """Class name -> [(class id, college id, major name)] of the classes in scope."""
    found: dict[str, list] = {}
    rows = db.session.execute(
        select(SchoolClass.id, SchoolClass.name, Major.id, Major.college_id, Major.name).join(
            SchoolClass.major
        )
    )
    for class_id, name, major_id, college_id, major in rows:
        if scope.reaches(college_id, major_id, class_id):
            found.setdefault(name, []).append((class_id, college_id, major))
    return found


def parse(
    rows: Iterable, headers: dict[str, str], scope: ImportScope
) -> tuple[dict, list[RowError]]:
    classes, teachers = _classes(scope), Teachers()
    records: dict[tuple, str] = {}
    errors: list[RowError] = []
    for row in rows:
        reader = _RowReader(row, headers)
        term = reader.term()
        code = reader.get("course_code", cells.text, 40)
        name = reader.get("course_name", cells.text, 200)
        number = reader.get("teacher_no", cells.text, 40)
        class_name = reader.get("class", cells.text, 100)
        major = reader.get("major", cells.text, 100) if "major" in headers else None
        for key, value in (
            ("course_code", code),
            ("course_name", name),
            ("teacher_no", number),
            ("class", class_name),
        ):
            if not value and not any(e.column == headers.get(key) for e in reader.errors):
                reader.errors.append(
                    RowError(row.number, headers[key], _l("This value is required"))
                )
        found = [c for c in classes.get(class_name or "", []) if not major or c[2] == major]
        if class_name and len(found) != 1:
            reader.errors.append(
                RowError(
                    row.number,
                    headers["class"],
                    _l("Class %(name)s: not a class in your scope", name=class_name)
                    if not found
                    else _l(
                        "Class %(name)s is in several majors: add a 专业 column",
                        name=class_name,
                    ),
                )
            )
        teacher = None
        if number and len(found) == 1:
            teacher = teachers.teacher_for(number, found[0][1])
            if teacher is None:
                reader.errors.append(
                    RowError(row.number, headers["teacher_no"], refused_teacher(number))
                )
        errors += reader.errors
        if not reader.errors:
            records[(term, code, found[0][0], teacher)] = name
    return {"records": records, "source": "courses"}, errors


def write(parsed: dict) -> tuple[int, int, int]:
    """Insert new (term, course, class, teacher) rows, rename changed course names."""
    records = parsed["records"]
    if not records:
        return 0, 0, 0
    term_ids = terms_by_code({key[0] for key in records})
    wanted = {
        (term_ids[t], code, cls, teacher): name for (t, code, cls, teacher), name in records.items()
    }
    stored = {
        (r.term_id, r.course_code, r.class_id, r.teacher_id): (r.id, r.course_name)
        for r in db.session.scalars(
            select(Teaching).where(Teaching.term_id.in_(set(term_ids.values())))
        )
    }
    return write_merged(
        Teaching,
        wanted,
        stored,
        new_row=lambda key, name: dict(
            zip(("term_id", "course_code", "class_id", "teacher_id"), key, strict=True),
            course_name=name,
            source=parsed["source"],
        ),
        changes=lambda name: {"course_name": name},
    )


# ---- read by modules ---------------------------------------------------------------------


def terms_taught(college_id: int) -> list[Term]:
    """Terms with course data for classes of this college, the latest first."""
    return list(
        db.session.scalars(
            select(Term)
            .where(
                Term.id.in_(
                    select(Teaching.term_id)
                    .join(SchoolClass, SchoolClass.id == Teaching.class_id)
                    .join(SchoolClass.major)
                    .where(Major.college_id == college_id)
                )
            )
            .order_by(Term.start_year.desc(), Term.n.desc())
        )
    )


def teachings(college_id: int, term_id: int) -> list[Teaching]:
    """(course, class, teacher) rows of this college's classes in one term."""
    return list(
        db.session.scalars(
            select(Teaching)
            .join(SchoolClass, SchoolClass.id == Teaching.class_id)
            .join(SchoolClass.major)
            .where(Major.college_id == college_id, Teaching.term_id == term_id)
            .order_by(Teaching.course_name, Teaching.class_id, Teaching.teacher_id)
        )
    )


KIND = ImportKind.here(
    __name__,
    name="courses",
    label=_l("Course roster (who teaches which class)"),
    permission="grades.import",
    hint=_l(
        "One row per course, class and teacher. Optional: %(major)s (when two majors have "
        "a class of that name), %(teacher_name)s (the name, not used: the account is "
        "found by %(teacher_no)s). Each teacher then answers the mid-term survey for "
        "these classes."
    ),
)
