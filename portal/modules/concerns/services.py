"""Surveys, marking, officers' reports, the due talks and their closing. Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from portal.core import clock, dues
from portal.core.access import grant_scope, unit_reaches
from portal.core.cadence import CadenceRule, Due, assess
from portal.core.dues import OWING_ROLES, dates_by_student_and_role
from portal.core.i18n import N_
from portal.core.models import Major, RoleGrant, SchoolClass, Student, User
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.core.teaching import teachings
from portal.extensions import db

from . import classmates, survey_dates
from .models import (
    CLIMATES,
    KINDS,
    OUTCOMES,
    Assignment,
    ClassReport,
    Concern,
    Officer,
    Outcome,
    Setting,
    Survey,
)

NOTE_MAX = 200

Problem = tuple[str | None, str, dict]  # the form field or None, an N_() message, its parameters


class Refused(ValueError):
    """Bad input: nothing is written. Each problem is (the form field it is about or None,
    an `N_()` message, its parameters), said at that field and at the top of the page."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or [(None, message, {})]

    @classmethod
    def check(cls, problems: list[Problem]) -> None:
        """Refuse with every problem found at once, if there is any."""
        if problems:
            raise cls(problems[0][1], problems)


# ---- settings ----------------------------------------------------------------------------


def setting_of(college_id: int) -> Setting:
    found = db.session.get(Setting, college_id)
    return found or Setting(college_id=college_id, talk_within_days=7, show_note_to_student=False)


def save_setting(college_id: int, days: int, show_note: bool) -> Setting:
    if not 1 <= days <= 60:
        raise Refused(N_("Give a number of days between 1 and 60."))
    setting = db.session.get(Setting, college_id) or Setting(college_id=college_id)
    setting.talk_within_days, setting.show_note_to_student = days, show_note
    db.session.add(setting)
    db.session.flush()
    return setting


# ---- surveys -----------------------------------------------------------------------------


def open_survey(
    college_id: int, title: str, opens_on: date | None, closes_on: date | None, user
) -> Survey:
    title = (title or "").strip()
    if not title or len(title) > 100:
        raise Refused(N_("Give the survey a name of at most 100 characters."))
    if opens_on is None or closes_on is None:
        raise Refused(N_("Give a start date and an end date on or after it."))
    Refused.check(survey_dates.problems(opens_on, closes_on))
    survey = Survey(
        college_id=college_id,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        opened_by_id=user.id,
    )
    db.session.add(survey)
    db.session.flush()
    return survey


def teachers_of(college_id: int) -> list[User]:
    """Accounts holding the course-teacher role over this college (or the whole portal)."""
    ids = select(RoleGrant.user_id).where(
        RoleGrant.role == "teacher", RoleGrant.over_college(college_id)
    )
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))


def classes_of(college_id: int) -> list[SchoolClass]:
    return list(
        db.session.scalars(
            select(SchoolClass)
            .join(SchoolClass.major)
            .where(Major.college_id == college_id)
            .order_by(SchoolClass.name)
        )
    )


def assign(survey: Survey, class_id: int | None, course_name: str, teacher_id: int | None):
    course_name = (course_name or "").strip()
    if not course_name or len(course_name) > 200:
        raise Refused(N_("Give the course's name."))
    if class_id not in {c.id for c in classes_of(survey.college_id)}:
        raise Refused(N_("Choose a class of this college."))
    if teacher_id not in {t.id for t in teachers_of(survey.college_id)}:
        raise Refused(N_("Choose a course teacher of this college."))
    if db.session.scalar(
        select(Assignment.id).where(
            Assignment.survey_id == survey.id,
            Assignment.class_id == class_id,
            Assignment.course_name == course_name,
        )
    ):
        raise Refused(N_("This course is already on the survey for this class."))
    item = _add_row(survey, class_id, course_name, teacher_id)
    db.session.flush()
    return item


