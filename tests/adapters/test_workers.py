"""Several ``repaybot serve`` workers on one PostgreSQL database answer each debtor once.

PostgreSQL only: SQLite serves one process by design. Several workers (on one host
or several) share one PostgreSQL (DESIGN.md, "Scale-out"): a row lock per
conversation serialises one chat's messages, unique constraints make a duplicate
delivery harmless, and the outbox lease hands the sends of a worker that died to
the others.

Three workers serve Telegram webhooks against a local fake Bot API, each with its
own base URL so that the fake knows which worker sent what. Debtors go through
complete negotiations, each update POSTed to a random worker and some twice at once
to two workers (Telegram delivers an update again when its answer is late). One
worker is killed (SIGKILL) while it has updates in flight and a reply on its way to
the Bot API; every update whose POST did not get HTTP 200 is delivered again to a
surviving worker, as Telegram does. Then: each update was processed once, each
debtor's stored conversation is the same as a control debtor's on the same path
(nothing answered twice), each stored reply reached the fake once, each agreement
was recorded once, and nothing is left in the outbox once the dead worker's lease
ran out. There is no setting for the lease (``DeliveryLoop``'s ``lease_seconds``,
120 s): the test runs it out by moving the dead worker's items' ``next_attempt_at``.

Exactly once at the platform has one limit that no design removes while the Bot
API has no idempotency key: a reply the killed worker had sent but not yet recorded
is sent again by a survivor after the lease. The test allows exactly that (a copy
sent by the killed worker before it died, of a reply a survivor sent after) and
nothing else. Replies may arrive out of order only in chats whose earlier reply the
dead worker held (tests/store/test_outbox_order.py shows why).
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, func, select, update

from bot.delivery import DeliveryLoop
from bot.links import create_link
from bot.store.crypto import PersonalData
from bot.store.models import Account, Agreement, Conversation, Message, OutboxItem
from tests.adapters.fake_telegram import BOT_USERNAME, Call, FakeBotAPI
from tests.conftest import TEST_KEYS
from tests.factories import make_account

pytestmark = pytest.mark.processes

SECRET = "workers-webhook-secret"
SEED = 20261206
DEBTORS = 24  # through the chaos, besides one control debtor per path
DUPLICATES = 0.2  # share of updates delivered twice at once, to two workers
KILL_AFTER = 0.4  # of the expected answers, then a worker with requests in flight dies
SLOW_SENDS = 0.3  # seconds the Bot API takes for each reply of the worker that will die
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
        self.port = _free_port()
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


def _free_port() -> int:
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
        rnd = random.Random(f"{SEED}-{debtor.n}")
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
                if others and rnd.random() < DUPLICATES:
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


async def _until(predicate: Callable[[], bool], timeout: float) -> bool:
    """Wait until ``predicate()`` holds (polling every 20 ms); whether it did in time."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


def _seed(url: str, personal: PersonalData) -> list[Debtor]:
    """One control debtor per path, then DEBTORS through the chaos, paths drawn at random."""
    rnd = random.Random(SEED)
    paths = [*PATHS, *(rnd.choice(list(PATHS)) for _ in range(DEBTORS))]
    engine = create_engine(url)
    now = datetime.now(UTC)
    debtors = []
    from sqlalchemy.orm import Session

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


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as bot_api:
        yield bot_api


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    db = create_engine(pg_url)
    yield db
    db.dispose()


