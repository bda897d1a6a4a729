"""When the term-end report (学期末执行情况报告) may be written: from a few weeks before the
last day of the term the plan was signed off for.

LZUT 四.4 has the student hand in how the plan was carried out 学期末 (at term end); no
policy names a week, so the number is the setting PLAN_REPORT_WEEKS_BEFORE_TERM_END
(4: before the exam weeks, leaving the reviewer time to read it before the term closes).
A plan signed off in a holiday is for the term that comes next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from portal.core import binder, clock
from portal.core.models import Term

from .models import Plan


@dataclass(frozen=True)
class ReportWindow:
    opens: date  # the first day the report may be written
    term_ends: date  # the last day of the plan's term

    @property
    def is_open(self) -> bool:
        return clock.today() >= self.opens


def report_window(plan: Plan) -> ReportWindow | None:
    """When the plan's report opens; None while no version is signed off."""
    version = plan.signed
    if version is None:
        return None
    term_ends = _last_day_of_term_after(clock.day_of(version.signed_at))
    weeks = current_app.config["PLAN_REPORT_WEEKS_BEFORE_TERM_END"]
    return ReportWindow(opens=term_ends - timedelta(weeks=weeks), term_ends=term_ends)


def _last_day_of_term_after(day: date) -> date:
    """The last day of the regular term `day` falls in, or, in a holiday, of the next one."""
    term = binder.term_of(binder.current_code(day))
    if _last_day(term) < day:  # the term by the calendar convention has already ended
        term = binder.term_of(_next_code(term))
    return _last_day(term)


def _last_day(term: Term) -> date:
    """The administrator's last day; unknown, the portal's convention (binder.term_span)."""
    if term.end_date:
        return term.end_date
    return binder.term_span(term)[1].date() - timedelta(days=1)


def _next_code(term: Term) -> str:
    year = term.start_year if term.n == 1 else term.start_year + 1
    n = 2 if term.n == 1 else 1
    return f"{year}-{year + 1}-{n}"
