"""A key that does not fit the database is an error, never a new key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot.app import App
from bot.config import ConfigError, Settings, load_settings
from bot.store import keyring
from bot.store.crypto import KeyMaterial, PersonalData
from bot.store.db import Database
from bot.store.keyring import (
    KeyMismatchError,
    Recorded,
    check_keys,
    fingerprint,
    record_rotation,
    recorded,
)
from bot.store.models import Account, KeyFingerprint
from tests.factories import make_account


def key_file_text(encryption_key: str, hmac_key: str = "h", link_secret: str = "l") -> str:
    return json.dumps(
        {"encryption_keys": [encryption_key], "hmac_key": hmac_key, "link_secret": link_secret}
    )


def settings_for(db: Database, key_file: Path, **extra: str) -> Settings:
    env = {"REPAYBOT_DATABASE__URL": db.url, "REPAYBOT_SECURITY__KEY_FILE": str(key_file)}
    return load_settings(None, environ={**env, **extra})


def started(settings: Settings) -> App:
    app = App(settings)
    try:
        app.require_schema()
    except Exception:
        app.stop()
        raise
    return app


def fingerprints(db: Database) -> list[tuple[str, str]]:
    with db.session() as s:
        return sorted(s.execute(select(KeyFingerprint.purpose, KeyFingerprint.fingerprint)).all())


def test_first_use_records_the_keys_and_the_same_keys_fit_again(db, tmp_path: Path) -> None:
    key_file = tmp_path / "a.keys"
    app = started(settings_for(db, key_file))
    app.stop()
    assert key_file.is_file()
    stored = recorded(db)
    assert stored is not None
    assert stored.encryption == {fingerprint(app.keys.encryption_keys[0])}
    assert stored.hmac == {fingerprint(app.keys.hmac_key)}
    again = started(settings_for(db, key_file))
    again.stop()
    assert again.keys == app.keys


def test_other_keys_stop_with_one_line_and_write_nothing(db, tmp_path: Path) -> None:
    first = started(settings_for(db, tmp_path / "a.keys"))
    with first.db.session() as s:
        make_account(s, first.personal, ref="K-1", full_name="王芳")
    first.stop()
    before = fingerprints(db)
    other = tmp_path / "elsewhere" / "repaybot.keys"
    other.parent.mkdir()
    other.write_text(key_file_text(Fernet.generate_key().decode(), "h2", "l2"))
    with pytest.raises(KeyMismatchError) as err:
        started(settings_for(db, other))
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{other}: these keys did not write the database")
    assert "--config" in message
    assert fingerprints(db) == before


def test_a_missing_key_file_is_not_generated_for_a_database_with_data(db, tmp_path: Path) -> None:
    first = started(settings_for(db, tmp_path / "a.keys"))
    with first.db.session() as s:
        make_account(s, first.personal, ref="K-1")
    first.stop()
    missing = tmp_path / "other" / "repaybot.keys"
    missing.parent.mkdir()
    with pytest.raises(ConfigError) as err:
        App(settings_for(db, missing))
    assert str(err.value).startswith(f"{missing}: key file not found")
    assert not missing.exists()


def test_data_written_before_fingerprints_is_checked_by_decrypting(db, tmp_path: Path) -> None:
    old = PersonalData(KeyMaterial((Fernet.generate_key().decode(),), "h", "l"))
    with db.session() as s:
        make_account(s, old, ref="K-1", full_name="Li Wei")
    key_file = tmp_path / "new.keys"
    key_file.write_text(key_file_text(Fernet.generate_key().decode()))
    with pytest.raises(KeyMismatchError):
        started(settings_for(db, key_file))
    assert fingerprints(db) == []
    key_file.write_text(key_file_text(old.keys.encryption_keys[0]))
    started(settings_for(db, key_file)).stop()
    assert len(fingerprints(db)) == 2


def test_after_a_rotation_the_old_key_may_be_removed(db, tmp_path: Path, now) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()

    def with_keys(*keys: str) -> Settings:
        return settings_for(
            db,
            tmp_path / "unused.keys",
            REPAYBOT_SECURITY__ENCRYPTION_KEYS=",".join(keys),
            REPAYBOT_SECURITY__HMAC_KEY="h",
            REPAYBOT_SECURITY__LINK_SECRET="l",
        )

    started(with_keys(old_key)).stop()
    with pytest.raises(KeyMismatchError) as err:
        started(with_keys(new_key))
    assert "[security] keys" in str(err.value)
    both = started(with_keys(new_key, old_key))
    both.stop()
    record_rotation(db, both.keys, now=now)
    started(with_keys(new_key)).stop()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Account)) == 0
    assert not (tmp_path / "unused.keys").exists()


def test_two_workers_starting_at_once_on_a_new_database_both_start(
    db, now, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second worker read "no keys yet" before the first recorded the same keys: it
    starts too (no IntegrityError), and the keys are recorded once."""
    keys = KeyMaterial(encryption_keys=(Fernet.generate_key().decode(),), hmac_key="h",
                       link_secret="l")  # fmt: skip
    check_keys(db, keys, "first.keys", now=now)
    reads = 0

    def stale_first(database: Database) -> Recorded | None:
        nonlocal reads
        reads += 1
        return Recorded(frozenset(), frozenset()) if reads == 1 else recorded(database)

    monkeypatch.setattr(keyring, "recorded", stale_first)
    check_keys(db, keys, "second.keys", now=now)
    assert reads == 2
    assert fingerprints(db) == sorted(
        [("encryption", fingerprint(keys.encryption_keys[0])), ("hmac", fingerprint("h"))]
    )
