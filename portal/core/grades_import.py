"""Grade import (成绩, warning-rules.md §4): one attempt per row, or up to three when the
export carries 补考成绩 / 重修成绩 columns. Validated whole, written in one transaction."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from itertools import accumulate

from sqlalchemy import delete, func, insert, or_, select, update

from ..extensions import db
from . import cells, term_dates
from .grades_makeups import MakeUps
from .i18n import _l
from .importing import ImportKind, ImportScope
from .models import GradeDigest, GradeFile, GradeRecord, Student, Term
from .models.base import utcnow
from .xlsx import RowError

# 学号 and 学年学期 (or 学年 + 学期): every per-term import reads these.
STUDENT_TERM_COLUMNS = {
    "student_no": ("学号", "student_no"),
    "term": ("学年学期", "term"),
    "academic_year": ("学年", "academic_year"),
    "semester": ("学期", "semester"),
}
COLUMNS = {
    **STUDENT_TERM_COLUMNS,
    "name": ("姓名", "name"),
    "course_code": ("课程代码", "课程号", "course_code"),
    "course_name": ("课程名称", "课程名", "course_name"),
    "credits": ("学分", "credits"),
    "score": ("成绩", "总评成绩", "score"),
    "exam_type": ("考试性质", "成绩性质", "exam_type"),
    "degree": ("是否学位课", "是否学位课程", "degree_course"),
    "grade_point": ("绩点", "grade_point"),
    "course_type": ("课程性质", "course_type"),
    # Optional: who taught the course. When a term's grades carry it, a course teacher's
    # students are the ones they taught (issue 18 "Who may record").
    "teacher": ("任课教师", "教师", "教师姓名", "授课教师", "teacher"),
    "void": ("是否成绩作废", "void"),
    "makeup_score": ("补考成绩", "makeup_score"),
    "retake_score": ("重修成绩", "retake_score"),
    "retake_term": ("补重学期", "retake_term"),
    **term_dates.COLUMN,
    # Optional: who taught the course (教学任务 for the mid-term surveys, core/teaching.py).
    "teacher_no": ("教师工号", "任课教师工号", "teacher_no"),
}
REQUIRED = (
    "student_no",
    ("term", ("academic_year", "semester")),
    "course_code",
    "course_name",
    "credits",
    "score",
    "exam_type",
)
_FIELDS = (
    "course_name",
    "credits",
    "score",
    "score_text",
    "passed",
    "absent",
    "ignored",
    "degree_course",
    "grade_point",
    "course_type",
    "teacher",
)
_IGNORED = 1 + _FIELDS.index("ignored")  # in a kept record, after its row number
_BATCH = 5000
_CENT = Decimal("0.01")


@lru_cache(maxsize=4096)
def _decimal(value: Fraction | None) -> Decimal | None:
    """Exact cents; cached, so a file's thousands of equal scores share one object."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(_CENT)


class Students(dict):
    """学号 -> id of the students an upload may name: the uploader's scope (issue 15, finding
    1). A scoped uploader gets one answer for a number unknown and a number elsewhere, so
    the report does not tell which numbers exist in other colleges."""

    def __init__(self, scope: ImportScope):
        super().__init__(
            db.session.execute(select(Student.student_no, Student.id).where(scope.students())).all()
        )
        self.scoped = not scope.everything

    def refusal(self, number: str):
        if self.scoped:
            return _l(
                "Student number %(no)s: not a student of your college (or not on the roster yet)",
                no=number,
            )
        return _l("Unknown student number %(no)s (import the student roster first)", no=number)


def known_students(scope: ImportScope) -> Students:
    return Students(scope)


_MEMO_SIZE = 200_000  # distinct (converter, cell) answers kept; a term repeats most cells


