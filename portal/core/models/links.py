"""How rows link to others: a part of a record, the account that did something, a record's
own rows."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import relationship

from .base import col


def part_of(table: str):
    """The id of the row this one is part of (a student, a record): deleted with it, and
    indexed, since its rows are read by it."""
    return col(ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)


def by_user():
    """The account that did something: the row stays (with none) when the account goes."""
    return col(ForeignKey("core_user.id", ondelete="SET NULL"))


def parts(back_populates: str, order_by: str):
    """A record's own rows (`part_of` it), in `order_by`: saved and deleted with it."""
    return relationship(
        back_populates=back_populates, cascade="all, delete-orphan", order_by=order_by
    )