def _add_row(survey: Survey, class_id: int, course_name: str, teacher_id: int) -> Assignment:
    """A row of the survey: who teaches which course to which class."""
    item = Assignment(
        survey_id=survey.id, class_id=class_id, course_name=course_name, teacher_id=teacher_id
    )
    db.session.add(item)
    return item


def fill_from_course_data(survey: Survey, term_id: int) -> tuple[int, int, int]:
    """The core's course data (教学任务, from a course roster or a grades file with 教师工号)
    of one term, for this college's classes: each (course, class, teacher) becomes a row of
    the survey unless the class already has that course, or the teacher no longer holds the
    course-teacher role here. Returns (added, already there, skipped)."""
    have = {(a.class_id, a.course_name) for a in survey.assignments}
    allowed = {t.id for t in teachers_of(survey.college_id)}
    added = kept = skipped = 0
    for teaching in teachings(survey.college_id, term_id):
        key = (teaching.class_id, teaching.course_name)
        if key in have:
            kept += 1
            continue
        if teaching.teacher_id not in allowed:
            skipped += 1
            continue
        have.add(key)
        _add_row(survey, teaching.class_id, teaching.course_name, teaching.teacher_id)
        added += 1
    db.session.flush()
    db.session.expire(survey, ["assignments"])
    return added, kept, skipped


@dataclass
class Rate:
    course: str
    answered: int
    total: int

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 0.0


def response_rates(survey: Survey) -> list[Rate]:
    rates: dict[str, Rate] = {}
    for item in survey.assignments:
        rate = rates.setdefault(item.course_name, Rate(item.course_name, 0, 0))
        rate.total += 1
        rate.answered += item.answered_at is not None
    return sorted(rates.values(), key=lambda r: r.course)


# ---- the teacher's marking ---------------------------------------------------------------


def open_assignments(user, today: date | None = None) -> list[Assignment]:
    today = today or clock.today()
    return list(
        db.session.scalars(
            select(Assignment)
            .join(Assignment.survey)
            .where(
                Assignment.teacher_id == user.id,
                Survey.opens_on <= today,
                Survey.closes_on >= today,
            )
            .order_by(Survey.closes_on, Assignment.course_name, Assignment.id)
        )
    )


def assignments_of(user) -> list[Assignment]:
    """All of a teacher's classes, the most recent survey first."""
    return list(
        db.session.scalars(
            select(Assignment)
            .join(Assignment.survey)
            .where(Assignment.teacher_id == user.id)
            .order_by(Survey.closes_on.desc(), Assignment.course_name, Assignment.id)
        )
    )


def roster(assignment: Assignment) -> list[Student]:
    return list(
        db.session.scalars(
            select(Student)
            .where(Student.class_id == assignment.class_id, Student.status == "enrolled")
            .order_by(Student.student_no)
        )
    )


def concerns_of(assignment: Assignment) -> dict[int, Concern]:
    return {
        c.student_id: c
        for c in db.session.scalars(select(Concern).where(Concern.assignment_id == assignment.id))
    }


def mark(assignment: Assignment, marks: dict[int, tuple[list[str], str]], user) -> int:
    """Record the marked students (kinds, note) of this class; others in the post are
    refused as a whole. Returns how many new concerns were raised."""
    on_roster = {s.id: s for s in roster(assignment)}
    if not marks:
        raise Refused(N_("Mark at least one student, or answer “no concerns” for the class."))
    for student_id, (kinds, note) in marks.items():
        if student_id not in on_roster:
            raise Refused(N_("A student marked is not on this class's roster."))
        if not kinds or any(k not in KINDS for k in kinds):
            raise Refused(N_("Choose at least one kind of concern for each student marked."))
        if "other" in kinds and not note.strip():
            raise Refused(N_("Say in a short note what “other” means."))
        if len(note) > NOTE_MAX:
            raise Refused(N_("Keep each note under 200 characters."))
    existing = concerns_of(assignment)
    today, raised = clock.today(), 0
    for student_id, (kinds, note) in marks.items():
        concern = existing.get(student_id)
        if concern is None:
            concern = Concern(
                assignment_id=assignment.id,
                student_id=student_id,
                raised_by_id=user.id,
                raised_on=today,
            )
            db.session.add(concern)
            raised += 1
            _tell_followers(on_roster[student_id], assignment)
        concern.kinds = sorted(set(kinds), key=KINDS.index)
        concern.note = note.strip() or None
    assignment.answered_at, assignment.no_concerns = utcnow(), False
    db.session.flush()
    return raised


