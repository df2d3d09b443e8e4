"""Run from another folder: the same data through --config, and never a new key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.commands import cli
from bot.store.db import Database
from bot.store.models import Account, KeyFingerprint

CSV = (
    "account_ref,full_name,date_of_birth,id_last4,phone,email,creditor,currency,principal,"
    "interest,fees,due_date,locale,timezone\n"
    "HX-1,Li Wei,1990-01-31,1234,+86 138 0000 0000,li@example.com,Bank,CNY,100,0,0,"
    "2026-01-15,zh_CN,Asia/Shanghai\n"
)


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A deployment folder (config, database, key file), set up from inside it."""
    home = tmp_path / "clone"
    home.mkdir()
    (home / "config.toml").write_text('[database]\nurl = "sqlite:///bot.db"\n')
    (home / "accounts.csv").write_text(CSV)
    monkeypatch.chdir(home)
    for args in (["db", "upgrade"], ["accounts", "import", "accounts.csv"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
    assert (home / "repaybot.keys").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return home


def rows(home: Path) -> list[tuple[object, ...]]:
    db = Database(f"sqlite:///{home / 'bot.db'}")
    with db.session() as s:
        found = [tuple(r) for r in s.execute(select(Account.account_ref, Account.full_name_enc))]
        found += [tuple(r) for r in s.execute(select(KeyFingerprint.fingerprint))]
    db.stop()
    return found


def test_config_from_another_folder_uses_the_same_data(clone: Path) -> None:
    config = str(clone / "config.toml")
    shown = CliRunner().invoke(
        cli, ["--config", config, "accounts", "show", "HX-1", "--format", "json"]
    )
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["account_ref"] == "HX-1"
    chat = CliRunner().invoke(
        cli, ["--config", config, "chat", "--account", "HX-1"], input="1990-01-31\n"
    )
    assert chat.exit_code == 0, chat.output
    assert "¥100.00" in chat.stdout  # the balance: only said once the key verified the birth date
    assert list(Path.cwd().iterdir()) == []


def test_another_folder_with_its_own_config_gets_no_new_key_and_changes_nothing(
    clone: Path,
) -> None:
    before = rows(clone)
    Path("config.toml").write_text(f'[database]\nurl = "sqlite:///{clone / "bot.db"}"\n')
    Path("accounts.csv").write_text(CSV.replace("Li Wei", "Someone Else"))
    result = CliRunner().invoke(cli, ["accounts", "import", "accounts.csv"])
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [
        f"Error: {Path.cwd() / 'repaybot.keys'}: key file not found, and the database already "
        "holds data written with other keys; nothing was changed. Use the config file that goes "
        "with this database (repaybot --config PATH ...), or restore the key file from backup"
    ]
    assert not Path("repaybot.keys").exists()
    assert rows(clone) == before
