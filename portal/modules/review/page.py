"""Everything one review page, its print and its export show, built once per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request
from sqlalchemy import select

from portal.core import standing
from portal.core.access import colleges_in_scope, for_college, school_wide, student_scope
from portal.core.paging import ListPage
from portal.core.templating import term_label
from portal.extensions import db

from . import figures
from .charts_page import page_charts
from .models import Report, Setting

GROUPS_PER_PAGE = 40


@dataclass
class Period:
    """A term, or an academic year (its first and second terms together)."""

    key: str  # the `term` query value: a term id, or "y2025"
    label: str
    code: str  # for file names
    terms: list  # oldest first
    span: str  # "term" | "year"


@dataclass
class Page:
    period: Period | None
    periods: list
    by: str
    review: figures.Review | None
    report: Report | None
    college_id: int | None  # whose report: a college, or None for the school
    groups: ListPage | None = None
    charts: list = field(default_factory=list)

    @property
    def term(self):  # the period's first term: the report's key
        return self.period.terms[0] if self.period else None

    @property
    def writable(self) -> bool:
        """Whether the user writes this review: review.write over its college (or the
        school's review over the school), not a grant of it elsewhere."""
        if self.college_id is None:
            return school_wide("review.write")
        return for_college("review.write", self.college_id)


def counts_eased(college_id: int | None) -> bool:
    """The college's choice of numerator; the school's review counts lifted only."""
    if college_id is None:
        return False
    setting = db.session.get(Setting, college_id)
    return bool(setting and setting.count_eased)


def school_level() -> bool:
    return school_wide("review.view")


def periods() -> list[Period]:
    """Each term with a published roster, newest first, each year after its terms."""
    found, years = [], {}
    for term in standing.terms():
        if term.n == 3:
            continue
        found.append(Period(str(term.id), term_label(term.code), term.code, [term], "term"))
        years.setdefault(term.start_year, []).insert(0, term)
    for year, terms in years.items():
        if len(terms) == 2:
            last = max(i for i, p in enumerate(found) if p.terms[0] in terms)
            found.insert(
                last + 1,
                Period(
                    f"y{year}",
                    term_label(f"{year}-{year + 1}"),
                    f"{year}-{year + 1}",
                    terms,
                    "year",
                ),
            )
    return found


def build_page(figures_too: bool = True) -> Page:
    """The period, grouping and college the request asks for, its saved report and (with
    `figures_too`) its figures; a POST that saves the report or a setting needs no figures."""
    options = periods()
    # By default the newest term whose outcome is known: the one before the newest roster.
    terms = [p for p in options if p.span == "term"]
    default = terms[1] if len(terms) > 1 else (terms[0] if terms else None)
    chosen = next((p for p in options if p.key == request.args.get("term")), default)
    fallback = "college" if school_level() else "class"
    by = request.args.get("by") if request.args.get("by") in figures.DIMENSIONS else fallback
    if chosen is None:
        return Page(None, options, by, None, None, None)
    college_id = (
        None if school_level() else next((c.id for c in colleges_in_scope("review.view")), None)
    )
    review = (
        figures.build(
            chosen.terms, student_scope("review.view"), count_eased=counts_eased(college_id)
        )
        if figures_too
        else None
    )
    report = db.session.scalar(
        select(Report).where(
            Report.term_id == chosen.terms[0].id,
            Report.span == chosen.span,
            Report.college_id.is_(None) if college_id is None else Report.college_id == college_id,
        )
    )
    return Page(chosen, options, by, review, report, college_id)


def with_charts(page: Page, everything: bool = False) -> Page:
    """The groups table a page at a time (the print shows every group) and the charts."""
    if page.review is not None:
        groups = page.review.groups[page.by]
        page.groups = ListPage.of(
            groups,
            request.args.get("page", 1, type=int),
            max(len(groups), 1) if everything else GROUPS_PER_PAGE,
        )
        page.charts = page_charts(page)
    return page