def follow_up_counts(items: list[Assignment]) -> dict[int, tuple[int, int]]:
    """Per assignment: students marked, and how many of them were followed up."""
    counts: dict[int, tuple[int, int]] = {}
    for assignment_id, closed_on in db.session.execute(
        select(Concern.assignment_id, Concern.closed_on).where(
            Concern.assignment_id.in_([a.id for a in items])
        )
    ):
        marked, followed = counts.get(assignment_id, (0, 0))
        counts[assignment_id] = (marked + 1, followed + (closed_on is not None))
    return counts


def mark_none(assignment: Assignment) -> None:
    if concerns_of(assignment):
        raise Refused(
            N_("Students of this class are already marked; “no concerns” would contradict that.")
        )
    assignment.answered_at, assignment.no_concerns = utcnow(), True
    db.session.flush()


def _tell_followers(student: Student, assignment: Assignment) -> None:
    notify(
        [g.user_id for g in followers(student)],
        N_("A course teacher is concerned about %(name)s (%(course)s): please talk with them."),
        link="/concerns/due",
        name=student.name,
        course=assignment.course_name,
    )


def followers(student: Student) -> list[RoleGrant]:
    """The counselor and class advisor grants that reach this student."""
    return [
        g
        for g in db.session.scalars(select(RoleGrant).where(RoleGrant.role.in_(OWING_ROLES)))
        if unit_reaches(g, student)
    ]


# ---- due talks and closing ---------------------------------------------------------------


TALKED = frozenset({Outcome.TALKED_IMPROVING, Outcome.TALKED_SUPPORT, Outcome.NO_ISSUE})


@dataclass
class DueConcern:
    concern: Concern
    role: str
    due: Due
    talked_on: date | None = None  # the latest talk with the student since it was raised


def _due(concern: Concern, role: str, days: int, today: date) -> Due:
    rule = CadenceRule(level="concern", role=role, kind="concern_talk", first_within_days=days)
    end = concern.raised_on + timedelta(days=days)
    done = [concern.closed_on] if concern.closed_on else []
    return assess(rule, concern.raised_on, end, done, today)[0]


def due_for(user, *, include_closed: bool = False, today: date | None = None) -> list[DueConcern]:
    """The concerns this counselor or class advisor owes a talk on, oldest due first."""
    today = today or clock.today()
    found: dict[int, DueConcern] = {}
    for grant in user.grants:
        if grant.role not in OWING_ROLES:
            continue
        query = select(Concern).join(Concern.student).where(grant_scope(grant, user))
        if not include_closed:
            query = query.where(Concern.closed_on.is_(None))
        for concern in db.session.scalars(query):
            if concern.id in found:
                continue
            days = setting_of(concern.student.college_id).talk_within_days
            found[concern.id] = DueConcern(
                concern, grant.role, _due(concern, grant.role, days, today)
            )
    items = sorted(found.values(), key=lambda d: (d.due.due_on, d.concern.student.student_no))
    _note_talks(items)
    return items


def _note_talks(items: list[DueConcern]) -> None:
    """Mark each open concern with the latest individual talk with its student since it was
    raised: what is left is to close it with its outcome (a walk recorded the talk and still
    saw the concern "coming up")."""
    talked = talks_since([d.concern for d in items if d.concern.closed_on is None])
    for d in items:
        d.talked_on = talked.get(d.concern.id)


