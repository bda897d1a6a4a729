"""What a term's first and last day must be, as the administrator enters them (Terms page).
An outside tester saved a term overlapping the one before it, a term starting before the
previous one ended, a term of two days, and blank dates over entered ones: roster
deadlines, the due lists' holidays and the study plans' report window count from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from .i18n import _
from .models import Term
from .templating import term_label

# The shortest a term may be: a regular term teaches and examines for 18 to 20 weeks, so 10
# weeks is a typing error, not a short term; a summer term (小学期, the code's third term)
# runs from two to four weeks.
MIN_WEEKS = 10
MIN_SUMMER_WEEKS = 2
# The days of the academic year 2026-2027: 1 August 2026 to 31 August 2027, so a first term
# may open late in August and a summer term end with it.
YEAR_OPENS = (8, 1)
YEAR_CLOSES = (8, 31)

FIELDS = ("start_date", "end_date")


@dataclass(frozen=True)
class Problem:
    field: str  # "start_date" or "end_date": where the page shows it
    message: str


def problem(term: Term, start: date | None, end: date | None) -> Problem | None:
    """The first thing wrong with giving `term` these days, or None; checked in turn: an
    entered date is never cleared, the last day comes after the first, each lies in the
    term's academic year, the term lasts long enough, and it follows the term before it in
    the order of the codes and ends before the next begins."""
    days = {"start_date": start, "end_date": end}
    for field, before in (("start_date", term.start_date), ("end_date", term.end_date)):
        if before and days[field] is None:
            return Problem(field, _cleared(term, field))
    if start and end and end <= start:
        return Problem(
            "end_date",
            _(
                "The last day of %(term)s must come after its first day.",
                term=term_label(term.code),
            ),
        )
    for field, day in days.items():
        if day and not _in_year(term, day):
            return Problem(field, _outside_year(term, day))
    if start and end and end - start < _shortest(term) - timedelta(days=1):
        return Problem("end_date", _too_short(term, start, end))
    return _out_of_order(term, start, end)


def _label(field: str) -> str:
    return _("First day") if field == "start_date" else _("Last day")


def _cleared(term: Term, field: str) -> str:
    return _(
        "%(field)s of %(term)s was entered before: correct it, but do not clear it — roster "
        "deadlines, due lists and study-plan reports count from it.",
        field=_label(field),
        term=term_label(term.code),
    )


def _year_bounds(term: Term) -> tuple[date, date]:
    return date(term.start_year, *YEAR_OPENS), date(term.start_year + 1, *YEAR_CLOSES)


def _in_year(term: Term, day: date) -> bool:
    first, last = _year_bounds(term)
    return first <= day <= last


def _outside_year(term: Term, day: date) -> str:
    first, last = _year_bounds(term)
    return _(
        "%(date)s is not in the academic year of %(term)s: its days fall from %(first)s to "
        "%(last)s.",
        date=day.isoformat(),
        term=term_label(term.code),
        first=first.isoformat(),
        last=last.isoformat(),
    )


def _shortest(term: Term) -> timedelta:
    return timedelta(weeks=MIN_SUMMER_WEEKS if term.n == 3 else MIN_WEEKS)


def _too_short(term: Term, start: date, end: date) -> str:
    return _(
        "%(term)s would last %(days)d days: a term lasts at least %(weeks)d weeks, a summer "
        "term at least %(summer)d.",
        term=term_label(term.code),
        days=(end - start).days + 1,
        weeks=MIN_WEEKS,
        summer=MIN_SUMMER_WEEKS,
    )


def _out_of_order(term: Term, start: date | None, end: date | None) -> Problem | None:
    """Another term's days that overlap these, or come on the wrong side of them for the
    order of the codes (2025-2026-2 before 2026-2027-1): the nearest such term, named."""
    mine = [day for day in (start, end) if day]
    if not mine:
        return None
    order = (term.start_year, term.n)
    for other in _dated_terms(term):
        theirs = [day for day in (other.start_date, other.end_date) if day]
        if (other.start_year, other.n) < order and max(theirs) >= min(mine):
            field = "start_date" if start else "end_date"
            return Problem(field, _clash(term, field, min(mine), other, "after"))
        if (other.start_year, other.n) > order and min(theirs) <= max(mine):
            field = "end_date" if end else "start_date"
            return Problem(field, _clash(term, field, max(mine), other, "before"))
    return None


def _dated_terms(term: Term) -> list[Term]:
    """The other terms with a day entered, the nearest in the order of codes first."""
    query = select(Term).where(Term.start_date.is_not(None) | Term.end_date.is_not(None))
    if term.id is not None:
        query = query.where(Term.id != term.id)
    rank = term.start_year * 3 + term.n
    return sorted(db.session.scalars(query), key=lambda t: abs(t.start_year * 3 + t.n - rank))


def _clash(term: Term, field: str, day: date, other: Term, side: str) -> str:
    words = {
        "field": _label(field),
        "term": term_label(term.code),
        "date": day.isoformat(),
        "other": term_label(other.code),
        "span": " – ".join(d.isoformat() if d else "…" for d in (other.start_date, other.end_date)),
    }
    if side == "after":
        return _(
            "%(field)s of %(term)s (%(date)s) is not after %(other)s (%(span)s): terms follow "
            "the order of their codes and do not overlap.",
            **words,
        )
    return _(
        "%(field)s of %(term)s (%(date)s) is not before %(other)s (%(span)s): terms follow "
        "the order of their codes and do not overlap.",
        **words,
    )
