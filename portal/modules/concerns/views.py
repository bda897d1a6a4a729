"""Mid-term concerns: the module's blueprint, the secretary's surveys (filled from the course
data or by hand) and the teacher's marking. Every post goes through a form of forms.py whose
choices come from the poster's scope; a bad post answers 422 and writes nothing."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import format_date
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import BuildError

from portal.core import clock
from portal.core.access import (
    require,
    scoped_college_or_404,
    whole_colleges,
)
from portal.core.audit import record_denial
from portal.core.form_views import commit_and_redirect
from portal.core.htmx import hx_redirect, render, shown_at
from portal.core.i18n import _, ngettext, said
from portal.core.numbers import as_id
from portal.core.teaching import terms_taught
from portal.core.templating import punctuation, term_label
from portal.extensions import db

from . import services, survey_dates
from .forms import (
    AssignForm,
    EmptyForm,
    FillForm,
    MarkForm,
    SettingForm,
    SurveyForm,
    choices,
)
from .models import KINDS, Assignment, Survey

bp = Blueprint("concerns", __name__, template_folder="templates")


def _hidden(reason: str):
    record_denial(f"scope: {reason}")
    abort(404)


def talk_url(student_id: int, concern_id: int | None = None) -> str | None:
    """The talks module's new-talk page, if that module is enabled (no import of it). With
    a concern, the form shows it (`Module.occasions`) and, once saved, comes back to the
    due list, where the concern is closed."""
    try:
        if concern_id is None:
            return url_for("talks.new", student_id=student_id)
        back = url_for("concerns.due")
        return url_for("talks.new", student_id=student_id, concern=concern_id, next=back)
    except BuildError:
        return None


@bp.app_context_processor
def _helpers():
    return {"concern_talk_url": talk_url}


def messages(form=None, refused: services.Refused | None = None) -> list[str]:
    """A failed post's errors, translated, for the page's alert (nested rows flattened); a
    refusal's problems about a field of `form` are also put at that field."""
    found: list[str] = []

    def walk(errors):
        if isinstance(errors, dict):
            for value in errors.values():
                walk(value)
        elif isinstance(errors, list | tuple):
            for value in errors:
                walk(value)
        elif errors and str(errors) not in found:
            found.append(str(errors))

    if form is not None:
        walk(form.errors)
    for field, msgid, params in refused.problems if refused is not None else ():
        words = said(msgid, {k: _day(v) for k, v in params.items()})
        if form is not None and field in form:
            form[field].errors = [*form[field].errors, words]
        found.append(words)
    return found


def _day(value):
    return format_date(value, "short") if isinstance(value, date) else value


# ---- the secretary -----------------------------------------------------------------------


def _college_choices(form):
    colleges = whole_colleges("concerns.manage")
    form.college_id.choices = choices([(c.id, c.name) for c in colleges])
    return form


def _index_page(errors=(), http_status=200, form=None):
    """The surveys and a form to open one per college: the one posted (`form`) as typed."""
    colleges = whole_colleges("concerns.manage")
    today = clock.today()
    term = survey_dates.term_under_way(today)
    posted = form.college_id.data if isinstance(form, SurveyForm) else None
    surveys = list(
        db.session.scalars(
            select(Survey)
            .where(Survey.college_id.in_([c.id for c in colleges]))
            .order_by(Survey.opens_on.desc(), Survey.id.desc())
        )
    )
    page = render(
        "concerns/index.html",
        colleges=colleges,
        surveys=surveys,
        settings={c.id: services.setting_of(c.id) for c in colleges},
        survey_forms={
            c.id: form if c.id == posted else SurveyForm(formdata=None) for c in colleges
        },
        earliest=survey_dates.earliest_start(today, term),
        latest=term.last,
        today=today,
        errors=errors,
        http_status=http_status,
    )
    return shown_at(page, url_for("concerns.index"))


@bp.route("/")
@require("concerns.manage")
def index():
    return _index_page()


@bp.route("/surveys", methods=["POST"])
@require("concerns.manage")
def open_survey():
    def opened(form, college):
        survey = services.open_survey(
            college.id, form.title.data, form.opens_on.data, form.closes_on.data, current_user
        )
        return commit_and_redirect(
            _(
                "Survey opened. Now take the courses from the course data, or list who teaches "
                "which course to which class."
            ),
            url_for("concerns.survey", survey_id=survey.id),
        )

    return _index_post(SurveyForm(), opened)


