"""Benchmark the real path: webhook → engine → outbox → platform, over HTTP.

Usage::

    python bench/webhooks.py [--debtors 150] [--concurrency 48] [--postgres URL]
                             [--platforms telegram,wechat] [--duplicates 0.05]

Starts ``repaybot serve`` (SQLite, and with ``--postgres`` a scratch database on
that server) against local fakes of the Telegram Bot API and the WeChat API
(``bench/webhook_fakes.py``), then drives simulated debtors through complete
negotiations (deep link or QR scan, date of birth, plans, yes) by POSTing to
``/webhooks/telegram`` and ``/webhooks/wechat`` (plain mode), with about 5% of
the deliveries sent twice, as the platforms do when an answer is late.

Per platform it prints:

- messages per CPU-second of the server process (``/proc/<pid>/stat``), at
  maximum load (``--concurrency`` debtors at once, each writing as soon as
  the previous POST was answered);
- wall msg/s at that load;
- p50/p99 from the POST to the last reply of the turn reaching the fake (a
  passive WeChat reply reaches it with the HTTP answer), at half of the
  measured maximum load (arrivals paced);
- the server's peak RSS; agreements recorded against expected; duplicates
  answered (platform messages beyond one per stored reply; must be 0).

The floor runs in the same invocation on the same database kind: the minimal
transaction (insert the inbound row, whose unique key dedupes, select the
conversation, one ``transitions`` transition, update it, two reply rows,
commit), and each platform is printed as a ratio of it.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import bindparam

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from webhook_fakes import BOT_USERNAME, TOKEN, Fakes, serve

from bot.app import App
from bot.config import load_settings
from bot.links import _RANDOM_BYTES, make_token
from bot.store.migrate import upgrade
from bot.store.models import Account, Agreement, Conversation, Message, OutboxItem

SECRET = "bench-webhook-secret"
WECHAT_TOKEN = "benchtoken"
# The debtor's lines after the deep link ("{dob}": the right answer); True: ends agreed.
PATHS: dict[str, tuple[list[str], bool]] = {
    "agree_full": (["{dob}", "1", "yes"], True),
    "instalments_after_counter": (["{dob}", "I can pay 10 a month", "500 a month", "yes"], True),
    "hardship": (["{dob}", "I lost my job", "1", "yes"], True),
    "dispute": (["{dob}", "this isn't my debt"], False),
    "wrong_dob": (["1901-01-01", "{dob}", "2", "yes"], True),
}
WEIGHTS = [4, 3, 1, 1, 1]
KEEPALIVE_SECONDS = 4.0  # below uvicorn's timeout_keep_alive (5 s)


@dataclass
class Sample:
    """One debtor message: when its POST started and how the turn was answered."""

    platform: str
    message_id: str
    started: float
    answered: float = 0.0
    passive: bool = False


@dataclass
class Run:
    """What one phase recorded."""

    samples: list[Sample] = field(default_factory=list)
    messages: int = 0
    duplicates_sent: int = 0
    expected_agreements: int = 0
    cpu: float = 0.0
    wall: float = 0.0


# ---------------------------------------------------------------- the server


def server_env(url: str, workdir: Path, port: int, fake_port: int) -> dict[str, str]:
    base = f"http://127.0.0.1:{fake_port}"
    return {
        **os.environ,
        "REPAYBOT_APP__LOG_LEVEL": "WARNING",
        "REPAYBOT_DATABASE__URL": url,
        "REPAYBOT_SECURITY__KEY_FILE": str(workdir / "keys.json"),
        "REPAYBOT_WEB__PORT": str(port),
        "REPAYBOT_TELEGRAM__TOKEN": TOKEN,
        "REPAYBOT_TELEGRAM__MODE": "webhook",
        "REPAYBOT_TELEGRAM__WEBHOOK_SECRET": SECRET,
        "REPAYBOT_TELEGRAM__BASE_URL": f"{base}/bot",
        "REPAYBOT_TELEGRAM__BOT_USERNAME": BOT_USERNAME,
        "REPAYBOT_WECHAT__APP_ID": "wxbench",
        "REPAYBOT_WECHAT__APP_SECRET": "bench-app-secret",
        "REPAYBOT_WECHAT__TOKEN": WECHAT_TOKEN,
        "REPAYBOT_WECHAT__API_BASE_URL": f"{base}/cgi-bin/",
    }


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def seed(url: str, workdir: Path, n: int, tag: str) -> list[tuple[str, str, str]]:
    """Accounts with deep-link tokens: (account_ref, dob, token) for each debtor."""
    env = {"REPAYBOT_DATABASE__URL": url, "REPAYBOT_SECURITY__KEY_FILE": str(workdir / "keys.json")}
    app = App(load_settings(None, environ=env))
    upgrade(app.db)
    now = datetime.now(UTC)
    out = []
    with app.db.session() as s:
        for i in range(n):
            ref = f"{tag}-{i:05d}"
            dob = (date(1960, 1, 1) + timedelta(days=i % 15000)).isoformat()
            acc = Account(
                account_ref=ref, full_name_enc=app.personal.encrypt("Debtor"),
                dob_hash=app.personal.digest("dob", dob), id_last4_hash=None,
                creditor="Bench Bank", currency="USD", principal=Decimal("5000.00"),
                interest=Decimal("400.00"), fees=Decimal("50.00"), due_date=date(2026, 1, 5),
                status="active", locale="en", timezone="America/New_York", row_hash=ref,
                created_at=now, updated_at=now,
            )  # fmt: skip
            s.add(acc)
            s.flush()
            out.append((ref, dob, str(acc.id)))
    tokens = []
    for ref, dob, acc_id in out:
        channel = "telegram" if ref.startswith("tg") else "wechat"
        expires = now + timedelta(days=1)
        token = make_token(int(acc_id), channel=channel, secret=app.keys.link_secret,
                           expires=expires, token_id=os.urandom(_RANDOM_BYTES))  # fmt: skip
        tokens.append((ref, dob, token))
    app.stop()
    return tokens


class Server:
    """``repaybot serve`` in a child process."""

    def __init__(self, url: str, workdir: Path, fake_port: int) -> None:
        self.port = free_port()
        exe = Path(sys.executable).with_name("repaybot")
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "bot"]
        self.proc = subprocess.Popen(
            [*cmd, "serve", "--port", str(self.port)],
            env=server_env(url, workdir, self.port, fake_port),
            cwd=Path(__file__).resolve().parents[1],
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / f"serve-{self.port}.log", "wb"),  # noqa: SIM115
        )
        self.base = f"http://127.0.0.1:{self.port}"

    async def ready(self, client: httpx.AsyncClient) -> None:
        for _ in range(600):
            if self.proc.poll() is not None:
                raise SystemExit(f"repaybot serve exited with {self.proc.returncode}")
            try:
                if (await client.get(f"{self.base}/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
        raise SystemExit("repaybot serve did not start")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ---------------------------------------------------------------- debtors


class Pacer:
    """Starts at most ``rate`` messages per second overall (None: no limit)."""

    def __init__(self, rate: float | None) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.next = time.perf_counter()

    async def wait(self) -> None:
        if not self.interval:
            return
        now = time.perf_counter()
        self.next = max(self.next + self.interval, now)
        if self.next > now:
            await asyncio.sleep(self.next - now)


def telegram_update(update_id: int, user: int, text: str) -> dict[str, object]:
    person = {"id": user, "is_bot": False, "first_name": "Debtor", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": int(time.time()), "text": text,
            "chat": {"id": user, "type": "private", "first_name": "Debtor"}, "from": person,
        },
    }  # fmt: skip


def wechat_post(
    openid: str, *, content: str = "", msg_id: str = "", event_key: str = ""
) -> tuple[dict[str, str], bytes]:
    stamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    sig = hashlib.sha1("".join(sorted([WECHAT_TOKEN, stamp, nonce])).encode()).hexdigest()
    params = {"signature": sig, "timestamp": stamp, "nonce": nonce}
    head = (f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName>"
            f"<![CDATA[{openid}]]></FromUserName><CreateTime>{stamp}</CreateTime>")  # fmt: skip
    if event_key:
        body = (f"{head}<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>"
                f"<EventKey><![CDATA[qrscene_{event_key}]]></EventKey></xml>")  # fmt: skip
    else:
        body = (f"{head}<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>"
                f"<MsgId>{msg_id}</MsgId></xml>")  # fmt: skip
    return params, body.encode()


async def debtor(
    platform: str, n: int, account: tuple[str, str, str], server: Server, client: httpx.AsyncClient,
    fakes: Fakes, run: Run, pacer: Pacer, rnd: random.Random, dup_rate: float,
) -> None:  # fmt: skip
    _ref, dob, token = account
    path = rnd.choices(list(PATHS), WEIGHTS)[0]
    lines, agrees = PATHS[path]
    run.expected_agreements += agrees
    user = 900_000_000 + n
    chat = str(user) if platform == "telegram" else f"oBench{n:06d}"
    arrived = fakes.wait_event(chat)
    for i, line in enumerate(["/start " + token, *lines]):
        await pacer.wait()
        text = line.format(dob=dob)
        mid = f"{n}{i:02d}"
        if platform == "telegram":
            update = telegram_update(int(mid) + 1_000_000, user, text)
            sample = Sample(platform, f"u{update['update_id']}", time.perf_counter())

            async def send(update: dict[str, object] = update) -> httpx.Response:
                return await client.post(
                    f"{server.base}/webhooks/telegram", json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )  # fmt: skip
        else:
            if i == 0:
                params, body = wechat_post(chat, event_key=token)
            else:
                params, body = wechat_post(chat, content=text, msg_id=mid)
            stamp = params["timestamp"]
            sample = Sample(platform, mid if i else f"{chat}:{stamp}:subscribe",
                            time.perf_counter())  # fmt: skip

            async def send(params: dict[str, str] = params, body: bytes = body) -> httpx.Response:
                return await client.post(f"{server.base}/webhooks/wechat", params=params,
                                         content=body)  # fmt: skip

        arrived.clear()
        answer = await send()
        if answer.status_code != 200:
            print(f"  {platform}: HTTP {answer.status_code}: {answer.text[:200]}")
        sample.answered = time.perf_counter()
        sample.passive = platform == "wechat" and answer.text.startswith("<xml>")
        run.samples.append(sample)
        run.messages += 1
        if rnd.random() < dup_rate:
            run.duplicates_sent += 1
            await send()  # the platform delivers it again
        if platform == "telegram" or not sample.passive:
            # a debtor reads the answer before typing the next line
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), 10)


async def phase(
    platform: str, accounts: list[tuple[str, str, str]], offset: int, server: Server,
    fakes: Fakes, concurrency: int, rate: float | None, dup_rate: float, seed_: int,
) -> Run:  # fmt: skip
    run = Run()
    rnd = random.Random(seed_)
    pacer = Pacer(rate)
    # uvicorn closes a connection idle for 5 s; a debtor may read longer than that, and a
    # POST on a connection the server is closing fails (httpx.ReadError): let go first.
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency,
                          keepalive_expiry=KEEPALIVE_SECONDS)  # fmt: skip
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        queue = list(enumerate(accounts, start=offset))
        c0, t0 = cpu_seconds(server.proc.pid), time.perf_counter()

        async def worker() -> None:
            while queue:
                n, account = queue.pop(0)
                await debtor(platform, n, account, server, client, fakes, run, pacer, rnd,
                             dup_rate)  # fmt: skip

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        await settle(fakes)
        run.wall = time.perf_counter() - t0
        run.cpu = cpu_seconds(server.proc.pid) - c0
    return run


async def settle(fakes: Fakes, quiet: float = 1.5) -> None:
    """Wait until nothing reached the fakes for ``quiet`` seconds (the queue drained)."""
    last = -1
    while True:
        now = len(fakes.telegram) + len(fakes.wechat)
        if now == last:
            return
        last = now
        await asyncio.sleep(quiet)


# ---------------------------------------------------------------- analysis


def latencies(url: str, run: Run, fakes: Fakes) -> list[float]:
    """POST → last reply of the turn at the fake, per debtor message (seconds)."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import aliased

    arrivals = {(a.message_id): a.at for a in (*fakes.telegram, *fakes.wechat)}
    inbound = aliased(Message)
    engine = create_engine(url)
    ends: dict[str, list[str | None]] = defaultdict(list)
    with engine.connect() as conn:
        rows = conn.execute(
            select(inbound.platform_message_id, OutboxItem.sent_message_id)
            .join(Message, Message.in_reply_to_id == inbound.id)
            .join(OutboxItem, OutboxItem.message_id == Message.id)
        )
        for mid, sent in rows:
            ends[mid].append(sent)
    engine.dispose()
    out = []
    for s in run.samples:
        last = s.answered if s.passive else 0.0
        for sent in ends.get(s.message_id, []):
            if sent and sent != "passive":
                key = sent.split(":", 1)[1] if sent.startswith("custom:") else sent
                last = max(last, arrivals.get(key, 0.0))
        if last:
            out.append(last - s.started)
    return out


