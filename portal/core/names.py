"""What an account's log-in name and a person's name may hold. A tester created an account
named "a b<script>": escaping kept it harmless on the page, but such a name is no one's, and
it travels into exports, printed forms and the audit trail."""

from __future__ import annotations

import re
import unicodedata

from wtforms import ValidationError

from .i18n import _l

# A log-in name (学号/工号): ASCII letters and digits, ".", "_" and "-", beginning with a
# letter or a digit. A student's number is the name of the student's account (accounts.py),
# so the roster's numbers are held to it too (cells.student_no).
ACCOUNT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)
ACCOUNT_NAME_LENGTH = (2, 40)
ACCOUNT_NAME_RULE = _l(
    "Use 2 to 40 letters (a–z, A–Z), digits, dots, underscores or hyphens, beginning with a "
    "letter or a digit."
)

# Characters no person's name holds: control and format characters (which hide or reorder
# text) and line breaks; angle brackets, which no name has. Chinese names, the middle dot of
# minority and foreign names (·), letters with accents, spaces, hyphens and apostrophes
# pass, and so do private-use characters, with which older systems type rare characters.
_NOT_IN_NAMES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def is_account_name(text: str) -> bool:
    low, high = ACCOUNT_NAME_LENGTH
    return low <= len(text) <= high and ACCOUNT_NAME.fullmatch(text) is not None


def is_person_name(text: str) -> bool:
    return not any(c in "<>" or unicodedata.category(c) in _NOT_IN_NAMES for c in text)


def account_name(form, field) -> None:
    """WTForms validator of a new account's log-in name (surrounding spaces ignored)."""
    if field.data and not is_account_name(field.data.strip()):
        raise ValidationError(ACCOUNT_NAME_RULE)


def person_name(form, field) -> None:
    """WTForms validator of a person's name as shown and printed."""
    if field.data and not is_person_name(field.data):
        raise ValidationError(
            _l("A name holds no angle brackets (< >), line breaks or invisible characters.")
        )
