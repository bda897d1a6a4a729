"""Upload a spreadsheet, watch its progress, read the validation report."""

from flask import Blueprint, abort, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from .. import queue
from ..access import authenticated, can, deny
from ..export import XLSX_MIMETYPE
from ..forms import UploadForm
from ..htmx import hx_redirect, render
from ..import_templates import workbook
from ..importing import kinds, next_steps, refusal_summary
from ..jobs import start_job, store_upload
from ..models import ImportJob
from ..uploads import plain_name

bp = Blueprint("imports", __name__, url_prefix="/imports")


def _allowed_kinds():
    return [kind for kind in kinds().values() if can(current_user, kind.permission)]


@bp.route("/")
@authenticated
def index():
    allowed = _allowed_kinds()
    if not allowed:
        abort(403)
    return _index(allowed, UploadForm())


def _index(allowed, form: UploadForm, **more):
    """The upload form of each kind the user may import, and their recent imports."""
    return render(
        "imports/index.html",
        kinds=allowed,
        form=form,
        jobs=_recent_jobs(),
        kind_labels=lambda: {k.name: k.label for k in kinds().values()},
        state_of=queue.state_label,
        **more,
    )


def _recent_jobs():
    """The user's last imports, where one left running is found again (issue 20)."""
    return db.session.scalars(
        select(ImportJob)
        .where(ImportJob.user_id == current_user.id, ImportJob.task == "import")
        .order_by(ImportJob.created_at.desc())
        .limit(10)
    ).all()


def _kind_or_abort(kind: str):
    """The import kind named in the address: 404 when there is none, 403 when the user may
    not import it."""
    import_kind = kinds().get(kind)
    if import_kind is None:
        abort(404)
    if not can(current_user, import_kind.permission):
        deny(import_kind.permission)
    return import_kind


@bp.route("/<kind>/template.xlsx")
@authenticated
def template(kind: str):
    """An empty workbook to fill: headings, example rows, the accepted values (issue 17 #6)."""
    import_kind = _kind_or_abort(kind)
    return send_file(
        workbook(import_kind),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=f"{kind}-template.xlsx",
        max_age=0,
    )


@bp.route("/<kind>", methods=["POST"])
@authenticated
def upload(kind: str):
    _kind_or_abort(kind)
    form = UploadForm()
    if not form.validate_on_submit():
        return _index(_allowed_kinds(), form, failed=kind, http_status=422)
    upload_file = form.file.data
    upload_id = store_upload(upload_file)
    name = plain_name(upload_file.filename) or "upload.xlsx"
    job = start_job(kind, upload_id, name, current_user.id)
    return hx_redirect(url_for("imports.job", job_id=job.id))


@bp.route("/jobs/<job_id>")
@authenticated
def job(job_id: str):
    """The job's progress, from its record (any app host); htmx polls the fragment, a browser
    without JS refreshes the page (macros/job.html)."""
    record = db.session.get(ImportJob, job_id)
    if record is None or record.user_id != current_user.id or record.task != "import":
        abort(404)
    queue.seen(record)
    steps = (
        next_steps(record.kind, (record.result or {}).get("terms") or [])
        if record.status == "done"
        else []
    )
    return render(
        "imports/job.html",
        fragment="progress",
        job=record,
        ahead=queue.ahead(record) if record.status == "queued" else 0,
        kind=kinds()[record.kind],
        steps=steps,
        refusal_summary=refusal_summary,
    )
