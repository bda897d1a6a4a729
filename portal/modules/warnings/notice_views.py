"""Notice pages: the student confirms or objects; staff print, answer and record receipts."""

from flask import abort, current_app, request, url_for
from flask_login import current_user
from sqlalchemy import and_, select, true
from sqlalchemy.orm import contains_eager

from portal.core import clock, queue
from portal.core.access import can, in_scope, require, student_scope
from portal.core.errors import error_page
from portal.core.export import checked_before_sizing, printed, refusal
from portal.core.form_views import attempt, commit_and_redirect
from portal.core.htmx import render
from portal.core.i18n import N_, _, document_locale, kept, lang_tag
from portal.core.job_offers import job_when_posted
from portal.core.models import Student, Term
from portal.core.numbers import as_id
from portal.core.templating import link_args
from portal.extensions import db

from . import explain, roster
from .codes import NoticePart
from .forms import ParentCopyForm
from .models import Notice, Run, Warning
from .notices import (
    ASKING,
    NoticeError,
    answer,
    answered_in,
    confirm,
    lifted,
    lifted_among,
    notice_first_talk,
    object_to,
    office_phone,
    overdue,
    record_parent,
    superseded,
)
from .notices import warnings_of as notice_warnings
from .views import bp

ANSWERS = ("uphold", "withdraw")  # the objection's answer: the notice page's two buttons
_PROBLEMS = {
    "state": lambda: _("This notice cannot take that step now."),
    "reason": lambda: _("Please write the reason for your objection."),
    "answer": lambda: _("Please write an answer the student can read."),
    "decision": lambda: _("Choose whether the warning is upheld or withdrawn."),
}


def _notice_or_404(notice_id: int, permission: str = "warnings.notices") -> Notice:
    """The student's own notice, or one in the staff member's scope; else 404."""
    notice = db.get_or_404(Notice, notice_id)
    if current_user.student_id == notice.student_id:
        return notice
    if can(current_user, permission) and in_scope(notice.student, permission):
        return notice
    abort(404)


def _own(notice: Notice) -> None:
    if current_user.student_id != notice.student_id:
        abort(403)  # only the student confirms or objects to their own notice


@bp.route("/notices/<int:notice_id>")
@require("warnings.view")
def notice(notice_id: int):
    return _notice_page(_notice_or_404(notice_id))


def _notice_page(record: Notice, refused: ParentCopyForm | None = None):
    """The notice; `refused`, a parent copy's form that failed: again as posted (422), each
    error at its field and in a summary in view without JavaScript."""
    warnings = notice_warnings(record)
    return render(
        "warnings/notice.html",
        fragment="actions",
        http_status=422 if refused else 200,
        parent_form=refused or _parent_form(record),
        notice=record,
        from_objections=request.args.get("from") == "objections",
        warnings=warnings,
        catalogue=explain.catalogue_of(record.run.ruleset_snapshot),
        first_talk=notice_first_talk(record, warnings),
        is_student=current_user.student_id == record.student_id,
        lifted=bool(lifted_among([record])),
    )


@bp.route("/notices/<int:notice_id>/confirm", methods=["POST"])
@require("warnings.view")
def confirm_notice(notice_id: int):
    record = _notice_or_404(notice_id)
    _own(record)
    return _act(
        record,
        lambda: confirm(record, current_user.id),
        _("Thank you. You have confirmed that you have read the notice."),
    )


@bp.route("/notices/<int:notice_id>/object", methods=["POST"])
@require("warnings.view")
def object_notice(notice_id: int):
    record = _notice_or_404(notice_id)
    _own(record)
    reason = request.form.get("reason", "")[:2000]
    return _act(
        record,
        lambda: object_to(record, reason, current_user.id),
        _("Your objection has been sent to the teaching secretary, who will answer you."),
    )


@bp.route("/notices/<int:notice_id>/answer", methods=["POST"])
@require("warnings.manage")
def answer_notice(notice_id: int):
    record = _notice_or_404(notice_id, "warnings.manage")
    decision = request.form.get("decision")
    text = request.form.get("answer", "")[:2000]
    # Opened from the objections list: back to it, to answer the next one.
    back = url_for("warnings.objections") if request.form.get("next") == "objections" else None

    def decide():
        if decision not in ANSWERS:  # the answer cannot be taken back: never guessed
            raise NoticeError("decision")
        answer(record, uphold=decision == "uphold", text=text, user_id=current_user.id)

    return _act(record, decide, _("Answer recorded; the student has been told."), url=back)


