"""Column helpers. Every column carries a sensitivity label (security.md check 26/31)."""

from datetime import UTC, datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import mapped_column, relationship

# Labels, from least to most protected.
PUBLIC = "public"  # codes, names of units, flags without personal meaning
INTERNAL = "internal"  # ids, timestamps, workflow state
PERSONAL = "personal"  # names, student numbers, grades: shown in scope
SENSITIVE = "sensitive"  # family, contacts, talk content, bank: masked, audited


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def col(*args, sensitivity: str = INTERNAL, **kwargs):
    """`mapped_column` with a sensitivity label stored in `Column.info`."""
    info = kwargs.pop("info", {})
    info["sensitivity"] = sensitivity
    return mapped_column(*args, info=info, **kwargs)


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
