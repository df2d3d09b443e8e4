"""``repaybot demo``: --port, a terminal chat as any sample in any language, and then chat."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

import bot.commands.demo
from bot.commands import cli


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("REPAYBOT_")]:
        monkeypatch.delenv(name)
    return tmp_path


def test_demo_port_serves_on_that_port(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(bot.commands.demo, "_port_free", lambda host, port: True)
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: seen.update(kw))
    result = CliRunner().invoke(cli, ["demo", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["port"] == 8123
    assert "http://127.0.0.1:8123/chat?account=DEMO-USD&lang=en" in result.stdout


def test_demo_terminal_chats_as_the_chosen_account_in_the_chosen_language() -> None:
    result = CliRunner().invoke(
        cli, ["demo", "--terminal", "--account", "DEMO-TWD", "--lang", "en"], input="1992-11-03\n"
    )
    assert result.exit_code == 0, result.output
    assert "Chatting as DEMO-TWD." in result.stderr
    assert "NT$49,000" in result.stdout  # the balance, in English: said once verified


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--terminal", "--account", "NOPE"], "Error: --account: 'NOPE' is not a demo account"),
        (["--account", "DEMO-CNY"], "Error: --account and --lang choose the terminal chat"),
        (["--port", "0"], "Error: Invalid value for '--port'"),
    ],
)
def test_demo_mistakes_are_one_line(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["demo", *args], input="")
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines()[-1].startswith(message)


def test_the_command_the_demo_prints_chats_with_the_demo_database(here: Path) -> None:
    demo = CliRunner().invoke(cli, ["demo", "--terminal"], input="")
    assert demo.exit_code == 0, demo.output
    (line,) = [ln for ln in demo.stderr.splitlines() if ln.startswith("Chat with it")]
    words = shlex.split(line.split(": ", 1)[1])
    variable, _, url = words[0].partition("=")
    assert words[1:] == ["repaybot", "chat", "--account", "DEMO-CNY"]
    assert url == f"sqlite:///{here / 'repaybot-demo.db'}"
    chat = CliRunner().invoke(cli, words[2:], env={variable: url}, input="1988-05-20\n")
    assert chat.exit_code == 0, chat.output
    assert "¥11,700.50" in chat.stdout  # the balance: said once verified
    assert sorted(p.name for p in here.iterdir() if p.suffix == ".db") == ["repaybot-demo.db"]
