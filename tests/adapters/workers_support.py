"""Several ``repaybot serve`` workers and the debtors who write to them (Telegram, WeChat).

:class:`Worker` runs ``repaybot serve`` in a child process against the fake
Telegram Bot API and the fake WeChat API (its own base URLs, so the fakes know
which worker called); :class:`Run` is the debtors' side: it POSTs Telegram updates
and WeChat messages (plain mode) to workers, delivers again what was not answered
200 (as both platforms do), kills a worker and counts what happened.
:func:`seed_debtors` makes the accounts and their deep links.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session

from bot.delivery import DeliveryLoop
from bot.links import create_link
from bot.store.crypto import PersonalData
from bot.store.models import OutboxItem
from tests.adapters.fake_telegram import BOT_USERNAME, FakeBotAPI
from tests.adapters.fake_wechat import APP_ID, APP_SECRET, FakeWechatApi, WechatPush
from tests.adapters.fake_wechat import TOKEN as WECHAT_TOKEN
from tests.conftest import TEST_KEYS
from tests.factories import make_account

SECRET = "workers-webhook-secret"
TELEGRAM, WECHAT = "telegram", "wechat"
# Signs requests as WeChat's servers do (plain mode); its client and clock are not used.
_PUSH = WechatPush(client=None, clock=lambda: datetime.now(UTC))  # type: ignore[arg-type]
REPLY_WAIT = 1.0  # seconds before a debtor waiting for an answer looks whether it is lost
ANSWER_TIMEOUT = 20.0  # seconds before a debtor writes on without an answer
LEASE = inspect.signature(DeliveryLoop).parameters["lease_seconds"].default
# The debtor's lines after the deep link ("{dob}": the right answer); True: ends agreed.
PATHS: dict[str, tuple[list[str], bool]] = {
    "agree_full": (["{dob}", "1", "yes"], True),
    "instalments_after_counter": (["{dob}", "I can pay 10 a month", "500 a month", "yes"], True),
    "hardship": (["{dob}", "I lost my job", "1", "yes"], True),
    "dispute": (["{dob}", "this isn't my debt"], False),
    "wrong_dob": (["1901-01-01", "{dob}", "2", "yes"], True),
}


@dataclass(frozen=True)
class Message:
    """One request a platform makes to the webhook, and the id the bot stores it under."""

    platform: str
    key: str
    body: Any
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Debtor:
    n: int
    ref: str
    dob: str
    token: str
    path: str
    control: bool  # one per path, on the worker that is never killed, no duplicates
    platform: str = TELEGRAM

    @property
    def chat(self) -> str:
        return str(800_000_000 + self.n) if self.platform == TELEGRAM else f"oWorker{self.n:04d}"

    @property
    def lines(self) -> list[str]:
        return ["/start " + self.token, *(x.format(dob=self.dob) for x in PATHS[self.path][0])]


class Worker:
    """``repaybot serve`` in a child process, on its own port."""

    def __init__(
        self, tag: str, url: str, tmp: Path, fake: FakeBotAPI, wechat: FakeWechatApi
    ) -> None:
        self.tag = tag
        self.port = free_port()
        self.log = tmp / f"serve-{tag}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPAYBOT_")}
        env |= {
            "REPAYBOT_APP__LOG_LEVEL": "WARNING",
            "REPAYBOT_DATABASE__URL": url,
            "REPAYBOT_SECURITY__ENCRYPTION_KEYS": TEST_KEYS.encryption_keys[0],
            "REPAYBOT_SECURITY__HMAC_KEY": TEST_KEYS.hmac_key,
            "REPAYBOT_SECURITY__LINK_SECRET": TEST_KEYS.link_secret,
            "REPAYBOT_SECURITY__KEY_FILE": str(tmp / "keys.json"),
            "REPAYBOT_TELEGRAM__TOKEN": fake.token,
            "REPAYBOT_TELEGRAM__MODE": "webhook",
            "REPAYBOT_TELEGRAM__WEBHOOK_SECRET": SECRET,
            "REPAYBOT_TELEGRAM__BASE_URL": fake.base_url_for(tag),
            "REPAYBOT_TELEGRAM__BOT_USERNAME": BOT_USERNAME,
            "REPAYBOT_WECHAT__APP_ID": APP_ID,
            "REPAYBOT_WECHAT__APP_SECRET": APP_SECRET,
            "REPAYBOT_WECHAT__TOKEN": WECHAT_TOKEN,
            "REPAYBOT_WECHAT__API_BASE_URL": wechat.base_url_for(tag),
        }
        exe = Path(sys.executable).with_name("repaybot")
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "bot"]
        with open(self.log, "wb") as err:
            self.proc = subprocess.Popen(
                [*cmd, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        self.base = f"http://127.0.0.1:{self.port}"
        self.inflight = 0

    async def ready(self, client: httpx.AsyncClient, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"worker {self.tag} exited: {self.log.read_text()[-2000:]}")
            try:
                if (await client.get(f"http://127.0.0.1:{self.port}/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.05)
        pytest.fail(f"worker {self.tag} did not start within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)

    def wait(self) -> None:
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Run:
    """The debtors' side: who is up, what was answered, what failed, when the kill came."""

    fake: FakeBotAPI
    wechat: FakeWechatApi
    client: httpx.AsyncClient
    engine: Engine
    workers: list[Worker]
    seed: int
    duplicates: float  # share of updates delivered twice at once, to two workers
    alive: list[Worker] = field(default_factory=list)
    answered: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    by_worker: Counter[str] = field(default_factory=Counter)
    # Each chat's messages by their platform id, as the inbound rows store it.
    updates: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # WeChat: every passive answer (HTTP 200) to each message, by its platform id.
    answers: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    killed: Worker | None = None
    killed_at: float = 0.0  # time.monotonic(), as the fakes' calls
    killed_wall: datetime | None = None
    inflight_at_kill: int = 0
    gave_up: int = 0  # turns whose answer the killed worker held: the debtor wrote on
    late: int = 0  # turns answered later than ANSWER_TIMEOUT (the debtor wrote on)
    _msg_ids: Iterator[int] = field(default_factory=lambda: itertools.count(7_000_000_001))

    async def post(self, worker: Worker, message: Message) -> bool:
        worker.inflight += 1
        try:
            if message.platform == TELEGRAM:
                answer = await self.client.post(
                    worker.base + "/webhooks/telegram", json=message.body,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )  # fmt: skip
            else:
                answer = await self.client.post(
                    worker.base + "/webhooks/wechat?" + urlencode(message.params),
                    content=message.body, headers={"content-type": "text/xml"},
                )  # fmt: skip
        except httpx.HTTPError as exc:
            self.failures[f"{message.platform} {worker.tag}: {type(exc).__name__}"] += 1
            return False
        finally:
            worker.inflight -= 1
        if answer.status_code != 200:
            self.failures[f"{message.platform} {worker.tag}: HTTP {answer.status_code}"] += 1
            return False
        self.answered += 1
        self.by_worker[worker.tag] += 1
        if message.platform == WECHAT:
            fields = WechatPush.read(_PUSH, answer)  # type: ignore[arg-type]
            self.answers[message.key].append("" if fields is None else fields["Content"])
        return True

    async def deliver(self, message: Message, worker: Worker, rnd: random.Random) -> None:
        """POST until a worker answers 200 (the platforms deliver again after anything else)."""
        for _ in range(20):
            if worker in self.alive and await self.post(worker, message):
                return
            worker = rnd.choice(self.alive)
        pytest.fail(f"{message.key} was never answered: {dict(self.failures)}")

    def message(self, debtor: Debtor, i: int, text: str) -> Message:
        """The request the platform makes for the debtor's ``i``-th line."""
        if debtor.platform == TELEGRAM:
            body = self.fake.text_update(int(debtor.chat), text)
            return Message(TELEGRAM, f"u{body['update_id']}", body)
        created = int(time.time())
        if i == 0:  # the debtor scans the deep-link QR code and follows
            xml = WechatPush.event(debtor.chat, "subscribe", created, f"qrscene_{debtor.token}")
            key = f"{debtor.chat}:{created}:subscribe"
        else:
            msg_id = next(self._msg_ids)
            xml, key = WechatPush.text(debtor.chat, text, msg_id, created), str(msg_id)
        params, body = _PUSH.signed(xml)
        return Message(WECHAT, key, body.encode(), params)

    def arrived(self, debtor: Debtor) -> int:
        """Messages that reached the debtor other than by a passive answer."""
        if debtor.platform == TELEGRAM:
            return len(self.fake.sent(debtor.chat))
        calls = self.wechat.send_calls()
        return sum(1 for c in calls if c.body and c.body.get("touser") == debtor.chat)

    async def negotiate(self, debtor: Debtor) -> None:
        rnd = random.Random(f"{self.seed}-{debtor.n}")
        for i, text in enumerate(debtor.lines):
            message = self.message(debtor, i, text)
            self.updates[debtor.chat].append(message.key)
            before = self.arrived(debtor)
            if debtor.control:
                await self.deliver(message, self.workers[0], rnd)
            else:
                first = rnd.choice(self.alive)
                copies = [first]
                others = [w for w in self.alive if w is not first]
                if others and rnd.random() < self.duplicates:
                    copies.append(rnd.choice(others))
                await asyncio.gather(*(self.deliver(message, w, rnd) for w in copies))
            if not any(self.answers.get(message.key, [])):
                await self.read_answer(debtor, before)

    async def read_answer(self, debtor: Debtor, before: int) -> None:
        """The debtor reads the answer before writing on; one whose answer the killed
        worker holds gives up waiting for it after a moment."""
        start = time.monotonic()
        checked = start + REPLY_WAIT
        while self.arrived(debtor) <= before:
            now = time.monotonic()
            if now > start + ANSWER_TIMEOUT:
                self.late += 1
                return
            if self.killed_wall is not None and now > checked:
                checked = now + 0.25
                if self.held_by_dead(debtor.chat):
                    self.gave_up += 1
                    return
            await asyncio.sleep(0.02)

    def held_by_dead(self, chat: str) -> bool:
        """Whether the killed worker holds a reply to ``chat`` (claimed before it died)."""
        assert self.killed_wall is not None
        items = OutboxItem.__table__
        with self.engine.connect() as conn:
            return bool(
                conn.scalar(
                    select(func.count(items.c.id)).where(
                        items.c.chat_id == chat,
                        items.c.status == "sending",
                        items.c.next_attempt_at < self.killed_wall + timedelta(seconds=LEASE),
                    )
                )
            )

    async def kill(self, victim: Worker, after: int) -> None:
        """SIGKILL ``victim`` once ``after`` updates were answered, while it has updates in
        flight and a reply on the way to the Bot API (which therefore never arrives)."""
        while self.answered < after or victim.inflight < 2 or not self.fake.held(victim.tag):
            await asyncio.sleep(0.002)
        self.alive.remove(victim)
        self.inflight_at_kill = victim.inflight
        self.fake.cut_off(victim.tag)
        victim.proc.send_signal(signal.SIGKILL)
        self.killed_at, self.killed_wall = time.monotonic(), datetime.now(UTC)
        self.killed = victim
        victim.proc.wait()


