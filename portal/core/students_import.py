"""Student import (学生名单): students, their organisation, and their parents (the roster file)."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update

from ..extensions import db
from . import audit, bulk, cells, signals, student_status
from .i18n import _l
from .importing import ImportKind, ImportScope
from .models import College, Guardian, Major, SchoolClass, Student
from .models.base import utcnow
from .numbers import whole_number
from .xlsx import RowError

COLUMNS = {
    "student_no": ("学号", "student_no", "student number"),
    "name": ("姓名", "name"),
    "gender": ("性别", "gender"),
    "college": ("学院", "college"),
    "major": ("专业", "major"),
    "grade_year": ("年级", "grade_year", "grade", "year"),
    "class": ("班级", "class", "class_name"),
    "native_place": ("籍贯", "native_place"),
    "phone": ("联系电话", "phone"),
    "parent_name": ("家长姓名", "parent_name"),
    "parent_relation": ("家长关系", "parent_relation"),
    "parent_phone": ("家长电话", "parent_phone"),
    "address": ("家庭住址", "address"),
    "family_situation": ("家庭情况", "family_situation"),
    "extended_study": ("延长学习年限", "extended_study"),
    "status": ("学籍状态", "status"),
}
REQUIRED = ("student_no", "name", "college", "major", "class")
_TEXT_LIMITS = {
    "name": 100,
    "gender": 10,
    "college": 100,
    "major": 100,
    "class": 100,
    "native_place": 100,
    "phone": 40,
    "parent_name": 100,
    "parent_relation": 20,
    "parent_phone": 40,
    "address": 200,
    "family_situation": 2000,
}


@dataclass
class RosterRow:
    number: int
    values: dict


def parse(
    rows, headers: dict[str, str], scope: ImportScope
) -> tuple[list[RosterRow], list[RowError]]:
    records, errors, seen = [], [], {}
    check = None if scope.everything and scope.may_create_units else _ScopeCheck(scope, headers)
    memo: dict = {}
    for row in rows:
        values, row_errors = _parse_row(row, headers, memo)
        number = values.get("student_no")
        if number and number in seen:
            row_errors.append(
                RowError(
                    row.number,
                    headers["student_no"],
                    _l(
                        "Student number %(no)s appears twice (also row %(other)d)",
                        no=number,
                        other=seen[number],
                    ),
                )
            )
        elif number:
            seen[number] = row.number
        if check is not None and not row_errors:
            row_errors += check.row(row.number, values)
        errors += row_errors
        records.append(RosterRow(row.number, values))
    return records, errors


class _ScopeCheck:
    """Issue 15, finding 1: a row may place a student only in a unit of the uploader's scope,
    may not take a student out of another unit, and names only units that exist unless the
    uploader may manage the organisation."""

    def __init__(self, scope: ImportScope, headers: dict[str, str]):
        self.scope, self.headers = scope, headers
        self.colleges = dict(db.session.execute(select(College.name, College.id)).all())
        self.majors = {
            (c, n): i
            for i, c, n in db.session.execute(select(Major.id, Major.college_id, Major.name))
        }
        self.classes = {
            (m, n): i
            for i, m, n in db.session.execute(
                select(SchoolClass.id, SchoolClass.major_id, SchoolClass.name)
            )
        }
        self.placed = {
            no: (college, major, klass)
            for no, college, major, klass in db.session.execute(
                select(Student.student_no, Student.college_id, Student.major_id, Student.class_id)
            )
        }

    def row(self, number: int, v: dict) -> list[RowError]:
        college = self.colleges.get(v["college"])
        major = self.majors.get((college, v["major"])) if college else None
        klass = self.classes.get((major, v["class"])) if major else None
        errors = []
        missing = next(
            (
                (key, message)
                for key, unit, message in (
                    (
                        "college",
                        college,
                        _l(
                            "College “%(name)s” does not exist; only an administrator "
                            "who manages the organisation can create it",
                            name=v["college"],
                        ),
                    ),
                    (
                        "major",
                        major,
                        _l(
                            "Major “%(name)s” does not exist in this college; only an "
                            "administrator who manages the organisation can create it",
                            name=v["major"],
                        ),
                    ),
                    (
                        "class",
                        klass,
                        _l(
                            "Class “%(name)s” does not exist in this major; only an "
                            "administrator who manages the organisation can create it",
                            name=v["class"],
                        ),
                    ),
                )
                if unit is None
            ),
            None,
        )
        if missing and not self.scope.may_create_units:
            errors.append(RowError(number, self.headers[missing[0]], missing[1]))
        elif not self.scope.reaches(college, major, klass):
            errors.append(
                RowError(
                    number,
                    self.headers["college"],
                    _l(
                        "You may not import students into “%(unit)s”",
                        unit=" / ".join((v["college"], v["major"], v["class"])),
                    ),
                )
            )
        placed = self.placed.get(v["student_no"])
        if placed is not None and not self.scope.reaches(*placed):
            # Only the roster can say this: a new number is a new student of the college.
            errors.append(
                RowError(
                    number,
                    self.headers["student_no"],
                    _l(
                        "Student number %(no)s: not a student of your college",
                        no=v["student_no"],
                    ),
                )
            )
        return errors


_MEMO_SIZE = 100_000  # distinct (column, cell) answers kept: colleges, classes, years repeat


def _parse_row(row, headers, memo: dict | None = None) -> tuple[dict, list[RowError]]:
    memo = {} if memo is None else memo
    values, errors = {}, []
    for key, raw in row.values.items():
        memo_key = (key, raw.__class__, raw)
        try:
            values[key] = memo[memo_key]
            continue
        except KeyError:
            pass
        try:
            values[key] = _convert(key, raw)
        except cells.CellError as problem:  # not kept: each bad row gets its own error
            errors.append(RowError(row.number, headers.get(key, key), problem.message))
            continue
        if len(memo) < _MEMO_SIZE:
            memo[memo_key] = values[key]
    for key in REQUIRED:
        if key not in values or values[key] in (None, ""):
            if not any(e.column == headers.get(key) for e in errors):
                errors.append(
                    RowError(row.number, headers.get(key, key), _l("This value is required"))
                )
    return values, errors


def _convert(key: str, raw):
    if key == "student_no":
        return cells.student_no(raw)
    if key == "grade_year":
        return _grade_year(raw)
    if key == "extended_study":
        return cells.yes_no(raw)
    if key == "status":
        return student_status.status_from_cell(raw)
    return cells.text(raw, _TEXT_LIMITS[key]) or None


# A year typed with a Chinese input method (２０２３) reads as before; any other digit
# that is not ASCII ('²⁰²³', which `int()` refused with a raw ValueError) is no year.
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _grade_year(raw) -> int | None:
    text = cells.text(raw, 10)
    if not text:
        return None
    digits = text.rstrip("级年").split(".")[0].translate(_FULL_WIDTH_DIGITS)
    year = whole_number(digits, 1950, 2100)
    if year is None:
        raise cells.CellError(_l("Not a year of entry: %(value)s", value=text))
    return year


_STUDENT_FIELDS = ("name", "gender", "grade_year", "native_place", "phone", "family_situation")
_GUARDIAN_FIELDS = (
    ("parent_relation", "relation"),
    ("parent_phone", "phone"),
    ("address", "address"),
)
_STORED = (*_STUDENT_FIELDS, "class_id", "major_id", "college_id", "extended_study", "status")


def write(records: list[RosterRow]) -> tuple[int, int, int]:
    """Students and guardians in a few statements (issue 21: 30,000 students one ORM object at
    a time took 10 s). Rows are compared with what is stored, columns read once; new rows go
    in batches, changed ones by primary key; each created or changed row gets the audit row
    the flush hook would have written (same action, object, student and fields)."""
    units = _units(records)
    stored = {
        row.student_no: row
        for row in db.session.execute(
            select(Student.id, Student.student_no, *(getattr(Student, f) for f in _STORED))
        )
    }
    new_rows, updates, audits, with_parent = [], [], [], []
    now = utcnow()
    for record in records:
        v = record.values
        if v.get("parent_name"):
            with_parent.append(v)
        wanted = _wanted(v, units[_unit_key(v)])
        old = stored.get(v["student_no"])
        if old is None:
            new_rows.append(
                dict(
                    wanted,
                    student_no=v["student_no"],
                    updated_at=now,
                    status=wanted.get("status") or "enrolled",
                )
            )
            continue
        changed = [key for key, value in wanted.items() if getattr(old, key) != value]
        if "status" in changed:  # a new status clears the date and reason given by hand
            wanted.update(status_since=None, status_reason=None)
            changed += ["status_since", "status_reason"]
        if changed:
            updates.append(dict({k: wanted[k] for k in changed}, id=old.id, updated_at=now))
            audits.append(_audit_row("update", "Student", old.id, old.id, changed))
    audit.record_many(audits)  # the students' updates; then their creates, their guardians'
    ids = _insert_students(new_rows)
    created = set(ids.values())
    ids.update({number: row.id for number, row in stored.items()})
    audits = []
    touched = _write_guardians(with_parent, ids, audits)
    with _moving(updates):
        for start in range(0, len(updates), _BATCH):
            db.session.execute(update(Student), updates[start : start + _BATCH])
    audit.record_many(audits)
    updated = len(({u["id"] for u in updates} | touched) - created)
    return len(new_rows), updated, len(records) - len(new_rows) - updated


_BATCH = 5000
_PLACE = frozenset({"class_id", "major_id", "college_id"})


def _moving(updates: list[dict]):
    """The students the file places in another class (major, college), heard by the modules
    in one signal before their update (`signals.students_moving`): work that follows a
    student's class (its doer computed when read) reaches whoever it now falls to."""
    moved = frozenset(u["id"] for u in updates if not _PLACE.isdisjoint(u))
    return signals.around(signals.students_moving, students=moved) if moved else nullcontext()


