"""Mid-term concerns: the secretary's surveys, the teacher's marking, the counselor's due
talks and officers, the officer's class report, the student's note, the watch list."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import BuildError

from portal.core import clock
from portal.core.access import (
    colleges_in_scope,
    require,
    roles_reaching,
    scoped_college_or_404,
    scoped_student_or_404,
    student_scope,
)
from portal.core.audit import record_denial, record_view
from portal.core.dues import OWING_ROLES
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import N_, _
from portal.core.models import SchoolClass, Student
from portal.extensions import db

from . import review, services
from .models import KINDS, OUTCOMES, Assignment, Concern, Survey

bp = Blueprint("concerns", __name__, template_folder="templates")


def _refused(error: services.Refused) -> None:
    flash(_(error.args[0]), "error")


def _hidden(reason: str):
    record_denial(f"scope: {reason}")
    abort(404)


def talk_url(student_id: int) -> str | None:
    """The talks module's new-talk page, if that module is enabled (no import of it)."""
    try:
        return url_for("talks.new", student_id=student_id)
    except BuildError:
        return None


@bp.app_context_processor
def _helpers():
    return {"concern_talk_url": talk_url}


def _int(name: str) -> int | None:
    try:
        return int(request.form.get(name, ""))
    except ValueError:
        return None


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.form.get(name, ""))
    except ValueError:
        return None


# ---- the secretary -----------------------------------------------------------------------

@bp.route("/")
@require("concerns.manage")
def index():
    colleges = colleges_in_scope("concerns.manage")
    surveys = list(db.session.scalars(
        select(Survey).where(Survey.college_id.in_([c.id for c in colleges]))
        .order_by(Survey.opens_on.desc(), Survey.id.desc())))
    return render("concerns/index.html", colleges=colleges, surveys=surveys,
                  settings={c.id: services.setting_of(c.id) for c in colleges},
                  today=clock.today())


@bp.route("/surveys", methods=["POST"])
@require("concerns.manage")
def open_survey():
    college_id = _int("college_id")
    college = scoped_college_or_404(college_id or 0, "concerns.manage")
    try:
        survey = services.open_survey(college.id, request.form.get("title", ""),
                                      _date("opens_on"), _date("closes_on"), current_user)
    except services.Refused as error:
        _refused(error)
        return hx_redirect(url_for("concerns.index"))
    db.session.commit()
    flash(_("Survey opened. Now list who teaches which course to which class."), "success")
    return hx_redirect(url_for("concerns.survey", survey_id=survey.id))


@bp.route("/settings", methods=["POST"])
@require("concerns.manage")
def settings():
    college = scoped_college_or_404(_int("college_id") or 0, "concerns.manage")
    try:
        services.save_setting(college.id, _int("talk_within_days") or 0,
                              request.form.get("show_note") == "1")
    except services.Refused as error:
        _refused(error)
        return hx_redirect(url_for("concerns.index"))
    db.session.commit()
    flash(_("Settings saved."), "success")
    return hx_redirect(url_for("concerns.index"))