def talks_since(concerns: list[Concern]) -> dict[int, date] | None:
    """Concern id -> the latest individual talk a counselor or class advisor recorded with
    its student since it was raised; None when no module records talks. Read through the
    core's due kinds, never the talks module."""
    talks = dues.kinds().get("talk")
    if talks is None:
        return None
    if not concerns:
        return {}
    done = talks.done(Student.id.in_({c.student_id for c in concerns}))
    found = {}
    for concern in concerns:
        days = [
            day
            for role in (*OWING_ROLES, "")
            for day in done.get((concern.student_id, role), [])
            if day >= concern.raised_on
        ]
        if days:
            found[concern.id] = max(days)
    return found


def close(concern: Concern, outcome: str, user, role: str) -> None:
    if outcome not in OUTCOMES:
        raise Refused(N_("Choose how the concern was followed up."))
    if concern.closed_on is not None:
        raise Refused(N_("This concern is already closed."))
    talked = talks_since([concern]) if outcome in TALKED else None
    if talked is not None and concern.id not in talked:
        # An outcome that says a talk took place needs the talk on record (a walk closed
        # one as "talked; catching up" with none, and the teacher read "followed up").
        raise Refused(
            N_(
                "No talk with this student is recorded since the concern was raised: record it first."
            )
        )
    concern.outcome, concern.closed_on = outcome, clock.today()
    concern.closed_by_id, concern.closed_role = user.id, role
    notify(
        concern.raised_by_id,
        N_("Your concern about %(name)s (%(course)s) was followed up."),
        link="/concerns/teach",
        name=concern.student.name,
        course=concern.assignment.course_name,
    )
    db.session.flush()


def closed_dates(student_condition) -> dict[tuple[int, str], list[date]]:
    """The core's due lists: when each student's concern talks were held, by role."""
    rows = db.session.execute(
        select(Concern.student_id, Concern.closed_role, Concern.closed_on)
        .join(Concern.student)
        .where(student_condition, Concern.closed_on.is_not(None))
    ).all()
    return dates_by_student_and_role(
        (sid, role, datetime.combine(day, time())) for sid, role, day in rows
    )


# ---- the watch list ----------------------------------------------------------------------


@dataclass
class Watched:
    student: Student
    courses: list[str]
    open: int


def watch_list(student_condition, survey_id: int | None) -> list[Watched]:
    """Students with concerns in two or more courses of one survey, most courses first."""
    rows = db.session.execute(
        select(Concern.student_id, Assignment.course_name, Concern.closed_on)
        .join(Concern.assignment)
        .join(Concern.student)
        .where(student_condition, Assignment.survey_id == survey_id)
    ).all()
    courses: dict[int, set[str]] = {}
    open_count: dict[int, int] = {}
    for sid, course, closed_on in rows:
        courses.setdefault(sid, set()).add(course)
        open_count[sid] = open_count.get(sid, 0) + (closed_on is None)
    ids = [sid for sid, found in courses.items() if len(found) >= 2]
    students = {s.id: s for s in db.session.scalars(select(Student).where(Student.id.in_(ids)))}
    watched = [Watched(students[sid], sorted(courses[sid]), open_count[sid]) for sid in ids]
    return sorted(
        watched, key=lambda w: (-len(w.courses), w.student.school_class.name, w.student.student_no)
    )