@bp.route("/notices/<int:notice_id>/parent", methods=["POST"])
@require("warnings.notices")
def parent_copy(notice_id: int):
    record = _notice_or_404(notice_id)
    if record.closed:  # withdrawn: no parent copy goes out for it, nothing is written
        return error_page(
            409,
            _("This notice is withdrawn"),
            _("A withdrawn notice is not sent to the parents: there is no parent copy to record."),
        )
    form = _parent_form(record, posted=True)
    if not form.validate():  # nothing written: every problem said at its field
        return _notice_page(record, form)
    record_parent(
        record,
        method=form.method.data,
        reference=form.reference.data or "",  # a field not posted at all is None
        sent_on=form.sent_on.data,
        returned_on=form.returned_on.data,
        remarks=form.remarks.data or "",
    )
    return commit_and_redirect(
        _("Parent copy recorded."), url_for("warnings.notice", notice_id=record.id)
    )


def _parent_form(record: Notice, posted: bool = False) -> ParentCopyForm:
    """The parent copy's form: as posted, or as recorded; its dates checked against the
    day the notice was issued, in the college's time."""
    issued = clock.day_of(record.created_at)
    if posted:
        return ParentCopyForm(issued=issued, recorded=record.parent_method is not None)
    recorded = dict(
        method=record.parent_method,
        reference=record.parent_reference,
        sent_on=record.parent_sent_on,
        returned_on=record.receipt_returned_on,
        remarks=record.parent_remarks,
    )
    return ParentCopyForm(formdata=None, data=recorded, issued=issued)


def _act(record: Notice, action, done: str, url: str | None = None):
    url = url or url_for("warnings.notice", notice_id=record.id)
    return attempt(action, NoticeError, done=done, url=url, why=lambda p: _PROBLEMS[str(p)]())


ANSWERED_SHOWN = 50  # the objections page's history: the latest answers


@bp.route("/objections")
@require("warnings.manage")
def objections():
    """The objections waiting for an answer, each with its way to the answer form, and
    those answered lately: in the secretary's scope only."""
    waiting = _notices_in("objected", "warnings.manage", Notice.objected_at)
    answered = answered_in(student_scope("warnings.manage"), ANSWERED_SHOWN)
    return render(
        "warnings/objections.html",
        notices=waiting,
        answered=answered,
        answered_limit=ANSWERED_SHOWN,
    )


CARD_SHOWN = 5  # the dashboard card names the longest-waiting few; the page lists them all


@bp.route("/objections/widget")
@require("warnings.manage")
def objections_widget():
    """The secretary's card: the objections waiting for their answer, in their scope, the
    longest waiting first, each a link to its answer form. Empty (no card) when none wait:
    objections are rare, and the page keeps the history."""
    waiting = _notices_in("objected", "warnings.manage", Notice.objected_at, Notice.id)
    return render(
        "warnings/objections_widget.html",
        fragment="widget",
        notices=waiting[:CARD_SHOWN],
        count=len(waiting),
    )


@bp.route("/unconfirmed")
@require("warnings.notices")
def unconfirmed():
    pending = _notices_in("pending", "warnings.notices", Student.class_id, Student.student_no)
    return render("warnings/unconfirmed.html", notices=overdue(pending, clock.today()))


def _notices_in(state: str, permission: str, *order) -> list[Notice]:
    """The notices in `state` of the students in the user's scope under `permission`, while
    no newer roster of their term took over (a student it no longer warns is not chased),
    nor, for a confirmation, a lifting ended their warning (the student is not asked)."""
    query = (
        select(Notice)
        .join(Notice.student)
        .options(contains_eager(Notice.student))  # the rows name the student: no query each
        .where(Notice.state == state, student_scope(permission), ~superseded())
    )
    if state in ASKING:
        query = query.where(~lifted())
    return db.session.scalars(query.order_by(*order)).all()


@bp.route("/notices/<int:notice_id>/print")
@require("warnings.notices")
def print_notice(notice_id: int):
    record = _notice_or_404(notice_id)
    back = dict(
        back_url=url_for("warnings.notice", notice_id=record.id),
        back_label=_("Back to the notice"),
    )
    return _print([record], back)


@bp.route("/notices/print", methods=["GET", "POST"])
@require("warnings.notices")
@checked_before_sizing
def print_class():
    """Every notice of a class, or of the roster's filters, for the term: one after another,
    page breaks between. Many students' notices: a bulk export (step-up and a slot of the
    limit taken first, audited with the count). More than PRINT_JOB_NOTICES are prepared by
    a queue job (jobs.py) with a progress bar, its slot taken when queued; its page opens
    the print when done, the step-up asked and audited again there like a job's download."""
    query = notices_to_print()
    count = queue.count_rows(query)
    if count > current_app.config["PRINT_JOB_NOTICES"]:
        name = f"学业警示通知书-{count}.html"
        return job_when_posted("warnings.print_notices", filename=name, title=_print_title(count))
    if request.method == "POST":
        abort(405)  # a print small enough to send is a GET
    refused = refusal()
    if refused is not None:
        return refused
    records = db.session.scalars(query).all()
    page = _print(records, {**back_to_roster(), **batch_of(records)})
    return printed(page, what="Notice", rows=len(records))