def _survey_or_404(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        abort(404)
    scoped_college_or_404(survey.college_id, "concerns.manage")
    return survey


@bp.route("/surveys/<int:survey_id>")
@require("concerns.manage")
def survey(survey_id: int):
    found = _survey_or_404(survey_id)
    return render("concerns/survey.html", survey=found, rates=services.response_rates(found),
                  classes=services.classes_of(found.college_id),
                  teachers=services.teachers_of(found.college_id),
                  reports=services.reports_of(found), climates=services.CLIMATES)


@bp.route("/surveys/<int:survey_id>/assign", methods=["POST"])
@require("concerns.manage")
def assign(survey_id: int):
    found = _survey_or_404(survey_id)
    try:
        services.assign(found, _int("class_id"), request.form.get("course_name", ""),
                        _int("teacher_id"))
    except services.Refused as error:
        _refused(error)
        return hx_redirect(url_for("concerns.survey", survey_id=found.id))
    db.session.commit()
    flash(_("Course added to the survey."), "success")
    return hx_redirect(url_for("concerns.survey", survey_id=found.id))


# ---- the course teacher ------------------------------------------------------------------

@bp.route("/teach")
@require("concerns.mark")
def teach():
    items = services.assignments_of(current_user)
    return render("concerns/teach.html", items=items, today=clock.today(),
                  counts=services.follow_up_counts(items))


@bp.route("/teach/widget")
@require("concerns.mark")
def teach_widget():
    items = services.open_assignments(current_user)
    return render("concerns/teach_widget.html", fragment="widget", items=items,
                  waiting=[a for a in items if a.answered_at is None])


def _assignment_or_404(assignment_id: int) -> Assignment:
    found = db.session.get(Assignment, assignment_id)
    if found is None:
        abort(404)
    if found.teacher_id != current_user.id:
        _hidden(f"concerns.mark Assignment {assignment_id}")
    return found


@bp.route("/teach/<int:assignment_id>", methods=["GET", "POST"])
@require("concerns.mark")
def mark(assignment_id: int):
    item = _assignment_or_404(assignment_id)
    is_open = item.survey.is_open(clock.today())
    if request.method == "POST":
        if not is_open:
            flash(_("This survey is closed; nothing was changed."), "error")
            return hx_redirect(url_for("concerns.mark", assignment_id=item.id))
        marks = _marks_from_form()
        try:
            if marks is None:
                raise services.Refused(N_("Student ids in the form were not understood."))
            raised = services.mark(item, marks, current_user)
        except services.Refused as error:
            _refused(error)
            return hx_redirect(url_for("concerns.mark", assignment_id=item.id))
        db.session.commit()
        flash(_("Saved. %(n)d new concern(s) sent to the counselor and class advisor.",
                n=raised), "success")
        return hx_redirect(url_for("concerns.teach"))
    return render("concerns/mark.html", item=item, students=services.roster(item),
                  concerns=services.concerns_of(item), kinds=KINDS, is_open=is_open)


def _marks_from_form() -> dict[int, tuple[list[str], str]] | None:
    """`kinds-<student id>` (several) and `note-<student id>`: a row with either is marked."""
    marks: dict[int, tuple[list[str], str]] = {}
    for key in request.form:
        prefix, _sep, raw = key.partition("-")
        if prefix not in ("kinds", "note"):
            continue
        if not raw.isdigit():
            return None
        sid = int(raw)
        kinds = request.form.getlist(f"kinds-{sid}")
        note = request.form.get(f"note-{sid}", "")
        if kinds or note.strip():
            marks[sid] = (kinds, note)
    return marks


@bp.route("/teach/<int:assignment_id>/none", methods=["POST"])
@require("concerns.mark")
def mark_none(assignment_id: int):
    item = _assignment_or_404(assignment_id)
    if not item.survey.is_open(clock.today()):
        flash(_("This survey is closed; nothing was changed."), "error")
        return hx_redirect(url_for("concerns.teach"))
    try:
        services.mark_none(item)
    except services.Refused as error:
        _refused(error)
        return hx_redirect(url_for("concerns.mark", assignment_id=item.id))
    db.session.commit()
    flash(_("Answered: no concerns in %(course)s for %(cls)s.", course=item.course_name,
            cls=item.school_class.name), "success")
    return hx_redirect(url_for("concerns.teach"))


# ---- the counselor and class advisor -----------------------------------------------------

@bp.route("/due")
@require("concerns.follow")
def due():
    items = services.due_for(current_user, include_closed=request.args.get("all") == "1")
    for item in items:
        if item.concern.note:  # the teacher's note is sensitive: its reading is audited
            record_view(item.concern, ["note"], student_id=item.concern.student_id)
    db.session.commit()
    return render("concerns/due.html", items=items, outcomes=OUTCOMES,
                  show_all=request.args.get("all") == "1")


@bp.route("/widget")
@require("concerns.follow")
def widget():
    items = [d for d in services.due_for(current_user) if d.due.state in ("due", "overdue",
                                                                          "upcoming")]
    return render("concerns/widget.html", fragment="widget", items=items)


@bp.route("/<int:concern_id>/close", methods=["POST"])
@require("concerns.follow")
def close(concern_id: int):
    concern = db.session.get(Concern, concern_id)
    if concern is None:
        abort(404)
    roles = roles_reaching(current_user, concern.student, OWING_ROLES)
    if not roles:
        _hidden(f"concerns.follow Concern {concern_id}")
    try:
        services.close(concern, request.form.get("outcome", ""), current_user, roles[0])
    except services.Refused as error:
        _refused(error)
        return hx_redirect(url_for("concerns.due"))
    db.session.commit()
    flash(_("Concern about %(name)s closed.", name=concern.student.name), "success")
    return hx_redirect(url_for("concerns.due"))


@bp.route("/officers", methods=["GET", "POST"])
@require("concerns.officers")
def officers():
    classes = list(db.session.scalars(
        select(SchoolClass).where(SchoolClass.id.in_(
            select(Student.class_id).where(student_scope("concerns.officers"))))
        .order_by(SchoolClass.name)))
    if request.method == "POST":
        try:
            officer = services.appoint(_int("class_id"), request.form.get("student_no", ""),
                                       current_user, {c.id for c in classes})
        except services.Refused as error:
            _refused(error)
            return hx_redirect(url_for("concerns.officers"))
        db.session.commit()
        flash(_("%(name)s is now the class's information officer.",
                name=officer.student.name), "success")
        return hx_redirect(url_for("concerns.officers"))
    from .models import Officer

    current = {o.class_id: o for o in db.session.scalars(select(Officer).where(
        Officer.class_id.in_([c.id for c in classes])))}
    return render("concerns/officers.html", classes=classes, current=current)


@bp.route("/students/<int:student_id>")
@require("concerns.view")
def student_tab(student_id: int):
    student = scoped_student_or_404(student_id, "concerns.view")
    items = services.my_concerns(student.id)
    for concern in items:
        if concern.note:
            record_view(concern, ["note"], student_id=student.id)
    db.session.commit()
    return render("concerns/student.html", fragment="tab", student=student, items=items,
                  active="concerns.student_tab")


# ---- the secretary and the vice dean -----------------------------------------------------

@bp.route("/watch")
@require("concerns.watch")
def watch():
    """One survey's watch list (the latest by default) for the leader and the secretary."""
    colleges = [c.id for c in colleges_in_scope("concerns.watch")]
    surveys = list(db.session.scalars(select(Survey).where(Survey.college_id.in_(colleges))
                                      .order_by(Survey.opens_on.desc(), Survey.id.desc())))
    chosen = next((s for s in surveys if str(s.id) == request.args.get("survey")),
                  surveys[0] if surveys else None)
    watched = services.watch_list(student_scope("concerns.watch"),
                                  chosen.id if chosen else None)
    return render("concerns/watch.html", watched=watched, per_class=services.per_class(watched),
                  surveys=surveys, chosen=chosen)


@bp.route("/review")
@require("concerns.watch")
def review_page():
    total, by_class = review.figures(student_scope("concerns.watch"))
    return render("concerns/review.html", total=total, by_class=by_class)


# ---- the student -------------------------------------------------------------------------

def _me() -> Student | None:
    return db.session.get(Student, current_user.student_id) if current_user.student_id else None


@bp.route("/mine")
@require("concerns.own")
def mine():
    me = _me()
    items = services.my_concerns(me.id) if me else []
    show_note = bool(me) and services.setting_of(me.college_id).show_note_to_student
    return render("concerns/mine.html", items=items, show_note=show_note,
                  helpers=services.helpers_of(me) if me else [],
                  officer_class=services.officer_class(me.id if me else None))


@bp.route("/mine/widget")
@require("concerns.own")
def mine_widget():
    me = _me()
    items = [c for c in services.my_concerns(me.id) if c.closed_on is None] if me else []
    class_id = services.officer_class(me.id if me else None)
    survey = services.open_survey_for_class(class_id) if class_id else None
    return render("concerns/mine_widget.html", fragment="widget", items=items,
                  helpers=services.helpers_of(me) if items else [], survey=survey)


@bp.route("/report", methods=["GET", "POST"])
@require("concerns.own")
def report():
    """The information officer's class report: attendance per course, climate, hard courses."""
    class_id = services.officer_class(current_user.student_id)
    survey = services.open_survey_for_class(class_id) if class_id else None
    if survey is None:
        return render("concerns/report.html", survey=None, courses=[], existing=None,
                      climates=services.CLIMATES)
    courses = services.courses_of_class(survey, class_id)
    if request.method == "POST":
        attendance = {c: request.form.get(f"attendance-{i}", "") for i, c in enumerate(courses)}
        try:
            services.submit_report(survey, class_id, current_user, attendance,
                                   request.form.get("climate", ""),
                                   request.form.get("hard_courses", ""),
                                   request.form.get("remarks", ""))
        except services.Refused as error:
            _refused(error)
            return hx_redirect(url_for("concerns.report"))
        db.session.commit()
        flash(_("Thank you: your class report was sent to the teaching secretary."), "success")
        return hx_redirect(url_for("concerns.report"))
    existing = next((r for r in services.reports_of(survey) if r.class_id == class_id), None)
    return render("concerns/report.html", survey=survey, courses=courses, existing=existing,
                  climates=services.CLIMATES)
