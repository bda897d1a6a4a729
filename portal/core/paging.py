"""Pages of an already computed list (a due list), shaped like Flask-SQLAlchemy's pages so
the same pager macro serves both."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request

from ..extensions import db
from .errors import error_page
from .i18n import _
from .numbers import whole_number

# Page numbers and sizes arrive in the query string of every list page (Flask-SQLAlchemy's
# `paginate` and `ListPage` read them). One beyond 64 bits made the database driver fail
# with a 500 (issue 15); anything but a plain number in range is refused with 400.
PAGE_ARGS = ("page", "per_page")
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 200


def check_page_args():
    """Before every request: a 400 page naming the problem for a page number that is not a
    whole number from 1 to MAX_PAGE; None (go on) otherwise or when absent."""
    for name in PAGE_ARGS:
        for value in request.args.getlist(name):
            value = value.strip()
            if value and whole_number(value, 1, MAX_PAGE) is None:
                return error_page(
                    400,
                    _("The page number must be a whole number from 1 to %(max)d.", max=MAX_PAGE),
                )
    return None


def page_size() -> int:
    """Every list's page size: the PAGE_SIZE setting, in one place."""
    return int(current_app.config["PAGE_SIZE"])


def paginate(query, **options):
    """One page of a query, PAGE_SIZE rows long (the page number from `?page=`)."""
    return db.paginate(query, per_page=page_size(), max_per_page=MAX_PER_PAGE, **options)


@dataclass
class ListPage:
    items: list
    page: int
    per_page: int
    total: int

    @classmethod
    def of(cls, rows: list, page: int, per_page: int | None = None) -> ListPage:
        per_page = per_page or page_size()
        pages = max(1, -(-len(rows) // per_page))
        page = min(max(1, page), pages)
        start = (page - 1) * per_page
        return cls(rows[start : start + per_page], page, per_page, len(rows))

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
