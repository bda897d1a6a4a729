"""The effectiveness review: figures, charts, comparisons, the leaders' text, print, export."""

from functools import wraps

from flask import Blueprint, abort, current_app, flash, request, url_for
from flask_login import current_user

from portal.core import memo
from portal.core.access import hide, require
from portal.core.collector import collector_paused
from portal.core.export import checked_before_sizing, checked_first, download, printed, refusal
from portal.core.facts import facts
from portal.core.form_views import refuse_on_page
from portal.core.htmx import hx_redirect, render, shown_at
from portal.core.i18n import N_, _, kept
from portal.core.job_offers import job_when_posted
from portal.extensions import db

from . import export
from .forms import ReportForm
from .models import Report, Setting
from .page import build_page, with_charts

bp = Blueprint("review", __name__, template_folder="templates")


def school_sized(view):
    """A school's review holds tens of thousands of rows until the page is sent: built with
    the garbage collector paused (see collector_paused). What the request kept meanwhile
    (the standing history: 100,000 objects) is let go once the page is made, before the
    collector comes back: it would walk every one of them once more."""

    @wraps(view)
    def paused(*args, **kwargs):
        with collector_paused():
            try:
                return view(*args, **kwargs)
            finally:
                memo.forget()

    return paused


@bp.route("/")
@require("review.view")
@school_sized
def index():
    return _review_page()


def _review_page(form: ReportForm | None = None, http_status: int = 200):
    """The review; `form`, the leaders' text as posted (else as saved)."""
    page = with_charts(build_page())
    form = form or ReportForm(formdata=None, obj=page.report)
    return render(
        "review/index.html", page=page, form=form, facts_registry=facts(), http_status=http_status
    )


@bp.route("/print")
@require("review.view")
@checked_first
@school_sized
def print_review():
    """The whole review to print, every group: the same students' figures as its workbook,
    so a bulk export like it (step-up, limit, audit with the row count)."""
    page = with_charts(build_page(), everything=True)
    rows = len(page.review.rows) if page.review else 0
    return printed(
        render("review/print.html", page=page, facts_registry=facts()), what="Review", rows=rows
    )


@bp.route("/export.xlsx", methods=["GET", "POST"])
@require("review.view")
@checked_before_sizing
@school_sized
def export_xlsx():
    # The figures are what the review's own page computes on every visit (no slot asked):
    # they size the export; the workbook is built only once its slot is taken.
    page = build_page()
    if page.review is None:
        abort(404)
    anonymous = request.args.get("anonymous") == "1"
    filename = f"review-{page.period.code}{'-anon' if anonymous else ''}.xlsx"
    if len(page.review.rows) > current_app.config["EXPORT_JOB_ROWS"]:
        # A school's workbook is written by a queue job (jobs.py) with a progress bar, its
        # slot of the limit taken when queued; the step-up is asked again (with the audit)
        # at its download from the job's page.
        return job_when_posted("review.export", filename=filename, title=_title(page, anonymous))
    if request.method == "POST":
        abort(405)  # a workbook small enough to send is a GET
    refused = refusal()
    if refused is not None:
        return refused
    return download(
        export.workbook(page, anonymous),
        filename,
        what="Review",
        rows=len(page.review.rows),
    )


def _title(page, anonymous: bool) -> dict:
    """The export job's name, said in each reader's language: its term (a code, said as
    words) or its academic year (kept words)."""
    first = page.period.terms[0]
    period = (
        first.code
        if page.period.span == "term"
        else kept(
            N_("%(first)s–%(second)s academic year"),
            first=first.start_year,
            second=first.start_year + 1,
        )
    )
    if anonymous:
        return kept(N_("Effectiveness review of %(term)s (anonymised workbook)"), term=period)
    return kept(N_("Effectiveness review of %(term)s (workbook)"), term=period)


def _check_writable(page) -> None:
    if not page.writable:
        hide(f"review.write college {page.college_id}")


@bp.route("/report", methods=["POST"])
@require("review.write")
@school_sized
def save_report():
    page = build_page(figures_too=False)
    if page.term is None:
        abort(404)
    _check_writable(page)
    form = ReportForm()
    back = url_for("review.index", term=page.period.key, by=page.by)
    valid = form.validate_on_submit()
    if valid and page.report is None and not form.written():
        # An assessment with nothing in it wrote a row saying it was saved. Emptying one
        # saved before is a change, and is saved.
        form.worked.errors.append(_("Write at least one part of the assessment."))
        valid = False
    if not valid:
        # The review again with what was typed and why it was refused (too long, empty):
        # never a quiet return to the page, the leader believing it saved.
        return shown_at(_review_page(form, 422), back)
    report = page.report or Report(
        term_id=page.term.id, college_id=page.college_id, span=page.period.span
    )
    form.populate_obj(report)
    report.saved_by_id = current_user.id
    db.session.add(report)
    db.session.commit()
    flash(_("The review's text was saved."), "success")
    return hx_redirect(back)


@bp.route("/setting", methods=["POST"])
@require("review.write")
def save_setting():
    """A college's leader chooses the conversion rate's numerator (warning-rules.md §6)."""
    page = build_page(figures_too=False)
    if page.college_id is None or page.period is None:
        abort(404)  # the school's review counts lifted only
    _check_writable(page)
    choice = request.form.get("count_eased")
    if choice not in ("0", "1"):  # only the two numerators the page offers
        return refuse_on_page(
            _("Choose one of the two numerators offered; nothing was saved."),
            _review_page,
            url_for("review.index", term=page.period.key, by=page.by),
        )
    setting = db.session.get(Setting, page.college_id) or Setting(college_id=page.college_id)
    setting.count_eased = choice == "1"
    setting.saved_by_id = current_user.id
    db.session.add(setting)
    db.session.commit()
    flash(_("The conversion rate's numerator was saved."), "success")
    return hx_redirect(url_for("review.index", term=page.period.key, by=page.by))
