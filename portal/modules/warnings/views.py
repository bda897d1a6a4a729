"""Roster, computation, export and the "why" tab."""

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from portal.core import queue
from portal.core.access import (
    awaits_course_data,
    can,
    deny,
    for_college,
    grants_for,
    hide,
    in_scope,
    require,
    school_wide,
    scoped_student_or_404,
    student_scope,
    whole_colleges,
)
from portal.core.export import checked_before_sizing, download, refusal
from portal.core.form_views import attempt, form_page
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import N_, _, kept, pick
from portal.core.job_offers import job_when_posted
from portal.core.models import College, Student, Term
from portal.core.numbers import as_id
from portal.core.profile_tabs import tab_page
from portal.core.roles import COURSE_ROLES
from portal.core.templating import term_label
from portal.extensions import db

from . import cohort, explain, lifting, roster, rulesets, student_card
from .compute import ComputeError, has_grades, newest_graded_term
from .export import roster_workbook
from .forms import ComputeForm
from .lifecycle import TransitionError, evaluated_nobody, transition
from .models import Run
from .notices import answered_objections, lifted_among, notices_by_row, notices_for
from .rules import skip_reason

bp = Blueprint("warnings", __name__, template_folder="templates")


def _filters(published: bool = False):
    """The roster's filters from the request; `published`: of published rosters only."""
    filters = roster.Filters.from_args(request.args)
    if published:
        filters.roster = "published"
    terms = roster.terms_with_runs(False if published else None)
    if filters.term_id not in {t.id for t in terms}:
        filters.term_id = terms[0].id if terms else None
    return filters, terms


def _is_student_only() -> bool:
    return bool(current_user.student_id) and set(current_user.roles) <= {"student", "volunteer"}


@bp.route("/")
@require("warnings.view")
def index():
    if _is_student_only():
        return explain.own_tab_redirect()
    filters, terms = _filters()
    page, counts, levels, offered, notices, carried = None, [], {}, {}, {}, {}
    lifted_notices = set()
    row_levels = {}
    runs = _current_run_rows(filters)
    units = roster.units_in_scope()
    if filters.term_id:
        standing = roster.level_counts(filters)
        levels = _levels(filters.term_id, standing, filters.drafts)
        counts = explain.ordered_counts(standing, levels)
        offered = _offered_levels(units["colleges"], levels, standing)
        if filters.level not in {f"{c}:{lvl}" for c, lvl in offered}:
            filters.level = None  # like any other filter value it does not know
        page = roster.page_of_warnings(filters)
        row_levels = explain.levels_by_run({w.run_id for w in page.items})
        found = notices_for(page.items)
        notices, lifted_notices = notices_by_row(found), lifted_among(found.values())
        carried = _carried_since(filters)
    return render(
        "warnings/index.html",
        fragment="results",
        filters=filters,
        query=roster.Filters.query(request.args),
        terms=terms,
        page=page,
        counts=counts,
        units=units,
        levels=levels,
        row_levels=row_levels,
        offered=offered,
        can_manage=can(current_user, "warnings.manage"),
        runs=runs,
        waiting=_waiting_drafts(filters, runs),
        sees_drafts=roster.sees_drafts(),
        notices=notices,
        lifted_notices=lifted_notices,
        carried=carried,
        can_notices=can(current_user, "warnings.notices"),
        colleges_by_id={c.id: c.name for c in db.session.scalars(select(College))},
    )


def _carried_since(filters) -> dict[int, str]:
    """warning id -> code of the term since which warned, for the rows an earlier roster
    gave and the term carries (shown as such, not as this roster's change)."""
    carried = roster.carried_rows(filters)
    if not carried:
        return {}
    terms = select(Term.id, Term.code).where(Term.id.in_(set(carried.values())))
    codes = dict(db.session.execute(terms).all())
    return {warning: codes[term] for warning, term in carried.items()}


def _current_run_rows(filters):
    """For those who see drafts: each college's newest run (a draft too) and where it
    stands, whichever roster the list shows."""
    if not (filters.term_id and roster.sees_drafts()):
        return []
    ids = list(roster.current_runs(filters.term_id, roster.NEWEST).values())
    rows = db.session.scalars(select(Run).where(Run.id.in_(ids)).order_by(Run.id)).all()
    return [r for r in rows if roster.opens_run(r)]  # no link that answers 404