@bp.route("/settings", methods=["POST"])
@require("concerns.manage")
def settings():
    def saved(form, college):
        services.save_setting(college.id, form.talk_within_days.data, form.show_note.data)
        return commit_and_redirect(_("Settings saved."), url_for("concerns.index"))

    return _index_post(SettingForm(), saved)


def _index_post(form, act):
    """A form of the index page, for one college in scope: `act(form, college)`'s answer, or
    the index page again with what was wrong (422)."""
    form = _college_choices(form)
    if not form.validate_on_submit():
        return _index_page(messages(form), 422, form)
    college = scoped_college_or_404(form.college_id.data, "concerns.manage")
    try:
        return act(form, college)
    except services.Refused as error:
        return _index_page(messages(form, error), 422, form)


def _survey_or_404(survey_id: int) -> Survey:
    survey = db.get_or_404(Survey, survey_id)
    scoped_college_or_404(survey.college_id, "concerns.manage")
    return survey


def _assign_form(found: Survey) -> AssignForm:
    form = AssignForm()
    form.class_id.choices = choices([(c.id, c.name) for c in services.classes_of(found.college_id)])
    form.teacher_id.choices = choices(
        [(t.id, t.name) for t in services.teachers_of(found.college_id)]
    )
    return form


def _fill_form(found: Survey) -> FillForm:
    form = FillForm()
    form.term_id.choices = choices(
        [(t.id, term_label(t.code)) for t in terms_taught(found.college_id)]
    )
    return form


def _survey_page(found: Survey, assign_form=None, fill_form=None, errors=(), http_status=200):
    page = render(
        "concerns/survey.html",
        survey=found,
        rates=services.response_rates(found),
        form=assign_form or _assign_form(found),
        fill_form=fill_form or _fill_form(found),
        reports=services.reports_of(found),
        errors=errors,
        http_status=http_status,
    )
    return shown_at(page, url_for("concerns.survey", survey_id=found.id))


@bp.route("/surveys/<int:survey_id>")
@require("concerns.manage")
def survey(survey_id: int):
    return _survey_page(_survey_or_404(survey_id))


@bp.route("/surveys/<int:survey_id>/assign", methods=["POST"])
@require("concerns.manage")
def assign(survey_id: int):
    def added(found, form):
        services.assign(found, form.class_id.data, form.course_name.data, form.teacher_id.data)
        return commit_and_redirect(
            _("Course added to the survey."), url_for("concerns.survey", survey_id=found.id)
        )

    return _survey_post(survey_id, "assign_form", _assign_form, added)


@bp.route("/surveys/<int:survey_id>/fill", methods=["POST"])
@require("concerns.manage")
def fill(survey_id: int):
    """Every (course, class, teacher) of a term's course data for this college's classes."""

    def filled(found, form):
        added, kept, skipped = services.fill_from_course_data(found, form.term_id.data)
        db.session.commit()
        flash(
            _(
                "%(added)d course(s) added from the course data; %(kept)d already on the survey.",
                added=added,
                kept=kept,
            ),
            "success",
        )
        if skipped:
            flash(
                _(
                    "%(n)d row(s) of the course data left out: their teacher no longer holds the "
                    "course-teacher role in this college.",
                    n=skipped,
                ),
                "error",
            )
        return hx_redirect(url_for("concerns.survey", survey_id=found.id))

    return _survey_post(survey_id, "fill_form", _fill_form, filled)


def _survey_post(survey_id: int, name: str, make_form, act):
    """A form of the survey page (`name`, made by `make_form(survey)`): `act(survey, form)`'s
    answer, or the survey page again with what was wrong (422)."""
    found = _survey_or_404(survey_id)
    form = make_form(found)
    if not form.validate_on_submit():
        return _survey_page(found, **{name: form}, errors=messages(form), http_status=422)
    try:
        return act(found, form)
    except services.Refused as error:
        return _survey_page(found, **{name: form}, errors=messages(refused=error), http_status=422)


# ---- the course teacher ------------------------------------------------------------------


@bp.route("/teach")
@require("concerns.mark")
def teach():
    items = services.assignments_of(current_user)
    return render(
        "concerns/teach.html",
        items=items,
        today=clock.today(),
        counts=services.follow_up_counts(items),
    )


@bp.route("/teach/widget")
@require("concerns.mark")
def teach_widget():
    items = services.open_assignments(current_user)
    return render(
        "concerns/teach_widget.html",
        fragment="widget",
        items=items,
        waiting=[a for a in items if a.answered_at is None],
    )


