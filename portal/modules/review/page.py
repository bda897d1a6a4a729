"""Everything one review page, its print and its export show, built once per request."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from flask import request
from flask_login import current_user
from sqlalchemy import select

from portal.core import dues, standing
from portal.core.access import colleges_in_scope, grants_for, student_scope
from portal.core.i18n import _
from portal.extensions import db

from . import charts, figures
from .labels import OUTCOME_CSS, outcome_label
from .models import Report


@dataclass
class Page:
    term: object
    terms: list
    by: str
    review: figures.Review | None
    charts: list
    report: Report | None
    college_id: int | None  # whose report: a college, or None for the school


def school_level() -> bool:
    return any(g.scope_kind == "all" for g in grants_for(current_user, "review.view"))


def build_page() -> Page:
    terms = standing.terms()
    # By default the newest term whose outcome is known: the one before the newest roster.
    default = terms[1] if len(terms) > 1 else (terms[0] if terms else None)
    chosen = next((t for t in terms if str(t.id) == request.args.get("term")), default)
    default = "college" if school_level() else "class"
    by = request.args.get("by") if request.args.get("by") in figures.DIMENSIONS else default
    if chosen is None:
        return Page(None, terms, by, None, [], None, None)
    scope = student_scope("review.view")
    review = figures.build(chosen, scope)
    college_id = None if school_level() else next(
        (c.id for c in colleges_in_scope("review.view")), None)
    report = db.session.scalar(select(Report).where(Report.term_id == chosen.id,
                                                    Report.college_id.is_(college_id)
                                                    if college_id is None else
                                                    Report.college_id == college_id))
    return Page(chosen, terms, by, review, _charts(review, scope, by), report, college_id)


def _charts(review: figures.Review, scope, by: str) -> list:
    from portal.core.templating import term_label

    levels = figures.levels_over_terms(scope)
    found = [charts.stacked_rows(
        _("Students warned per level, term by term"),
        [(term_label(t.code), parts) for t, parts in levels],
        [_("Term")] + [label for label, _c, _n in (levels[-1][1] if levels else [])])]
    flow = [(g.name, [(outcome_label(o), OUTCOME_CSS[o], g.outcomes[o])
                      for o in figures.OUTCOMES]) for g in review.groups["level"]]
    found.append(charts.stacked_rows(
        _("From this term's levels to the next term"), flow,
        [_("Level")] + [outcome_label(o) for o in figures.OUTCOMES]))
    classes = review.groups["class"]
    found.append(charts.paired_rows(
        _("Median cumulative GPA per class, before and after"),
        [(g.name, g.median("gpa_before"), g.median("gpa_after")) for g in classes],
        max([Fraction(4)] + [v for g in classes for v in (g.median("gpa_before"),
                                                          g.median("gpa_after")) if v]),
        [_("Class"), _("Before"), _("After")], _("Before"), _("After")))
    items = [o for o in dues.obligations(scope) if o.due.state not in ("due", "upcoming")]
    by_person, _by_class = dues.compliance(items, [g for g in _counselor_grants()])
    found.append(charts.rates(
        _("Talks and contacts done on time, per counselor"),
        [(f"{user.name}", Fraction(t.on_time, t.total) if t.total else None)
         for user, role, t in by_person if role == "counselor"],
        [_("Counselor"), _("On-time rate")]))
    return found


def _counselor_grants():
    return dues.owing_grants({c.id for c in colleges_in_scope("review.view")}, ("counselor",))