def _unit_key(v: dict) -> tuple:
    return v["college"], v["major"], v["class"]


def _units(records: list[RosterRow]) -> dict[tuple, tuple[int, int, int]]:
    """(class, major, college) ids of each (college, major, class) the file names. The new
    ones are created a level at a time, in the order the file first names them (a class
    takes that row's 年级), through the ORM so each is audited, with one flush a level."""
    named: dict[tuple, int | None] = {}
    for record in records:
        named.setdefault(_unit_key(record.values), record.values.get("grade_year"))
    colleges = _create(
        dict(db.session.execute(select(College.name, College.id)).all()),
        {c: College(name=c) for c, _m, _k in named},
    )
    majors = _create(
        {
            (c, n): i
            for i, c, n in db.session.execute(select(Major.id, Major.college_id, Major.name))
        },
        {(colleges[c], m): Major(college_id=colleges[c], name=m) for c, m, _k in named},
    )
    classes = _create(
        {
            (m, n): i
            for i, m, n in db.session.execute(
                select(SchoolClass.id, SchoolClass.major_id, SchoolClass.name)
            )
        },
        {
            (majors[(colleges[c], m)], k): SchoolClass(
                major_id=majors[(colleges[c], m)], name=k, grade_year=year
            )
            for (c, m, k), year in named.items()
        },
    )
    units = {}
    for c, m, k in named:
        major = majors[(colleges[c], m)]
        units[(c, m, k)] = (classes[(major, k)], major, colleges[c])
    return units