def _waiting_drafts(filters, runs) -> list:
    """The newest runs (of `runs`) that the list leaves out: drafts computed after a
    published roster, waiting for approval while the list shows the published one."""
    if not runs or filters.roster == "draft":
        return []
    listed = set(roster.current_runs(filters.term_id).values())
    return [r for r in runs if r.id not in listed and r.status != "published"]


def _levels(term_id: int | None, standing=(), drafts: str | bool | None = None):
    """Level names and colours of the runs behind the term's roster (not every ruleset's),
    then of the levels in `standing` that the term carries from earlier rosters: a college
    may have changed its ruleset since (warning-rules.md §6)."""
    if not term_id:
        return {}
    current = list(roster.current_runs(term_id, drafts).values())
    runs = db.session.scalars(select(Run).where(Run.id.in_(current))).all()
    catalogue = explain.level_catalogue(runs) if runs else {}
    carried = set(standing) - set(catalogue)
    if carried:
        catalogue.update(_carried_levels(carried, current))
    return catalogue


def _offered_levels(colleges, levels: dict, standing) -> dict:
    """The levels the roster's filter offers: those the rulesets of the user's colleges can
    give (not another college's colours), and any a student in scope stands at (carried
    from a ruleset the college had before); named as the term's runs name them."""
    codes = sorted({rulesets.college_ruleset_code(c.id) for c in colleges})
    offered: dict = {}
    for code in codes:
        offered.update(explain.catalogue_of(rulesets.ruleset_row(code).definition))
    offered.update({key: levels[key] for key in standing if key in levels})
    return {key: levels.get(key, info) for key, info in offered.items()}


def _carried_levels(keys: set, current: list[int]) -> dict:
    """Names of these (category, level) keys from the latest published run of each other
    ruleset: two queries, however many terms the standing reaches back."""
    latest = (
        select(func.max(Run.id))
        .where(Run.status == "published", Run.id.not_in(current))
        .group_by(Run.ruleset_code)
    )
    runs = db.session.scalars(select(Run).where(Run.id.in_(latest))).all()
    found = explain.level_catalogue(runs) if runs else {}
    return {key: info for key, info in found.items() if key in keys}


@bp.route("/compute", methods=["GET", "POST"])
@require("warnings.manage")
def compute():
    form = _compute_form()
    if request.method == "GET" and request.args.get("term") in {c.value for c in form.term.choices}:
        form.term.data = request.args["term"]  # offered after a grades import
    if form.validate_on_submit():
        term = db.session.get(Term, as_id(form.term.data))  # one of the choices offered
        college_id = as_id(form.college.data)
        code = rulesets.chosen_code(form.ruleset.data, college_id)
        refused = compute_refusal(term, code, college_id)
        if refused is not None:
            form.term.errors.append(refused.message(term))
        else:
            # A term of 30,000 students takes seconds: a queue job with a progress bar
            # (jobs.py); its page goes on to the run when done.
            params = {"term_id": term.id, "college_id": college_id, "code": code}
            # The job's name, said in the reader's language wherever it is shown.
            title = kept(N_("Roster of %(term)s"), term=term.code)
            return hx_redirect(queue.job_url("warnings.compute", params=params, title=title))
    return form_page("warnings/compute.html", form)


def compute_refusal(term: Term, code: str, college_id: int | None) -> ComputeError | None:
    """Why the computation would be refused (compute_run's reasons), told on the form rather
    than by a job that fails: a summer term, or a term with no grades imported that the
    ruleset evaluates (liaoning's first terms compute an empty roster saying why)."""
    if term.is_summer:
        return ComputeError("summer")
    if not has_grades(term, college_id) and not skip_reason(rulesets.load(code), term.key):
        return ComputeError("no_grades")
    return None


def _compute_form() -> ComputeForm:
    form = ComputeForm()
    terms = db.session.scalars(
        select(Term).where(Term.n != 3).order_by(Term.start_year.desc(), Term.n.desc())
    )
    form.term.choices = [SelectChoice(str(t.id), term_label(t.code)) for t in terms]
    colleges = whole_colleges("warnings.manage")  # a roster is computed for a whole college
    form.college.choices = (
        [SelectChoice("", _("All students in my scope"))] if school_wide("warnings.manage") else []
    ) + [SelectChoice(str(c.id), c.name) for c in colleges]
    mine = None if school_wide("warnings.manage") else {c.id for c in colleges}
    form.ruleset.choices = [SelectChoice("", _own_ruleset(colleges))] + [
        SelectChoice(r.code, pick(r.definition["names"])) for r in rulesets.usable_rulesets(mine)
    ]
    if not form.is_submitted():  # the default: any term may still be chosen
        graded = newest_graded_term(mine)
        form.term.data = str(graded.id) if graded else None
    return form