class _RowReader:
    """Turns one spreadsheet row into attempts, collecting every problem of the row.

    A term's 300,000 rows repeat the same course codes, names, credits, scores and exam
    types thousands of times; the cell converters are pure, so their answers are kept in
    `memo` by (converter, type, value, arguments) and each distinct cell is checked once.
    A refused cell is not kept: its row's error is made again, with that row's number."""

    def __init__(self, row, headers, memo=None):
        self.row, self.headers, self.errors = row, headers, []
        self.memo = {} if memo is None else memo

    def get(self, key, convert, *args):
        value = self.row.values.get(key)
        memo_key = (convert, value.__class__, value, args)
        try:
            return self.memo[memo_key]
        except KeyError:
            pass
        except TypeError:  # not hashable: no cell value is, but stay safe
            memo_key = None
        try:
            answer = convert(value, *args)
        except cells.CellError as problem:
            self.errors.append(
                RowError(self.row.number, self._column(problem, key), problem.message)
            )
            return None
        if memo_key is not None and len(self.memo) < _MEMO_SIZE:
            self.memo[memo_key] = answer
        return answer

    def _column(self, problem, key: str) -> str:
        """The header the problem is about: 学年 or 学期 when the term came in two columns."""
        part = getattr(problem, "part", None)
        return self.headers.get(part) or self.headers.get(key, key)

    def student(self, students: Students) -> str | None:
        """学号, which must belong to a student already on the roster, in the upload's scope."""
        number = self.get("student_no", cells.student_no)
        if number is not None and number not in students:
            self.errors.append(
                RowError(self.row.number, self.headers["student_no"], students.refusal(number))
            )
        return number

    def term(self):
        """学年学期, or 学年 + 学期. A file with both forms must give one term in both."""
        if "term" not in self.headers:
            return self._term_from_parts()
        term = self.get("term", cells.term)
        if term and self._parts_given():
            other = self._term_from_parts()
            if other and other != term:
                self.errors.append(
                    RowError(
                        self.row.number,
                        self.headers["term"],
                        _l(
                            "%(term_column)s is %(term)s but %(year_column)s and "
                            "%(semester_column)s give %(other)s: the two must agree",
                            term_column=self.headers["term"],
                            term=term,
                            year_column=self.headers["academic_year"],
                            semester_column=self.headers["semester"],
                            other=other,
                        ),
                    )
                )
        return term

    def _parts_given(self) -> bool:
        return all(
            key in self.headers and not cells.is_blank(self.row.values.get(key))
            for key in ("academic_year", "semester")
        )

    def _term_from_parts(self):
        year, semester = self.row.values.get("academic_year"), self.row.values.get("semester")
        memo_key = (cells.term_from_parts, year.__class__, year, semester.__class__, semester)
        if memo_key in self.memo:
            return self.memo[memo_key]
        try:
            answer = cells.term_from_parts(year, semester)
            if len(self.memo) < _MEMO_SIZE:
                self.memo[memo_key] = answer
            return answer
        except cells.CellError as problem:
            self.errors.append(
                RowError(self.row.number, self._column(problem, "academic_year"), problem.message)
            )
            return None

    def started(self, term: str | None, key: str, not_started) -> str | None:
        """The term, refused when it has not started (term_dates.NotStarted)."""
        refusal = not_started[term] if term and not_started is not None else None
        if refusal:
            column = self.headers.get(key) or self.headers["academic_year"]
            self.errors.append(RowError(self.row.number, column, refusal))
        return term


def _attempt(base: dict, kind: str, score: cells.Score, term: str) -> dict:
    return dict(
        base,
        kind=kind,
        term=term,
        score=_decimal(score.value),
        score_text=score.text[:20],
        passed=score.passed,
        absent=score.absent,
        ignored=score.ignored,
    )


def parse_row(
    row, headers, students, memo=None, not_started=None
) -> tuple[list[dict], list[RowError], bool]:
    """(attempts, errors, void) for one row; `memo` shares cell answers between rows, and
    `not_started` (term_dates.NotStarted) refuses a term that has not started."""
    reader = _RowReader(row, headers, memo)
    number = reader.student(students)
    term = reader.started(reader.term(), "term", not_started)
    void = bool(reader.get("void", cells.yes_no)) if "void" in headers else False
    base = dict(
        student_id=students.get(number),
        course_code=reader.get("course_code", cells.text, 40),
        course_name=reader.get("course_name", cells.text, 200),
        credits=_decimal(reader.get("credits", cells.credits)),
        degree_course=bool(reader.get("degree", cells.yes_no)) if "degree" in headers else False,
        grade_point=_decimal(reader.get("grade_point", cells.grade_point)),
        course_type=(reader.get("course_type", cells.text, 40) or None),
        teacher=(reader.get("teacher", cells.text, 100) or None) if "teacher" in headers else None,
    )
    for key in ("course_code", "course_name"):
        if not base[key] and not any(e.column == headers.get(key) for e in reader.errors):
            reader.errors.append(RowError(row.number, headers[key], _l("This value is required")))
    score = reader.get("score", cells.score)
    kind = reader.get("exam_type", cells.exam_kind)
    attempts = [_attempt(base, kind, score, term)] if score and kind else []
    attempts += _extra_attempts(reader, base, term, not_started)
    return attempts, reader.errors, void


