"""``repaybot accounts import`` through the real command line parser."""

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

import bot.commands.accounts  # noqa: F401  (registers the commands)
from bot.commands import cli
from bot.store.db import Database
from bot.store.models import Account, ContactChannel
from tests.accounts.conftest import WriteCsv, row
from tests.conftest import TEST_KEYS


@pytest.fixture
def config_file(db_url: str, tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f"""
[database]
url = "{db_url}"

[security]
key_file = "{tmp_path / "keys.json"}"
encryption_keys = ["{TEST_KEYS.encryption_keys[0]}"]
hmac_key = "{TEST_KEYS.hmac_key}"
link_secret = "{TEST_KEYS.link_secret}"
""",
        encoding="utf-8",
    )
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("where", ["before", "after"])
def test_import_with_config_before_or_after(
    db: Database, config_file: Path, write_csv: WriteCsv, where: str
) -> None:
    path = write_csv([row(), row(account_ref="A-2", full_name="李伟")])
    if where == "before":
        result = run("--config", str(config_file), "accounts", "import", str(path))
    else:
        result = run("accounts", "import", str(path), "--config", str(config_file))
    assert result.exit_code == 0, result.output
    assert result.stdout == "inserted 2, updated 0, unchanged 0, rejected 0\n"
    with db.session() as s:
        assert sorted(s.scalars(select(Account.account_ref))) == ["A-1001", "A-2"]
    again = run("accounts", "import", str(path), "--config", str(config_file))
    assert again.stdout == "inserted 0, updated 0, unchanged 2, rejected 0\n"


def test_rejected_rows_are_listed_and_exit_1(
    db: Database, config_file: Path, write_csv: WriteCsv
) -> None:
    path = write_csv([row(), row(account_ref="A-2", currency="ABC"), row(account_ref="A-3")])
    result = run("--config", str(config_file), "accounts", "import", str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        "line 3: currency 'ABC' is not an ISO 4217 code\n"
        "inserted 2, updated 0, unchanged 0, rejected 1\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "file not found"),
        ("bad-header.csv", "account_ref,nme\nA-1,x\n", "header: unknown column 'nme'"),
        ("dir", "<dir>", "is a directory, not a CSV file"),
    ],
)
def test_file_errors_are_one_line_without_traceback(
    db: Database, config_file: Path, tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "<dir>":
        path.mkdir()
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("accounts", "import", str(path), "--config", str(config_file))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"Error: {path}: {message}")
    assert result.stderr.count("\n") == 1


def test_unmigrated_database_is_a_one_line_error(tmp_path: Path, write_csv: WriteCsv) -> None:
    config = tmp_path / "empty.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "new.db"}"\n'
        f'[security]\nkey_file = "{tmp_path / "k.json"}"\n',
        encoding="utf-8",
    )
    result = run("accounts", "import", str(write_csv([row()])), "--config", str(config))
    assert result.exit_code == 2
    assert "repaybot db upgrade" in result.stderr
    assert "Traceback" not in result.output


def test_accounts_group_is_importable_and_listed() -> None:
    from bot.commands.accounts import accounts

    assert "import" in accounts.commands
    result = run("accounts", "--help")
    assert "import" in result.output


def test_import_links_each_accounts_email_address_and_number(
    db: Database, config_file: Path, write_csv: WriteCsv
) -> None:
    path = write_csv([row(), row(account_ref="A-2", phone="", email="")])
    assert run("accounts", "import", str(path), "--config", str(config_file)).exit_code == 0
    with db.session() as s:
        linked = s.execute(
            select(Account.account_ref, ContactChannel.platform)
            .join(ContactChannel, ContactChannel.account_id == Account.id)
            .order_by(ContactChannel.platform)
        ).all()
    assert [tuple(r) for r in linked] == [("A-1001", "email"), ("A-1001", "sms")]
