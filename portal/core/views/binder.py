"""The term binder of a class (期末归档): choose a class and a term, print every record on its
own page, or export them as a workbook or a zip of the pages. Audited; out-of-reach classes
answer 404 (see portal.core.binder)."""

from flask import Blueprint, abort, request

from ...extensions import db
from .. import binder, clock
from ..access import hide, require
from ..export import checked_first, download, printed
from ..htmx import render
from ..models import SchoolClass
from ..numbers import as_id

bp = Blueprint("binder", __name__, url_prefix="/binder")


@bp.route("/")
@require(binder.PERMISSION)
def index():
    classes, terms = binder.classes_in_reach(), binder.term_codes(clock.today())
    chosen_class = as_id(request.args.get("class_id"))
    chosen_term = request.args.get("term", binder.current_code(clock.today()))
    counts = None
    if chosen_class and binder.term_of(chosen_term):
        scope = _scope(chosen_class, chosen_term)
        counts = [(section, len(items)) for section, items in binder.pages(scope)]
    return render(
        "binder/index.html",
        classes=classes,
        terms=terms,
        chosen_class=chosen_class,
        chosen_term=chosen_term,
        counts=counts,
    )


def _scope(class_id: int, term_code: str) -> binder.Scope:
    school_class = db.session.get(SchoolClass, class_id)
    term = binder.term_of(term_code)
    if term is None or school_class is None:
        abort(404)
    if school_class not in binder.classes_in_reach():
        hide(f"{binder.PERMISSION} SchoolClass {class_id}")
    since, until = binder.term_span(term)
    return binder.Scope(school_class, term, since, until)


@bp.route("/<int:class_id>/<term>")
@require(binder.PERMISSION)
@checked_first
def print_binder(class_id: int, term: str):
    """Every record of the class's term to print: the whole class's talks and parent
    contacts, a bulk export like the binder's workbook and zip (step-up, limit, audit)."""
    scope = _scope(class_id, term)
    parts = binder.pages(scope)
    total = sum(len(items) for _section, items in parts)
    page = render("binder/print.html", scope=scope, parts=parts, total=total)
    return printed(page, what="SchoolClass", rows=total, object_id=class_id)


@bp.route("/<int:class_id>/<term>.xlsx")
@require(binder.PERMISSION)
@checked_first
def export(class_id: int, term: str):
    return _download(_scope(class_id, term), binder.workbook, "xlsx")


@bp.route("/<int:class_id>/<term>.zip")
@require(binder.PERMISSION)
@checked_first
def export_zip(class_id: int, term: str):
    return _download(_scope(class_id, term), binder.zip_of_pages, "zip", mimetype="application/zip")


def _download(scope: binder.Scope, build, extension: str, **options):
    """The binder of `scope` as a file, built by `build` (a workbook, a zip of the pages; it
    returns the file and its row or page count) and named after the class and the term;
    audited against the class with that count."""
    content, rows = build(scope)
    class_id = scope.school_class.id
    return download(
        content,
        f"binder-{class_id}-{scope.term.code}.{extension}",
        what="SchoolClass",
        rows=rows,
        object_id=class_id,
        **options,
    )
