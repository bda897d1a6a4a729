"""The review as .xlsx: the figures per group, and one row per warned student (student
numbers optionally replaced by stable pseudonyms)."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from sqlalchemy import select

from portal.core import facts
from portal.core.export import PERCENT, TWO_DECIMALS, Sheet, rounded, workbook_bytes
from portal.core.i18n import _
from portal.core.models import Student
from portal.extensions import db

from .figures import OUTCOMES, Dimension, Review
from .labels import outcome_label


def pseudonym(student_no: str) -> str:
    """The same student gets the same pseudonym in every export; it cannot be reversed
    without the portal's secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    return "S" + hmac.new(key, student_no.encode(), hashlib.sha256).hexdigest()[:10].upper()


def group_sheet(review: Review, dimension: str) -> Sheet:
    headers = (
        [Dimension(dimension).label, _("Warned")]
        + [outcome_label(o) for o in OUTCOMES]
        + [
            _("Conversion rate"),
            _("Median GPA before"),
            _("Median GPA after"),
            _("Median failed credits before"),
            _("Median failed credits after"),
        ]
    )
    rows = [
        [g.name, g.warned]
        + [g.outcomes[o] for o in OUTCOMES]
        + [
            rounded(g.conversion, 4),  # shown as a percentage, 12.5 %
            rounded(g.median("gpa_before")),
            rounded(g.median("gpa_after")),
            rounded(g.median("failed_before")),
            rounded(g.median("failed_after")),
        ]
        for g in review.groups[dimension]
    ]
    as_written = 2 + len(OUTCOMES)  # the group's name and its counts
    formats = [None] * as_written + [PERCENT] + [TWO_DECIMALS] * 4
    widths = [18] + [10] * (len(headers) - 1)
    return Sheet(Dimension(dimension).label, headers, rows, widths, formats)


def student_sheet(review: Review, anonymous: bool) -> Sheet:
    headers = [
        _("Student"),
        _("Class"),
        _("Level"),
        _("Outcome"),
        _("GPA before"),
        _("GPA after"),
        _("Failed credits before"),
        _("Failed credits after"),
    ]
    known = facts.facts()
    codes = sorted({c for f in review.student_facts.values() for c in f})
    headers += [str(known[c].label) if c in known else c for c in codes]
    people = _people(review)
    # Each answer and outcome in words once, not once a row (a school: 100,000 cells).
    words = {
        c: {
            state: _state(known.get(c), state)
            for state in {said.get(c) for said in review.student_facts.values()}
        }
        for c in codes
    }
    outcomes = {o: outcome_label(o) for o in OUTCOMES}
    rows = []
    for row in review.rows:
        number, name = people[row.student_id]
        said = review.student_facts[(row.term, row.student_id)]
        rows.append(
            [
                pseudonym(number) if anonymous else f"{number} {name}",
                review.class_names.get(row.class_id, ""),
                row.label,
                outcomes[row.outcome],
                rounded(row.gpa_before),
                rounded(row.gpa_after),
                rounded(row.failed_before),
                rounded(row.failed_after),
            ]
            + [words[c][said.get(c)] for c in codes]
        )
    widths = [20, 16, 12, 12] + [10] * (len(headers) - 4)
    return Sheet(_("Students"), headers, rows, widths, [None] * 4 + [TWO_DECIMALS] * 4)


def _state(fact, code):
    """A fact's answer in words (its states' labels), the code if it has no label."""
    if fact is None or code is None:
        return code
    return str(fact.states.get(code, code))


def _people(review: Review) -> dict[int, tuple[str, str]]:
    """Student id -> (number, name), read in chunks (a school's term outgrows one IN)."""
    ids = [row.student_id for row in review.rows]
    found = {}
    for start in range(0, len(ids), 10000):
        found.update(
            {
                sid: (number, name)
                for sid, number, name in db.session.execute(
                    select(Student.id, Student.student_no, Student.name).where(
                        Student.id.in_(ids[start : start + 10000])
                    )
                )
            }
        )
    return found


def workbook(review: Review, anonymous: bool):
    return workbook_bytes(
        [
            group_sheet(review, "class"),
            group_sheet(review, "level"),
            group_sheet(review, "counselor"),
            student_sheet(review, anonymous),
        ]
    )
