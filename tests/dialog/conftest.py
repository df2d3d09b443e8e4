"""Transcript fixtures: ``chat.say("…")`` returns what the debtor sees.

Three sample debtors, one per locale and currency, on the ``db`` fixture (so
every transcript runs on SQLite and PostgreSQL) with a clock the test can move.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.config import Settings
from bot.messages import Button, ChatRef, Incoming, Reply
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.understanding.understand import Understander
from tests.factories import make_account


@dataclass(frozen=True)
class Debtor:
    ref: str
    dob: str
    id_last4: str
    locale: str


DEBTORS = {
    "zh_CN": Debtor("A-1001", "1990-01-31", "1234", "zh_CN"),
    "zh_TW": Debtor("T-2002", "1985-06-15", "5678", "zh_TW"),
    "en": Debtor("U-3003", "1979-12-02", "2468", "en"),
}


class Clock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


class Chat:
    """One debtor's chat with the engine, seen from the debtor's side."""

    _ids = count(1)

    def __init__(
        self, app: App, clock: Clock, *, platform: str = "telegram", who: str = "u1"
    ) -> None:
        self.app = app
        self.clock = clock
        self.engine = app.engine
        self.ref = ChatRef(platform, f"chat-{who}", f"user-{who}")
        self.last: list[Reply] = []
        self.buttons: tuple[Button, ...] = ()
        self.conversation_id: int | None = None

    def _seen(self, replies: list[Reply] | tuple[Reply, ...]) -> list[Reply]:
        self.last = list(replies)
        for r in replies:
            if r.buttons:
                self.buttons = r.buttons
        return self.last

    def start(self, account_ref: str | None = None, locale: str | None = None) -> list[Reply]:
        turn = self.engine.greet(self.ref, account_ref=account_ref, locale=locale)
        self.conversation_id = turn.conversation_id
        return self._seen(turn.replies)

    def send(
        self,
        text: str = "",
        *,
        payload: str | None = None,
        message_id: str | None = None,
        locale_hint: str | None = None,
        command: str | None = None,
        command_arg: str | None = None,
    ) -> list[Reply]:
        incoming = Incoming(
            chat=self.ref,
            message_id=message_id or f"m{next(self._ids)}",
            text=text,
            payload=payload,
            locale_hint=locale_hint,
            timestamp=self.clock(),
            command=command,
            command_arg=command_arg,
        )
        turn = self.engine.process(incoming)
        self.conversation_id = turn.conversation_id
        return self._seen(turn.replies)

    def say(self, text: str, **kwargs: str) -> list[Reply]:
        return self.send(text, **kwargs)

    def press(self, n: int) -> list[Reply]:
        """Press the n-th (1-based) button of the latest choices."""
        return self.send(payload=self.buttons[n - 1].payload)

    def text(self) -> str:
        """All of the latest replies' text, one reply per line."""
        return "\n".join(r.text for r in self.last)

    def verify(self, debtor: Debtor) -> list[Reply]:
        """Start bound to the debtor's account and answer the date of birth."""
        self.start(debtor.ref)
        return self.say(debtor.dob)


@pytest.fixture(scope="session")
def understander() -> Understander:
    """One reader of debtor messages for every test that reads lines directly (built once)."""
    u = Understander()
    u.warm_up()
    return u


@pytest.fixture
def clock(now: datetime) -> Clock:
    return Clock(now)


@pytest.fixture
def accounts(db: Database, personal: PersonalData) -> dict[str, Debtor]:
    with db.session() as s:
        make_account(s, personal, ref="A-1001", dob="1990-01-31", id_last4="1234")
        make_account(
            s,
            personal,
            ref="T-2002",
            dob="1985-06-15",
            id_last4="5678",
            currency="TWD",
            principal="45000",
            interest="3200",
            fees="800",
            locale="zh_TW",
            timezone="Asia/Taipei",
            creditor="範例銀行",
            due_date=date(2026, 2, 1),
        )
        make_account(
            s, personal, ref="U-3003", dob="1979-12-02", id_last4="2468", currency="USD",
            principal="2400.00", interest="310.75", fees="35.00", locale="en",
            timezone="America/New_York", creditor="Example Bank", due_date=date(2026, 1, 20),
        )  # fmt: skip
    return DEBTORS


@pytest.fixture
def app(settings: Settings, clock: Clock) -> Iterator[App]:
    application = App(settings, clock=clock)
    yield application
    application.stop()


@pytest.fixture
def chat(app: App, clock: Clock, accounts: dict[str, Debtor]) -> Chat:
    return Chat(app, clock)


@pytest.fixture
def new_chat(app: App, clock: Clock, accounts: dict[str, Debtor]):  # type: ignore[no-untyped-def]
    """Another debtor's chat: ``new_chat("u2", platform="wechat")``."""

    def make(who: str, platform: str = "telegram") -> Chat:
        return Chat(app, clock, platform=platform, who=who)

    return make


def count_rows(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)
