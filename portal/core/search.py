"""The one search box of the student lists: a number prefix or part of a name."""

from flask import request
from sqlalchemy import or_

from .models import Student


def search_term() -> str:
    return request.args.get("q", "").strip()[:40]


def student_matches(term: str):
    """SQL condition on `Student`: the number starts with the term, or the name holds it."""
    return or_(Student.student_no.startswith(term), Student.name.contains(term))
