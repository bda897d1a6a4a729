"""Grade records (成绩) and attendance (考勤): core data several modules read."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    LargeBinary,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped

from ...extensions import db
from .base import INTERNAL, PERSONAL, PUBLIC, col, utcnow
from .links import by_user, part_of

EXAM_KINDS = ("regular", "makeup", "retake")


class GradeRecord(db.Model):
    """One attempt of one student at one course; key (student, term, course, kind)."""

    __tablename__ = "core_grade_record"
    __table_args__ = (UniqueConstraint("student_id", "term_id", "course_code", "kind"),)
    __audit__ = False  # written in bulk; the import batch is audited instead
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = part_of("core_student")
    term_id: Mapped[int] = col(ForeignKey("core_term.id"), index=True)
    course_code: Mapped[str] = col(String(40), sensitivity=PUBLIC)
    course_name: Mapped[str] = col(String(200), sensitivity=PUBLIC)
    credits: Mapped[Decimal] = col(Numeric(5, 2), sensitivity=PUBLIC)
    kind: Mapped[str] = col(String(8), sensitivity=PERSONAL)
    score: Mapped[Decimal | None] = col(Numeric(6, 2), sensitivity=PERSONAL)
    score_text: Mapped[str] = col(String(20), sensitivity=PERSONAL)
    passed: Mapped[bool] = col(Boolean, sensitivity=PERSONAL)
    absent: Mapped[bool] = col(Boolean, default=False, sensitivity=PERSONAL)
    ignored: Mapped[bool] = col(Boolean, default=False, sensitivity=PERSONAL)
    degree_course: Mapped[bool] = col(Boolean, default=False, sensitivity=PUBLIC)
    grade_point: Mapped[Decimal | None] = col(Numeric(4, 2), sensitivity=PERSONAL)
    course_type: Mapped[str | None] = col(String(40), sensitivity=PUBLIC)
    # Who taught it (任课教师), when the grades file names them: a name or a staff number.
    teacher: Mapped[str | None] = col(String(100), sensitivity=PUBLIC)


class Attendance(db.Model):
    """Unexcused absence hours (旷课学时) of a student in a term, summed over the file's rows."""

    __tablename__ = "core_attendance"
    __table_args__ = (UniqueConstraint("student_id", "term_id"),)
    __audit__ = False
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = part_of("core_student")
    term_id: Mapped[int] = col(ForeignKey("core_term.id"), index=True)
    absence_hours: Mapped[Decimal] = col(Numeric(7, 2), sensitivity=PERSONAL)


class GradeDigest(db.Model):
    """What a grades import found the stored attempts of a term to be (issue 21): the digest
    of the attempts a file gave for the term, and the term's row count and highest id just
    after. A later file with the same digest, while count and highest id are unchanged,
    would write nothing, so it is not compared row by row. Any change to the term's
    attempts by an import removes its digests; rows deleted or added any other way (a
    student deleted, demo data) change the count or the highest id, and no path but the
    import updates an attempt in place."""

    __tablename__ = "core_grade_digest"
    __table_args__ = (UniqueConstraint("term_id", "digest"),)
    __audit__ = False  # bookkeeping of the import, which is audited
    id: Mapped[int] = col(primary_key=True)
    term_id: Mapped[int] = part_of("core_term")
    digest: Mapped[str] = col(String(64))
    rows: Mapped[int] = col()
    last_id: Mapped[int] = col()
    created_at: Mapped[datetime] = col(default=utcnow)