def _own_ruleset(colleges) -> str:
    """The default choice, named when the user computes for one college only."""
    if len(colleges) != 1:
        return _("The college's own ruleset")
    own = rulesets.ruleset_row(rulesets.college_ruleset_code(colleges[0].id))
    return _("The college's own ruleset: %(name)s", name=pick(own.definition["names"]))


@bp.route("/runs/<int:run_id>")
@require("warnings.view")
def run(run_id: int):
    """A computed roster: what changed, where it stands in approval, and its history."""
    if not roster.sees_drafts():
        abort(403)
    record = _run_in_scope(run_id)
    newest = record.id in roster.current_runs(record.term_id, roster.NEWEST).values()
    return render(
        "warnings/run.html",
        run=record,
        listed_as_draft=newest and record.status != "published",
        changes=explain.run_changes(record, None if request.args.get("all") else explain.LISTED),
        fates=explain.fate_labels(record),
        evaluated_nobody=evaluated_nobody(record),
        can_submit=can(current_user, "warnings.manage"),
        can_approve=can(current_user, "warnings.approve"),
    )


@bp.route("/export", methods=["GET", "POST"])
@require("warnings.manage")
@checked_before_sizing
def export():
    filters, _terms = _filters()
    if not filters.term_id:
        abort(404)
    term = db.session.get(Term, filters.term_id)
    query = roster.base_query(filters, "warnings.manage")
    if queue.count_rows(query) > current_app.config["EXPORT_JOB_ROWS"]:
        # A large roster is built by a queue job (jobs.py), which takes its slot of the
        # limit when queued; the step-up is asked again (with the audit) at its download.
        name = f"学业警示学生名单汇总表-{term.code}.xlsx"
        title = kept(N_("Academic warning roster of %(term)s (workbook)"), term=term.code)
        return job_when_posted("warnings.export", filename=name, title=title)
    if request.method == "POST":
        abort(405)  # a roster small enough to send is a GET
    refused = refusal()
    if refused is not None:
        return refused
    return export_file(filters, term)[0]


def export_file(filters, term, *, send=True):
    """The roster's workbook and its row count (sent as a download when `send`)."""
    book, count = roster_workbook(
        roster.base_query(filters, "warnings.manage").order_by(*roster.SORTS["student_no"]), term
    )
    if not send:
        return book, count
    return download(
        book, f"学业警示学生名单汇总表-{term.code}.xlsx", what="Roster", rows=count
    ), count


@bp.route("/students/<int:student_id>")
@require("warnings.view")
def student_tab(student_id: int):
    student = scoped_student_or_404(student_id, "warnings.view")
    history = explain.history(student)
    return tab_page(
        "warnings/why.html",
        student,
        history=history,
        cleared=explain.cleared_terms(student, history),
        reads_proposals=reads_proposals(student),
        lifted_notices=lifted_among([n for story in history for n in story.notices]),
    )


# Who reads the explanation of a proposal that added a student: those who propose, decide
# and approve, over the student. The proposal form tells the proposer so; the student, their
# parents and a course teacher are given the reason only.
PROPOSAL_READERS = ("warnings.propose", "warnings.manage", "warnings.approve")


def reads_proposals(student: Student) -> bool:
    if current_user.student_id == student.id:
        return False
    return any(in_scope(student, permission) for permission in PROPOSAL_READERS)


@bp.route("/widget")
@require("warnings.view")
def widget():
    """Staff: counts per level in scope. A student: their own status, notice and next step."""
    if _is_student_only():
        return _student_card(db.session.get(Student, current_user.student_id))
    filters, _terms = _filters(published=True)
    standing = roster.level_counts(filters) if filters.term_id else {}
    levels = _levels(filters.term_id, standing, filters.drafts)
    counts = explain.ordered_counts(standing, levels)
    return render(
        "warnings/widget.html",
        fragment="widget",
        counts=counts,
        filters=filters,
        levels=levels,
        lifting_proposed=_lifts_to_confirm(),
        sees_lifting=can(current_user, "warnings.manage"),
    )


def _lifts_to_confirm() -> int:
    """The students the lifting page lists to confirm, in its scope (a secretary's), or in the
    reader's for who may not open it: whatever term the card counts, a lifting waits until
    it is confirmed."""
    permission = "warnings.manage" if can(current_user, "warnings.manage") else "warnings.view"
    return lifting.students_to_confirm(cohort.lifts_awaiting(student_scope(permission)))