def per_class(watched: list[Watched]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for w in watched:
        counts[w.student.school_class.name] = counts.get(w.student.school_class.name, 0) + 1
    return sorted(counts.items())


# ---- officers and their reports ----------------------------------------------------------


def appoint(class_id: int, student_no: str, user, class_ids: set[int]) -> Officer:
    if class_id not in class_ids:
        raise Refused(N_("Choose one of your classes."))
    student = db.session.scalar(
        select(Student).where(
            Student.student_no == (student_no or "").strip(), Student.class_id == class_id
        )
    )
    if student is None:
        raise Refused(N_("No student of this class has that student number."))
    officer = db.session.scalar(select(Officer).where(Officer.class_id == class_id))
    if officer is None:
        officer = Officer(class_id=class_id)
        db.session.add(officer)
    officer.student_id, officer.appointed_by_id = student.id, user.id
    db.session.flush()
    return officer


def officer_class(student_id: int | None) -> int | None:
    if not student_id:
        return None
    return db.session.scalar(select(Officer.class_id).where(Officer.student_id == student_id))


def open_survey_for_class(class_id: int, today: date | None = None) -> Survey | None:
    today = today or clock.today()
    college_id = db.session.scalar(
        select(Student.college_id).where(Student.class_id == class_id).limit(1)
    )
    return db.session.scalar(
        select(Survey)
        .where(Survey.college_id == college_id, Survey.opens_on <= today, Survey.closes_on >= today)
        .order_by(Survey.closes_on)
    )


def courses_of_class(survey: Survey, class_id: int) -> list[str]:
    return sorted({a.course_name for a in survey.assignments if a.class_id == class_id})


def submit_report(
    survey: Survey,
    class_id: int,
    user,
    attendance: dict[str, int | None],
    climate: str,
    hard_courses: str,
    remarks: str,
) -> ClassReport:
    if climate not in CLIMATES:
        raise Refused(N_("Choose how the class's learning climate is."))
    clean = {}
    for course, value in attendance.items():
        if value is None:
            continue
        if not isinstance(value, int) or not 0 <= value <= 100:
            raise Refused(N_("Give attendance as a whole percentage from 0 to 100."))
        clean[course] = value
    if len(hard_courses) > 300 or len(remarks) > 1000:
        raise Refused(
            N_("Keep the report short: hard courses under 300 characters, remarks under 1000.")
        )
    Refused.check(classmates_named(class_id, {"hard_courses": hard_courses, "remarks": remarks}))
    report = db.session.scalar(
        select(ClassReport).where(
            ClassReport.survey_id == survey.id, ClassReport.class_id == class_id
        )
    )
    if report is None:
        report = ClassReport(survey_id=survey.id, class_id=class_id)
        db.session.add(report)
    report.attendance, report.climate = clean, climate
    report.hard_courses = hard_courses.strip() or None
    report.remarks = remarks.strip() or None
    report.submitted_by_id, report.submitted_at = user.id, utcnow()
    db.session.flush()
    return report


def classmates_named(class_id: int, texts: dict[str, str]) -> list[Problem]:
    """Each of a report's free texts (by field) that names a student of the class: the
    report is about the class as a whole. The name is said back to its writer only."""
    names = list(db.session.scalars(select(Student.name).where(Student.class_id == class_id)))
    return [
        (
            field,
            N_(
                "Please do not name classmates: “%(name)s” is the name of a student in your "
                "class. Write about the class as a whole."
            ),
            {"name": name},
        )
        for field, text in texts.items()
        if (name := classmates.named(text, names))
    ]


def reports_of(survey: Survey) -> list[ClassReport]:
    return list(
        db.session.scalars(
            select(ClassReport)
            .where(ClassReport.survey_id == survey.id)
            .join(ClassReport.school_class)
            .order_by(SchoolClass.name)
        )
    )


# ---- the student's view ------------------------------------------------------------------


def my_concerns(student_id: int) -> list[Concern]:
    return list(
        db.session.scalars(
            select(Concern)
            .where(Concern.student_id == student_id)
            .order_by(Concern.raised_on.desc(), Concern.id.desc())
        )
    )


def helpers_of(student: Student) -> list[tuple[str, str]]:
    """(role, name) of the counselor and class advisor to talk to."""
    seen, found = set(), []
    for grant in followers(student):
        if grant.scope_kind == "all" or (grant.role, grant.user_id) in seen:
            continue
        seen.add((grant.role, grant.user_id))
        found.append((grant.role, grant.user.name))
    return sorted(found)


def count_open(student_condition) -> int:
    return (
        db.session.scalar(
            select(func.count(Concern.id))
            .join(Concern.student)
            .where(student_condition, Concern.closed_on.is_(None))
        )
        or 0
    )
