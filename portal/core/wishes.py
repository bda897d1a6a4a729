"""Help a student asked for in one module that another module gives: ticking "A peer
volunteer" in the study plan is a request peer help answers with a pairing. The module where
the student asks declares `Module.wishes`, a function `student -> [Wish]`; the module that
answers calls `of_student(student, kind)` and never imports the other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

# The kinds of help asked for; a module answering one reads only its own kind.
PEER_VOLUNTEER = "peer_volunteer"


@dataclass(frozen=True)
class Wish:
    kind: str  # PEER_VOLUNTEER
    asked_at: datetime  # when the student sent it (UTC), e.g. submitted the plan
    # Where they asked, as a phrase in the reader's language that fits both the student and
    # staff ("in the study plan").
    where: str


def register(app, find: Callable[[object], list[Wish]]) -> None:
    """Declared in a module's `Module.wishes`; the loader hands it here."""
    app.extensions.setdefault("portal.wishes", []).append(find)


def of_student(student, kind: str) -> list[Wish]:
    """What the student asked for of this kind, in every installed module, earliest first."""
    found = [
        wish
        for find in current_app.extensions.get("portal.wishes", [])
        for wish in find(student)
        if wish.kind == kind
    ]
    return sorted(found, key=lambda wish: wish.asked_at)