def _extra_attempts(reader, base, term, not_started=None) -> list[dict]:
    """补考成绩 / 重修成绩 columns: a make-up in the same term, a retake in 补重学期 or the same."""
    extra = []
    for key, kind in (("makeup_score", "makeup"), ("retake_score", "retake")):
        if key in reader.headers and not cells.is_blank(reader.row.values.get(key)):
            score = reader.get(key, cells.score)
            when = term
            if kind == "retake" and not cells.is_blank(reader.row.values.get("retake_term")):
                when = reader.get("retake_term", cells.term)
                reader.started(when, "retake_term", not_started)
            if score and when:
                extra.append(_attempt(base, kind, score, when))
    return extra


def parse(
    rows: Iterable, headers: dict[str, str], scope: ImportScope
) -> tuple[dict, list[RowError]]:
    """Attempts by key, each kept as a small tuple (row, *_FIELDS): a university's term is
    300,000 of them, and a dict apiece would cost several times the memory."""
    students = known_students(scope)
    records: dict[tuple, tuple] = {}
    voided: set[tuple] = set()
    errors: list[RowError] = []
    starts: dict = {}
    memo: dict = {}
    taught = _Taught(headers)
    not_started, makeups = term_dates.NotStarted(), MakeUps(headers)
    for row in rows:
        attempts, row_errors, void = parse_row(row, headers, students, memo, not_started)
        row_errors += term_dates.read_start(row, headers, attempts, starts)
        if taught and not row_errors:
            row_errors += taught.read(row, attempts)
        errors += row_errors
        if row_errors:
            makeups.refused(attempts)
            continue
        for attempt in attempts:
            key = (attempt["student_id"], attempt["term"], attempt["course_code"], attempt["kind"])
            kept = records.get(key)
            if void:
                voided.add(key)
            elif kept and not (kept[_IGNORED] or attempt["ignored"]):
                errors.append(
                    RowError(
                        row.number,
                        headers["course_code"],
                        _l(
                            "The same attempt (student, term, course, exam type) is also in row "
                            "%(other)d",
                            other=kept[0],
                        ),
                    )
                )
            elif kept is None or kept[_IGNORED]:
                records[key] = (row.number, *(attempt[f] for f in _FIELDS))
                if key[3] == "makeup":
                    makeups.keys.add(key)
    errors += makeups.refusals(records, voided)
    errors.sort(key=_row_of)
    return {
        "records": records,
        "voided": voided - set(records),
        "term_starts": starts,
        "term_starts_move": scope.everything,
        "teachings": taught.records if taught else {},
    }, errors


def _row_of(error: RowError) -> int:
    return error.row


class _Taught:
    """The 教师工号 column, when a grades file has one: (term, course, class, teacher) rows.
    A 工号 that is no course teacher of the student's college is a bad row, like any other."""

    def __init__(self, headers):
        self.on = "teacher_no" in headers
        self.headers, self.records = headers, {}
        if self.on:
            from .teaching import Teachers  # deferred: .teaching imports this module

            self.teachers, self.places = Teachers(), {}

    def __bool__(self) -> bool:
        return self.on

    def read(self, row, attempts) -> list[RowError]:
        raw = row.values.get("teacher_no")
        try:
            number = "" if cells.is_blank(raw) else cells.text(raw, 40)
        except cells.CellError as problem:
            return [RowError(row.number, self.headers["teacher_no"], problem.message)]
        if not number or not attempts:
            return []
        student_id = attempts[0]["student_id"]
        if student_id not in self.places:
            self.places[student_id] = db.session.execute(
                select(Student.class_id, Student.college_id).where(Student.id == student_id)
            ).one()
        class_id, college_id = self.places[student_id]
        teacher = self.teachers.teacher_for(number, college_id)
        if teacher is None:
            from .teaching import refused_teacher

            return [RowError(row.number, self.headers["teacher_no"], refused_teacher(number))]
        first = attempts[0]
        self.records[(first["term"], first["course_code"], class_id, teacher)] = first[
            "course_name"
        ]
        return []


