"""Mid-term concerns, the follow-up side: the counselor's and class advisor's due talks and
officers, the profile tab, the watch list and prevention figure, the student's note and the
officer's class report. Routes on the module's one blueprint (views.bp)."""

from __future__ import annotations

from flask import flash, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.core.access import (
    colleges_in_scope,
    require,
    roles_reaching,
    scoped_student_or_404,
    student_scope,
)
from portal.core.audit import record_view
from portal.core.dues import OWING_ROLES
from portal.core.form_views import commit_and_redirect
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import _
from portal.core.models import SchoolClass, Student
from portal.core.profile_tabs import tab_page
from portal.extensions import db

from . import review, services
from .forms import CloseForm, OfficerForm, ReportForm, choices
from .models import Concern, Officer, Survey
from .views import _hidden, bp, messages

# ---- the counselor and class advisor -----------------------------------------------------


@bp.route("/due")
@require("concerns.follow")
def due():
    show_all = request.args.get("all") == "1"
    items = services.due_for(current_user, include_closed=show_all)
    for item in items:
        if item.concern.note:  # the teacher's note is sensitive: its reading is audited
            record_view(item.concern, ["note"], student_id=item.concern.student_id)
    db.session.commit()
    return render("concerns/due.html", items=items, form=CloseForm(), show_all=show_all)


@bp.route("/widget")
@require("concerns.follow")
def widget():
    items = [
        d for d in services.due_for(current_user) if d.due.state in ("due", "overdue", "upcoming")
    ]
    return render("concerns/widget.html", fragment="widget", items=items)


@bp.route("/<int:concern_id>/close", methods=["POST"])
@require("concerns.follow")
def close(concern_id: int):
    """A row's form of the due list. Refused, back to the list with the error naming the
    row: re-rendered here, the list would sit at this POST-only address, and a reload or
    the language switch would ask it for a GET (405)."""
    concern = db.get_or_404(Concern, concern_id)
    roles = roles_reaching(current_user, concern.student, OWING_ROLES)
    if not roles:
        _hidden(f"concerns.follow Concern {concern_id}")
    back = url_for("concerns.due", all="1" if request.args.get("all") == "1" else None)
    form = CloseForm()
    if not form.validate_on_submit():
        return _not_closed(concern, messages(form), back)
    try:
        services.close(concern, form.outcome.data, current_user, roles[0])
    except services.Refused as error:
        return _not_closed(concern, messages(refused=error), back)
    return commit_and_redirect(_("Concern about %(name)s closed.", name=concern.student.name), back)


def _not_closed(concern: Concern, errors: list[str], back: str):
    flash(
        _(
            "The concern about %(name)s in %(course)s was not closed: %(why)s",
            name=concern.student.name,
            course=concern.assignment.course_name,
            why=" ".join(errors),
        ),
        "error",
    )
    return hx_redirect(back)


def _officer_classes() -> list[SchoolClass]:
    return list(
        db.session.scalars(
            select(SchoolClass)
            .where(
                SchoolClass.id.in_(
                    select(Student.class_id).where(student_scope("concerns.officers"))
                )
            )
            .order_by(SchoolClass.name)
        )
    )


@bp.route("/officers", methods=["GET", "POST"])
@require("concerns.officers")
def officers():
    classes = _officer_classes()
    form = OfficerForm()
    form.class_id.choices = choices([(c.id, c.name) for c in classes])
    errors, http_status = (), 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                officer = services.appoint(
                    form.class_id.data, form.student_no.data, current_user, {c.id for c in classes}
                )
            except services.Refused as error:
                errors = messages(refused=error)
            else:
                return commit_and_redirect(
                    _(
                        "%(name)s is now the class's information officer.",
                        name=officer.student.name,
                    ),
                    url_for("concerns.officers"),
                )
        else:
            errors = messages(form)
        http_status = 422
    current = {
        o.class_id: o
        for o in db.session.scalars(
            select(Officer).where(Officer.class_id.in_([c.id for c in classes]))
        )
    }
    return render(
        "concerns/officers.html",
        classes=classes,
        current=current,
        errors=errors,
        http_status=http_status,
    )