def _student_card(student: Student | None):
    history = explain.history(student) if student else []
    return render(
        "warnings/widget_student.html",
        fragment="widget",
        history=history,
        answered=answered_objections(student.id) if student else [],
        cleared=explain.cleared_terms(student, history) if student else [],
        waiting=student_card.waiting_notices(history),
        plan=student_card.plan_step(student, history[0].term.id) if history else None,
    )


__all__ = ["College"]


def _run_in_scope(run_id: int, permission: str | None = None):
    """A computed roster the user acts on under `permission` (or, with none, reads as one
    who computes or approves for its college): a grant over the whole college or school."""
    record = db.session.get(Run, run_id)
    if record is None:
        abort(404)
    if permission is None:
        allowed = roster.opens_run(record)
    elif record.college_id is None:
        allowed = school_wide(permission)
    else:
        allowed = for_college(permission, record.college_id)
    if not allowed:
        hide(f"{permission or 'drafts'} Run {run_id}")
    return record


@bp.route("/runs/<int:run_id>/<action>", methods=["POST"])
@require("warnings.view")
def run_action(run_id: int, action: str):
    """submit (the secretary), approve or return (a leader, who must say why)."""
    permission = {
        "submit": "warnings.manage",
        "approve": "warnings.approve",
        "return": "warnings.approve",
    }.get(action)
    if permission is None:
        abort(404)
    if not can(current_user, permission):
        deny(permission)
    record = _run_in_scope(run_id, permission)
    return attempt(
        lambda: _take_step(record, action),
        TransitionError,
        done=_ACTION_DONE[action](),
        url=url_for("warnings.run", run_id=record.id),
        why=lambda problem: _REFUSED.get(str(problem), _REFUSED["state"])(record),
    )


def _take_step(record, action: str) -> None:
    # Publishing tells every student on the roster at once: it is confirmed on purpose.
    if action == "approve" and request.form.get("confirm") != "1":
        raise TransitionError("confirm")
    comment = request.form.get("comment", "")[:2000]
    transition(record, action, user_id=current_user.id, comment=comment)


_REFUSED = {
    "comment": lambda _run: _("Please say why the roster goes back."),
    "confirm": lambda _run: _("Tick the box to confirm that the roster is to be published."),
    "state": lambda _run: _("This roster cannot take that step now."),
    "superseded": lambda _run: _(
        "A newer roster of this term is already published for these students: this one can "
        "no longer be published. Return it, or compute the term again."
    ),
    "no_grades": lambda run: _(
        "No grades have been imported for %(term)s: this roster evaluated nobody, so it can "
        "be neither submitted nor published. Import the term's grades, then compute it again.",
        term=term_label(run.term.code),
    ),
}


_ACTION_DONE = {
    "submit": lambda: _("Submitted for approval; the college's leaders have been told."),
    "approve": lambda: _("Approved and published; the students have been told."),
    "return": lambda: _("Returned to the teaching secretary with your comment."),
}


@bp.route("/levels")
@require("warnings.levels")
def levels():
    """Course teachers: who in their classes is warned, by name and level — nothing more
    (no reasons, grades, notices or family data)."""
    chosen, terms = _filters()
    # Only the term and a name: no search by number (it would tell which numbers exist) and
    # no filter on what the page does not show (notices, receipts, units, categories).
    filters = roster.Filters(term_id=chosen.term_id)
    name = request.args.get("q", "").strip()[:40]
    rows = []
    if filters.term_id:
        query = roster.base_query(filters, "warnings.levels")
        if name:
            query = query.where(Student.name.contains(name))
        rows = db.session.scalars(query.order_by(*roster.SORTS["class"]).limit(500)).all()
    return render(
        "warnings/levels.html",
        rows=rows,
        terms=terms,
        filters=filters,
        name=name,
        levels=explain.levels_by_run({w.run_id for w in rows}),
        teaches=_reads_as_teacher(),
        awaits_course_data=awaits_course_data(current_user),
    )


def _reads_as_teacher() -> bool:
    """Whether the page speaks of "your classes": its reader sees it as a course teacher
    only (a grant of another role under `warnings.levels` reads "your scope")."""
    grants = grants_for(current_user, "warnings.levels")
    return bool(grants) and all(g.role in COURSE_ROLES for g in grants)