def terms_by_code(codes: Iterable[str]) -> dict[str, int]:
    """Term ids by code, creating the terms the file names for the first time."""
    existing = dict(db.session.execute(select(Term.code, Term.id)).all())
    for code in sorted(set(codes) - set(existing)):
        term = Term(code=code, start_year=int(code[:4]), n=int(code[-1]))
        db.session.add(term)
        db.session.flush()
        existing[code] = term.id
    return existing


def write(parsed: dict) -> tuple[int, int, int]:
    """Compare with what is stored by streaming the stored rows once (holding them all
    would double the memory of a university-sized re-import), then write the differences.

    A term whose attempts in the file have the digest of an earlier import of it, with the
    term's stored rows untouched since (GradeDigest), is not read back nor compared: the
    file would change nothing there (the registrar's re-import of a whole term after each
    make-up session, issue 21). The file was still read and validated in full."""
    voided_in_file = parsed["voided"]
    term_ids = terms_by_code(
        {k[1] for k in parsed["records"]}
        | {k[1] for k in voided_in_file}
        | set(parsed.get("term_starts") or ())
    )
    term_dates.store(parsed.get("term_starts"), term_ids, move=parsed.get("term_starts_move"))
    digests = digests_by_term(parsed["records"], voided_in_file, term_ids)
    settled = _settled(digests)
    pending, unchanged = {}, 0
    for (s, t, c, k), record in parsed["records"].items():
        term_id = term_ids[t]
        if term_id in settled:
            unchanged += 1
        else:
            pending[(s, term_id, c, k)] = record
    parsed["file"] = {  # for `remember`, once the write is done
        "students": {k[0] for k in parsed["records"]} | {k[0] for k in voided_in_file},
        "terms": sorted({k[1] for k in parsed["records"]}),
        "records": len(parsed["records"]),
        "digests": digests,
    }
    parsed["records"].clear()
    voided = {(s, term_ids[t], c, k) for s, t, c, k in voided_in_file if term_ids[t] not in settled}
    batch, voided_ids, changed = _Batches(), [], set()
    for stored_id, key, values in _stored(set(digests) - settled):
        if key in voided:
            voided_ids.append(stored_id)
            changed.add(key[1])
        record = pending.pop(key, None)
        if record is None:
            continue
        if values == record[1:]:
            unchanged += 1
        else:
            batch.update(dict(zip(_FIELDS, record[1:], strict=True), id=stored_id))
            changed.add(key[1])
    for (student_id, term_id, course, kind), record in pending.items():
        batch.insert(
            dict(
                zip(_FIELDS, record[1:], strict=True),
                student_id=student_id,
                term_id=term_id,
                course_code=course,
                kind=kind,
            )
        )
        changed.add(term_id)
    if voided_ids:
        db.session.execute(GradeRecord.__table__.delete().where(GradeRecord.id.in_(voided_ids)))
    batch.flush()
    if parsed.get("teachings"):
        from .teaching import write as write_teachings

        write_teachings({"records": parsed["teachings"], "source": "grades"})
    _remember(digests, settled, changed)
    return batch.inserted, batch.updated, unchanged


def digests_by_term(records: dict, voided: set, term_ids: dict[str, int]) -> dict[int, str]:
    """term id -> sha256 of the file's attempts in that term (resolved student ids, values as
    stored, voided keys), in key order: independent of row order and of ignored columns.

    It covers what the write would do, not who asked: the uploader's scope has already
    refused every row outside it (validation runs in full first), and the same attempts
    leave the same rows whoever imports them, so one college's unchanged file is
    recognised after another college imported its own (each file keeps its digest until
    the term's attempts change)."""
    by_term: dict[str, list] = {}
    for key, record in records.items():
        by_term.setdefault(key[1], []).append((key, record[1:]))
    for key in voided:
        by_term.setdefault(key[1], []).append((key, "void"))
    digests = {}
    for code, entries in by_term.items():
        entries.sort(key=_entry_key)
        digest = hashlib.sha256()
        for entry in entries:
            digest.update(repr(entry).encode())
            digest.update(b"\n")
        digests[term_ids[code]] = digest.hexdigest()
    return digests


