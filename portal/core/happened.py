"""The day a record of what happened carries (a talk, a parent contact, a referral, the
review of a support plan, a student's status since): one rule for every such date, in a
form (`HappenedOn`) and in a post read by hand (`too_early`).

Not before `earliest_day()`, ten years before today: that reaches back past the first day
of any student still studying (a four- or five-year programme, the longest extension of
最长学习年限 and a suspension) and past any paper record a college still keeps (retention
is 1 to 30 years of the record's date, five by default, and clears the text, not the
date). A fixed floor such as 2000-01-01 would let 2001 through in 2040. Anything earlier
is a typo (0001-01-01, or 1026 for 2026) that would head the student's timeline and
number that talk 第 1 次. And not after today where the record says what has happened."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from wtforms import ValidationError

from . import clock
from .i18n import _, _l

RECORD_YEARS = 10


def earliest_day(today: date | None = None) -> date:
    """The earliest day a record of what happened may carry (29 February: the 28th)."""
    today = today or clock.today()
    try:
        return today.replace(year=today.year - RECORD_YEARS)
    except ValueError:
        return today.replace(year=today.year - RECORD_YEARS, day=28)


def too_early(day: date | None, label) -> str | None:
    """Why `day`, posted as the field `label`, is refused as a record's date: before
    `earliest_day()`; None when it is not (or not given)."""
    return floor_refusal(label) if day is not None and day < earliest_day() else None


def floor_refusal(label) -> str:
    """The refusal of a date before `earliest_day()` in the field `label`, naming both."""
    return _(
        "“%(field)s” cannot be before %(day)s; check the year.",
        field=str(label),
        day=format_date(earliest_day(), "short"),
    )


class HappenedOn:
    """A form's date of what happened: not before `earliest_day()` and, unless
    `until_today` is False, not after today (a mistyped 2027 would head every list, count
    as done and ask the student to confirm it)."""

    def __init__(self, *, until_today: bool = True):
        self.until_today = until_today

    def __call__(self, form, field):
        problem = too_early(field.data, field.label.text)
        if problem:
            raise ValidationError(problem)
        if self.until_today and field.data and clock.is_future(field.data):
            raise ValidationError(_l("This date is in the future: record what has happened."))
