"""Which keys wrote this database: a key that does not fit is an error, never a new key.

The database records a fingerprint of the HMAC key and of each encryption key
that wrote personal data (a truncated SHA-256 of the key with a fixed prefix:
it identifies a key without revealing it). A command whose keys do not match
stops before it writes anything, with one line naming the key file and what to
do. A missing key file is only generated for a database that holds no data yet.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from bot.config import ConfigError
from bot.store.crypto import KeyMaterial, PersonalData
from bot.store.db import Database
from bot.store.models import Account, KeyFingerprint

ENCRYPTION = "encryption"
HMAC = "hmac"


class KeyMismatchError(ConfigError):
    """The configured keys are not the ones that wrote the database."""


def fingerprint(key: str) -> str:
    """A stable, non-reversible identifier of ``key``."""
    return hashlib.sha256(b"repaybot key fingerprint\0" + key.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Recorded:
    """Fingerprints stored in the database, by purpose."""

    encryption: frozenset[str]
    hmac: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.encryption or self.hmac)


def recorded(db: Database) -> Recorded | None:
    """The stored fingerprints, or None when the database has no such table yet."""
    if not _exists(db) or not inspect(db.engine).has_table(KeyFingerprint.__tablename__):
        return None
    with db.session() as s:
        rows = s.execute(select(KeyFingerprint.purpose, KeyFingerprint.fingerprint)).all()
    return Recorded(
        frozenset(f for p, f in rows if p == ENCRYPTION), frozenset(f for p, f in rows if p == HMAC)
    )


def holds_data(db: Database) -> bool:
    """True when the database records keys or holds accounts (so new keys cannot fit)."""
    if not _exists(db):
        return False
    db.check()  # an unreachable server is one clear line, not a traceback
    if recorded(db):
        return True
    if not inspect(db.engine).has_table(Account.__tablename__):
        return False
    with db.session() as s:
        return bool(s.scalar(select(func.count()).select_from(Account)))


def check_keys(db: Database, keys: KeyMaterial, where: str, *, now: datetime) -> None:
    """Stop unless ``keys`` wrote ``db``; record them when the database has none yet.

    Args:
        db: a migrated database.
        keys: the keys this command would use.
        where: where the keys came from (the key file or the config file).
        now: when a first fingerprint is recorded.

    Raises:
        KeyMismatchError: one line naming ``where`` and what to do; nothing was written.
    """
    try:
        _check_keys(db, keys, where, now)
    except IntegrityError:
        # Another process (a second worker starting at the same time on a new
        # database) recorded the keys between our read and our write: check again.
        _check_keys(db, keys, where, now)


def _check_keys(db: Database, keys: KeyMaterial, where: str, now: datetime) -> None:
    stored = recorded(db)
    if stored is None:
        return
    hmac_fp = fingerprint(keys.hmac_key)
    enc_fps = {fingerprint(k) for k in keys.encryption_keys}
    if stored:
        fits = (not stored.hmac or hmac_fp in stored.hmac) and stored.encryption <= enc_fps
    else:
        fits = _decrypts_a_sample(db, keys)
    if not fits:
        raise KeyMismatchError(mismatch_message(where, db))
    new = [(HMAC, hmac_fp)] if hmac_fp not in stored.hmac else []
    current = fingerprint(keys.encryption_keys[0])
    if current not in stored.encryption:
        new.append((ENCRYPTION, current))
    if new:
        with db.session() as s:
            s.add_all(KeyFingerprint(purpose=p, fingerprint=f, created_at=now) for p, f in new)


def record_rotation(db: Database, keys: KeyMaterial, *, now: datetime) -> None:
    """After every row was re-encrypted with the first key, only that key is needed."""
    with db.session() as s:
        for row in s.scalars(select(KeyFingerprint).where(KeyFingerprint.purpose == ENCRYPTION)):
            s.delete(row)
        s.flush()
        s.add(
            KeyFingerprint(
                purpose=ENCRYPTION, fingerprint=fingerprint(keys.encryption_keys[0]), created_at=now
            )
        )


def mismatch_message(where: str, db: Database) -> str:
    """The one line a user sees when the keys do not fit."""
    return (
        f"{where}: these keys did not write the database {db.safe_url}; nothing was changed. "
        "Use the config file (and key file beside it) that goes with this database "
        "(repaybot --config PATH ...), or restore the key file from backup"
    )


def _decrypts_a_sample(db: Database, keys: KeyMaterial) -> bool:
    """For data written before fingerprints existed: do the keys open one account?"""
    with db.session() as s:
        token = s.scalar(select(Account.full_name_enc).order_by(Account.id).limit(1))
    if token is None:
        return True
    try:
        PersonalData(keys).decrypt(token)
    except ConfigError:
        return False
    return True


def _exists(db: Database) -> bool:
    """False for a SQLite file that is not there (and must not be created by a check)."""
    return db.missing_file is None