def _entry_key(entry) -> tuple:
    return entry[0]


def _fingerprints(term_ids) -> dict[int, tuple[int, int]]:
    """term id -> (stored rows, highest id) of its attempts; (0, 0) when it has none."""
    found = {t: (0, 0) for t in term_ids}
    found.update(
        {
            t: (n, last or 0)
            for t, n, last in db.session.execute(
                select(GradeRecord.term_id, func.count(), func.max(GradeRecord.id))
                .where(GradeRecord.term_id.in_(list(term_ids)))
                .group_by(GradeRecord.term_id)
            )
        }
    )
    return found


def _settled(digests: dict[int, str]) -> set[int]:
    """Terms whose stored attempts are what a file with the same digest left them."""
    if not digests:
        return set()
    now = _fingerprints(digests)
    return {
        t
        for t, digest, rows, last in db.session.execute(
            select(
                GradeDigest.term_id, GradeDigest.digest, GradeDigest.rows, GradeDigest.last_id
            ).where(GradeDigest.term_id.in_(list(digests)))
        )
        if digests[t] == digest and now[t] == (rows, last)
    }


def _remember(digests: dict[int, str], settled: set[int], changed: set[int]) -> None:
    """After the write: a term the file changed forgets its other digests (they describe the
    term as it was); every term compared keeps this file's digest with its new fingerprint."""
    compared = set(digests) - settled
    if not compared:
        return
    db.session.flush()
    db.session.execute(
        delete(GradeDigest).where(
            GradeDigest.term_id.in_(list(compared)),
            or_(
                GradeDigest.term_id.in_(list(changed)),
                GradeDigest.digest.in_({digests[t] for t in compared}),
            ),
        )
    )
    now = _fingerprints(compared)
    db.session.execute(
        insert(GradeDigest),
        [
            dict(
                term_id=t, digest=digests[t], rows=now[t][0], last_id=now[t][1], created_at=utcnow()
            )
            for t in sorted(compared)
        ],
    )


def remember(parsed: dict, sha256: str, rows: int) -> None:
    """After a full write: keep the file's sha256 with the digests it left (GradeFile), unless
    it also wrote term starts or teachings, which the digests do not cover."""
    file = parsed.get("file")
    if not file or not file["digests"] or parsed.get("term_starts") or parsed.get("teachings"):
        return
    key = _file_key(sha256)
    _forget_stale_files(key)
    db.session.add(
        GradeFile(
            sha256=key,
            digests=sorted([t, d] for t, d in file["digests"].items()),
            terms=file["terms"],
            students=_pack(file["students"]),
            rows=rows,
            records=file["records"],
        )
    )
    db.session.flush()


def _forget_stale_files(key: str) -> None:
    """Drop this file's earlier entry, and every entry one of whose digests is gone (its
    term changed since): a few rows, one per file still describing its terms."""
    kept = {(t, d) for t, d in db.session.execute(select(GradeDigest.term_id, GradeDigest.digest))}
    stale = [
        i
        for i, sha, digests in db.session.execute(
            select(GradeFile.id, GradeFile.sha256, GradeFile.digests)
        )
        if sha == key or not all((t, d) in kept for t, d in digests)
    ]
    if stale:
        db.session.execute(delete(GradeFile).where(GradeFile.id.in_(stale)))