def count_agreements(url: str, refs: list[str]) -> int:
    """Accounts among ``refs`` with a recorded agreement."""
    from sqlalchemy import create_engine, func, select

    engine = create_engine(url)
    with engine.connect() as conn:
        n = conn.scalar(
            select(func.count(func.distinct(Agreement.account_id)))
            .join(Account, Account.id == Agreement.account_id)
            .where(Account.account_ref.in_(refs))
        )
    engine.dispose()
    return int(n or 0)


def sent_ids(url: str, platform: str) -> int:
    """Platform messages the server recorded as sent (passive answers excluded)."""
    from sqlalchemy import create_engine, func, select

    engine = create_engine(url)
    with engine.connect() as conn:
        n = conn.scalar(
            select(func.count(func.distinct(OutboxItem.sent_message_id))).where(
                OutboxItem.platform == platform, OutboxItem.sent_message_id.is_not(None),
                OutboxItem.sent_message_id != "passive",
            )
        )  # fmt: skip
    engine.dispose()
    return int(n or 0)


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else float("nan")
    return statistics.quantiles(values, n=100)[q - 1] * 1000


# ---------------------------------------------------------------- the floor


def floor(url: str, n: int = 1500) -> float:
    """Messages per CPU-second of the minimal transaction on ``url``'s database.

    The same tables and engine settings as the server (``messages`` with its
    unique (platform, platform_message_id) dedupe key, ``conversations``): insert
    the inbound row (after selecting the open conversation), fire one ``transitions``
    transition, update the conversation (versioned), insert two reply rows, commit.
    """
    from sqlalchemy import delete, insert, select, update
    from transitions import Machine

    from bot.store.db import make_engine

    convs, msgs = Conversation.__table__, Message.__table__
    engine = make_engine(url)
    machine = Machine(model=None, states=["offer", "confirm"], initial="offer",
                      transitions=[["choose", "offer", "confirm"],
                                   ["choose", "confirm", "offer"]])  # fmt: skip

    class Model:
        state = "offer"

    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(convs), [
            {"platform": "floor", "chat_id": f"floor-{i}", "user_id": f"floor-{i}",
             "state": "offer", "context": {"offers": [[1, "plan"]]}, "mode": "bot",
             "locale": "en", "is_open": True, "version": 1, "started_at": now,
             "updated_at": now}
            for i in range(100)
        ])  # fmt: skip
    load = select(convs).where(convs.c.platform == "floor", convs.c.chat_id == bindparam("chat"),
                               convs.c.is_open.is_(True))  # fmt: skip
    cpu = 0.0
    for i in range(n):
        c0 = time.process_time()
        with engine.begin() as conn:
            conv = conn.execute(load, {"chat": f"floor-{i % 100}"}).one()
            conn.execute(insert(msgs), {
                "conversation_id": conv.id, "platform": "floor", "platform_message_id": f"f{i}",
                "direction": "in", "sender": "debtor", "text": "1", "buttons": [],
                "created_at": now,
            })  # fmt: skip
            model = Model()
            machine.add_model(model, initial=conv.state)
            model.choose()  # type: ignore[attr-defined]
            machine.remove_model(model)
            conn.execute(update(convs).where(convs.c.id == conv.id,
                                             convs.c.version == conv.version)
                         .values(state=model.state, version=conv.version + 1,
                                 context=conv.context, updated_at=now))  # fmt: skip
            conn.execute(insert(msgs), [
                {"conversation_id": conv.id, "platform": "floor", "platform_message_id": None,
                 "direction": "out", "sender": "bot", "text": "Here is the plan. " * 6,
                 "buttons": [["Yes", "yes"], ["No", "no"]], "created_at": now}
                for _ in range(2)
            ])  # fmt: skip
        cpu += time.process_time() - c0
    with engine.begin() as conn:
        conn.execute(delete(msgs).where(msgs.c.platform == "floor"))
        conn.execute(delete(convs).where(convs.c.platform == "floor"))
    engine.dispose()
    return n / cpu


