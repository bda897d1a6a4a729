"""Uploads and generated files shared by every app host: kept in the database, never only on
the disk of the host that received them (issue 20), and removed when their job ends.

`store(data) -> id` adds one in the caller's transaction (flush, no commit); `open(id)` reads
it; `as_file(id)` lends it as a temporary file on this host for readers that need a path
(the spreadsheet reader), deleted on leaving; `remove(id)` deletes it (flush). A file whose
job never ended (its process was killed) is purged by the next `store` after ORPHAN_AFTER.
"""

from __future__ import annotations

import io
import os
import secrets
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, select

from ..extensions import db
from .models.base import utcnow
from .models.uploads import StoredFile

# Far beyond any import's run; a stored file older than that belongs to no live job.
ORPHAN_AFTER = timedelta(days=1)
# What a file name may carry that is not shown as itself: controls (Cc: NUL, newline),
# format characters (Cf: the bidi embeddings, overrides and isolates U+202A–202E and
# U+2066–2069, the marks U+200E, U+200F and U+061C, zero-width characters, the BOM), line
# and paragraph separators (Zl, Zp) and lone surrogates (Cs).
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def plain_name(filename: str | None) -> str:
    """An uploaded file's name as it is kept, shown and sent back: NFC, without the
    characters that are not shown as themselves. "a\u202egnp.pdf" (a right-to-left
    override) reads "apdf.png" and would download named as if a PNG; kept, it is
    "agnp.pdf". Chinese names stay whole."""
    name = unicodedata.normalize("NFC", filename or "")
    return "".join(c for c in name if unicodedata.category(c) not in _UNSEEN).strip()


class MissingUpload(LookupError):
    """The stored file is gone (its job ended, or it was purged)."""


def store(data: bytes) -> str:
    purge(older_than=ORPHAN_AFTER)
    upload_id = secrets.token_hex(16)
    db.session.add(StoredFile(id=upload_id, size=len(data), data=data))
    db.session.flush()
    return upload_id


def read(upload_id: str) -> bytes:
    stored = db.session.get(StoredFile, upload_id)
    if stored is None:
        raise MissingUpload(upload_id)
    return stored.data


def exists(upload_id: str | None) -> bool:
    """Whether the stored file is still there (without reading it)."""
    return bool(upload_id) and upload_id in existing([upload_id])


def existing(upload_ids) -> set[str]:
    """Which of the stored files are still there, in one query."""
    wanted = [i for i in upload_ids if i]
    if not wanted:
        return set()
    return set(db.session.scalars(select(StoredFile.id).where(StoredFile.id.in_(wanted))))


def open(upload_id: str) -> io.BytesIO:  # called as uploads.open(id)
    return io.BytesIO(read(upload_id))


@contextmanager
def as_file(upload_id: str, suffix: str = ".upload") -> Iterator[Path]:
    handle, name = tempfile.mkstemp(prefix="portal-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as target:
            target.write(read(upload_id))
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def remove(upload_id: str) -> None:
    db.session.execute(delete(StoredFile).where(StoredFile.id == upload_id))
    db.session.flush()


def purge(older_than: timedelta = ORPHAN_AFTER, keep: Iterable[str] = ()) -> int:
    """Delete stored files older than `older_than`, except those in `keep` (live jobs')."""
    condition = StoredFile.created_at < utcnow() - older_than
    keep = list(keep)
    if keep:
        condition = condition & StoredFile.id.not_in(keep)
    done = db.session.execute(delete(StoredFile).where(condition))
    return done.rowcount or 0
