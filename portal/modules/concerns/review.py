"""The prevention figure (学业调查预防 works?): of the students a teacher was concerned
about, how many were later warned; of the students warned after the first survey, how many
had a concern first. Per class and for the college."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from portal.core import standing
from portal.core.models import Student
from portal.extensions import db

from .models import Concern, Survey


@dataclass
class Figure:
    name: str
    concerned: int = 0
    concerned_later_warned: int = 0
    warned: int = 0
    warned_with_concern_first: int = 0
    students: set = field(default_factory=set, repr=False)


def first_warnings(student_condition) -> dict[int, date]:
    """Each student's first published warning date, over every term with a roster."""
    first: dict[int, date] = {}
    for term in standing.terms():
        for sid, held in standing.held(term.id, student_condition).items():
            since = min(s.since for s in held)
            if sid not in first or since < first[sid]:
                first[sid] = since
    return first


def figures(student_condition) -> tuple[Figure, list[Figure]]:
    concerned = dict(
        db.session.execute(
            select(Concern.student_id, func.min(Concern.raised_on))
            .join(Concern.student)
            .where(student_condition)
            .group_by(Concern.student_id)
        ).all()
    )
    # Warnings count from the college's first survey on: before it no concern could come first.
    start = dict(
        db.session.execute(
            select(Survey.college_id, func.min(Survey.opens_on)).group_by(Survey.college_id)
        ).all()
    )
    first = first_warnings(student_condition)
    college_of = (
        dict(
            db.session.execute(
                select(Student.id, Student.college_id).where(Student.id.in_(set(first)))
            ).all()
        )
        if first
        else {}
    )
    warned = {
        sid: day
        for sid, day in first.items()
        if college_of.get(sid) in start and day >= start[college_of[sid]]
    }
    ids = set(concerned) | set(warned)
    students = {s.id: s for s in db.session.scalars(select(Student).where(Student.id.in_(ids)))}
    total, by_class = Figure(""), {}
    for sid in ids:
        name = students[sid].school_class.name
        for fig in (total, by_class.setdefault(name, Figure(name))):
            if sid in concerned:
                fig.concerned += 1
                if sid in warned and warned[sid] >= concerned[sid]:
                    fig.concerned_later_warned += 1
            if sid in warned:
                fig.warned += 1
                if sid in concerned and concerned[sid] <= warned[sid]:
                    fig.warned_with_concern_first += 1
    return total, sorted(by_class.values(), key=lambda f: f.name)


def concern_states(cohort) -> dict[int, str]:
    """For the review's comparison (core.facts): per warned student of the reviewed term,
    whether a teacher's mid-term concern came before the warning ("first") or not. A
    concern is dated the day it is raised, before the support period began: the period's
    end (`cohort.as_of`) changes nothing here."""
    found = {sid: "none" for sid in cohort.since}
    for student_id, raised_on in db.session.execute(
        select(Concern.student_id, func.min(Concern.raised_on))
        .join(Student, Student.id == Concern.student_id)
        .where(cohort.student_condition)
        .group_by(Concern.student_id)
    ):
        since = cohort.since.get(student_id)
        if since is not None and raised_on <= since:
            found[student_id] = "first"
    return found
