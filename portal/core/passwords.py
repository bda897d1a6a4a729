"""Password hashing (argon2id) and policy (ASVS 5 6.2: length, no composition rules, no
common password, nothing of the user's own — their name in pinyin too —, nothing repeated or
in sequence)."""

from __future__ import annotations

import itertools
import os
import re
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
    personal = list(personal)
    if any(_counts(word) and word.casefold() in text for word in personal):
        return _("Do not put your student or staff number or your name in the password.")
    letters = re.sub(r"[^a-z]", "", text)  # zhang.wei-2026 holds zhangwei
    spelled = sorted(s for word in personal for s in name_pinyin(word) if s in letters)
    if spelled:
        return _(
            "Do not put your name in pinyin (%(pinyin)s) in the password: people who know you "
            "would guess it first.",
            pinyin=spelled[0],
        )
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


# Two-character family names (复姓): the given name follows both characters.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 宇文 长孙 夏侯 司徒 司空 轩辕 端木 "
    "万俟 澹台 西门 南宫 独孤 呼延 闻人 申屠 公羊 赫连 钟离 拓跋 百里 东郭 太史 仲孙 第五".split()
)
_MOST_SPELLINGS = 256  # a name of many characters of several readings each: the first ones


def name_pinyin(name: str) -> set[str]:
    """A Chinese name's full pinyin without tones, lower case, family name first and given
    name first (张伟: zhangwei, weizhang); every reading of a character that has several, so
    a surname read apart from the word (单 shan, 曾 zeng, 区 ou) is among them; ü written v, u
    or yu (吕: lv, lu, lyu). Empty for a name not in Chinese characters, or of one."""
    chars = [c for c in name if _is_han(c)]
    if len(chars) < 2 or any(c.isalnum() and not _is_han(c) for c in name):
        return set()
    readings = [_readings(c) for c in chars]
    if not all(readings):
        return set()
    if _product_size(readings) > _MOST_SPELLINGS:
        readings = [r[:1] for r in readings]
    family = 2 if len(chars) > 2 and "".join(chars[:2]) in _COMPOUND_SURNAMES else 1
    found = set()
    for spelling in itertools.product(*readings):
        surname, given = "".join(spelling[:family]), "".join(spelling[family:])
        found |= {surname + given, given + surname}
    # Three letters (a name of readings such as e, yi) would refuse too much that is no name.
    return {s for s in found if len(s) >= 4}


def _is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\U00020000" <= c


def _product_size(readings: list[list[str]]) -> int:
    size = 1
    for r in readings:
        size *= len(r)
    return size


def _readings(char: str) -> list[str]:
    """Every reading of one character, toneless; ü in each way it is typed."""
    found = [r for r in _pinyin_of()(char) if r.isascii() and r.isalpha()]
    variants = [r.replace("v", u) for r in found if "v" in r for u in ("u", "yu")]
    return list(dict.fromkeys(found + variants))


@lru_cache(maxsize=1)
def _pinyin_of():
    """pypinyin's readings of a character, loaded at the first password checked. Its
    dictionary of phrases (55 MiB in each process) reads characters in words; a name's
    characters are read one by one, so it is left out (about 12 MiB)."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import Style, pinyin

    return lambda char: pinyin(char, style=Style.NORMAL, heteronym=True)[0]
