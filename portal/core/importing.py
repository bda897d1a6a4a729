"""Spreadsheet imports: validate every row first, then write all of them in one transaction.

An import kind (students, grades, attendance) says which columns it reads, how a row
becomes a record, and how records are written. Nothing is written when any row is bad;
the report lists every bad row with its Excel row number, column header and reason.
"""

from __future__ import annotations

import hashlib
import operator
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext
from markupsafe import Markup
from sqlalchemy import false, insert, or_, true, update

from ..extensions import db
from . import audit
from .access import can, grants_for
from .collector import collector_paused
from .i18n import N_
from .models import ImportBatch, Student
from .modules import taken
from .roles import SELF_SCOPED_ROLES
from .templating import quoted
from .xlsx import RowError, TableError, WorkbookRejected, precheck, read_table

# Creating colleges, majors and classes (from a roster's names or otherwise).
MANAGE_ORGANISATION = "admin.organisation"


@dataclass
class Outcome:
    """What an import did (or would have done): counts, or the bad rows."""

    kind: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # 学年学期 codes the file held
    # Refused as a whole (not a workbook, no header row, too many rows): no row was read.
    whole_file: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_to_correct(self) -> int:
        """Rows with at least one problem (a row can have several)."""
        return len({e.row for e in self.errors if e.row})


@dataclass(frozen=True)
class ImportScope:
    """Whose rows an upload may touch (issue 15, finding 1): the uploader's grants under the
    kind's permission. The command line, run by an operator on the server, is school scope."""

    everything: bool
    units: frozenset = frozenset()  # ("college" | "major" | "class", id)
    may_create_units: bool = False

    @classmethod
    def school(cls) -> ImportScope:
        return cls(everything=True, may_create_units=True)

    @classmethod
    def of(cls, user, permission: str) -> ImportScope:
        if user is None:
            return cls.school()
        grants = [
            g
            for g in grants_for(user, permission)
            if g.role not in SELF_SCOPED_ROLES and g.scope_kind != "self"
        ]
        return cls(
            everything=any(g.scope_kind == "all" for g in grants),
            units=frozenset(
                (g.scope_kind, g.scope_id)
                for g in grants
                if g.scope_kind in _UNIT_COLUMNS and g.scope_id is not None
            ),
            may_create_units=can(user, MANAGE_ORGANISATION),
        )

    def reaches(self, college_id: int | None, major_id: int | None, class_id: int | None) -> bool:
        """Whether a student placed in these units (None: a unit not created yet) is in scope."""
        if self.everything:
            return True
        ids = {"college": college_id, "major": major_id, "class": class_id}
        return any(ids[kind] is not None and ids[kind] == unit for kind, unit in self.units)

    def students(self):
        """SQL condition on `Student` for the students this upload may name."""
        if self.everything:
            return true()
        conditions = [
            getattr(Student, _UNIT_COLUMNS[kind]) == unit for kind, unit in sorted(self.units)
        ]
        return or_(*conditions) if conditions else false()


_UNIT_COLUMNS = {"college": "college_id", "major": "major_id", "class": "class_id"}


@dataclass(frozen=True)
class ImportKind:
    name: str
    label: object
    columns: dict[str, tuple[str, ...]]
    required: tuple
    parse: Callable[[Iterable, dict[str, str], ImportScope], tuple[list, list[RowError]]]
    write: Callable[[list], tuple[int, int, int]]
    permission: str
    # The optional columns and what they mean, on the upload page; a header word is written
    # %(key)s (a key of `columns`) and shown quoted in the file's own words.
    hint: object = None
    terms_of: Callable[[object], set[str]] | None = None  # the terms a parsed file holds
    # A file known to change nothing, recognised by its sha256 before its rows are read:
    # `recognise(sha256, scope)` gives (rows, unchanged, term codes) or None, and
    # `remember(records, sha256, rows)` runs after a full write (issue 21).
    recognise: Callable[[str, ImportScope], tuple[int, int, list[str]] | None] | None = None
    remember: Callable[[object, str, int], None] | None = None

    @classmethod
    def here(cls, module_name: str, **fields) -> ImportKind:
        """The import kind a file declares: its `COLUMNS`, `REQUIRED`, `parse` and `write`,
        found by those names (as a module's parts are), and the fields only it can name."""
        source = vars(sys.modules[module_name])
        return cls(
            columns=source["COLUMNS"],
            required=source["REQUIRED"],
            parse=source["parse"],
            write=source["write"],
            **fields,
        )

    def hint_html(self):
        if not self.hint:
            return ""
        return Markup.escape(str(self.hint)) % {
            key: quoted(words[0]) for key, words in self.columns.items()
        }

    def required_headers(self) -> list[list[list[str]]]:
        """The header words a file must carry, as the file spells them (学号, 学年学期 …):
        one entry per requirement, each a list of alternatives, each alternative the words
        that together satisfy it (学年 + 学期). The page shows them quoted, untranslated."""

        def one(keys) -> list[str]:
            keys = (keys,) if isinstance(keys, str) else keys
            return [self.columns[key][0] for key in keys]

        return [
            [one(entry)] if isinstance(entry, str) else [one(alt) for alt in entry]
            for entry in self.required
        ]