def _create(existing: dict, candidates: dict) -> dict:
    """`existing` (key -> id) with the candidates it lacks added, flushed together."""
    new = {key: unit for key, unit in candidates.items() if key not in existing}
    if new:
        db.session.add_all(new.values())
        db.session.flush()
        existing.update((key, unit.id) for key, unit in new.items())
    return existing


def _wanted(v: dict, unit: tuple[int, int, int]) -> dict:
    wanted = {key: v.get(key) for key in _STUDENT_FIELDS if key in v}
    wanted.update(class_id=unit[0], major_id=unit[1], college_id=unit[2])
    if "extended_study" in v:
        wanted["extended_study"] = bool(v["extended_study"])
    if v.get("status"):
        wanted["status"] = v["status"]
    return wanted


def _insert_students(rows: list[dict]) -> dict[str, int]:
    """New students as tuples straight to the driver (core/bulk.py), then their ids (by 学号)
    and their audit rows, written by the database from what it holds."""
    if not rows:
        return {}
    before = _largest_student_id()
    for start in range(0, len(rows), _BATCH):
        bulk.insert_rows(Student.__table__, rows[start : start + _BATCH])
    ids = _new_ids({r["student_no"] for r in rows}, before)
    for span in _spans(sorted(ids.values())):
        audit.record_selected(
            "create", "Student", select(Student.id, Student.id).where(span).order_by(Student.id)
        )
    return ids


