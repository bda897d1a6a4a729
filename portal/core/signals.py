"""Named events one module sends and others hear, through the core (Indico's signals): the
sender names no listener, and a listener imports nothing of the sender. A module hears one
by declaring `Module.receivers` ({signal name: function}); the loader connects them for its
own application only, so a module left out of `PORTAL_MODULES` hears nothing. A receiver
is called as `receiver(app, **payload)` inside the sender's transaction: it flushes, never
commits, and what it adds is kept or rolled back with the sender's work."""

from __future__ import annotations

from collections.abc import Callable

from blinker import Namespace
from flask import Flask, current_app, has_app_context

from .modules import ModuleError

_named = Namespace()

roster_published = _named.signal(
    "roster_published",
    doc="""A term's warning roster was published (a leader approved it). Payload: `term_id`,
    `term` (its code), `college_id` (None: a roster over the whole school) and `warned`, a
    frozenset of the ids of the students it warns.""",
)


def connect(app: Flask, name: str, receiver: Callable) -> None:
    """The loader's: `receiver` hears the signal `name` when `app` sends it."""
    signal = _named.get(name)
    if signal is None:
        raise ModuleError(f"no signal {name!r} to receive")
    signal.connect(receiver, sender=app, weak=False)


def send(signal, **payload) -> None:
    """Tell the current application's receivers. Work done with no application (a test's
    bare session) has no module to hear it."""
    if has_app_context():
        signal.send(current_app._get_current_object(), **payload)
