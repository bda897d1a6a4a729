"""Scans of signed paper forms attached to a record about one student (issue 18): the
policies keep the paper, signed (lzut §三.7 经当事人签字存档; §四.10 经家长确认、签字后存档),
and the portal keeps its scan beside the record.

A scan is a PDF, JPEG or PNG, no larger than ATTACHMENT_MAX_BYTES; its type is read from
its first bytes, and the name and the declared type must agree with them. It is kept in
the database (never under static), served only to someone who reaches the student under
the permission the record's own page asks, and both its upload and each reading are
audited. The core knows no module: a record is a (kind, id) the module names."""

from __future__ import annotations

import io
import posixpath

from flask import abort, current_app, send_file
from flask_login import current_user
from sqlalchemy import delete, select

from ..extensions import db
from . import audit, uploads
from .access import hide, in_scope
from .i18n import _l
from .models import Attachment

# Content type -> how a file of that type begins (its magic bytes).
MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


class Refused(ValueError):
    """Why an upload is refused, translated when shown."""


def check_name(filename: str | None) -> str:
    """The file's own name, if it is a plain name once its unseen characters are dropped
    (`uploads.plain_name`: controls, bidi overrides): no folder, no `..`."""
    name = uploads.plain_name(filename)
    if (
        not name
        or "/" in name
        or "\\" in name
        or ".." in name
        or posixpath.basename(name) != name
        or name.startswith(".")
        or len(name) > 120
    ):
        raise Refused(_l("This file name is not accepted; rename the file and try again."))
    return name


def sniff(data: bytes) -> str | None:
    return next(
        (kind for kind, starts in MAGIC.items() if any(data.startswith(s) for s in starts)), None
    )


def validate(upload) -> tuple[str, str, bytes]:
    """(name, content type, bytes) of an acceptable upload; else Refused."""
    name = check_name(getattr(upload, "filename", None))
    extension = posixpath.splitext(name)[1].lower()
    declared = EXTENSIONS.get(extension)
    if declared is None:
        raise Refused(_l("Only PDF, JPEG or PNG scans can be attached."))
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise Refused(_l("The file is larger than %(mb)s MB.", mb=f"{limit / 1024 / 1024:g}"))
    if not data:
        raise Refused(_l("The file is empty."))
    mimetype = (getattr(upload, "mimetype", None) or "").lower()
    if sniff(data) != declared or (
        mimetype
        and mimetype != "application/octet-stream"
        and EXTENSIONS.get(extension) != _normal(mimetype)
    ):
        raise Refused(_l("The file's content is not the type its name says (PDF, JPEG or PNG)."))
    return name, declared, data


def _normal(mimetype: str) -> str:
    return {
        "image/jpg": "image/jpeg",
        "image/pjpeg": "image/jpeg",
        "application/x-pdf": "application/pdf",
    }.get(mimetype, mimetype)


def add(
    upload, *, student_id: int, kind: str, record_id: int, permission: str, user_id: int
) -> Attachment:
    """Check and keep one scan (flush, no commit); Refused leaves nothing behind."""
    name, content_type, data = validate(upload)
    attachment = Attachment(
        student_id=student_id,
        kind=kind,
        record_id=record_id,
        permission=permission,
        filename=name,
        content_type=content_type,
        size=len(data),
        data=data,
        uploaded_by_id=user_id,
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        "attachment_add",
        object_type=kind,
        object_id=record_id,
        student_id=student_id,
        detail=f"attachment={attachment.id} file={name}",
    )
    return attachment


def store_posted(form, *, record, kind: str, permission: str) -> tuple[bool, str | None]:
    """The scan posted with `form` (an AttachmentForm) for `record`, stored (flush; the view
    commits): (True, None); else (False, why it was refused, or None when the form failed)."""
    if not form.validate_on_submit():
        return False, None
    try:
        add(
            form.file.data,
            student_id=record.student_id,
            kind=kind,
            record_id=record.id,
            permission=permission,
            user_id=current_user.id,
        )
    except Refused as refused:
        db.session.rollback()
        return False, str(refused)
    return True, None


def purge(kind: str, record_ids) -> int:
    """Delete the scans of these records (their content was cleared by retention: the scan
    of the signed form says the same and goes with it). Flush, no commit."""
    done = db.session.execute(
        delete(Attachment)
        .where(Attachment.kind == kind, Attachment.record_id.in_(record_ids))
        .execution_options(synchronize_session=False)
    )
    return done.rowcount or 0


def of_record(kind: str, record_id: int) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment)
            .where(Attachment.kind == kind, Attachment.record_id == record_id)
            .order_by(Attachment.id)
        )
    )


def send(attachment_id: int):
    """The scan, to someone who reaches its student under its record's permission; else 404
    (audited as a denial), as if it did not exist."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    if not in_scope(attachment.student, attachment.permission):
        hide(f"{attachment.permission} Attachment {attachment_id}")
    audit.record(
        "attachment_view",
        object_type=attachment.kind,
        object_id=attachment.record_id,
        student_id=attachment.student_id,
        detail=f"attachment={attachment.id}",
    )
    audit.write_pending()  # a GET: the row in its own short transaction, before the scan goes
    response = send_file(
        io.BytesIO(attachment.data),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=uploads.plain_name(attachment.filename),
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
