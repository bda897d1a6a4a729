"""Password hashing (argon2id) and policy (ASVS 6.2: length, no composition rules, no common ones)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from .i18n import _


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return _cached_hasher(cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"],
                          cfg["ARGON2_PARALLELISM"])


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


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = files("portal.core").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problems(password: str, *, username: str = "") -> list[str]:
    """Reasons a new password is refused, in the user's language (empty when acceptable)."""
    cfg = current_app.config
    problems = []
    if len(password) < cfg["PASSWORD_MIN_LENGTH"]:
        problems.append(_("Use at least %(n)d characters.", n=cfg["PASSWORD_MIN_LENGTH"]))
    if len(password) > cfg["PASSWORD_MAX_LENGTH"]:
        problems.append(_("Use at most %(n)d characters.", n=cfg["PASSWORD_MAX_LENGTH"]))
    lowered = password.lower()
    if lowered in common_passwords() or (username and lowered == username.lower()):
        problems.append(_("This password is too common or too easy to guess; choose another."))
    return problems
