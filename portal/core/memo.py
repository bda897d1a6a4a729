"""Answers kept for the rest of one request: several parts of a page ask the same question
(each dashboard widget, the review's figures and its charts)."""

from __future__ import annotations

from collections.abc import Callable

from flask import g, has_request_context


def per_request(namespace: str, key, compute: Callable):
    """compute() once per request and key; outside a request, every time."""
    if not has_request_context():
        return compute()
    memo = g.setdefault(f"memo_{namespace}", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def condition_key(condition) -> tuple:
    """A hashable key for an SQL condition: its SQL text and bound values."""
    compiled = condition.compile()
    return str(compiled), tuple(sorted((k, repr(v)) for k, v in compiled.params.items()))
