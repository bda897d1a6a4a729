"""When a progress survey may run: within the term under way (a survey names no term of
its own), starting at most a few days ago, ending on or after its start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.core import binder, clock
from portal.core.i18n import N_

# A survey may be entered a few days after it began (announced in class before it was put
# in the portal): one teaching week, never a survey of a past month.
START_GRACE_DAYS = 7


@dataclass(frozen=True)
class TermDays:
    code: str
    first: date
    last: date


def term_under_way(today: date) -> TermDays:
    """The regular term `today` falls in, or in a holiday the next one: its first and last
    day as the administrator entered them, else the portal's convention (binder.term_span)."""
    term = binder.term_of(binder.current_code(today))
    if binder.last_day(term) < today:  # the winter or summer holiday after it
        term = binder.following(term)
    return TermDays(term.code, binder.first_day(term), binder.last_day(term))


def earliest_start(today: date, term: TermDays) -> date:
    """The first day a survey opened today may start."""
    return max(term.first, today - timedelta(days=START_GRACE_DAYS))


def problems(opens_on: date, closes_on: date, today: date | None = None) -> list[tuple]:
    """What is wrong with a survey's dates, by field: it lies within the term under way (the
    model names no term), starts at most START_GRACE_DAYS ago, ends on or after its start."""
    today = today or clock.today()
    term = term_under_way(today)
    found = []
    if opens_on < today - timedelta(days=START_GRACE_DAYS):
        found.append(
            (
                "opens_on",
                N_("Start the survey on %(day)s or later: it may begin at most %(n)d days ago."),
                {"day": earliest_start(today, term), "n": START_GRACE_DAYS},
            )
        )
    elif not term.first <= opens_on <= term.last:
        found.append(
            (
                "opens_on",
                N_("Start the survey within %(term)s, which runs from %(first)s to %(last)s."),
                {"term": term.code, "first": term.first, "last": term.last},
            )
        )
    if closes_on < opens_on:
        found.append(("closes_on", N_("Give a start date and an end date on or after it."), {}))
    elif closes_on > term.last:
        found.append(
            (
                "closes_on",
                N_("End the survey by %(last)s, the last day of %(term)s."),
                {"term": term.code, "last": term.last},
            )
        )
    return found