def _print_title(count: int) -> dict:
    """A print job's name, said in each reader's language (its file name is Chinese)."""
    term = db.session.get(Term, print_filters().term_id or 0)
    if term is None:
        return kept(N_("Academic warning notices to print (%(n)d)"), n=count)
    return kept(
        N_("Academic warning notices of %(term)s to print (%(n)d)"), term=term.code, n=count
    )


def print_filters() -> roster.Filters:
    """The roster's filters a print of notices is asked with. Without a term, nor a roster
    (`run`) that names one, the term the roster list shows first (roster.first_term_id): a
    class's notices of this term, never of every term at once."""
    filters = roster.Filters.from_args(request.args)
    if filters.term_id is None and not as_id(request.args.get("run")):
        filters.term_id = roster.first_term_id()
    return filters


def notices_to_print():
    """The notices the request asks to print (`class`, `run` and the roster's filters), in
    the reader's scope, by student number."""
    query = select(Notice).join(Notice.student).where(student_scope("warnings.notices"))
    class_id = as_id(request.args.get("class"))
    run_id = as_id(request.args.get("run"))
    if class_id:
        query = query.where(Student.class_id == class_id)
    if run_id:
        query = query.where(Notice.run_id == run_id)
    query = query.where(_chosen_on_the_roster(print_filters()))
    return query.order_by(Student.student_no)


PARTS = tuple(NoticePart)


def _chosen_on_the_roster(filters):
    """The roster's filters carried into the print (term, class, level, receipt…): the
    notices of the warnings listed, never every notice of every term, and only those this
    term's rosters issued (a warning carried from last term had its notice then)."""
    if not filters.term_id:
        return true()
    issued = Notice.run_id.in_(select(Run.id).where(Run.term_id == filters.term_id))
    listed = roster.base_query(filters, "warnings.notices")
    if filters.level:
        category, _sep, level = filters.level.partition(":")
        listed = listed.where(Warning.category == category, Warning.level == level)
    return and_(
        issued,
        listed.with_only_columns(Warning.id)
        .where(Warning.run_id == Notice.run_id, Warning.student_id == Notice.student_id)
        .exists(),
    )


def batch_of(records: list[Notice]) -> dict:
    """What a print of many notices says of itself (its title, a line above the sheets): the
    term they are of — the notices' own, else the term asked for — and how many."""
    terms = {notice.run.term for notice in records}
    if not terms:
        asked = print_filters().term_id
        terms = {db.session.get(Term, asked)} if asked else set()
    term = terms.pop() if len(terms) == 1 else None
    return dict(batch=True, batch_term=term, batch_count=len(records))


def back_to_roster() -> dict:
    """The screen-only link above notices printed from the roster: back to it, with the
    roster's filters they were printed with (`part` and `run` choose the print)."""
    return dict(
        back_url=url_for("warnings.index", **roster.Filters.query(request.args)),
        back_label=_("Back to the academic warning roster"),
    )


def _print(records: list[Notice], back: dict):
    return render("warnings/notice_print.html", **print_context(records), **back)


def print_context(records: list[Notice], progress=None) -> dict:
    """The three parts of each notice; `?part=parent` prints one part only. `progress(n)`,
    when given (a queue job), hears how many notices are ready."""
    part = request.args.get("part")
    items = []
    for done, n in enumerate(records, 1):
        warnings = notice_warnings(n)
        items.append(
            (
                n,
                warnings,
                explain.catalogue_of(n.run.ruleset_snapshot),
                notice_first_talk(n, warnings),
                office_phone(n.student.college_id),
            )
        )
        if progress is not None and done % 50 == 0:
            progress(done)
    locale = document_locale()
    return dict(
        items=items,
        today=clock.today(),
        parts=(part,) if part in PARTS else PARTS,
        print_locale=locale,
        sheet_lang=lang_tag(locale),
        other_language=_in_the_other_language(locale),
    )


def _in_the_other_language(locale: str) -> str:
    """This print's address in the other language: English for the Chinese print (an
    international student's copy), else the Chinese one (no `lang`: the default)."""
    lang = None if locale == "en" else "en"
    # The address's own values win over a query that names them (…/print?notice_id=2).
    return url_for(request.endpoint, **{**link_args(), **(request.view_args or {}), "lang": lang})