async def test_workers_answer_each_debtor_once_with_one_killed_mid_run(
    pg_url: str, engine: Engine, fake: FakeBotAPI, personal: PersonalData, tmp_path: Path
) -> None:
    started = time.monotonic()
    workers = [Worker(f"w{i}", pg_url, tmp_path, fake) for i in range(3)]
    try:
        debtors = _seed(pg_url, personal)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            for w in workers:
                await w.ready(client)
            up = time.monotonic() - started
            run = Run(fake, client, engine, workers, alive=list(workers))
            # The Bot API is slow to take the doomed worker's replies: it dies with some
            # claimed, which wait for their lease.
            fake.delay_sends(workers[1].tag, SLOW_SENDS)
            expected = sum(len(d.lines) for d in debtors) * (1 + DUPLICATES)
            kill = asyncio.create_task(run.kill(workers[1], int(expected * KILL_AFTER)))
            await asyncio.gather(*(run.negotiate(d) for d in debtors))
            if not kill.done():
                kill.cancel()
                pytest.fail("the debtors were done before a worker could be killed")
            assert run.killed is not None
            ran = time.monotonic() - started
            stuck = await _expire_dead_leases(engine, run)
            assert stuck, "the killed worker held no claimed replies"
        wall = time.monotonic() - started
    finally:
        for w in workers:
            w.stop()
        for w in workers:
            w.wait()
        stopped = time.monotonic() - started

    _check_updates(engine, debtors, run)
    _check_transcripts(engine, debtors)
    _check_agreements(engine, debtors)
    extra, out_of_order = _check_sends(engine, fake, run)
    # Known: a chat's later replies do not wait for earlier ones another worker holds
    # (tests/store/test_outbox_order.py); here only the dead worker's chats may show it.
    assert out_of_order <= _chats(engine, stuck), "replies out of order in live workers' chats"
    print(
        f"\n{len(debtors)} debtors, {run.answered} answers, failed POSTs {dict(run.failures)}; "
        f"killed {run.killed.tag} with {run.inflight_at_kill} in flight; "
        f"{len(stuck)} replies waited for its lease; {extra} sent again after the kill; "
        f"{run.gave_up} answers given up for, {run.late} late; {len(out_of_order)} chats "
        f"answered out of order; workers up {up:.1f} s, debtors done {ran:.1f} s, outbox "
        f"empty {wall:.1f} s, workers stopped {stopped:.1f} s; answers by worker "
        f"{dict(sorted(run.by_worker.items()))}"
    )
    for w in workers:
        if w is not run.killed and "Traceback" in w.log.read_text():
            print(f"--- {w.tag}:\n{w.log.read_text()[-3000:]}")


async def _expire_dead_leases(engine: Engine, run: Run) -> list[int]:
    """Wait until every reply is sent but those the killed worker had claimed, run their
    lease out (there is no setting for it; it is LEASE seconds) and wait until those are
    sent too. Returns the ids of the items the dead worker held."""
    assert run.killed_wall is not None
    dead_lease_end = run.killed_wall + timedelta(seconds=LEASE)
    items = OutboxItem.__table__

    def rows() -> list[Any]:
        with engine.connect() as conn:
            return list(conn.execute(select(items.c.id, items.c.status, items.c.next_attempt_at)))

    def settled() -> bool:
        return all(
            r.status == "sent" or (r.status == "sending" and r.next_attempt_at < dead_lease_end)
            for r in rows()
        )

    assert await _until(settled, 20), f"replies not sent: {Counter(r.status for r in rows())}"
    stuck = [r.id for r in rows() if r.status == "sending"]
    if stuck:
        with engine.begin() as conn:
            conn.execute(
                update(items)
                .where(items.c.id.in_(stuck), items.c.status == "sending")
                .values(next_attempt_at=datetime.now(UTC))
            )
    done = await _until(lambda: all(r.status == "sent" for r in rows()), 20)
    assert done, f"replies left in the outbox: {Counter(r.status for r in rows())}"
    return stuck


def _chats(engine: Engine, item_ids: list[int]) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(select(OutboxItem.chat_id).where(OutboxItem.id.in_(item_ids))))


def _check_updates(engine: Engine, debtors: list[Debtor], run: Run) -> None:
    """Each update became one inbound message, however often it was delivered."""
    with engine.connect() as conn:
        found = defaultdict(list)
        for chat, mid in conn.execute(
            select(Conversation.chat_id, Message.platform_message_id)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Message.direction == "in", Conversation.platform == "telegram")
        ):
            found[chat].append(mid)
    for d in debtors:
        assert sorted(found[d.chat]) == sorted(f"u{u}" for u in run.updates[d.chat]), d


