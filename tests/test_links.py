import re
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

import bot.commands.links  # noqa: F401  (registers the commands)
from bot.commands import cli
from bot.config import Settings
from bot.links import AccountNotFound, LinkError, create_link, redeem_link
from bot.store.db import Database
from bot.store.models import AuditEntry, LinkToken
from tests.conftest import TEST_KEYS
from tests.factories import make_account

SECRET = TEST_KEYS.link_secret
TTL = timedelta(hours=72)


@pytest.fixture
def account_id(db: Database, personal) -> int:
    with db.session() as s:
        return make_account(s, personal, ref="A-1001").id


def make(db: Database, now, channel: str = "telegram", **kw) -> tuple[str, str]:
    with db.session() as s:
        return create_link(
            s,
            account_ref=kw.pop("account_ref", "A-1001"),
            channel=channel,
            secret=SECRET,
            ttl=TTL,
            now=now,
            bot_username="RepayBot",
            **kw,
        )


def redeem(db: Database, token: str, now, channel: str = "telegram", secret: str = SECRET) -> int:
    with db.session() as s:
        return redeem_link(s, token, channel=channel, secret=secret, now=now)


def reason(db: Database, token: str, now, **kw) -> str:
    with pytest.raises(LinkError) as exc:
        redeem(db, token, now, **kw)
    return exc.value.reason


def test_telegram_link_redeems_once(db: Database, account_id: int, now) -> None:
    token, url = make(db, now)
    assert url == f"https://t.me/RepayBot?start={token}"
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", token)
    assert redeem(db, token, now + timedelta(minutes=5)) == account_id
    assert reason(db, token, now + timedelta(minutes=6)) == "used"
    with db.session() as s:
        used = s.scalars(select(LinkToken)).one()
    assert (used.account_id, used.channel, used.used_at) == (
        account_id,
        "telegram",
        now + timedelta(minutes=5),
    )


def test_two_links_for_one_account_are_independent(db: Database, account_id: int, now) -> None:
    first, _ = make(db, now)
    second, _ = make(db, now)
    assert first != second
    assert redeem(db, first, now) == redeem(db, second, now) == account_id


def test_expired_link(db: Database, account_id: int, now) -> None:
    token, _ = make(db, now)
    assert reason(db, token, now + TTL) == "expired"
    assert reason(db, token, now + TTL + timedelta(days=30)) == "expired"
    assert redeem(db, token, now + TTL - timedelta(seconds=1)) == account_id


def test_tampered_or_foreign_tokens_are_invalid(db: Database, account_id: int, now) -> None:
    token, _ = make(db, now)
    flipped = token[:3] + ("A" if token[3] != "A" else "B") + token[4:]
    assert reason(db, flipped, now) == "invalid"
    assert reason(db, token[:-1] + ("x" if token[-1] != "x" else "y"), now) == "invalid"
    assert reason(db, token, now, secret="another-secret") == "invalid"
    for junk in ("", "abc", "not a token!", "A" * 65, token + "A"):
        assert reason(db, junk, now) == "invalid"


def test_wrong_channel(db: Database, account_id: int, now) -> None:
    token, _ = make(db, now, channel="telegram")
    assert reason(db, token, now, channel="wechat") == "wrong_channel"
    assert redeem(db, token, now, channel="telegram") == account_id


def test_wechat_scene_string(db: Database, account_id: int, now) -> None:
    token, scene = make(db, now, channel="wechat")
    assert scene == token and len(scene) <= 64
    _, event_key = make(db, now, channel="wechat", wechat_scene=True)
    assert event_key.startswith("qrscene_")
    assert redeem(db, event_key, now, channel="wechat") == account_id
    assert redeem(db, token, now, channel="wechat") == account_id
    assert reason(db, token, now, channel="wechat") == "used"


def test_unknown_account_and_missing_username(db: Database, account_id: int, now) -> None:
    with pytest.raises(AccountNotFound, match="no account with reference 'NOPE'"):
        make(db, now, account_ref="NOPE")
    with db.session() as s, pytest.raises(ValueError, match="bot_username"):
        create_link(s, account_ref="A-1001", channel="telegram", secret=SECRET, ttl=TTL, now=now)


def test_concurrent_redeem_has_one_winner(db: Database, account_id: int, now) -> None:
    token, _ = make(db, now)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    lock = threading.Lock()

    def attempt() -> None:
        barrier.wait()
        try:
            result: object = redeem(db, token, now)
        except LinkError as exc:
            result = exc.reason
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes, key=str) == sorted([account_id, "used"], key=str)
    with db.session() as s:
        assert len(s.scalars(select(LinkToken)).all()) == 1


def test_cli_prints_a_link(settings: Settings, account_id: int, tmp_path: Path) -> None:
    from dataclasses import replace

    from bot.app import App

    configured = replace(settings, telegram=replace(settings.telegram, bot_username="@RepayBot"))
    app = App(configured)
    try:
        obj = {"settings": configured, "app": app}
        result = CliRunner().invoke(
            cli, ["links", "create", "--account", "A-1001", "--channel", "telegram"], obj=obj
        )
        assert result.exit_code == 0, result.output
        url = result.stdout.strip()
        assert url.startswith("https://t.me/RepayBot?start=")
        assert "single use, valid until" in result.stderr
        with app.db.session() as s:
            token = url.split("start=")[1]
            assert (
                redeem_link(
                    s, token, channel="telegram", secret=app.keys.link_secret, now=app.clock()
                )
                == account_id
            )

        with app.db.session() as s:
            entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "links.create")).one()
            assert (entry.actor, entry.account_id, entry.details) == (
                "cli",
                account_id,
                {"account_ref": "A-1001", "channel": "telegram"},
            )

        unknown = CliRunner().invoke(cli, ["links", "create", "--account", "NOPE"], obj=obj)
        assert unknown.exit_code == 2
        assert unknown.stderr == "Error: no account with reference 'NOPE'\n"

        wechat = CliRunner().invoke(
            cli, ["links", "create", "--account", "A-1001", "--channel", "wechat"], obj=obj
        )
        assert wechat.exit_code == 0
        assert re.fullmatch(r"[A-Za-z0-9_-]{20,64}\n", wechat.stdout)
        assert "QR" in wechat.stderr
    finally:
        app.stop()


def test_cli_telegram_needs_bot_username(settings: Settings, account_id: int) -> None:
    from bot.app import App

    app = App(settings)
    try:
        result = CliRunner().invoke(
            cli,
            ["links", "create", "--account", "A-1001"],
            obj={"settings": settings, "app": app},
        )
    finally:
        app.stop()
    assert result.exit_code == 2
    assert "set [telegram] bot_username" in result.stderr
    assert "Traceback" not in result.output


def test_cli_asks_telegram_for_the_username_when_only_a_token_is_set(
    settings: Settings, account_id: int
) -> None:
    from dataclasses import replace

    from bot.app import App
    from bot.config import Secret
    from tests.adapters.fake_telegram import BOT_USERNAME, TOKEN, FakeBotAPI

    with FakeBotAPI() as fake:
        configured = replace(
            settings,
            telegram=replace(settings.telegram, token=Secret(TOKEN), base_url=fake.base_url),
        )
        app = App(configured)
        try:
            result = CliRunner().invoke(
                cli,
                ["links", "create", "--account", "A-1001"],
                obj={"settings": configured, "app": app},
            )
        finally:
            app.stop()
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"https://t.me/{BOT_USERNAME}?start=")
        assert fake.requests("getMe")
