"""The one search box of the student lists: a number prefix or part of a name."""

from flask import request
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import contains_eager

from .access import student_scope
from .models import Student


def search_term() -> str:
    return request.args.get("q", "").strip()[:40]


def student_matches(term: str):
    """SQL condition on `Student`: the number starts with the term, or the name holds it."""
    return or_(Student.student_no.startswith(term), Student.name.contains(term))


def searched_records(model, at, permission: str) -> tuple[Select, str]:
    """A module's list page: the records of `model` whose student the user reaches under
    `permission`, newest by `at` first, each with its student and class, narrowed by the
    search box; and the term searched for."""
    query = (
        select(model)
        .join(model.student)
        .options(contains_eager(model.student).joinedload(Student.school_class))
        .where(student_scope(permission))
        .order_by(at.desc(), model.id.desc())
    )
    term = search_term()
    return (query.where(student_matches(term)) if term else query), term
