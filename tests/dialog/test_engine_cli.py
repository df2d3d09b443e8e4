"""The terminal chat, the agreements export and the demo, through the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

import bot.commands.demo
from bot.app import App
from bot.collection.payments import import_text
from bot.commands import cli
from bot.outbox import SENT
from bot.store.db import Database
from bot.store.models import OutboxItem
from tests.conftest import TEST_KEYS
from tests.dialog.conftest import Chat, Debtor


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "REPAYBOT_DATABASE__URL": db_url,
        "REPAYBOT_SECURITY__ENCRYPTION_KEYS": TEST_KEYS.encryption_keys[0],
        "REPAYBOT_SECURITY__HMAC_KEY": TEST_KEYS.hmac_key,
        "REPAYBOT_SECURITY__LINK_SECRET": TEST_KEYS.link_secret,
        "REPAYBOT_SECURITY__KEY_FILE": str(tmp_path / "keys.json"),
    }


def test_chat_reads_one_message_per_line(env: dict[str, str], accounts: dict[str, Debtor]) -> None:
    result = CliRunner(env=env).invoke(
        cli, ["chat", "--account", "U-3003"], input="1979-12-02\n2\nyes\n"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("date of birth") < out.index("that's confirmed") < out.index("$2,745.75")
    assert "1. Pay $2,608.46 in full by" in out  # choices are numbered
    assert "Here is the plan:" in out and "your plan is recorded" in out


def test_chat_replies_go_through_the_delivery_core_once(
    env: dict[str, str], accounts: dict[str, Debtor], db: Database
) -> None:
    runner = CliRunner(env=env)
    first = runner.invoke(cli, ["chat", "--account", "U-3003"], input="1979-12-02\n")
    assert first.exit_code == 0, first.output
    with db.session() as s:
        items = s.execute(
            select(OutboxItem.status, OutboxItem.attempts, OutboxItem.sent_at).where(
                OutboxItem.platform == "terminal"
            )
        ).all()
    # claimed once by the delivery core and recorded sent, like every channel's replies
    assert len(items) >= 3
    assert all(
        status == SENT and attempts == 1 and at is not None for status, attempts, at in items
    )
    second = runner.invoke(cli, ["chat", "--account", "U-3003"], input="")
    assert second.exit_code == 0, second.output
    # a new chat greets once; nothing of the first chat is shown again
    assert second.stdout.count("date of birth") == 1 and "$2,745.75" not in second.stdout


def test_chat_in_another_language(env: dict[str, str], accounts: dict[str, Debtor]) -> None:
    result = CliRunner(env=env).invoke(
        cli, ["chat", "--account", "U-3003", "--lang", "zh_TW"], input="1979-12-02\n"
    )
    assert "US$2,745.75" in result.stdout and "請告訴我您的出生日期" in result.stdout


def test_chat_with_an_unknown_account_or_language(
    env: dict[str, str], accounts: dict[str, Debtor]
) -> None:
    runner = CliRunner(env=env)
    result = runner.invoke(cli, ["chat", "--account", "NOPE"], input="")
    assert result.exit_code == 2 and "no account 'NOPE'" in result.output
    result = runner.invoke(cli, ["chat", "--account", "U-3003", "--lang", "klingon"], input="")
    assert result.exit_code == 2 and "--lang" in result.output


def _agree(app: App, debtor: Debtor, who: str, choice: int) -> None:
    chat = Chat(app, app.clock, who=who)  # type: ignore[arg-type]
    chat.verify(debtor)
    chat.press(choice)
    chat.say("yes")


def test_export_json_and_csv_exactly(
    app: App, env: dict[str, str], accounts: dict[str, Debtor]
) -> None:
    _agree(app, accounts["zh_CN"], "a", 2)
    _agree(app, accounts["en"], "b", 1)
    import_text(app.db, "external_id,account_ref,amount,currency,paid_at\n"
                "p1,A-1001,4000.00,CNY,2026-03-10\n", app.clock())  # fmt: skip
    runner = CliRunner(env=env)
    result = runner.invoke(cli, ["agreements", "export"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0] == {
        "agreement_id": 1,
        "account_ref": "A-1001",
        "status": "active",
        "currency": "CNY",
        "total": "11700.50",
        "discount": "0.00",
        "created_at": "2026-03-10T06:00:00+00:00",
        "script_version": "collections@1",
        "paid": "4000.00",
        "instalments": [
            {"due_date": "2026-03-17", "amount": "3900.16", "status": "paid", "paid": "3900.16"},
            {"due_date": "2026-04-17", "amount": "3900.16", "status": "partial", "paid": "99.84"},
            {"due_date": "2026-05-17", "amount": "3900.18", "status": "open", "paid": "0.00"},
        ],
    }
    assert rows[1]["total"] == "2608.46" and rows[1]["discount"] == "137.29"
    assert rows[1]["instalments"] == [
        {"due_date": "2026-03-17", "amount": "2608.46", "status": "open", "paid": "0.00"}
    ]

    result = runner.invoke(cli, ["agreements", "export", "--format", "csv"])
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == ["agreement_id", "account_ref", "status", "currency", "total", "discount",
                        "created_at", "script_version", "seq", "due_date", "amount",
                        "instalment_status", "paid", "agreement_paid"]  # fmt: skip
    assert table[1:] == [
        ["1", "A-1001", "active", "CNY", "11700.50", "0.00", "2026-03-10T06:00:00+00:00",
         "collections@1", "1", "2026-03-17", "3900.16", "paid", "3900.16", "4000.00"],
        ["1", "A-1001", "active", "CNY", "11700.50", "0.00", "2026-03-10T06:00:00+00:00",
         "collections@1", "2", "2026-04-17", "3900.16", "partial", "99.84", "4000.00"],
        ["1", "A-1001", "active", "CNY", "11700.50", "0.00", "2026-03-10T06:00:00+00:00",
         "collections@1", "3", "2026-05-17", "3900.18", "open", "0.00", "4000.00"],
        ["2", "U-3003", "active", "USD", "2608.46", "137.29", "2026-03-10T06:00:00+00:00",
         "collections@1", "1", "2026-03-17", "2608.46", "open", "0.00", "0.00"],
    ]  # fmt: skip


def test_export_since(app: App, env: dict[str, str], accounts: dict[str, Debtor]) -> None:
    _agree(app, accounts["en"], "b", 1)
    runner = CliRunner(env=env)
    assert (
        json.loads(runner.invoke(cli, ["agreements", "export", "--since", "2026-03-11"]).stdout)
        == []
    )
    assert (
        len(
            json.loads(runner.invoke(cli, ["agreements", "export", "--since", "2026-03-10"]).stdout)
        )
        == 1
    )
    bad = runner.invoke(cli, ["agreements", "export", "--since", "last tuesday"])
    assert bad.exit_code == 2
    assert bad.output.strip().splitlines() == [
        "Error: --since: 'last tuesday' is not a date like 2026-03-01 or 2026-03-01T09:00"
    ]


def test_demo_creates_accounts_and_chats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("dialogs").symlink_to(Path(__file__).parents[2] / "dialogs")
    Path("locales").symlink_to(Path(__file__).parents[2] / "locales")

    def no_server(*args: object, **kwargs: object) -> None:
        raise AssertionError("the terminal demo must not serve the web app (no fixed port)")

    monkeypatch.setattr(bot.commands.demo, "serve_demo", no_server)
    result = CliRunner().invoke(cli, ["demo", "--terminal"], input="1988-05-20\n")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "repaybot-demo.db").exists()
    assert "DEMO-CNY" in result.stderr and "1988-05-20" in result.stderr
    assert "DEMO-TWD" in result.stderr and "DEMO-USD" in result.stderr
    assert "已确认是您本人" in result.stdout and "¥11,700.50" in result.stdout