async def until(predicate: Callable[[], bool], timeout: float) -> bool:
    """Wait until ``predicate()`` holds (polling every 20 ms); whether it did in time."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


def seed_debtors(
    url: str, personal: PersonalData, per_platform: dict[str, int], seed: int
) -> list[Debtor]:
    """For each platform one control debtor per path, then as many more as asked on paths
    drawn at random."""
    rnd = random.Random(seed)
    plan = [
        (platform, path, control)
        for platform, n in per_platform.items()
        for path, control in [
            *((p, True) for p in PATHS),
            *((rnd.choice(list(PATHS)), False) for _ in range(n)),
        ]
    ]
    engine = create_engine(url)
    now = datetime.now(UTC)
    debtors = []
    with Session(engine) as s, s.begin():
        for n, (platform, path, control) in enumerate(plan):
            ref, dob = f"W-{n:04d}", f"19{60 + n % 30}-0{1 + n % 9}-1{n % 10}"
            make_account(s, personal, ref=ref, dob=dob, locale="en", currency="USD",
                         principal="5000.00", interest="400.00", fees="50.00",
                         timezone="America/New_York")  # fmt: skip
            token, _link = create_link(
                s, account_ref=ref, channel=platform, secret=TEST_KEYS.link_secret,
                ttl=timedelta(hours=1), now=now, bot_username=BOT_USERNAME,
            )  # fmt: skip
            debtors.append(Debtor(n, ref, dob, token, path, control, platform))
    engine.dispose()
    return debtors
