"""Password hashing (argon2id) and policy (ASVS 6.2: length, no composition rules, no common ones)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from .i18n import _


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