def recognise(sha256: str, scope: ImportScope) -> tuple[int, int, list[str]] | None:
    """(rows, unchanged, terms) when this very file was imported before and every term it
    gave is still as it left it (its digest is settled); None sends it through the full
    read. Every student it names must be in the uploader's scope now: otherwise the full
    read reports those rows, with the answer a scoped uploader always gets."""
    file = db.session.scalars(
        select(GradeFile)
        .where(GradeFile.sha256 == _file_key(sha256))
        .order_by(GradeFile.id.desc())
        .limit(1)
    ).first()
    if file is None:
        return None
    digests = {t: d for t, d in file.digests}
    if _settled(digests) != set(digests):
        return None
    named = _unpack(file.students)
    reachable = set(db.session.scalars(select(Student.id).where(scope.students())))
    if not named <= reachable:
        return None
    return file.rows, file.records, list(file.terms)


# What a file's sha256 is taken with: a change to the columns read, the values kept or the
# checks a file must pass makes an earlier file's entry a stranger (a file accepted before
# a check existed is read again, and refused if it fails it).
_CHECKS = ("term started", "make-up in its regular attempt's term", "term columns agree")
_READS = repr((sorted(COLUMNS.items()), REQUIRED, _FIELDS, _CHECKS)).encode()


def _file_key(sha256: str) -> str:
    return hashlib.sha256(sha256.encode() + b"\n" + _READS).hexdigest()


def _pack(ids: set[int]) -> bytes:
    """Sorted ids as their differences, compressed: a term's 30,000 ids in a few KB."""
    previous, gaps = 0, []
    for n in sorted(ids):
        gaps.append(n - previous)
        previous = n
    return zlib.compress(",".join(map(str, gaps)).encode(), 9)


def _unpack(data: bytes) -> set[int]:
    text = zlib.decompress(data).decode()
    return set(accumulate(map(int, text.split(",")))) if text else set()


class _Batches:
    """Inserts and updates sent a few thousand at a time, so memory stays flat."""

    def __init__(self):
        self.inserts, self.updates, self.inserted, self.updated = [], [], 0, 0
        bind = db.session.get_bind()
        # PostgreSQL through psycopg 3: new rows go by COPY, in the import's transaction.
        self.copy = bind.dialect.name == "postgresql" and bind.dialect.driver == "psycopg"

    def insert(self, row: dict) -> None:
        self.inserts.append(row)
        if len(self.inserts) >= _BATCH:
            self.flush()

    def update(self, row: dict) -> None:
        self.updates.append(row)
        if len(self.updates) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if self.inserts:
            if self.copy:
                _copy(self.inserts)
            else:
                db.session.execute(insert(GradeRecord), self.inserts)
            self.inserted += len(self.inserts)
        if self.updates:
            db.session.execute(update(GradeRecord), self.updates)
            self.updated += len(self.updates)
        self.inserts, self.updates = [], []


_COPY_COLUMNS = ("student_id", "term_id", "course_code", "kind", *_FIELDS)


def _copy(rows: list[dict]) -> None:
    """COPY … FROM STDIN on the session's own connection (so inside its transaction)."""
    driver = db.session.connection().connection.driver_connection
    statement = f"COPY {GradeRecord.__tablename__} ({', '.join(_COPY_COLUMNS)}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(tuple(row[c] for c in _COPY_COLUMNS))


def _stored(term_ids: set[int]):
    """(id, key, values) of the stored attempts of these terms, streamed."""
    if not term_ids:
        return
    columns = [getattr(GradeRecord, f) for f in _FIELDS]
    query = select(
        GradeRecord.id,
        GradeRecord.student_id,
        GradeRecord.term_id,
        GradeRecord.course_code,
        GradeRecord.kind,
        *columns,
    ).where(GradeRecord.term_id.in_(term_ids))
    # Updates may be written while this streams: they touch only rows already read.
    rows = db.session.execute(query.execution_options(yield_per=5000))
    for partition in rows.partitions():
        for r in partition:
            yield r[0], (r[1], r[2], r[3], r[4]), _normalised(r[5:])


def _normalised(values) -> tuple:
    return tuple(v.quantize(_CENT) if isinstance(v, Decimal) else v for v in values)


KIND = ImportKind.here(
    __name__,
    name="grades",
    label=_l("Grades"),
    permission="grades.import",
    hint=_l(
        "Optional: %(teacher_no)s, the teacher's staff number, records who teaches the "
        "course to the student's class (the mid-term surveys read it)."
    ),
    terms_of=lambda parsed: {key[1] for key in parsed["records"]},
    recognise=recognise,
    remember=remember,
)
