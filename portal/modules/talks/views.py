"""Talk records: list, the student's timeline tab, record (also in place from the due
list), edit with history, and the student's own summaries."""

from functools import partial

from flask import Blueprint, abort, flash, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.core import dues, occasions, standing, student_status
from portal.core.access import can, record_subject_or_404, require, scoped_student_or_404
from portal.core.form_views import after_new_record, form_page
from portal.core.htmx import hx_redirect, hx_response, is_htmx, render
from portal.core.i18n import _, _l
from portal.core.models import Student
from portal.core.models.base import utcnow
from portal.core.paging import paginate
from portal.core.profile_tabs import tab_page
from portal.core.redirects import this_page
from portal.core.scan_views import ScannedRecordPage
from portal.core.search import searched_records
from portal.extensions import db

from . import records
from .forms import TalkForm
from .formsetup import talk_form
from .models import SupportPlan, Talk

bp = Blueprint("talks", __name__, template_folder="templates")
DASHBOARD_ROWS = 10
SENSITIVE_FIELDS = [
    "first_impression",
    "content",
    "effect",
    "root_cause",
    "student_feedback",
    "referred",
    "counselor_opinion",
]


@bp.route("/")
@require("talks.view")
def index():
    query, q = searched_records(Talk, Talk.held_at, "talks.view")
    page = paginate(query)
    due = len(dues.due_for(current_user, "talk")) if can(current_user, "talks.create") else 0
    return render(
        "talks/index.html",
        fragment="results",
        page=page,
        q=q,
        numbers=records.numbers_for({t.student_id for t in page.items}),
        due=due,
    )


@bp.route("/widget")
@require("talks.create")
def widget():
    """The dashboard's due list: the oldest ten."""
    return _widget(dues.due_for(current_user, "talk"), open_id=None)


def _widget(items, **context):
    """The oldest ten due, numbered (the talk each would be)."""
    return render(
        "talks/widget.html",
        fragment="widget",
        items=items,
        shown=DASHBOARD_ROWS,
        numbers=_numbers(items[:DASHBOARD_ROWS]),
        **context,
    )


@bp.route("/due")
@require("talks.create")
def due():
    """The whole due list, fifty a page, oldest first."""
    page = student_status.due_page(dues.due_for(current_user, "talk"))
    upcoming = dues.upcoming_for(current_user, "talk")
    # Always the whole page: its list is a block of the widget template it extends, which
    # jinja2-fragments cannot render from here (the quick entry answers with the widget's).
    return render(
        "talks/due.html",
        items=page.items,
        page=page,
        open_id=None,
        shown=len(page.items),
        numbers=_numbers(page.items),
        back=this_page(),  # without JavaScript, a talk recorded from here comes back here
        # Nothing owed now: newly warned (the first talk still to fall due), or the talks owed
        # so far behind them and the next one coming (a student warned since June).
        newly_warned=[o for o in upcoming if o.number == 1],
        nothing_owed=[o for o in upcoming if o.number > 1],
    )


def _numbers(items) -> dict[int, int]:
    return records.next_numbers({o.student.id for o in items})


@bp.route("/students/<int:student_id>")
@require("talks.view")
def student_tab(student_id: int):
    student = scoped_student_or_404(student_id, "talks.view")
    plan = db.session.scalar(
        select(SupportPlan)
        .where(SupportPlan.student_id == student.id)
        .order_by(SupportPlan.id.desc())
    )
    return tab_page(
        "talks/student.html",
        student,
        entries=records.timeline(student.id),
        plan=plan,
        obligations=dues.until_next(dues.obligations(Student.id == student.id)),
        standings=standing.of_student(student.id),
    )


