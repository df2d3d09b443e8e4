"""Personal data at rest: Fernet encryption (with key rotation) and keyed hashes.

Names, phones and emails are encrypted with :class:`cryptography.fernet.MultiFernet`
(the first key encrypts, every key decrypts, ``rotate`` re-encrypts with the first).
Dates of birth and ID last-4 are stored only as HMAC-SHA256 digests, compared in
constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.config import ConfigError, Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyMaterial:
    encryption_keys: tuple[str, ...]
    hmac_key: str
    link_secret: str


def key_source(settings: Settings) -> str:
    """Where this command's keys come from: the key file, or the config file."""
    sec = settings.security
    if sec.encryption_keys and sec.hmac_key and sec.link_secret:
        return f"{settings.source} [security] keys"
    return sec.key_file


def load_keys(settings: Settings, may_create: Callable[[], bool] = lambda: True) -> KeyMaterial:
    """Keys from config; in development, from (or into) the local key file.

    Args:
        settings: the settings (``[security]``).
        may_create: asked before a missing key file is generated; False (the
            database already holds data) makes a missing key file an error.

    Raises:
        ConfigError: a key is malformed, keys are missing in production, or the
            key file is missing for a database that holds data.
    """
    sec = settings.security
    enc = tuple(k.reveal() for k in sec.encryption_keys)
    hkey = sec.hmac_key.reveal()
    lkey = sec.link_secret.reveal()
    if enc and hkey and lkey:
        keys = KeyMaterial(enc, hkey, lkey)
    elif settings.app.environment == "production":  # pragma: no cover - load_settings checks
        raise ConfigError(f"{settings.source}: security keys are required in production")
    else:
        stored = _key_file(Path(sec.key_file), may_create)
        keys = KeyMaterial(
            enc or stored.encryption_keys, hkey or stored.hmac_key, lkey or stored.link_secret
        )
    for i, key in enumerate(keys.encryption_keys):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ConfigError(
                f"{settings.source}: security.encryption_keys[{i}] is not a Fernet key "
                "(32 url-safe base64-encoded bytes)"
            ) from None
    return keys


def _key_file(path: Path, may_create: Callable[[], bool] = lambda: False) -> KeyMaterial:
    if path.is_file():
        try:
            data = json.loads(path.read_text())
            return KeyMaterial(
                tuple(data["encryption_keys"]), data["hmac_key"], data["link_secret"]
            )
        except (ValueError, KeyError, TypeError):
            raise ConfigError(f"{path}: key file is damaged; restore it from backup") from None
    if not may_create():
        raise ConfigError(
            f"{path}: key file not found, and the database already holds data written with "
            "other keys; nothing was changed. Use the config file that goes with this "
            "database (repaybot --config PATH ...), or restore the key file from backup"
        )
    log.warning(
        "no security keys configured: generated %s for local use; "
        "set [security] keys (env:NAME) in production",
        path,
    )
    keys = KeyMaterial(
        (Fernet.generate_key().decode(),), secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(
            {
                "encryption_keys": list(keys.encryption_keys),
                "hmac_key": keys.hmac_key,
                "link_secret": keys.link_secret,
            },
            fh,
        )
    return keys


def rotate_key_file(path: Path) -> KeyMaterial:
    """Put a new current encryption key in front of the key file's keys."""
    old = _key_file(path)
    keys = KeyMaterial(
        (Fernet.generate_key().decode(), *old.encryption_keys), old.hmac_key, old.link_secret
    )
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(
            {
                "encryption_keys": list(keys.encryption_keys),
                "hmac_key": keys.hmac_key,
                "link_secret": keys.link_secret,
            },
            fh,
        )
    tmp.replace(path)
    return keys


class PersonalData:
    """Encrypts, decrypts and hashes personal data with the configured keys."""

    def __init__(self, keys: KeyMaterial) -> None:
        self.keys = keys
        self._fernet = MultiFernet([Fernet(k) for k in keys.encryption_keys])
        self._hmac_key = keys.hmac_key.encode()

    def __reduce__(self) -> tuple[type[PersonalData], tuple[KeyMaterial]]:
        # Key objects cannot be pickled (cryptography >= 44); send the key material.
        return (PersonalData, (self.keys,))

    def encrypt(self, value: str) -> bytes:
        return self._fernet.encrypt(value.encode("utf-8"))

    def decrypt(self, token: bytes | None) -> str:
        """Decrypt; an empty or missing token reads as ``""``."""
        if not token:
            return ""
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except InvalidToken:
            raise ConfigError(
                "personal data cannot be decrypted with the configured keys "
                "(was a key removed before rotation finished?)"
            ) from None

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt ``token`` with the current key."""
        return self._fernet.rotate(token)

    def digest(self, kind: str, value: str) -> str:
        """Keyed hash of a normalised value (``kind`` separates fields)."""
        return hmac.new(self._hmac_key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    def matches(self, kind: str, value: str, stored: str | None) -> bool:
        """Constant-time comparison of ``value`` against a stored digest."""
        expected = stored or ("0" * 64)
        ok = hmac.compare_digest(self.digest(kind, value), expected)
        return ok and stored is not None
