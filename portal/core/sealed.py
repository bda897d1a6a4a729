"""Sealed columns (security.md check 26): phones, addresses and bank accounts are stored
encrypted (AES-256-GCM), so a database dump or a backup holds no readable number. The
key is the instance's data key (`DATA_KEY`, 64 hex digits; generated once into
`instance/data_key`, mode 600): back it up apart from the database. Values written before
sealing (no `enc1:` prefix) are read as they are."""

from __future__ import annotations

import base64
import os

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

PREFIX = "enc1:"
_KEY: list[bytes] = []  # set by configure() when the app is created
_CIPHER: dict[bytes, object] = {}  # the key's AESGCM, made on first use


def configure(key_hex: str) -> None:
    key = bytes.fromhex(key_hex)
    if len(key) != 32:
        raise RuntimeError("DATA_KEY must be 64 hex digits (256 bits)")
    _KEY[:] = [key]


def seal(text: str) -> str:
    nonce = os.urandom(12)  # a fresh random nonce for every value, as before
    sealed = _cipher().encrypt(nonce, text.encode(), None)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before sealing
    raw = base64.urlsafe_b64decode(stored[len(PREFIX) :])
    return _cipher().decrypt(raw[:12], raw[12:], None).decode()


def _cipher():
    """The data key's AES-256-GCM, kept: one object serves every value (it holds only the
    key; each call takes its own nonce). `cryptography` is imported on the first value
    sealed or read, not at every start-up (issue 21)."""
    key = _key()
    cipher = _CIPHER.get(key)
    if cipher is None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        _CIPHER.clear()
        cipher = _CIPHER[key] = AESGCM(key)
    return cipher


def _key() -> bytes:
    if not _KEY:
        raise RuntimeError("no data key: create the app first")
    return _KEY[0]


class Sealed(TypeDecorator):
    """A text column stored sealed; `length` is the plain text's limit (the stored text
    is longer: prefix, nonce, tag, base64)."""

    impl = String
    cache_ok = True

    def __init__(self, length: int):
        self.plain_length = length
        super().__init__(stored_length(length))

    def process_bind_param(self, value, dialect):
        return value if value in (None, "") else seal(value)

    def process_result_value(self, value, dialect):
        return None if value is None else unseal(value)


def stored_length(plain: int) -> int:
    """Characters a sealed value of `plain` UTF-8 characters (≤ 4 bytes each) may take."""
    return len(PREFIX) + (12 + 4 * plain + 16 + 2) // 3 * 4
