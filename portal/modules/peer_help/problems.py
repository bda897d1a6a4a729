"""The rules a peer-help form breaks, all at once: a service names each broken rule by a
code (with what its words need), and the form's view shows each at its field beside the
fields' own errors, so one submit shows every mistake (the session form, the pairing
form)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping


class Problem(Exception):
    """One rule broken: a code for the words, and what the words need."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def show(
    form,
    problems: Iterable[Problem],
    words: Mapping[str, Callable[[dict], str]],
    fields: Mapping[str, str],
    default: str,
) -> None:
    """Each problem's words at its field (`fields`, else `default`), after the field's own."""
    for problem in problems:
        form[fields.get(problem.code, default)].errors.append(words[problem.code](problem.params))
