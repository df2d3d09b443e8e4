"""Several ``repaybot serve`` workers and the debtors who write to them (Telegram webhooks).

:class:`Worker` runs ``repaybot serve`` in a child process against a
:class:`~tests.adapters.fake_telegram.FakeBotAPI` (its own base URL, so the fake
knows which worker called); :class:`Run` is the debtors' side: it POSTs updates to
workers, delivers again what was not answered 200 (as Telegram does), kills a
worker and counts what happened. :func:`seed_debtors` makes the accounts and
their deep links.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session

from bot.delivery import DeliveryLoop
from bot.links import create_link
from bot.store.crypto import PersonalData
from bot.store.models import OutboxItem
from tests.adapters.fake_telegram import BOT_USERNAME, FakeBotAPI
from tests.conftest import TEST_KEYS
from tests.factories import make_account

SECRET = "workers-webhook-secret"
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


@dataclass
class Debtor:
    n: int
    ref: str
    dob: str
    token: str
    path: str
    control: bool  # one per path, on the worker that is never killed, no duplicates

    @property
    def chat(self) -> str:
        return str(800_000_000 + self.n)

    @property
    def lines(self) -> list[str]:
        return ["/start " + self.token, *(x.format(dob=self.dob) for x in PATHS[self.path][0])]


class Worker:
    """``repaybot serve`` in a child process, on its own port."""

    def __init__(self, tag: str, url: str, tmp: Path, fake: FakeBotAPI) -> None:
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
        self.webhook = f"http://127.0.0.1:{self.port}/webhooks/telegram"
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
    client: httpx.AsyncClient
    engine: Engine
    workers: list[Worker]
    seed: int
    duplicates: float  # share of updates delivered twice at once, to two workers
    alive: list[Worker] = field(default_factory=list)
    answered: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    by_worker: Counter[str] = field(default_factory=Counter)
    updates: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    killed: Worker | None = None
    killed_at: float = 0.0  # time.monotonic(), as the fake's Call.at
    killed_wall: datetime | None = None
    inflight_at_kill: int = 0
    gave_up: int = 0  # turns whose answer the killed worker held: the debtor wrote on
    late: int = 0  # turns answered later than ANSWER_TIMEOUT (the debtor wrote on)

    async def post(self, worker: Worker, body: dict[str, Any]) -> bool:
        worker.inflight += 1
        try:
            answer = await self.client.post(
                worker.webhook, json=body, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
        except httpx.HTTPError as exc:
            self.failures[f"{worker.tag}: {type(exc).__name__}"] += 1
            return False
        finally:
            worker.inflight -= 1
        if answer.status_code != 200:
            self.failures[f"{worker.tag}: HTTP {answer.status_code}"] += 1
            return False
        self.answered += 1
        self.by_worker[worker.tag] += 1
        return True

    async def deliver(self, body: dict[str, Any], worker: Worker, rnd: random.Random) -> None:
        """POST until a worker answers 200 (Telegram delivers again after anything else)."""
        for _ in range(20):
            if worker in self.alive and await self.post(worker, body):
                return
            worker = rnd.choice(self.alive)
        pytest.fail(f"update {body['update_id']} was never answered: {dict(self.failures)}")

    async def negotiate(self, debtor: Debtor) -> None:
        rnd = random.Random(f"{self.seed}-{debtor.n}")
        for text in debtor.lines:
            body = self.fake.text_update(int(debtor.chat), text)
            self.updates[debtor.chat].append(body["update_id"])
            before = len(self.fake.sent(debtor.chat))
            if debtor.control:
                await self.deliver(body, self.workers[0], rnd)
            else:
                first = rnd.choice(self.alive)
                copies = [first]
                others = [w for w in self.alive if w is not first]
                if others and rnd.random() < self.duplicates:
                    copies.append(rnd.choice(others))
                await asyncio.gather(*(self.deliver(body, w, rnd) for w in copies))
            await self.read_answer(debtor.chat, before)

    async def read_answer(self, chat: str, before: int) -> None:
        """The debtor reads the answer before writing on; one whose answer the killed
        worker holds gives up waiting for it after a moment."""
        start = time.monotonic()
        checked = start + REPLY_WAIT
        while len(self.fake.sent(chat)) <= before:
            now = time.monotonic()
            if now > start + ANSWER_TIMEOUT:
                self.late += 1
                return
            if self.killed_wall is not None and now > checked:
                checked = now + 0.25
                if self.held_by_dead(chat):
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


def seed_debtors(url: str, personal: PersonalData, n: int, seed: int) -> list[Debtor]:
    """One control debtor per path, then ``n`` more on paths drawn at random."""
    rnd = random.Random(seed)
    paths = [*PATHS, *(rnd.choice(list(PATHS)) for _ in range(n))]
    engine = create_engine(url)
    now = datetime.now(UTC)
    debtors = []
    with Session(engine) as s, s.begin():
        for n, path in enumerate(paths):
            ref, dob = f"W-{n:04d}", f"19{60 + n % 30}-0{1 + n % 9}-1{n % 10}"
            make_account(s, personal, ref=ref, dob=dob, locale="en", currency="USD",
                         principal="5000.00", interest="400.00", fees="50.00",
                         timezone="America/New_York")  # fmt: skip
            token, _link = create_link(
                s, account_ref=ref, channel="telegram", secret=TEST_KEYS.link_secret,
                ttl=timedelta(hours=1), now=now, bot_username=BOT_USERNAME,
            )  # fmt: skip
            debtors.append(Debtor(n, ref, dob, token, path, control=n < len(PATHS)))
    engine.dispose()
    return debtors