@bp.route("/students/<int:student_id>")
@require("concerns.view")
def student_tab(student_id: int):
    student = scoped_student_or_404(student_id, "concerns.view")
    items = services.my_concerns(student.id)
    for concern in items:
        if concern.note:
            record_view(concern, ["note"], student_id=student.id)
    db.session.commit()
    return tab_page("concerns/student.html", student, items=items)


# ---- the secretary and the vice dean -----------------------------------------------------


@bp.route("/watch")
@require("concerns.watch")
def watch():
    """One survey's watch list (the latest by default) for the leader and the secretary."""
    colleges = [c.id for c in colleges_in_scope("concerns.watch")]
    surveys = list(
        db.session.scalars(
            select(Survey)
            .where(Survey.college_id.in_(colleges))
            .order_by(Survey.opens_on.desc(), Survey.id.desc())
        )
    )
    chosen = next(
        (s for s in surveys if str(s.id) == request.args.get("survey")),
        surveys[0] if surveys else None,
    )
    watched = services.watch_list(student_scope("concerns.watch"), chosen.id if chosen else None)
    return render(
        "concerns/watch.html",
        watched=watched,
        per_class=services.per_class(watched),
        surveys=surveys,
        chosen=chosen,
    )


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
    return render(
        "concerns/mine.html",
        items=items,
        show_note=show_note,
        helpers=services.helpers_of(me) if me else [],
        officer_class=services.officer_class(me.id if me else None),
    )


@bp.route("/mine/widget")
@require("concerns.own")
def mine_widget():
    me = _me()
    items = [c for c in services.my_concerns(me.id) if c.closed_on is None] if me else []
    class_id = services.officer_class(me.id if me else None)
    survey = services.open_survey_for_class(class_id) if class_id else None
    return render(
        "concerns/mine_widget.html",
        fragment="widget",
        items=items,
        helpers=services.helpers_of(me) if items else [],
        survey=survey,
    )


@bp.route("/report", methods=["GET", "POST"])
@require("concerns.own")
def report():
    """The information officer's class report: attendance per course, climate, hard courses."""
    class_id = services.officer_class(current_user.student_id)
    survey = services.open_survey_for_class(class_id) if class_id else None
    if survey is None:
        if request.method == "POST":  # not an officer, or no survey open: nothing to take
            return render(
                "concerns/report.html",
                survey=None,
                form=None,
                courses=[],
                existing=None,
                errors=[_("There is no class report to send now.")],
                http_status=422,
            )
        return render(
            "concerns/report.html", survey=None, form=None, courses=[], existing=None, errors=()
        )
    courses = services.courses_of_class(survey, class_id)
    existing = next((r for r in services.reports_of(survey) if r.class_id == class_id), None)
    form = ReportForm()
    errors, http_status = (), 200
    if request.method == "GET":
        for course in courses:
            form.attendance.append_entry(existing.attendance.get(course) if existing else None)
        if existing:
            form.climate.data, form.hard_courses.data = existing.climate, existing.hard_courses
            form.remarks.data = existing.remarks
    elif form.validate_on_submit() and len(form.attendance) <= len(courses):
        attendance = {
            c: form.attendance[i].data
            for i, c in enumerate(courses)
            if i < len(form.attendance) and form.attendance[i].data is not None
        }
        try:
            services.submit_report(
                survey,
                class_id,
                current_user,
                attendance,
                form.climate.data,
                form.hard_courses.data or "",
                form.remarks.data or "",
            )
        except services.Refused as error:
            errors, http_status = messages(form, error), 422
        else:
            return commit_and_redirect(
                _("Thank you: your class report was sent to the teaching secretary."),
                url_for("concerns.report"),
            )
    else:
        errors, http_status = (
            messages(form) or [_("The report names a course that is not your class's.")],
            422,
        )
    while len(form.attendance) < len(courses):
        form.attendance.append_entry()
    return render(
        "concerns/report.html",
        survey=survey,
        form=form,
        courses=courses,
        existing=existing,
        errors=errors,
        http_status=http_status,
    )
