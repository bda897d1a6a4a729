"""Answers kept for the rest of one request: several parts of a page ask the same question
(each dashboard widget, the review's figures and its charts). A write in the request (any
flush) forgets them all, so a page rendered after a change never shows the old answer."""

from __future__ import annotations

from collections.abc import Callable

from flask import g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

_PREFIX = "memo_"


def per_request(namespace: str, key, compute: Callable):
    """compute() once per request and key; outside a request, every time."""
    if not has_request_context():
        return compute()
    memo = g.setdefault(_PREFIX + namespace, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def condition_key(condition) -> tuple:
    """A hashable key for an SQL condition: its SQL text and bound values."""
    compiled = condition.compile()
    return str(compiled), tuple(sorted((k, repr(v)) for k, v in compiled.params.items()))


def forget() -> None:
    """Let go of every answer kept for this request."""
    for name in [n for n in vars(g) if n.startswith(_PREFIX)]:
        delattr(g, name)


@event.listens_for(Session, "after_flush")
def _forget(_session, _context) -> None:
    if has_app_context():
        forget()