def _assignment_or_404(assignment_id: int) -> Assignment:
    found = db.get_or_404(Assignment, assignment_id)
    if found.teacher_id != current_user.id:
        _hidden(f"concerns.mark Assignment {assignment_id}")
    return found


def _mark_page(item: Assignment, form=None, errors=(), http_status=200):
    students = services.roster(item)
    concerns = services.concerns_of(item)
    if form is None:
        form = MarkForm()
        for student in students:
            c = concerns.get(student.id)
            form.rows.append_entry(
                {
                    "student_id": str(student.id),
                    "kinds": c.kinds if c else [],
                    "note": c.note if c else "",
                }
            )
    names = {str(s.id): s for s in students}
    rows = [(row, names.get(row.student_id.data), _row_problems(row)) for row in form.rows]
    page = render(
        "concerns/mark.html",
        item=item,
        rows=rows,
        concerns=concerns,
        kinds=KINDS,
        is_open=item.survey.is_open(clock.today()),
        form=form,
        none_form=EmptyForm(),
        errors=errors,
        http_status=http_status,
    )
    return shown_at(page, url_for("concerns.mark", assignment_id=item.id))


def _row_problems(row) -> list[str]:
    """A marking row's errors, shown next to the row and, with the name, in the summary."""
    return [str(e) for name in ("kinds", "note") for e in row[name].errors]


def _mark_messages(form: MarkForm, students) -> list[str]:
    """A failed post of the marking page: each row's errors under the student's name (in a
    30-row table, which row is wrong is the point), then any others."""
    names = {str(s.id): s.name for s in students}
    colon = punctuation()["colon"]
    named = [
        names.get(row.student_id.data, "—") + colon + " ".join(problems)
        for row in form.rows
        if (problems := _row_problems(row))
    ]
    others = [str(e) for name, errors in form.errors.items() if name != "rows" for e in errors]
    return named + others if named else messages(form)


@bp.route("/teach/<int:assignment_id>", methods=["GET", "POST"])
@require("concerns.mark")
def mark(assignment_id: int):
    item = _assignment_or_404(assignment_id)
    if request.method == "GET":
        return _mark_page(item)
    form = MarkForm()

    def marked():
        marks: dict[int, tuple[list[str], str]] = {}
        for row in form.rows:
            sid = as_id(row.student_id.data)
            if sid is None:
                return _mark_page(
                    item, form, [_("A student marked is not on this class's roster.")], 422
                )
            if row.kinds.data or (row.note.data or "").strip():
                marks[sid] = (row.kinds.data, row.note.data or "")
        raised = services.mark(item, marks, current_user)  # re-checks each id on the roster
        return commit_and_redirect(
            ngettext(
                "Saved. %(num)d new concern sent to the counselor and class advisor.",
                "Saved. %(num)d new concerns sent to the counselor and class advisor.",
                raised,
            ),
            url_for("concerns.teach"),
        )

    return _mark_post(
        item, form, marked, shown=form, describe=lambda: _mark_messages(form, services.roster(item))
    )


@bp.route("/teach/<int:assignment_id>/none", methods=["POST"])
@require("concerns.mark")
def mark_none(assignment_id: int):
    item = _assignment_or_404(assignment_id)

    def answered():
        services.mark_none(item)
        return commit_and_redirect(
            _(
                "Answered: no concerns in %(course)s for %(cls)s.",
                course=item.course_name,
                cls=item.school_class.name,
            ),
            url_for("concerns.teach"),
        )

    return _mark_post(item, EmptyForm(), answered)


def _mark_post(item: Assignment, form, act, shown=None, describe=None):
    """A post of the marking page while its survey is open: `act()`'s answer, or the page
    again (422) with what was wrong (`describe()`, else the form's errors), showing `shown`
    (else the marks as saved)."""
    if not item.survey.is_open(clock.today()):
        return _mark_page(
            item, errors=[_("This survey is closed; nothing was changed.")], http_status=422
        )
    if not form.validate_on_submit():
        return _mark_page(item, shown, describe() if describe else messages(form), 422)
    try:
        return act()
    except services.Refused as error:
        return _mark_page(item, shown, messages(refused=error), 422)


# The follow-up routes (due talks, officers, watch list, the student's pages) are in
# follow_views.py, on this blueprint.
from . import follow_views  # noqa: E402, F401
