"""Key rotation: personal data re-encrypted with a new key, old key then removable."""

from __future__ import annotations

from click.testing import CliRunner
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.app import App
from bot.cli import _register_commands, cli
from bot.config import Secret, Settings
from bot.store.commands import reencrypt_all
from bot.store.crypto import KeyMaterial, PersonalData
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
        _register_commands()
        result = CliRunner().invoke(cli, ["keys", "rotate"], obj={"settings": rotated, "app": app})
        assert result.exit_code == 0, result.output
        assert "re-encrypted personal data of 1 accounts" in result.stdout
        only_new = PersonalData(KeyMaterial((new_key,), "h", "l"))
        with app.db.session() as s:
            acc = s.scalars(select(Account)).one()
            assert only_new.decrypt(acc.full_name_enc) == "Li Wei"
    finally:
        app.stop()
