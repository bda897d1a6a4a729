"""Named events one module sends and others hear, through the core (Indico's signals): the
sender names no listener, and a listener imports nothing of the sender. A module hears one
by declaring `Module.receivers` ({signal name: function}); the loader connects them for its
own application only, so a module left out of `PORTAL_MODULES` hears nothing. A receiver
is called as `receiver(app, **payload)` inside the sender's transaction: it flushes, never
commits, and what it adds is kept or rolled back with the sender's work."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

from blinker import Namespace
from flask import Flask, current_app, has_app_context

from ..extensions import db
from .modules import ModuleError

_named = Namespace()

roster_published = _named.signal(
    "roster_published",
    doc="""A term's warning roster was published (a leader approved it). Payload: `term_id`,
    `term` (its code), `college_id` (None: a roster over the whole school) and `warned`, a
    frozenset of the ids of the students it warns.""",
)

roles_changing = _named.signal(
    "roles_changing",
    doc="""Who holds which role over whom is about to change: an administrator grants or
    removes a role, or disables or enables an account (its grants stop or start counting).
    Payload: `user_id`, the account, and `grants`, (role, scope kind, scope id) of each grant
    that starts or stops counting. Sent through `around`, before the change: a receiver reads
    what holds now and may return a function of no arguments, called once the change is
    flushed, to compare it with what holds then (who reviews what now, computed when read).""",
)

students_moving = _named.signal(
    "students_moving",
    doc="""Students are about to move to another class (and so perhaps major or college): a
    roster import places them elsewhere. Payload: `students`, a frozenset of their ids, all
    the file moves in one signal. Sent through `around`, before the change, as
    `roles_changing`: what follows the student's class (who reviews what, computed when
    read) can be compared before and after.""",
)


def connect(app: Flask, name: str, receiver: Callable) -> None:
    """The loader's: `receiver` hears the signal `name` when `app` sends it."""
    signal = _named.get(name)
    if signal is None:
        raise ModuleError(f"no signal {name!r} to receive")
    signal.connect(receiver, sender=app, weak=False)


def send(signal, **payload) -> list:
    """Tell the current application's receivers; their answers, (receiver, what it returned).
    Work done with no application (a test's bare session) has no module to hear it."""
    if has_app_context():
        return signal.send(current_app._get_current_object(), **payload)
    return []


@contextmanager
def around(signal, **payload):
    """`send` before the work of the `with` block; once that work is flushed, call what each
    receiver returned (a function), so it can tell what the work changed. Work that raises
    calls none of them."""
    answers = [answer for _receiver, answer in send(signal, **payload) if callable(answer)]
    yield
    if answers:
        db.session.flush()
    for answer in answers:
        answer()
