"""Term start dates (开学日期): read from an optional column of the grades import, or
entered by the administrator. Roster deadlines count from a term's start."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from . import cells, clock
from .i18n import _l
from .memo import per_request
from .models import Term
from .numbers import whole_number
from .xlsx import RowError

COLUMN = {"term_start": ("开学日期", "term_start")}
_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(raw) -> date | None:
    """A date as spreadsheets hold it: a date cell, `2024-09-02`, `2024/9/2`, `2024年9月2日`,
    `20240902`, or an Excel day number; empty is None; anything else a CellError."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if cells.is_blank(raw):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 20000 < raw < 80000:
        return _EXCEL_EPOCH + timedelta(days=int(raw))
    text = str(raw).strip()
    match = _TEXT.match(text)
    if match is None and len(text) == 8 and whole_number(text) is not None:
        match = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    try:
        if match:
            found = date(*(int(part) for part in match.groups()))
            if 1990 <= found.year <= 2100:
                return found
    except ValueError:
        pass
    raise cells.CellError(_l("Not a date: %(value)s", value=text[:20]))


def read_start(
    row, headers: dict[str, str], attempts: list[dict], starts: dict[str, tuple[date, int]]
) -> list[RowError]:
    """The row's 开学日期 for the term of its attempts, when the column is there; one term
    given two dates in the file is an error naming the other row."""
    if "term_start" not in headers or not attempts:
        return []
    try:
        start = parse_date(row.values.get("term_start"))
    except cells.CellError as problem:
        return [RowError(row.number, headers["term_start"], problem.message)]
    if start is None:
        return []
    term = attempts[0]["term"]
    seen = starts.get(term)
    if seen and seen[0] != start:
        return [
            RowError(
                row.number,
                headers["term_start"],
                _l(
                    "%(term)s starts on %(other)s in row %(row)d",
                    term=term,
                    other=seen[0].isoformat(),
                    row=seen[1],
                ),
            )
        ]
    starts.setdefault(term, (start, row.number))
    return []


def store(starts: dict[str, tuple[date, int]] | None, term_ids: dict[str, int], move=False):
    """Write the start dates the file gave. A term's dates are the whole school's (every
    college's deadlines count from them): a file uploaded over the whole school is the newer
    word and moves them; one uploaded for a college only fills a date not yet known."""
    for code, (start, _row) in (starts or {}).items():
        term = db.session.get(Term, term_ids[code])
        if term is not None and term.start_date != start and (move or term.start_date is None):
            term.start_date = start


def usual_span(start_year: int, n: int) -> tuple[date, date]:
    """A term's days when the administrator has not entered them (the policies are silent),
    as (first day, day after the last): the first term from 1 September to the end of
    February, the second from 1 March to the end of August, the summer term July and August."""
    y = start_year
    return {
        1: (date(y, 9, 1), date(y + 1, 3, 1)),
        2: (date(y + 1, 3, 1), date(y + 1, 9, 1)),
        3: (date(y + 1, 7, 1), date(y + 1, 9, 1)),
    }.get(n, (date(y, 9, 1), date(y + 1, 9, 1)))


class NotStarted(dict):
    """Why a term named by an import has not started (grades exist only for a term that has):
    by its first day when entered, else by `usual_span`, against today. One query for the
    stored days; each code is judged once, however many rows name it."""

    def __init__(self):
        super().__init__()
        self.today = clock.today()
        self.entered = dict(
            db.session.execute(
                select(Term.code, Term.start_date).where(Term.start_date.is_not(None))
            ).all()
        )

    def __missing__(self, code: str):
        entered = self.entered.get(code)
        start = entered or usual_span(int(code[:4]), int(code[-1]))[0]
        refusal = None
        if start > self.today and entered:
            refusal = _l(
                "%(term)s starts on %(start)s, after today: grades exist only for a term "
                "that has started",
                term=code,
                start=start.isoformat(),
            )
        elif start > self.today:
            refusal = _l(
                "%(term)s has not started yet: by the usual calendar it starts on %(start)s "
                "(its first day is not entered). Grades exist only for a term that has "
                "started; if this one has, enter its first day on the Terms page",
                term=code,
                start=start.isoformat(),
            )
        self[code] = refusal
        return refusal


def set_dates(term: Term, start: date | None, end: date | None) -> str | None:
    """The administrator's entry; a problem (translated) or None."""
    if start and end and end <= start:
        return str(_l("The last day must come after the first day."))
    term.start_date, term.end_date = start, end
    return None


def terms_newest_first() -> list[Term]:
    return list(db.session.scalars(select(Term).order_by(Term.start_year.desc(), Term.n.desc())))


def breaks() -> tuple[tuple[date, date], ...]:
    """The holidays between regular terms whose dates are known: (the day after a term's
    last day, the next term's first day). A summer term (小学期) is part of the summer break:
    the due lists do not count talks then (cadence.schedule). Read once a request."""

    def read():
        terms = db.session.scalars(
            select(Term).where(Term.n != 3).order_by(Term.start_year, Term.n)
        ).all()
        return tuple(
            (before.end_date + timedelta(days=1), after.start_date)
            for before, after in zip(terms, terms[1:], strict=False)
            if before.end_date and after.start_date and before.end_date < after.start_date
        )

    return per_request("term_breaks", None, read)
