"""Exact values (GPA, credits) as the warnings store them, as text: read once per text."""

from __future__ import annotations

from fractions import Fraction

_PARSED: dict[str, Fraction] = {}  # exact values by their stored text


class Exact(Fraction):
    """An exact value that knows its float: the review sorts and bins tens of thousands of
    them by float on every request, and Fraction.__float__ divides each time."""

    __slots__ = ("_float", "text")

    def __new__(cls, text):
        self = super().__new__(cls, text)
        self._float = self.numerator / self.denominator
        self.text = text  # as stored: what answers.py writes back, without formatting it
        return self

    def __float__(self) -> float:
        return self._float


def exact(text: str | None) -> Fraction | None:
    """Stored exact values repeat (credits, common GPAs): parse each text once."""
    if text in (None, ""):
        return None
    found = _PARSED.get(text)
    if found is None:
        if len(_PARSED) > 200_000:
            _PARSED.clear()
        found = _PARSED[text] = Exact(text)
    return found