def _largest_student_id() -> int:
    return db.session.scalar(select(func.max(Student.id))) or 0


def _new_ids(numbers: set[str], before: int) -> dict[str, int]:
    """学号 -> id of the students just inserted: read as the ids past the largest before
    them (where SQLite's one writer and PostgreSQL's sequence put them; issue 21: cheaper
    than 30,000 学号 looked up), any other by its 学号."""
    ids = {
        number: id_
        for number, id_ in db.session.execute(
            select(Student.student_no, Student.id).where(Student.id > before)
        )
        if number in numbers
    }
    missing = [number for number in numbers if number not in ids]
    for start in range(0, len(missing), _BATCH):
        ids.update(
            db.session.execute(
                select(Student.student_no, Student.id).where(
                    Student.student_no.in_(missing[start : start + _BATCH])
                )
            ).all()
        )
    return ids


def _spans(ids: list[int]) -> list:
    """Conditions that select exactly these (sorted) student ids: one range when they have
    no gap, else batches of them."""
    if ids[-1] - ids[0] + 1 == len(ids):
        return [Student.id.between(ids[0], ids[-1])]
    return [Student.id.in_(ids[start : start + _BATCH]) for start in range(0, len(ids), _BATCH)]


def _write_guardians(rows: list[dict], ids: dict[str, int], audits: list[dict]) -> set[int]:
    """Guardians by (student, name): new ones inserted, known ones updated where they differ.
    Returns the students whose guardians changed."""
    if not rows:
        return set()
    student_ids = {ids[v["student_no"]] for v in rows}
    stored = {}
    for guardian in db.session.execute(
        select(
            Guardian.id,
            Guardian.student_id,
            Guardian.name,
            Guardian.relation,
            Guardian.phone,
            Guardian.address,
        ).order_by(Guardian.id)
    ):
        if guardian.student_id in student_ids:
            stored.setdefault((guardian.student_id, guardian.name), guardian)
    inserts, updates, touched = [], [], set()
    for v in rows:
        student_id = ids[v["student_no"]]
        wanted = {attr: v[key] for key, attr in _GUARDIAN_FIELDS if key in v}
        old = stored.get((student_id, v["parent_name"]))
        if old is None:
            inserts.append(dict(wanted, student_id=student_id, name=v["parent_name"]))
            touched.add(student_id)
            continue
        changed = [attr for attr, value in wanted.items() if getattr(old, attr) != value]
        if changed:
            updates.append(dict({a: wanted[a] for a in changed}, id=old.id))
            audits.append(_audit_row("update", "Guardian", old.id, student_id, changed))
            touched.add(student_id)
    for start in range(0, len(inserts), _BATCH):
        created = db.session.execute(
            insert(Guardian.__table__).returning(Guardian.id, Guardian.student_id),
            inserts[start : start + _BATCH],
        ).all()
        audits += [_audit_row("create", "Guardian", gid, sid) for gid, sid in created]
    for start in range(0, len(updates), _BATCH):
        db.session.execute(update(Guardian), updates[start : start + _BATCH])
    return touched


def _audit_row(action: str, object_type: str, object_id: int, student_id: int, fields=None) -> dict:
    return dict(
        action=action,
        object_type=object_type,
        object_id=object_id,
        student_id=student_id,
        fields=fields,
    )


KIND = ImportKind.here(
    __name__,
    name="students",
    label=_l("Student roster"),
    permission="students.import",
)
