"""The repaybot command: help, version, --config anywhere, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot import __version__
from bot.commands import cli

COMMANDS = [
    "accounts",
    "agreements",
    "chat",
    "config",
    "db",
    "demo",
    "dialogs",
    "keys",
    "links",
    "retention",
    "serve",
    "users",
]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Ran:
    """Run ``repaybot ARGS`` in ``cwd`` with only ``env``'s REPAYBOT_ variables (in process)."""
    clean: dict[str, str | None] = {k: None for k in os.environ if k.startswith("REPAYBOT_")}
    clean.update(env or {})
    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, args, env=clean)
    finally:
        os.chdir(before)
    assert isinstance(result.exception, SystemExit | None), result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


def run_module(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPAYBOT_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_every_command_and_version(tmp_path: Path) -> None:
    result = run_module(["--help"], tmp_path)
    assert result.returncode == 0
    assert set(COMMANDS) <= set(cli.commands)
    listed = result.stdout.split("Commands:\n", 1)[1].splitlines()
    for name, command in cli.commands.items():
        (line,) = [ln for ln in listed if ln.split()[:1] == [name]]
        assert len(line.split()) > 1, f"{name} has no one-line help"
        assert command.get_short_help_str(), name
        sub = getattr(command, "commands", {})
        for sub_name, sub_command in sub.items():
            assert sub_command.get_short_help_str(), f"{name} {sub_name} has no help"
    version = run(["--version"], tmp_path)
    assert __version__ in version.stdout


def test_every_command_takes_config() -> None:

    def leaves(group: click.Group, path: str) -> list[tuple[str, click.Command]]:
        out: list[tuple[str, click.Command]] = []
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                out += leaves(command, f"{path} {name}")
            else:
                out.append((f"{path} {name}", command))
        return out

    missing = [
        path
        for path, command in leaves(cli, "repaybot")
        if not any("--config" in p.opts for p in command.params)
    ]
    assert missing == []


def test_config_before_or_after_the_subcommand(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text(f'[database]\nurl = "sqlite:///{tmp_path}/x.db"\n')
    said = []
    for args in (["--config", "c.toml", "db", "upgrade"], ["db", "upgrade", "--config", "c.toml"]):
        result = run(args, tmp_path)
        assert result.returncode == 0, result.stderr
        said.append(result.stdout.split(" (schema")[0])
    assert said == [
        f"created the database sqlite:///{tmp_path}/x.db",
        f"the database sqlite:///{tmp_path}/x.db is already current",
    ]
    assert (tmp_path / "x.db").exists()


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--config", "missing.toml", "db", "upgrade"], {}, "missing.toml: config file not found"),
        (["db", "upgrade", "--config", "bad.toml"], {}, "bad.toml: unknown key web.prot"),
        (
            ["db", "upgrade"],
            {"REPAYBOT_DATABASE__URL": "postgresql+psycopg://postgres@127.0.0.1:1/x"},
            "cannot connect to the database",
        ),
        (["chat", "--account", "A-1"], {}, "repaybot db upgrade"),
    ],
)
def test_user_mistakes_give_one_line_and_no_traceback(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    (tmp_path / "bad.toml").write_text("[web]\nprot = 1\n")
    result = run(args, tmp_path, env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, result.stderr


def test_import_of_a_missing_file_names_it(tmp_path: Path) -> None:
    assert run(["db", "upgrade"], tmp_path).returncode == 0
    result = run(["accounts", "import", "nope.csv"], tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "nope.csv" in result.stderr