def register_import_kind(app, kind: ImportKind) -> None:
    """The core's own kinds (`portal.core.import_kinds`) and those a module declares
    (`Module.import_kinds`), in the order the import page lists them."""
    taken(app, "portal.import_kinds", kind.name, "import kind")[kind.name] = kind


def kinds() -> dict[str, ImportKind]:
    return current_app.extensions.get("portal.import_kinds", {})


def register_next_step(app, step: Callable[[str, list[str]], list[tuple[str, str]]]) -> None:
    """A module offers what to do after a successful import: `step(kind, term codes)` gives
    (label, url) pairs, e.g. the warnings module's "compute this term's warnings"."""
    app.extensions.setdefault("portal.import_next", []).append(step)


def next_steps(kind: str, terms: list[str]) -> list[tuple[str, str]]:
    return [
        found
        for step in current_app.extensions.get("portal.import_next", [])
        for found in step(kind, terms)
    ]


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@collector_paused()  # an import's rows: tuples, lists, dicts, no cycles
def run_import(
    kind_name: str,
    path: Path,
    *,
    filename: str,
    user,
    progress: Callable[[str, int], None] | None = None,
    max_unpacked: int | None = None,
) -> Outcome:
    """Validate the whole file, then write it in the caller's transaction (flush, no commit).

    `user` is the uploader: every row must be in their scope under the kind's permission
    (None: the command line, school scope). Web uploads keep the pre-check's 50 MB unpacked
    limit; the command line, run by an operator on the server, may pass a larger one for a
    university-wide file (the reader streams, so memory does not grow with the file)."""
    kind = kinds()[kind_name]
    outcome = Outcome(kind=kind_name)
    limits = {"max_unpacked": max_unpacked} if max_unpacked else {}
    scope = ImportScope.of(user, kind.permission)
    try:
        file_kind = precheck(path, filename=filename, **limits)
        digest = file_digest(path)  # kept with the batch; recognises a file seen before
        if kind.recognise and (known := kind.recognise(digest, scope)):
            outcome.rows, outcome.unchanged, outcome.terms = known
            begin_write()
            _record_batch(kind_name, filename, digest, outcome)
            return outcome
        table = read_table(
            path,
            columns=kind.columns,
            required=kind.required,
            kind=file_kind,
            max_cells=current_app.config["IMPORT_MAX_CELLS_PER_ROW"],
        )
        records, errors = kind.parse(_counted(table, outcome, progress), table.headers, scope)
    except WorkbookRejected as rejected:
        outcome.errors, outcome.whole_file = [RowError(0, "", rejected.message)], True
        return outcome
    except TableError as bad_table:
        outcome.errors, outcome.whole_file = list(bad_table.errors), True
        return outcome
    if errors:
        outcome.errors = errors
        return outcome
    if kind.terms_of:
        outcome.terms = sorted(kind.terms_of(records))
    if progress:
        progress("writing", outcome.rows)
    begin_write()
    outcome.inserted, outcome.updated, outcome.unchanged = kind.write(records)
    if kind.remember:
        kind.remember(records, digest, outcome.rows)
    _record_batch(kind_name, filename, digest, outcome)
    return outcome


def _record_batch(kind_name: str, filename: str, digest: str, outcome: Outcome) -> None:
    """The import batch and its audit line, written or recognised as unchanged alike."""
    db.session.add(
        ImportBatch(
            kind=kind_name,
            filename=filename[:200],
            sha256=digest,
            rows=outcome.rows,
            inserted=outcome.inserted,
            updated=outcome.updated,
            unchanged=outcome.unchanged,
        )
    )
    audit.record(
        "import",
        object_type=kind_name,
        detail=(
            f"{filename[:120]} rows={outcome.rows} inserted={outcome.inserted} "
            f"updated={outcome.updated} unchanged={outcome.unchanged}"
        ),
    )
    db.session.flush()


def begin_write() -> None:
    """End the validation's read transaction (it wrote nothing) and open the write one.

    On SQLite the write transaction begins IMMEDIATE: it waits for the lock rather than
    failing when a snapshot taken while reading is older than another writer's commit."""
    db.session.commit()
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.connection(execution_options={"sqlite_immediate": True})


def _counted(table, outcome: Outcome, progress) -> Iterator:
    for row in table:
        outcome.rows += 1
        if progress and outcome.rows % current_app.config["IMPORT_PROGRESS_EVERY"] == 0:
            progress("reading", outcome.rows)
        yield row


