"""Password hashing (argon2id) and policy (ASVS 5 6.2: length, no composition rules, no
common password, nothing of the user's own, nothing repeated or in sequence)."""

from __future__ import annotations

import itertools
import secrets
import string
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from .i18n import _
from .models import Student


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return _cached_hasher(
        cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"], cfg["ARGON2_PARALLELISM"]
    )


@lru_cache(maxsize=4)
def _cached_hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=4)
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return _cached_hasher(time_cost, memory_cost, parallelism).hash(secrets.token_hex(16))


def verify_or_dummy(stored_hash: str | None, password: str) -> bool:
    """`verify_password`, and for an account that does not exist (None) the same argon2 work
    against a throwaway hash, so the answer's time does not tell whether a name exists
    (issue 15 #10). Always False for None."""
    if stored_hash is None:
        cfg = current_app.config
        verify_password(
            _dummy_hash(
                cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"], cfg["ARGON2_PARALLELISM"]
            ),
            password,
        )
        return False
    return verify_password(stored_hash, password)


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """common_passwords.txt: its header says what it holds and where it comes from."""
    text = files("portal.core").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def personal_words(user) -> list[str]:
    """What a password must not contain (ASVS 5 6.2.11): the user's number (学号/工号), the
    student number of their record, and their name."""
    words = [user.username, user.name]
    if user.student_id is not None:
        words.append(
            db.session.scalar(select(Student.student_no).where(Student.id == user.student_id))
        )
    return [word for word in words if word]


def password_problems(password: str, *, personal: Iterable[str] = ()) -> list[str]:
    """Reasons a new password is refused, in the user's language (empty when acceptable):
    its length, and the first way it is easy to guess (ASVS 5 6.2.4: no common password;
    6.2.11: no word of the user's own)."""
    cfg = current_app.config
    problems = []
    if len(password) < cfg["PASSWORD_MIN_LENGTH"]:
        problems.append(_("Use at least %(n)d characters.", n=cfg["PASSWORD_MIN_LENGTH"]))
    if len(password) > cfg["PASSWORD_MAX_LENGTH"]:
        problems.append(_("Use at most %(n)d characters.", n=cfg["PASSWORD_MAX_LENGTH"]))
    guessable = _guessable(password.casefold(), personal)
    if guessable:
        problems.append(guessable)
    return problems


def _guessable(text: str, personal: Iterable[str]) -> str | None:
    if any(_counts(word) and word.casefold() in text for word in personal):
        return _("Do not put your student or staff number or your name in the password.")
    if _repeats(text) or _runs(text):
        return _(
            "One character or a few repeated, or a run such as abcdefgh or 87654321, is easy "
            "to guess; choose another."
        )
    if _is_date(text):
        return _("A date, such as a birthday, is easy to guess; choose another.")
    if _is_common(text):
        return _("This is a common password, or one with digits or symbols added; choose another.")
    return None


def _counts(word: str) -> bool:
    """A number or a name long enough to look for: two Chinese characters (a name), three
    Latin ones (not "li" in every password that holds those letters)."""
    return len(word.strip()) >= (3 if word.isascii() else 2)


def _repeats(text: str) -> bool:
    """One character, or a group of up to four, over and over (aaaaaaaa, 12121212,
    asdfasdf, abcabcab)."""
    return any(
        len(text) >= 2 * size and (text[:size] * (len(text) // size + 1))[: len(text)] == text
        for size in range(1, 5)
    )


def _runs(text: str) -> bool:
    """A run up or down the digits or the alphabet, past the end and round again
    (abcdefgh, 87654321, 123456789012)."""
    for alphabet in (string.digits, string.ascii_lowercase):
        if len(text) > 2 and all(c in alphabet for c in text):
            steps = {
                (alphabet.index(b) - alphabet.index(a)) % len(alphabet)
                for a, b in itertools.pairwise(text)
            }
            return steps in ({1}, {len(alphabet) - 1})
    return False


def _is_date(text: str) -> bool:
    """A calendar date written as digits, 19900101 (a birthday)."""
    if len(text) != 8 or not text.isdigit() or text[:2] not in ("19", "20"):
        return False
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True


def _is_common(text: str) -> bool:
    """On the list, or a listed word of four letters or more with digits or symbols before
    or after it (iloveyou1, woaini1314, 1314woaini, zhang1990!)."""
    common = common_passwords()
    stem = text.strip(_ADDED)
    return text in common or (len(stem) >= 4 and stem in common)


# What people add around a word to meet a rule: digits, punctuation, spaces.
_ADDED = string.digits + string.punctuation + " "
