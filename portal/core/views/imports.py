"""Upload a spreadsheet, watch its progress, read the validation report."""

from flask import Blueprint, abort, current_app, url_for
from flask_login import current_user

from ...extensions import db
from ..access import authenticated, can
from ..forms import UploadForm
from ..htmx import hx_redirect, render
from ..i18n import _
from ..importing import KINDS, next_steps
from ..jobs import Busy, job_state, start_job, store_upload
from ..models import ImportJob

bp = Blueprint("imports", __name__, url_prefix="/imports")


def _allowed_kinds():
    return [kind for kind in KINDS.values() if can(current_user, kind.permission)]


@bp.route("/")
@authenticated
def index():
    kinds = _allowed_kinds()
    if not kinds:
        abort(403)
    return render("imports/index.html", kinds=kinds, form=UploadForm())


@bp.route("/<kind>/template.xlsx")
@authenticated
def template(kind: str):
    """An empty workbook to fill: headings, example rows, the accepted values (issue 17 #6)."""
    from flask import send_file

    from ..export import XLSX_MIMETYPE
    from ..import_templates import workbook

    import_kind = KINDS.get(kind)
    if import_kind is None:
        abort(404)
    if not can(current_user, import_kind.permission):
        abort(403)
    return send_file(workbook(import_kind), mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=f"{kind}-template.xlsx", max_age=0)


@bp.route("/<kind>", methods=["POST"])
@authenticated
def upload(kind: str):
    import_kind = KINDS.get(kind)
    if import_kind is None:
        abort(404)
    if not can(current_user, import_kind.permission):
        abort(403)
    form = UploadForm()
    if not form.validate_on_submit():
        return render("imports/index.html", kinds=_allowed_kinds(), form=form, failed=kind,
                      http_status=422)
    upload_file = form.file.data
    path = store_upload(upload_file)
    try:
        job = start_job(kind, path, upload_file.filename or "upload.xlsx", current_user.id)
    except Busy:
        response = render("imports/index.html", kinds=_allowed_kinds(), form=form, failed=kind,
                          busy=_("%(n)d imports are running already. Nothing was saved; try "
                                 "again in a minute.",
                                 n=current_app.config["IMPORT_MAX_RUNNING"]), http_status=429)
        response.headers["Retry-After"] = "60"
        return response
    return hx_redirect(url_for("imports.job", job_id=job.id))


@bp.route("/jobs/<job_id>")
@authenticated
def job(job_id: str):
    record = db.session.get(ImportJob, job_id)
    if record is None or record.user_id != current_user.id:
        abort(404)
    state = job_state(record)
    steps = next_steps(record.kind, (record.result or {}).get("terms") or []) \
        if state == "done" else []
    return render("imports/job.html", fragment="progress", job=record, state=state,
                  kind=KINDS[record.kind], steps=steps)
