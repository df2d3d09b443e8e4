"""Every command, given a user's mistake, says so in one line and exits non-zero.

The walk covers the whole command tree (a new command must be added to ARGS
when it needs arguments): a missing dialog script, keys that do not fit the
database, a URL that is not a database URL, and a database that does not answer.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import uvicorn
from click.testing import CliRunner
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot.commands import cli
from bot.store.db import Database
from bot.store.models import Account, AuditEntry, KeyFingerprint

ROOT = Path(__file__).resolve().parents[1]

# Arguments that make each command do its work (mistakes aside).
ARGS: dict[str, list[str]] = {
    "accounts erase": ["A-1", "--yes"],
    "accounts export-data": ["A-1", "-o", "{tmp}/out.json"],
    "accounts import": ["{tmp}/accounts.csv"],
    "accounts set": ["A-1", "--legal-hold", "--reason", "court order"],
    "accounts show": ["A-1"],
    "chat": ["--account", "A-1"],
    "demo": ["--terminal", "--db", "{tmp}/demo.db"],
    "dialogs activate": ["1"],
    "dialogs graph": ["-o", "{tmp}/graph.svg"],
    "experiments finish": ["exp"],
    "experiments results": ["exp"],
    "experiments start": [
        "exp",
        "--arm",
        "a=collections@1:1",
        "--baseline",
        "0.2",
        "--min-effect",
        "0.05",
    ],
    "experiments stop-arm": ["exp", "a", "--reason", "enough"],
    "links create": ["--account", "A-1", "--channel", "telegram"],
    "payments import": ["{tmp}/accounts.csv"],
    "tokens create": ["lender", "--scope", "agreements:read"],
    "tokens revoke": ["1"],
    "users add": ["ann", "--role", "agent", "--password", "a long enough password 1"],
}
# Commands that never open the database (a database mistake does not concern them).
NO_DATABASE = {"config show", "keys generate", "dialogs check", "dialogs graph", "i18n compile",
               "i18n extract", "i18n update"}  # fmt: skip
# Commands that need the dialog script.
NEED_SCRIPT = {"chat", "demo", "serve", "i18n extract"}
# Validators: each problem is a FILE:LINE:COL line on stdout (there may be several).
VALIDATORS = {"dialogs check", "dialogs graph", "dialogs import"}


def leaves(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[str]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from leaves(command, (*path, name))
        else:
            yield " ".join((*path, name))


COMMANDS = list(leaves(cli))


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a migrated database holding one account, its key file and an accounts CSV."""
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: None)  # nothing is served
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    (tmp_path / "config.toml").write_text(
        '[database]\nurl = "sqlite:///bot.db"\n[dialog]\nlocales_dir = "locales"\n'
    )
    (tmp_path / "accounts.csv").write_text(
        "account_ref,full_name,date_of_birth,id_last4,phone,email,creditor,currency,principal,"
        "interest,fees,due_date,locale,timezone\n"
        "A-1,Li Wei,1990-01-31,1234,,,Bank,CNY,100,0,0,2026-01-15,zh_CN,Asia/Shanghai\n"
    )
    runner = CliRunner()
    for args in (["db", "upgrade"], ["accounts", "import", "accounts.csv"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    return tmp_path


def invoke(command: str, tmp: Path, env: dict[str, str]) -> Any:
    args = [a.replace("{tmp}", str(tmp)) for a in ARGS.get(command, [])]
    return CliRunner().invoke(cli, [*command.split(), *args], env=env, input="")


def assert_one_line(command: str, result: Any) -> str:
    assert isinstance(result.exception, SystemExit | None), (command, result.exception)
    assert result.exit_code != 0, (command, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, (command, result.output)
    return str(lines[0]).removeprefix("Error: ")


def test_every_command_is_walked() -> None:
    needs_args = {c for c in COMMANDS if any(p.required for p in _command(c).params)}
    assert needs_args <= set(ARGS)


def _command(path: str) -> click.Command:
    command: click.Command = cli
    for name in path.split():
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(NEED_SCRIPT | VALIDATORS))
def test_a_missing_or_broken_script_is_one_line(workspace: Path, command: str) -> None:
    missing = workspace / "nowhere.yaml"
    broken = workspace / "broken.yaml"
    broken.write_text("states: [\n")
    for script, says in ((missing, f"{missing}:"), (broken, f"{broken}:2:1: ")):
        result = invoke(command, workspace, {"REPAYBOT_DIALOG__SCRIPT": str(script)})
        if command in VALIDATORS and script == broken:
            assert result.exit_code == 1, (command, result.output)
            assert result.stdout.startswith(says), command
        else:
            assert assert_one_line(command, result).startswith(says), command


@pytest.mark.slow
def test_keys_that_do_not_fit_stop_every_command_and_change_nothing(workspace: Path) -> None:
    db = Database(f"sqlite:///{workspace / 'bot.db'}")

    def snapshot() -> tuple[Any, ...]:
        with db.session() as s:
            return (
                s.execute(select(Account.account_ref, Account.full_name_enc, Account.status)).all(),
                s.scalar(select(func.count()).select_from(AuditEntry)),
                s.execute(select(KeyFingerprint.purpose, KeyFingerprint.fingerprint)).all(),
            )

    before = snapshot()
    other = workspace / "other.keys"
    other.write_text(json.dumps(
        {"encryption_keys": [Fernet.generate_key().decode()], "hmac_key": "x", "link_secret": "y"}
    ))  # fmt: skip
    env = {"REPAYBOT_SECURITY__KEY_FILE": str(other)}
    for command in COMMANDS:
        if command in NO_DATABASE or command == "demo":  # the demo makes its own database
            continue
        line = assert_one_line(command, invoke(command, workspace, env))
        assert line.startswith(f"{other}: these keys did not write the database"), command
    assert snapshot() == before
    db.stop()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "database.url is not a database URL"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/none", "cannot connect to the database"),
    ],
)
def test_a_bad_database_url_is_one_line_for_every_command(
    workspace: Path, url: str, says: str
) -> None:
    for command in COMMANDS:
        result = invoke(command, workspace, {"REPAYBOT_DATABASE__URL": url})
        if command in NO_DATABASE or command == "demo":
            assert isinstance(result.exception, SystemExit | None), (command, result.exception)
            continue
        assert says in assert_one_line(command, result), command