@bp.route("/students/<int:student_id>/new", methods=["GET", "POST"])
@require("talks.create")
def new(student_id: int):
    student = record_subject_or_404(student_id, "talks.create")
    quick = request.args.get("quick") == "1"
    form = talk_form(TalkForm(), current_user, student)
    if form.validate_on_submit():
        talk = records.create(student, form, current_user)
        db.session.commit()
        flash(
            _(
                "Talk with %(name)s saved (talk no. %(n)d).",
                name=student.name,
                n=records.number_of(talk),
            ),
            "success",
        )
        if quick and is_htmx():
            return _dues_after_save()
        return hx_redirect(after_new_record("talks.student_tab", student.id, "talks.view"))
    status = 422 if form.is_submitted() else 200
    if quick:
        response = render(
            "talks/quick.html",
            fragment="quick",
            form=form,
            student=student,
            level=records.level_label(student),
            http_status=status,
        )
        if status == 422:
            return hx_response(response, retarget=f"#quick-{student.id}", reswap="innerHTML")
        return response
    cited = occasions.cited(student)  # the concern it follows up, say
    return form_page(
        "talks/form.html",
        form,
        student=student,
        talk=None,
        level=records.level_label(student),
        cited=cited,
        carried=occasions.carried(cited),
    )


def _dues_after_save():
    """The due list again, the saved item gone, the next one's form open: keep typing."""
    items = dues.due_for(current_user, "talk")
    open_id = items[0].student.id if items else None
    form = None
    if open_id:
        form = talk_form(TalkForm(formdata=None), current_user, items[0].student, fresh=True)
    return _widget(items, open_id=open_id, open_form=form, in_place=True)


# The signed record is scanned and kept (lzut §三.7 经当事人签字存档); it prints on one A4
# page with signature lines (谈话记录表).
TALK_PAGE = ScannedRecordPage(
    Talk,
    bp.name,
    "talk",
    attach_permission="talks.create",
    read_permission="talks.view",
    attached=_l("The scan is attached to the talk record."),
    tab_link=_l("All talks with this student"),
    print_link=_l("Print the talk record"),
    title=_l("Talk record"),
    back_label=_l("Back to the talk record"),
    editable=records.EDITABLE,
    update=records.update,
    sensitive=SENSITIVE_FIELDS,
    more=lambda record: {"number": records.number_of(record)},
)
TALK_PAGE.add_routes(bp)


@bp.route("/<int:talk_id>/edit", methods=["GET", "POST"])
@require("talks.create")
def edit(talk_id: int):
    record = TALK_PAGE.to_change(talk_id)
    form = talk_form(TalkForm(obj=record), current_user, record.student, record)
    page = partial(
        form_page,
        "talks/form.html",
        form,
        student=record.student,
        talk=record,
        level=record.level_label,
    )
    confirmed = record.acknowledged_at is not None
    answer = TALK_PAGE.answer_edit(
        record, form, page, _("Talk record updated; the earlier version is kept in its history.")
    )
    if confirmed and db.session.get(Talk, talk_id).acknowledged_at is None:
        flash(_("The student is asked to confirm the talk again."), "success")
    return answer


@bp.route("/mine")
@require("talks.own")
def mine():
    entries = records.timeline(current_user.student_id) if current_user.student_id else []
    asked_again = records.asked_again([e.talk for e in entries if e.individual])
    return render("talks/mine.html", fragment="mine", entries=entries, asked_again=asked_again)


@bp.route("/mine/widget")
@require("talks.own")
def mine_widget():
    """The home page's card: individual talks (a group meeting is never one of them) and
    the meetings attended, apart."""
    entries = records.timeline(current_user.student_id) if current_user.student_id else []
    talks = [e for e in entries if e.individual]
    return render(
        "talks/mine_widget.html",
        fragment="widget",
        talks=talks,
        meetings=[e for e in entries if not e.individual],
        waiting=[e for e in talks if not e.talk.acknowledged_at],
    )


@bp.route("/mine/<int:talk_id>/acknowledge", methods=["POST"])
@require("talks.own")
def acknowledge(talk_id: int):
    record = db.session.get(Talk, talk_id)
    if record is None or record.student_id != current_user.student_id:
        abort(404)
    if not records.is_individual(record):
        abort(409)  # an old record of a group meeting: the student is not asked to confirm it
    if record.acknowledged_at is None:
        record.acknowledged_at = utcnow()
        db.session.commit()
    flash(_("Thank you — you confirmed this talk took place."), "success")
    return hx_redirect(url_for("talks.mine"))