# ---------------------------------------------------------------- driver


async def bench_db(url: str, name: str, args: argparse.Namespace, workdir: Path) -> None:
    platforms = [p for p in args.platforms.split(",") if p]
    n = args.debtors
    accounts: dict[str, list[tuple[str, str, str]]] = {}
    for p in platforms:
        tag = "tg" if p == "telegram" else "wx"
        accounts[p] = seed(url, workdir, 2 * n + 20, tag)
    floor_rate = floor(url)
    print(f"{name}: floor (minimal transaction) {floor_rate:,.0f} msg per CPU-second")
    fakes = Fakes()
    fake_server, fake_port = await serve(fakes)
    server = Server(url, workdir, fake_port)
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            await server.ready(client)
        for p in platforms:
            acc = accounts[p]
            # warm-up: a few debtors through every code path
            await phase(p, acc[:20], 0, server, fakes, 4, None, 0.0, 1)
            before_sent = len(fakes.telegram if p == "telegram" else fakes.wechat)
            before_ids = sent_ids(url, p)
            top = await phase(p, acc[20 : 20 + n], 20, server, fakes, args.concurrency, None,
                              args.duplicates, 2)  # fmt: skip
            max_rate = top.messages / top.wall
            half = await phase(p, acc[20 + n :], 20 + n, server, fakes, args.concurrency,
                               max_rate / 2, args.duplicates, 3)  # fmt: skip
            lat_top = latencies(url, top, fakes)
            lat = latencies(url, half, fakes)
            box = fakes.telegram if p == "telegram" else fakes.wechat
            extra = (len(box) - before_sent) - (sent_ids(url, p) - before_ids)
            agreed = count_agreements(url, [a[0] for a in acc[20:]])
            expected = top.expected_agreements + half.expected_agreements
            per_cpu = top.messages / top.cpu if top.cpu else float("nan")
            per_msg = len(box[before_sent:]) / max(1, top.messages + half.messages)
            print(
                f"{name} {p}: {per_cpu:,.0f} msg per CPU-second ({per_cpu / floor_rate:.2f} of "
                f"the floor); {max_rate:,.1f} msg/s wall at max load ({args.concurrency} "
                f"debtors at once; p50 {pct(lat_top, 50):.0f} ms, p99 {pct(lat_top, 99):.0f} ms); "
                f"at half load ({max_rate / 2:,.1f} msg/s) p50 {pct(lat, 50):.0f} ms, "
                f"p99 {pct(lat, 99):.0f} ms; {per_msg:.2f} platform messages per debtor "
                f"message; agreements {agreed} of {expected} expected; "
                f"duplicates sent {top.duplicates_sent + half.duplicates_sent}, "
                f"answered {max(0, extra)}"
            )
        print(f"{name}: server peak RSS {peak_rss_mb(server.proc.pid):.0f} MiB")
    finally:
        server.stop()
        fake_server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--debtors", type=int, default=150, help="debtors per load phase")
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--duplicates", type=float, default=0.05)
    parser.add_argument("--platforms", default="telegram,wechat")
    parser.add_argument("--postgres", default="", help="PostgreSQL server URL (a scratch "
                        "database is created and dropped)")  # fmt: skip
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if not args.no_sqlite:
            asyncio.run(bench_db(f"sqlite:///{workdir / 'bench.db'}", "SQLite", args, workdir))
        if args.postgres:
            bench_pg(args.postgres, args, workdir)


def bench_pg(server: str, args: argparse.Namespace, workdir: Path) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"repaybot_webhooks_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        asyncio.run(bench_db(url, "PostgreSQL", args, workdir))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
