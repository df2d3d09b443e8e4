"""`repaybot users add`, `repaybot serve` and the web part of `repaybot demo`."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from sqlalchemy import select

import bot.commands.demo
from bot.app import App
from bot.commands import cli
from bot.store.models import User
from bot.users import verify_password
from tests.conftest import TEST_KEYS


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for key, value in {
        "REPAYBOT_DATABASE__URL": db_url,
        "REPAYBOT_SECURITY__ENCRYPTION_KEYS": TEST_KEYS.encryption_keys[0],
        "REPAYBOT_SECURITY__HMAC_KEY": TEST_KEYS.hmac_key,
        "REPAYBOT_SECURITY__LINK_SECRET": TEST_KEYS.link_secret,
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("REPAYBOT_PASSWORD", raising=False)


def test_users_add_hashes_the_password(cli_env: None, app: App) -> None:
    result = CliRunner().invoke(
        cli, ["users", "add", "alice", "--role", "agent", "--password", "s3cret-pass"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "added agent alice"
    with app.db.session() as s:
        user = s.scalars(select(User)).one()
        assert (user.name, user.role) == ("alice", "agent")
        assert "s3cret-pass" not in user.password_hash
        assert user.password_hash.startswith("$argon2id$")
        assert verify_password(user.password_hash, "s3cret-pass")


def test_users_add_reads_the_environment_or_prompts(
    cli_env: None, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPAYBOT_PASSWORD", "from-the-env")
    assert CliRunner().invoke(cli, ["users", "add", "bob", "--role", "admin"]).exit_code == 0
    monkeypatch.delenv("REPAYBOT_PASSWORD")
    prompted = CliRunner().invoke(
        cli, ["users", "add", "carol", "--role", "agent"], input="typed-pass\ntyped-pass\n"
    )
    assert prompted.exit_code == 0, prompted.output
    with app.db.session() as s:
        users = {u.name: u for u in s.scalars(select(User))}
    assert verify_password(users["bob"].password_hash, "from-the-env")
    assert users["bob"].role == "admin"
    assert verify_password(users["carol"].password_hash, "typed-pass")


def test_users_add_mistakes_are_one_line(cli_env: None, app: App) -> None:
    runner = CliRunner()
    ok = ["users", "add", "alice", "--role", "agent", "--password", "long-enough"]
    assert runner.invoke(cli, ok).exit_code == 0
    again = runner.invoke(cli, ok)
    assert again.exit_code == 2
    assert again.output.strip() == "Error: user 'alice' already exists"
    short = runner.invoke(cli, ["users", "add", "bob", "--role", "agent", "--password", "short"])
    assert short.output.strip() == "Error: password must be at least 8 characters"
    role = runner.invoke(cli, ["users", "add", "bob", "--role", "boss", "--password", "x" * 9])
    assert role.exit_code == 2 and "'boss' is not one of 'agent', 'admin'" in role.output
    reset = runner.invoke(cli, [*ok[:-1], "new-password", "--replace"])
    assert reset.output.strip() == "updated agent alice"


def test_serve_runs_uvicorn_on_the_configured_address(
    cli_env: None, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: seen.update(kw, web=web))
    monkeypatch.setenv("REPAYBOT_WEB__PORT", "8765")
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8765)
    paths = set(seen["web"].openapi()["paths"])
    assert {"/api/escalations", "/chat/messages", "/healthz"} <= paths


def test_demo_prints_urls_logins_and_answers_then_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("dialogs").symlink_to(Path(__file__).parents[2] / "dialogs")
    Path("locales").symlink_to(Path(__file__).parents[2] / "locales")
    monkeypatch.setenv("REPAYBOT_WEB__PORT", "8799")
    monkeypatch.setattr(bot.commands.demo, "_port_free", lambda host, port: True)
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: seen.update(kw, web=web))
    # the web is the default, also when stdin is not a terminal (a script, a service)
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "/chat" in out and "/console" in out
    assert "user 'agent'  password 'agent-demo'" in out
    assert "user 'admin'  password 'admin-demo'" in out
    assert "1988-05-20" in result.stderr  # the sample verification answers
    assert seen["port"] == 8799
    assert "http://127.0.0.1:8799/chat?account=DEMO-CNY&lang=zh_CN" in out
    from bot.store.db import Database
    from bot.users import find_user

    db = Database(f"sqlite:///{tmp_path / 'repaybot-demo.db'}")
    with db.session() as s:
        agent, admin = find_user(s, "agent"), find_user(s, "admin")
        assert agent is not None and admin is not None
        assert (agent.role, admin.role) == ("agent", "admin")
        assert verify_password(agent.password_hash, "agent-demo")
    db.stop()


def test_demo_says_so_when_the_port_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("dialogs").symlink_to(Path(__file__).parents[2] / "dialogs")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("REPAYBOT_WEB__PORT", str(port))
        result = CliRunner().invoke(cli, ["demo", "--web"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: port {port} on 127.0.0.1 is in use: stop the other server or set "
        "REPAYBOT_WEB__PORT (or [web] port) to another port"
    )