def _normal(text: str, debtor: Debtor) -> str:
    return (
        text.replace(debtor.ref, "<ref>")
        .replace(debtor.dob, "<dob>")
        .replace(debtor.token, "<token>")
    )


def _check_transcripts(engine: Engine, debtors: list[Debtor]) -> None:
    """Each debtor's stored conversation is the control debtor's of the same path: every
    message answered once, none twice."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Conversation.chat_id, Message.direction, Message.text)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Conversation.platform == "telegram")
            .order_by(Message.id)
        ).all()
    by_chat: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for chat, direction, text in rows:
        by_chat[chat].append((direction, text))
    controls = {}
    for d in debtors:
        transcript = [(way, _normal(text, d)) for way, text in by_chat[d.chat]]
        if d.control:
            controls[d.path] = transcript
            assert sum(way == "out" for way, _t in transcript) >= len(d.lines), d
        else:
            assert transcript == controls[d.path], f"{d.ref} ({d.path}) differs from its control"


def _check_agreements(engine: Engine, debtors: list[Debtor]) -> None:
    """One active agreement per account whose path agrees; none for the others."""
    with engine.connect() as conn:
        counts = dict(
            conn.execute(
                select(Account.account_ref, func.count(Agreement.id))
                .join(Agreement, Agreement.account_id == Account.id, isouter=True)
                .where(Agreement.status.is_(None) | (Agreement.status == "active"))
                .group_by(Account.account_ref)
            ).all()
        )
        total = conn.scalar(select(func.count(Agreement.id)))
    want = {d.ref: int(PATHS[d.path][1]) for d in debtors}
    assert {ref: counts.get(ref, 0) for ref in want} == want
    assert total == sum(want.values())


def _check_sends(engine: Engine, fake: FakeBotAPI, run: Run) -> tuple[int, set[str]]:
    """Each stored reply reached the fake once; the only other copies are the killed
    worker's, sent before it died, of replies a survivor sent after. Returns how many
    such copies there were and the chats whose replies arrived out of order."""
    assert run.killed is not None
    items = OutboxItem.__table__
    with engine.connect() as conn:
        stored = conn.execute(
            select(items.c.id, items.c.chat_id, items.c.sent_message_id, items.c.attempts,
                   Message.text)
            .join(Message, Message.id == items.c.message_id)
            .order_by(items.c.id)
        ).all()  # fmt: skip
    by_send: dict[str, list[Any]] = defaultdict(list)
    for row in stored:
        by_send[str(row.sent_message_id)].append(row)
    arrivals: dict[str, list[Call]] = defaultdict(list)
    for call in fake.sends():
        arrivals[str(call.params["chat_id"])].append(call)
    copies, out_of_order = 0, set()
    for chat in {row.chat_id for row in stored} | set(arrivals):
        calls = arrivals[chat]
        recorded = [c for c in calls if str(c.params["result_message_id"]) in by_send]
        order = [by_send[str(c.params["result_message_id"])] for c in recorded]
        ids = [row.id for rows in order for row in rows]
        mine = [row.id for row in stored if row.chat_id == chat]
        assert sorted(ids) == mine, f"chat {chat}: replies sent {ids}, stored {mine}"
        if ids != mine:
            out_of_order.add(chat)
        for call, rows in zip(recorded, order, strict=True):
            pos = 0
            for row in rows:  # the replies of one turn, joined in order
                pos = call.params["text"].find(row.text, pos)
                assert pos >= 0, f"chat {chat}: {row.text!r} not in {call.params['text']!r}"
        for extra in (c for c in calls if c not in recorded):
            resent = [
                c for c in recorded
                if c.params["text"] == extra.params["text"] and c.at > run.killed_at
                and c.tag != run.killed.tag
                and all(row.attempts >= 2 for row in by_send[str(c.params["result_message_id"])])
            ]  # fmt: skip
            assert extra.tag == run.killed.tag and extra.at < run.killed_at and resent, (
                f"chat {chat}: {extra.params['text']!r} sent twice ({extra.tag})"
            )
            copies += 1
    return copies, out_of_order
