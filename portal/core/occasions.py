"""What occasioned a record: a link that opens one module's form about a student may name
another module's record that led to it (the concerns due list opens the talk form with
`?concern=12`), and the form shows that record in a small box, so whoever writes the talk
sees what it follows up. A module declares an `Occasion` (`Module.occasions`); the form
asks `cited(student)` and never imports the module that answers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from flask import current_app, request

from .modules import taken
from .numbers import as_id


@dataclass(frozen=True)
class OccasionNote:
    """The record as the box shows it, in the reader's language."""

    title: str
    facts: Sequence[tuple[str, str]]  # (label, value)


@dataclass(frozen=True)
class Occasion:
    param: str  # the query parameter naming the record: "concern"
    # (record id, student) -> its note; None when no such record is about this student or
    # the current user may not read it: the answer checks the scope, on the server.
    note: Callable[[int, object], OccasionNote | None]


@dataclass(frozen=True)
class Cited:
    """A record the request names, found and readable: the box and the form's action."""

    param: str
    record_id: int
    note: OccasionNote


def register(app, occasion: Occasion) -> None:
    """Declared in a module's `Module.occasions`; the loader hands it here."""
    taken(app, "portal.occasions", occasion.param, "occasion")[occasion.param] = occasion


def cited(student, args: Mapping[str, str] | None = None) -> list[Cited]:
    """The records the query string (or `args`) names about `student` that the current user
    may read. An id that is not a number, names nothing or is out of scope gives no box."""
    args = request.args if args is None else args
    found = []
    for param, occasion in current_app.extensions.get("portal.occasions", {}).items():
        record_id = as_id(args.get(param))
        note = occasion.note(record_id, student) if record_id is not None else None
        if note is not None:
            found.append(Cited(param, record_id, note))
    return found


def carried(items: Sequence[Cited]) -> dict[str, int]:
    """The query a form's action keeps, so the box is there again on a form sent back."""
    return {item.param: item.record_id for item in items}
