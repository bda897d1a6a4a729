"""The review's standing answers, stored in the database for one state of it (cohort.py's
fingerprint): computing a school's term takes seconds (the history walk, the outcomes), so
the first host to need an answer stores it and every host, every worker and every later
process reads it — a cache keyed by the database's state, not by one process's memory.

An answer is a list of plain dataclass rows (CohortRow, Standing) or a dict of counts (its
keys and values plain values or tuples of them); it is written as compact JSON (exact
values as text, dates as ISO), compressed.
Storing is best effort: a failure (another host storing the same key at the same moment,
a busy database) leaves the answer computed and unstored."""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from array import array
from dataclasses import fields, is_dataclass
from datetime import date
from operator import attrgetter

from flask import current_app, has_request_context, request
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from portal.core.models.base import utcnow
from portal.core.standing import CohortRow, Standing
from portal.extensions import db

from .exact import exact
from .models import StoredAnswer

ROW_TYPES = {cls.__name__: cls for cls in (CohortRow, Standing)}
# Part of every key: an answer stored by a host running other code (another encoding, rows
# of other fields, days of stored moments taken in UTC rather than clock.day_of) is never
# read as this code's.
SHAPE = ("columns", "packed", "ints", "local days") + tuple(
    (name, tuple(f.name for f in fields(cls))) for name, cls in ROW_TYPES.items()
)


def digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def load(key: str, fingerprint: str):
    payload = db.session.scalar(
        select(StoredAnswer.payload).where(
            StoredAnswer.key == key, StoredAnswer.fingerprint == fingerprint
        )
    )
    return None if payload is None else decode(payload)


def store(key: str, fingerprint: str, answer) -> None:
    """Keep the answer, and forget those of any other state (they can never be asked
    again). On its own transaction, in plain SQL (no session flush: the request's memos
    stay): the reading request's transaction is left as it was."""
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        # A writing request (or a command) may hold SQLite's write lock, which this other
        # connection would wait for: the next page read stores it.
        return
    payload = encode(answer)
    bind = db.session.get_bind()
    try:
        if isinstance(bind, Connection):  # a test's one connection: a savepoint in it
            with db.session.begin_nested():
                _write(db.session, key, fingerprint, payload)
        else:
            with bind.execution_options(sqlite_immediate=True).begin() as connection:
                _write(connection, key, fingerprint, payload)
    except SQLAlchemyError as problem:
        current_app.logger.info("standing answer not stored: %s", problem)


def _write(connection, key: str, fingerprint: str, payload: bytes) -> None:
    table = StoredAnswer.__table__
    connection.execute(delete(table).where(table.c.fingerprint != fingerprint))
    if connection.execute(select(table.c.key).where(table.c.key == key)).first() is None:
        connection.execute(
            insert(table).values(
                key=key, fingerprint=fingerprint, payload=payload, created_at=utcnow()
            )
        )


# -- the codec ------------------------------------------------------------------------------


def _kinds(cls) -> list[tuple[int, str]]:
    """(index, "fraction" | "date") of the fields that are not plain JSON values."""
    found = []
    for i, f in enumerate(fields(cls)):
        kind = str(f.type)
        if "Fraction" in kind:
            found.append((i, "fraction"))
        elif kind.startswith("date"):
            found.append((i, "date"))
    return found


def encode(answer) -> bytes:
    """Column by column: a school's term is tens of thousands of rows of the same fields."""
    if isinstance(answer, dict):
        data = {"dict": [[list(k) if isinstance(k, tuple) else k, v] for k, v in answer.items()]}
    else:
        cls = type(answer[0]) if answer else CohortRow
        assert is_dataclass(cls) and cls.__name__ in ROW_TYPES, cls
        names = [f.name for f in fields(cls)]
        # Every row's fields in one call a row, turned into columns by zip (not a getattr
        # a field and row: a school's term is 20 fields of 20,000 rows).
        columns = list(map(list, zip(*map(attrgetter(*names), answer), strict=True)))
        columns = columns or [[] for _name in names]
        for i, kind in _kinds(cls):
            columns[i] = _as_text(kind, columns[i])
        data = {"type": cls.__name__, "columns": list(map(_packed, columns))}
    return zlib.compress(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode(), 1)


def _packed(column: list):
    """A column of few distinct values (labels, levels, outcomes, dates, units: a school's
    20,000 rows hold dozens) as those values and an index into them a row; a column of
    whole numbers (student ids) as bytes; others as they are."""
    distinct = list(dict.fromkeys(column))
    if len(distinct) * 4 > len(column):
        return {"ints": _int_bytes(column)} if set(map(type, column)) == {int} else column
    index = {value: i for i, value in enumerate(distinct)}
    codes = list(map(index.__getitem__, column))
    if len(distinct) <= 256:  # one character a row: JSON writes a string, not 20,000 numbers
        return {"values": distinct, "codes": bytes(codes).decode("latin-1")}
    return {"values": distinct, "ints": _int_bytes(codes)}


def _int_bytes(numbers: list[int]) -> str:
    """Whole numbers as 8 bytes each, in base64: JSON would write (and read) each in
    decimal, one at a time."""
    return base64.b64encode(array("q", numbers).tobytes()).decode("ascii")


def _ints(text: str) -> list[int]:
    found = array("q")
    found.frombytes(base64.b64decode(text))
    return found.tolist()


def _as_text(kind: str, column: list) -> list:
    """A column's values as text, each distinct object formatted once: an exact value read
    from the database is one object per stored text (exact.exact) and keeps that text
    (hashing a Fraction costs more than formatting it); a school's 20,000 rows hold a few
    dozen dates."""
    ids = list(map(id, column))
    distinct = dict(zip(ids, column, strict=True))  # the column keeps each object alive
    if kind == "fraction":
        texts = {
            key: None if value is None else getattr(value, "text", None) or str(value)
            for key, value in distinct.items()
        }
    else:
        texts = {
            key: None if value is None else value.isoformat() for key, value in distinct.items()
        }
    return list(map(texts.__getitem__, ids))


def decode(payload: bytes):
    data = json.loads(zlib.decompress(payload))
    if "dict" in data:
        return {
            tuple(k) if isinstance(k, list) else k: tuple(v) if isinstance(v, list) else v
            for k, v in data["dict"]
        }
    cls = ROW_TYPES[data["type"]]
    columns = data["columns"]
    parsers = {i: exact if kind == "fraction" else date.fromisoformat for i, kind in _kinds(cls)}
    for i, column in enumerate(columns):
        parse = parsers.get(i)
        if isinstance(column, dict) and "values" not in column:  # whole numbers
            columns[i] = _ints(column["ints"])
        elif isinstance(column, dict):  # packed: each distinct value parsed once
            values = column["values"]
            if parse is not None:
                values = [None if v is None else parse(v) for v in values]
            codes = (
                column["codes"].encode("latin-1") if "codes" in column else _ints(column["ints"])
            )
            columns[i] = list(map(values.__getitem__, codes))
        elif parse is not None:
            columns[i] = [None if v is None else parse(v) for v in column]
    if hasattr(cls, "__slots__"):
        return list(map(cls, *columns))
    # A frozen dataclass sets each field through object.__setattr__: its fields are
    # written straight into each row's __dict__ instead (the same object, 5 times faster).
    names = [f.name for f in fields(cls)]
    found = []
    for values in zip(*columns, strict=True):
        row = object.__new__(cls)
        row.__dict__.update(zip(names, values, strict=True))
        found.append(row)
    return found
