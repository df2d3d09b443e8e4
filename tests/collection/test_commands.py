"""``repaybot payments import`` and ``repaybot reminders run`` through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.commands import cli
from bot.store.crypto import PersonalData
from bot.store.db import Database
from tests.factories import make_account

HEADER = "external_id,account_ref,amount,currency,paid_at\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def account(db: Database, personal: PersonalData) -> None:
    with db.session() as s:
        make_account(s, personal, principal="100.00", interest="0", fees="0")


def test_import_lists_bad_rows_keeps_good_ones_and_exits_1(
    account: None,
    config_file: Path,
    tmp_path: Path,
) -> None:
    path = tmp_path / "payments.csv"
    path.write_text(HEADER + "p1,A-1001,60.00,CNY,2026-03-01\np2,A-1001,1,EUR,2026-03-01\n")
    result = run("payments", "import", str(path), "--config", str(config_file))
    assert result.exit_code == 1
    assert result.stdout == (
        "line 3: currency EUR does not match the account's CNY\n"
        "recorded 1, duplicates 0, rejected 1\n"
    )
    again = run("payments", "import", str(path), "--config", str(config_file))
    assert again.stdout.endswith("recorded 0, duplicates 1, rejected 1\n")
    shown = run("accounts", "show", "A-1001", "--format", "json", "--config", str(config_file))
    assert '"total": "40.00"' in shown.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "file not found"), ("external_id,amount\n", "line 1: missing column account_ref")],
)
def test_an_unusable_file_is_one_line_and_exit_2(
    account: None,
    config_file: Path,
    tmp_path: Path,
    content: str | None,
    message: str,
) -> None:
    path = tmp_path / "p.csv"
    if content is not None:
        path.write_text(content)
    result = run("payments", "import", str(path), "--config", str(config_file))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_reminders_run_prints_what_it_did(account: None, config_file: Path) -> None:
    result = run("reminders", "run", "--config", str(config_file))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("planned 0, queued 0")