# What a refused import says (walk finding 12): first on its report, then in the
# notification that tells the uploader (the file's name in it) — the file as a whole, or how
# many rows need correcting and, when some have more than one, how many problems in all (not
# "7 rows" for 7 problems on 4 rows).
REFUSALS = {
    "file": (
        N_("Nothing was imported: the file itself needs correcting, as said below."),
        N_("Not imported: the file “%(name)s” itself needs correcting."),
    ),
    "problems": (
        N_("Nothing was imported: %(n)d problems need correcting."),
        N_("Not imported: “%(name)s” has %(n)d problems to correct."),
    ),
    "row": (
        N_("Nothing was imported: 1 row needs correcting."),
        N_("Not imported: 1 row of “%(name)s” needs correcting."),
    ),
    "row_problems": (
        N_("Nothing was imported: 1 row needs correcting, with %(problems)d problems."),
        N_("Not imported: 1 row of “%(name)s” needs correcting, with %(problems)d problems."),
    ),
    "rows": (
        N_("Nothing was imported: %(n)d rows need correcting."),
        N_("Not imported: %(n)d rows of “%(name)s” need correcting."),
    ),
    "rows_problems": (
        N_(
            "Nothing was imported: %(rows)d rows need correcting, with %(problems)d problems in all."
        ),
        N_(
            "Not imported: %(rows)d rows of “%(name)s” need correcting, with %(problems)d "
            "problems in all."
        ),
    ),
}


def _refusal(problems: int, rows: int | None, whole_file: bool) -> tuple[str, dict]:
    """(REFUSALS key, its parameters); `rows` None: not known (a report stored before rows
    were counted, its problems cut short), so only the problems are counted."""
    if whole_file:
        return "file", {}
    if rows is None:
        return "problems", {"n": problems}
    if rows == 1:
        return ("row", {}) if problems == 1 else ("row_problems", {"problems": problems})
    if problems == rows:
        return "rows", {"n": rows}
    return "rows_problems", {"rows": rows, "problems": problems}


def nothing_imported(problems: int, rows: int | None, whole_file: bool) -> str:
    """What a refused import's report says first."""
    case, params = _refusal(problems, rows, whole_file)
    return gettext(REFUSALS[case][0], **params)


def _stored_refusal(result: dict) -> tuple[str, dict]:
    """`_refusal` of a job's stored report, an older one's too (stored without its rows
    counted: a refused file's one problem had no row; the rows are counted from the problems
    kept when all were kept)."""
    errors = result.get("errors") or []
    problems = result.get("error_count", len(errors))
    if "whole_file" in result:
        return _refusal(problems, result.get("error_rows"), result["whole_file"])
    if errors and all(not e.get("row") for e in errors):
        return _refusal(problems, None, True)
    rows = len({e["row"] for e in errors if e.get("row")}) if problems == len(errors) else None
    return _refusal(problems, rows, False)


def refusal_summary(result: dict) -> str:
    """`nothing_imported` of a job's stored report."""
    case, params = _stored_refusal(result)
    return gettext(REFUSALS[case][0], **params)


def refusal_notice(job) -> tuple[str, dict] | None:
    """What the notification of an import refused for its rows says (queue.Task.refused):
    "未导入：…需要更正" with the count, not that the job did not finish; None for a job that
    failed otherwise (it crashed: no problems were counted)."""
    result = job.result or {}
    if not result.get("error_count"):
        return None
    case, params = _stored_refusal(result)
    return REFUSALS[case][1], params


def format_error(error: RowError) -> str:
    if not error.row:
        return str(error.message)
    return gettext(
        "row %(row)d, column %(column)s: %(message)s",
        row=error.row,
        column=error.column or "—",
        message=error.message,
    )


def write_merged(
    model,
    wanted: dict,
    stored: dict,
    *,
    new_row: Callable[[tuple, object], dict],
    changes: Callable[[object], dict],
    same: Callable[[object, object], bool] = operator.eq,
) -> tuple[int, int, int]:
    """Write `wanted` (key → value) over `stored` (key → (id, value)) in two bulk statements:
    a new key inserted as `new_row(key, value)`, a changed value updated with
    `changes(value)`; (inserted, updated, unchanged), as an import kind's `write` returns."""
    inserts, updates, unchanged = [], [], 0
    for key, value in wanted.items():
        if key not in stored:
            inserts.append(new_row(key, value))
        elif not same(stored[key][1], value):
            updates.append({"id": stored[key][0], **changes(value)})
        else:
            unchanged += 1
    if inserts:
        db.session.execute(insert(model), inserts)
    if updates:
        db.session.execute(update(model), updates)
    return len(inserts), len(updates), unchanged