class GradeFile(db.Model):
    """A grades file whose import left its terms as its attempts say (issue 21): the file's
    sha256, the term digests it gave (GradeDigest), the students it names and its counts.
    While every one of those digests still describes its term, the same file again would
    write nothing, so it is recognised before its rows are read; the uploader's scope is
    still checked against the students it names (issue 15, finding 1). Files with columns
    that write beyond the attempts (开学日期, 教师工号) are not kept."""

    __tablename__ = "core_grade_file"
    __audit__ = False  # bookkeeping of the import, which is audited
    id: Mapped[int] = col(primary_key=True)
    sha256: Mapped[str] = col(String(64), index=True)
    digests: Mapped[list] = col(JSON)  # [[term id, digest], …]
    terms: Mapped[list] = col(JSON)  # the 学年学期 codes, for the outcome
    students: Mapped[bytes] = col(LargeBinary)  # zlib of the sorted ids' differences
    rows: Mapped[int] = col()
    records: Mapped[int] = col()
    created_at: Mapped[datetime] = col(default=utcnow)


class ImportBatch(db.Model):
    """One imported file: who, when, its hash and what it changed."""

    __tablename__ = "core_import_batch"
    id: Mapped[int] = col(primary_key=True)
    kind: Mapped[str] = col(String(20))
    filename: Mapped[str] = col(String(200), sensitivity=INTERNAL)
    sha256: Mapped[str] = col(String(64), index=True)
    user_id: Mapped[int | None] = by_user()
    created_at: Mapped[datetime] = col(default=utcnow)
    rows: Mapped[int] = col(default=0)
    inserted: Mapped[int] = col(default=0)
    updated: Mapped[int] = col(default=0)
    unchanged: Mapped[int] = col(default=0)


class ImportJob(db.Model):
    """A long job run by a queue worker (portal/core/queue.py): a web import, a warning
    computation, a large export… The source of truth for its status and progress, read by
    every app host; the queue only carries its id."""

    __tablename__ = "core_import_job"
    __audit__ = False  # the finished import is audited as such
    id: Mapped[str] = col(String(32), primary_key=True)
    kind: Mapped[str] = col(String(20))
    filename: Mapped[str] = col(String(200))
    stored_path: Mapped[str] = col(String(300))
    user_id: Mapped[int | None] = by_user()
    status: Mapped[str] = col(String(10), default="queued")  # queued running done failed
    rows_read: Mapped[int] = col(default=0)
    # What it is (a task defined in portal/core/queue.py: "import", "warnings.compute" …);
    # `kind` is the import kind, or empty.
    task: Mapped[str] = col(String(40), default="import", server_default="import")
    step: Mapped[str | None] = col(String(40))  # "reading", "writing", "computing" …
    percent: Mapped[int | None] = col()  # None: not known yet (the bar is indeterminate)
    attempts: Mapped[int] = col(default=0, server_default="0")  # runs started (retries + 1)
    claim: Mapped[str | None] = col(String(32), sensitivity=INTERNAL)  # the run holding it
    # The task's arguments (ids, a term code …) and the request it was asked from (path,
    # filters, the client's address: what queue.as_user replays).
    params: Mapped[dict | None] = col(JSON, sensitivity=PERSONAL)
    created_at: Mapped[datetime] = col(default=utcnow)
    updated_at: Mapped[datetime] = col(default=utcnow)
    result: Mapped[dict | None] = col(JSON, sensitivity=PERSONAL)


class Teaching(db.Model):
    """教学任务: who teaches which course to which class in a term. From a course roster import
    (课程名单) or from a grades file that carries 教师工号 (warning-rules.md §4)."""

    __tablename__ = "core_teaching"
    __table_args__ = (UniqueConstraint("term_id", "course_code", "class_id", "teacher_id"),)
    __audit__ = False  # written in bulk; the import batch is audited instead
    id: Mapped[int] = col(primary_key=True)
    term_id: Mapped[int] = col(ForeignKey("core_term.id"), index=True)
    course_code: Mapped[str] = col(String(40), sensitivity=PUBLIC)
    course_name: Mapped[str] = col(String(200), sensitivity=PUBLIC)
    class_id: Mapped[int] = part_of("core_class")
    teacher_id: Mapped[int] = part_of("core_user")
    source: Mapped[str] = col(String(10), sensitivity=PUBLIC)  # "courses" | "grades"
