"""Whole numbers a user sends: ids in URLs, query strings and posted fields, and the numbers
typed into a form or an imported cell.

`str.isdigit()` is True for '²' and '٣', which `int()` refuses (or reads: '４' is 4), and an
id beyond what the database stores failed in its driver: SQLite's past 2**63 - 1
(OverflowError), PostgreSQL's past 2**31 - 1 (DataError, "integer out of range"). Both were
500s (probe findings 4 and 5). Every number from a request is read here instead: ASCII
digits only, within bounds, else None; a URL's `<int:…>` part the same, else 404."""

from __future__ import annotations

from collections.abc import Iterable

from werkzeug.routing import IntegerConverter

# The ids are `Integer` columns: int8 on SQLite, int4 on PostgreSQL. The smaller bound holds
# on both: 2**63 - 1 would leave every id from 2**31 a 500 on PostgreSQL, the production one.
MAX_ID = 2**31 - 1


def whole_number(value, least: int = 0, most: int = MAX_ID) -> int | None:
    """`value` read as a whole number from `least` to `most`: ASCII digits only (no sign,
    space, '²' or '４'); None for anything else, a number out of range or no value."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        return None
    if len(value.lstrip("0")) > len(str(most)):  # int() refuses past 4,300 digits anyway
        return None
    number = int(value)
    return number if least <= number <= most else None


def as_id(value) -> int | None:
    """A record id from a query argument or a posted field; None when it names no record the
    database could hold (a route treats it as it treats an unknown id)."""
    return whole_number(value)


def as_ids(values: Iterable) -> list[int] | None:
    """Every id of a posted list (checkboxes, hidden inputs), or None when any one is not an
    id: the post is refused whole, never acted on for the ids that happened to read."""
    ids = [as_id(value) for value in values]
    return None if None in ids else ids


class IdConverter(IntegerConverter):
    """The app's `<int:…>`: ASCII digits up to MAX_ID (werkzeug's `\\d+` takes any Unicode
    digit and has no bound); anything else matches no route, a 404."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)
