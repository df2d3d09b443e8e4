"""Paths in settings: relative to the config file, packaged defaults, never the CWD."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.paths import packaged


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory that is not the config file's folder."""
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.chdir(other)
    return other


def test_paths_in_a_config_file_are_relative_to_its_folder(tmp_path: Path, elsewhere) -> None:
    folder = tmp_path / "deploy"
    folder.mkdir()
    (folder / "config.toml").write_text(
        '[database]\nurl = "sqlite:///data/bot.db"\n'
        '[dialog]\nscript = "scripts/mine.yaml"\nlocales_dir = "i18n"\n'
        '[console]\ncanned_replies = "canned.yaml"\n'
        '[security]\nkey_file = "secret/bot.keys"\n'
    )
    s = load_settings(folder / "config.toml", environ={})
    assert s.database.url == f"sqlite:///{folder / 'data' / 'bot.db'}"
    assert s.dialog.script == str(folder / "scripts" / "mine.yaml")
    assert s.dialog.locales_dir == str(folder / "i18n")
    assert s.console.canned_replies == str(folder / "canned.yaml")
    assert s.security.key_file == str(folder / "secret" / "bot.keys")


def test_with_a_config_file_the_database_and_key_file_default_beside_it(
    tmp_path: Path, elsewhere
) -> None:
    (tmp_path / "config.toml").write_text("[web]\nport = 9000\n")
    s = load_settings(tmp_path / "config.toml", environ={})
    assert s.database.url == f"sqlite:///{tmp_path / 'repaybot.db'}"
    assert s.security.key_file == str(tmp_path / "repaybot.keys")
    assert s.dialog.script == str(packaged("dialogs/collections.yaml"))
    assert Path(s.dialog.script).is_file()
    assert (Path(s.dialog.locales_dir) / "zh_CN" / "LC_MESSAGES" / "messages.po").is_file()


def test_key_file_may_name_a_folder(tmp_path: Path, elsewhere) -> None:
    (tmp_path / "keys").mkdir()
    (tmp_path / "config.toml").write_text('[security]\nkey_file = "keys"\n')
    s = load_settings(tmp_path / "config.toml", environ={})
    assert s.security.key_file == str(tmp_path / "keys" / "repaybot.keys")


def test_without_a_config_file_the_key_file_is_beside_the_database(
    tmp_path: Path, elsewhere
) -> None:
    url = f"sqlite:///{tmp_path / 'db' / 'x.db'}"
    s = load_settings(None, environ={"REPAYBOT_DATABASE__URL": url})
    assert s.security.key_file == str(tmp_path / "db" / "repaybot.keys")


def test_absolute_and_server_urls_are_kept(tmp_path: Path, elsewhere) -> None:
    (tmp_path / "config.toml").write_text(
        '[database]\nurl = "postgresql+psycopg://u:p@db.internal:5432/repaybot"\n'
    )
    s = load_settings(tmp_path / "config.toml", environ={})
    assert s.database.url == "postgresql+psycopg://u:p@db.internal:5432/repaybot"
    memory = load_settings(None, environ={"REPAYBOT_DATABASE__URL": "sqlite://"})
    assert memory.database.url == "sqlite://"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("REPAYBOT_WEB__PORT", "abc", "REPAYBOT_WEB__PORT: expected a whole number, got 'abc'"),
        ("REPAYBOT_DATABASE__ECHO", "maybe", "REPAYBOT_DATABASE__ECHO: expected true or false"),
        ("REPAYBOT_APP__ENVIRONMENT", "staging", "REPAYBOT_APP__ENVIRONMENT: 'staging' is not"),
    ],
)
def test_a_bad_environment_override_names_the_variable(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    (tmp_path / "config.toml").write_text("[web]\nport = 9000\n")
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path / "config.toml", environ={variable: value})
    assert str(err.value).startswith(message)
