"""Column helpers. Every column carries a sensitivity label (security.md check 26/31)."""

from datetime import UTC, datetime

from sqlalchemy.orm import mapped_column

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
