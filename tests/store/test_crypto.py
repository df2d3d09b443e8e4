"""Key rotation: personal data re-encrypted with a new key, old key then removable."""

from __future__ import annotations

import hmac
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.app import App
from bot.commands import cli
from bot.commands.db import reencrypt_all
from bot.config import ConfigError, Secret, Settings, load_settings
from bot.store.crypto import KeyMaterial, PersonalData, load_keys
from bot.store.db import Database
from bot.store.models import Account
from tests.conftest import TEST_KEYS
from tests.factories import make_account


def test_rotation_reencrypts_every_account(db: Database, personal: PersonalData) -> None:
    with db.session() as s:
        for i in range(3):
            make_account(s, personal, ref=f"R-{i}", full_name=f"张三{i}")
    new_key = Fernet.generate_key().decode()
    both = PersonalData(KeyMaterial((new_key, *TEST_KEYS.encryption_keys), "h", "l"))
    assert reencrypt_all(db, both) == 3
    only_new = PersonalData(KeyMaterial((new_key,), "h", "l"))
    with db.session() as s:
        names = [only_new.decrypt(a.full_name_enc) for a in s.scalars(select(Account))]
        phones = [only_new.decrypt(a.phone_enc) for a in s.scalars(select(Account))]
    assert sorted(names) == ["张三0", "张三1", "张三2"]
    assert phones == ["+86 138 0000 0000"] * 3


def test_keys_rotate_command_with_configured_keys(
    settings: Settings, personal: PersonalData
) -> None:
    from dataclasses import replace

    new_key = Fernet.generate_key().decode()
    rotated = replace(
        settings,
        security=replace(
            settings.security,
            encryption_keys=[Secret(new_key), Secret(TEST_KEYS.encryption_keys[0])],
        ),
    )
    app = App(rotated)
    try:
        with app.db.session() as s:
            make_account(s, personal)
        result = CliRunner().invoke(cli, ["keys", "rotate"], obj={"settings": rotated, "app": app})
        assert result.exit_code == 0, result.output
        assert "re-encrypted personal data of 1 accounts" in result.stdout
        only_new = PersonalData(KeyMaterial((new_key,), "h", "l"))
        with app.db.session() as s:
            acc = s.scalars(select(Account)).one()
            assert only_new.decrypt(acc.full_name_enc) == "Li Wei"
    finally:
        app.stop()


def test_default_config_generates_a_private_key_file_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key_file = tmp_path / "repaybot.keys"
    settings = load_settings(None, environ={"REPAYBOT_SECURITY__KEY_FILE": str(key_file)})
    with caplog.at_level(logging.WARNING, logger="bot.store.crypto"):
        first = load_keys(settings)
    assert f"generated {key_file}" in caplog.text
    assert key_file.stat().st_mode & 0o777 == 0o600
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.store.crypto"):
        again = load_keys(settings)
    assert again == first  # the same keys next time, without a new warning
    assert caplog.text == ""
    assert PersonalData(again).decrypt(PersonalData(first).encrypt("李伟")) == "李伟"


def test_production_without_keys_is_an_error_and_writes_no_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "repaybot.keys"
    env = {"REPAYBOT_APP__ENVIRONMENT": "production", "REPAYBOT_SECURITY__KEY_FILE": str(key_file)}
    with pytest.raises(ConfigError, match=r"security\.encryption_keys, security\.hmac_key"):
        load_keys(load_settings(None, environ=env))
    assert not key_file.exists()


def test_malformed_keys_are_named(tmp_path: Path) -> None:
    settings = load_settings(
        None,
        environ={
            "REPAYBOT_SECURITY__ENCRYPTION_KEYS": "not-a-key",
            "REPAYBOT_SECURITY__HMAC_KEY": "h",
            "REPAYBOT_SECURITY__LINK_SECRET": "l",
        },
    )
    with pytest.raises(ConfigError, match=r"security.encryption_keys\[0\] is not a Fernet key"):
        load_keys(settings)
    damaged = tmp_path / "k.json"
    damaged.write_text("{")
    with pytest.raises(ConfigError, match="key file is damaged"):
        load_keys(load_settings(None, environ={"REPAYBOT_SECURITY__KEY_FILE": str(damaged)}))


def test_keys_rotate_with_the_local_key_file(db: Database, tmp_path: Path) -> None:
    key_file = tmp_path / "repaybot.keys"
    settings = load_settings(
        None,
        environ={"REPAYBOT_DATABASE__URL": db.url, "REPAYBOT_SECURITY__KEY_FILE": str(key_file)},
    )
    old = load_keys(settings)
    with db.session() as s:
        make_account(s, PersonalData(old), full_name="王芳")
        old_token = s.scalars(select(Account.full_name_enc)).one()
    app = App(settings)
    try:
        result = CliRunner().invoke(cli, ["keys", "rotate"], obj={"settings": settings, "app": app})
    finally:
        app.stop()
    assert result.exit_code == 0, result.output
    assert "re-encrypted personal data of 1 accounts" in result.stdout
    new = load_keys(settings)
    assert new.encryption_keys[1:] == old.encryption_keys
    assert (new.hmac_key, new.link_secret) == (old.hmac_key, old.link_secret)
    only_new = PersonalData(KeyMaterial(new.encryption_keys[:1], "h", "l"))
    with db.session() as s:
        token = s.scalars(select(Account.full_name_enc)).one()
    assert token != old_token
    assert only_new.decrypt(token) == "王芳"
    with pytest.raises(ConfigError, match="cannot be decrypted"):
        only_new.decrypt(old_token)


def test_keyed_hash_comparison_is_constant_time(
    personal: PersonalData, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    stored = personal.digest("dob", "1990-01-31")
    assert personal.matches("dob", "1990-01-31", stored)
    assert not personal.matches("dob", "1990-01-30", stored)
    # An unknown account still costs one comparison (same work, same timing).
    assert not personal.matches("dob", "1990-01-31", None)
    assert len(calls) == 3
    assert personal.digest("dob", "1990-01-31") != personal.digest("id_last4", "1990-01-31")
