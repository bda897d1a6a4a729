"""The review as .xlsx: first the summary the page opens with (the period, the numerator
used, every count, the rate with its formula, before and after, the comparisons with and
without) and the leaders' assessment the print ends with, then the figures per group, and
one row per warning (student numbers optionally replaced by stable pseudonyms), a lift
still awaiting the secretary's confirmation marked as the page marks it (warning-rules.md
§6)."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_babel import format_percent
from sqlalchemy import select

from portal.core import facts
from portal.core.export import (
    PERCENT,
    TWO_DECIMALS,
    Formatted,
    Sheet,
    rounded,
    workbook_bytes,
)
from portal.core.i18n import _
from portal.core.models import Student
from portal.core.templating import number, term_label
from portal.extensions import db

from .figures import OUTCOMES, Dimension, Review
from .labels import (
    ASSESSMENT_PARTS,
    awaiting,
    compared_note,
    formula,
    help_as_of,
    lifted_awaiting,
    numerator_label,
    outcome_label,
    warned_heading,
    warned_note,
)
from .models import Report
from .page import Page


def pseudonym(student_no: str) -> str:
    """The same student gets the same pseudonym in every export; it cannot be reversed
    without the portal's secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    return "S" + hmac.new(key, student_no.encode(), hashlib.sha256).hexdigest()[:10].upper()


def summary_sheet(page: Page, anonymous: bool) -> Sheet:
    """What the page's summary and its comparisons say, in the page's words: the period,
    the numerator the college chose, each count, the rate (a number shown as a percentage)
    beside its formula, the medians before and after, the totals; then the plain
    comparisons of outcomes with and without each kind of help; then the assessment."""
    review, period = page.review, page.period
    total, rate = review.total, review.total.conversion
    shown = "—" if rate is None else format_percent(float(rate), "#,##0.0%")
    rows = [
        [_("Term or year"), period.label],
        [_("Conversion rate's numerator"), numerator_label(review.count_eased)],
        [warned_heading(period.span), total.warned, warned_note(period.span)],
    ]
    for outcome in OUTCOMES:
        note = ""
        if outcome == "lifted" and total.awaiting_confirmation:
            note = awaiting(total.awaiting_confirmation)
        rows.append([outcome_label(outcome).capitalize(), total.outcomes[outcome], note])
    rows.append(
        [
            _("Conversion rate"),
            Formatted(rounded(rate, 4), PERCENT),
            f"{shown} {formula(total, review.count_eased)}",
        ]
    )
    for label, name, show in (
        (_("Median cumulative GPA"), "gpa", lambda v: "—" if v is None else f"{float(v):.2f}"),
        (_("Median outstanding failed credits"), "failed", number),
    ):
        before, after = total.median(f"{name}_before"), total.median(f"{name}_after")
        compared = len(total.values[f"{name}_before"])
        note = compared_note(compared) if compared < total.warned else ""
        rows.append([label, f"{show(before)} → {show(after)}", note])
    rows += [[str(label), value] for label, value in review.totals]
    rows += [[], [_("Outcomes with and without"), "", help_as_of()]]
    rows.append(
        [
            "",
            _("Yes: students"),
            _("Yes: conversion rate"),
            _("No: students"),
            _("No: conversion rate"),
        ]
    )
    for c in review.comparisons:
        rows.append(
            [
                str(c.fact.label),
                c.yes.warned,
                Formatted(rounded(c.yes.conversion, 4), PERCENT),
                c.no.warned,
                Formatted(rounded(c.no.conversion, 4), PERCENT),
            ]
        )
    rows += [[], *assessment_rows(page.report, anonymous)]
    return Sheet(
        _("Summary"), [_("Metric"), _("Data"), _("Explanation")], rows, [34, 16, 60, 12, 12]
    )


def assessment_rows(report: Report | None, anonymous: bool) -> list[list]:
    """The leaders' assessment (评估意见) as the print gives it, each part beside its text;
    the workbook with pseudonyms says it is left out."""
    if anonymous:
        left_out = _("Left out of the workbook with pseudonyms: the text may name students.")
        return [[_("Assessment"), "", left_out]]
    if report is None:
        return [[_("Assessment"), _("Not written yet.")]]
    parts = [[str(label), getattr(report, name) or "—"] for name, label in ASSESSMENT_PARTS.items()]
    return [[_("Assessment")], *parts]


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
    """One row per warning; a year's (its terms' together) names each one's term (a
    student warned in both terms has a row of each)."""
    several = len(review.terms) > 1
    headers = [
        _("Student"),
        _("Class"),
        *([_("Term")] if several else []),
        _("Level"),
        _("Outcome"),
        _("GPA before"),
        _("GPA after"),
        _("Failed credits before"),
        _("Failed credits after"),
    ]
    known = facts.facts()
    answered = [said for per_term in review.student_facts.values() for said in per_term.values()]
    codes = sorted({c for said in answered for c in said})
    headers += [str(known[c].label) if c in known else c for c in codes]
    people = _people(review)
    # Each answer and outcome in words once, not once a row (a school: 100,000 cells).
    words = {
        c: {state: _state(known.get(c), state) for state in {said.get(c) for said in answered}}
        for c in codes
    }
    outcomes = {o: outcome_label(o) for o in OUTCOMES}
    unconfirmed = lifted_awaiting()  # §6: the review marks lifts awaiting confirmation
    terms = {code: [term_label(code)] if several else [] for code in {r.term for r in review.rows}}
    rows = []
    for row in review.rows:
        student_no, name = people[row.student_id]
        said = review.student_facts[row.term][row.student_id]
        rows.append(
            [
                pseudonym(student_no) if anonymous else f"{student_no} {name}",
                review.class_names.get(row.class_id, ""),
                *terms[row.term],
                row.label,
                unconfirmed
                if row.outcome == "lifted" and row.lift_confirmed is False
                else outcomes[row.outcome],
                rounded(row.gpa_before),
                rounded(row.gpa_after),
                rounded(row.failed_before),
                rounded(row.failed_after),
            ]
            + [words[c][said.get(c)] for c in codes]
        )
    named = [20, 16] + ([18] if several else []) + [12, 16]
    widths = named + [10] * (len(headers) - len(named))
    return Sheet(_("Students"), headers, rows, widths, [None] * len(named) + [TWO_DECIMALS] * 4)


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


def workbook(page: Page, anonymous: bool):
    """The review `page` shows: its figures, period and assessment."""
    review = page.review
    return workbook_bytes(
        [
            summary_sheet(page, anonymous),
            group_sheet(review, "class"),
            group_sheet(review, "level"),
            group_sheet(review, "counselor"),
            student_sheet(review, anonymous),
        ]
    )
