"""The command tree: --config at every level, whole one-line summaries, TOML config show."""

from __future__ import annotations

import inspect
import tomllib
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.commands import cli
from bot.config import MASK, load_settings


def groups(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Group]]:
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from groups(command, (*path, name))


def test_every_group_and_command_takes_config() -> None:
    missing = []
    for path, group in groups(cli):
        for command in (group, *group.commands.values()):
            if not any("--config" in p.opts for p in command.params):
                missing.append(" ".join((*path, command.name or "")))
    assert missing == []


def test_config_is_accepted_between_a_group_and_its_command(tmp_path: Path) -> None:
    db = tmp_path / "here.db"
    (tmp_path / "c.toml").write_text(f'[database]\nurl = "sqlite:///{db}"\n')
    runner = CliRunner()
    for args in (
        ["--config", str(tmp_path / "c.toml"), "db", "upgrade"],
        ["db", "--config", str(tmp_path / "c.toml"), "upgrade"],
        ["db", "upgrade", "--config", str(tmp_path / "c.toml")],
        ["accounts", "--config", str(tmp_path / "c.toml"), "show", "NOPE"],
    ):
        result = runner.invoke(cli, args)
        assert "No such option" not in result.output, args
        assert str(db) in result.output or "NOPE" in result.output, (args, result.output)


def test_every_help_lists_whole_summaries_on_one_line() -> None:
    runner = CliRunner()
    for path, group in groups(cli):
        result = runner.invoke(cli, [*path, "--help"], terminal_width=60)
        assert result.exit_code == 0, path
        listing = result.output.split("Commands:\n", 1)[1].splitlines()
        assert len(listing) == len(group.commands), (path, listing)
        for line, (name, command) in zip(listing, sorted(group.commands.items()), strict=True):
            first = inspect.cleandoc(command.help or "").split("\n\n")[0]
            whole = " ".join(first.split())
            assert whole, f"{' '.join((*path, name))} has no help"
            assert line.split() == [name, *whole.split()]
            assert "..." not in line


def test_config_show_prints_toml_that_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[telegram]\ntoken = "env:BOT_TOKEN"\n[security]\nhmac_key = "hk-123"\n'
        'encryption_keys = ["k1"]\n[compliance]\nextra_banned_phrases = ["say \\"now\\""]\n'
    )
    settings = load_settings(path, environ={"BOT_TOKEN": "123:abc"})
    result = CliRunner().invoke(cli, ["config", "show"], obj={"settings": settings})
    assert result.exit_code == 0, result.output
    assert "123:abc" not in result.output and "hk-123" not in result.output
    data = tomllib.loads(result.output)
    assert data == settings.masked()
    assert data["telegram"]["token"] == MASK
    assert data["security"]["encryption_keys"] == [MASK]
    assert data["compliance"]["extra_banned_phrases"] == ['say "now"']
    assert data["compliance"]["hotline"]["zh_TW"] == "安心專線 1925"
    assert data["database"]["echo"] is False
    assert result.output.startswith(f"# effective settings from {path}")


def test_db_upgrade_says_what_it_did(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    env = {"REPAYBOT_DATABASE__URL": f"sqlite:///{db}"}
    runner = CliRunner()
    created = runner.invoke(cli, ["db", "upgrade"], env=env)
    assert created.exit_code == 0, created.output
    assert created.stdout.startswith(f"created the database sqlite:///{db} (schema ")
    again = runner.invoke(cli, ["db", "upgrade"], env=env)
    assert again.stdout.startswith(f"the database sqlite:///{db} is already current (schema ")

    from bot.store.db import Database
    from bot.store.migrate import upgrade

    old = tmp_path / "old.db"
    database = Database(f"sqlite:///{old}")
    upgrade(database, "0001")
    database.stop()
    migrated = runner.invoke(
        cli, ["db", "upgrade"], env={"REPAYBOT_DATABASE__URL": f"sqlite:///{old}"}
    )
    assert migrated.exit_code == 0, migrated.output
    assert migrated.stdout.startswith(f"migrated the database sqlite:///{old} from 0001 to ")


@pytest.mark.parametrize("command", [["chat", "--account", "A-1"], ["accounts", "show", "A-1"]])
def test_a_command_on_a_database_that_is_not_there_leaves_no_file(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "repaybot.db"
    result = CliRunner().invoke(cli, command, env={"REPAYBOT_DATABASE__URL": f"sqlite:///{db}"})
    assert result.exit_code != 0
    assert result.output.splitlines() == [
        f"Error: the database file {db} does not exist: create it with `repaybot db upgrade` "
        "(or run `repaybot demo` for sample accounts)"
    ]
    assert not db.exists()
