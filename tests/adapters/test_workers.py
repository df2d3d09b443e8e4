"""Several ``repaybot serve`` workers on one PostgreSQL database answer each debtor once.

PostgreSQL only: SQLite serves one process by design. Several workers (on one host
or several) share one PostgreSQL (DESIGN.md, "Scale-out"): a row lock per
conversation serialises one chat's messages, unique constraints make a duplicate
delivery harmless, and the outbox lease hands the sends of a worker that died to
the others.

Three workers serve Telegram webhooks and WeChat (plain mode) against local fakes
of both APIs, each worker with its own base URLs so that the fakes know which
worker sent what. Debtors on both platforms go through complete negotiations, each
message POSTed to a random worker and some twice at once to two workers (both
platforms deliver again when an answer is late). One worker is killed (SIGKILL)
while it has messages in flight and a Telegram reply on its way to the Bot API;
every message whose POST did not get HTTP 200 is delivered again to a surviving
worker, as the platforms do. Then: each message was processed once; each debtor's
stored conversation is the same as a control debtor's on the same platform and
path (nothing answered twice); each stored Telegram reply reached the fake once;
each WeChat reply went once, in the passive answer to its message (every answer to
one message the same) or as a customer-service message; each agreement was
recorded once; and nothing is left in the outbox once the dead worker's lease ran
out. There is no setting for the lease (``DeliveryLoop``'s ``lease_seconds``,
120 s): the test runs it out by moving the dead worker's items' ``next_attempt_at``.

Exactly once at the platform has one limit that no design removes while the APIs
have no idempotency key: a reply the killed worker had sent but not yet recorded
is sent again by a survivor after the lease. The test allows exactly that (a copy
sent by the killed worker before it died, of a reply a survivor sent after) and
nothing else. A chat's later reply waits while an earlier one is under any worker's
lease, the dead one's included, or locked by another worker's claim not yet committed.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, func, select, update
from sqlalchemy.orm import aliased

from bot.store.crypto import PersonalData
from bot.store.models import Account, Agreement, Conversation, Message, OutboxItem
from tests.adapters.fake_telegram import Call, FakeBotAPI
from tests.adapters.fake_wechat import FakeWechatApi
from tests.adapters.workers_support import (
    LEASE,
    PATHS,
    TELEGRAM,
    WECHAT,
    Debtor,
    Run,
    Worker,
    seed_debtors,
    until,
)

pytestmark = pytest.mark.processes

SEED = 20261206
# Debtors through the chaos per platform, besides one control debtor per path.
DEBTORS = {TELEGRAM: 14, WECHAT: 6}
DUPLICATES = 0.2  # share of updates delivered twice at once, to two workers
KILL_AFTER = 0.4  # of the expected answers, then a worker with updates in flight dies
SLOW_SENDS = 0.3  # seconds the Bot API takes for each reply of the worker that will die


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as bot_api:
        yield bot_api


@pytest.fixture
def wechat() -> Iterator[FakeWechatApi]:
    with FakeWechatApi() as api:
        yield api


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    db = create_engine(pg_url)
    yield db
    db.dispose()


async def test_workers_answer_each_debtor_once_with_one_killed_mid_run(
    pg_url: str,
    engine: Engine,
    fake: FakeBotAPI,
    wechat: FakeWechatApi,
    personal: PersonalData,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    workers = [Worker(f"w{i}", pg_url, tmp_path, fake, wechat) for i in range(3)]
    try:
        debtors = seed_debtors(pg_url, personal, DEBTORS, SEED)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            for w in workers:
                await w.ready(client)
            up = time.monotonic() - started
            run = Run(fake, wechat, client, engine, workers, SEED, DUPLICATES, alive=list(workers))
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
    wechat_extra, passive, custom = _check_wechat(engine, wechat, run)
    assert passive, "no WeChat reply went in a passive answer"
    # A chat's later replies wait for earlier ones another worker holds, even a dead one,
    # or is claiming at that very moment (tests/store/test_outbox_order.py).
    assert not out_of_order, f"replies out of order in chats {sorted(out_of_order)}"
    print(
        f"\n{len(debtors)} debtors, {run.answered} answers, failed POSTs {dict(run.failures)}; "
        f"killed {run.killed.tag} with {run.inflight_at_kill} in flight; "
        f"{len(stuck)} replies waited for its lease; sent again after the kill: Telegram "
        f"{extra}, WeChat {wechat_extra}; WeChat replies passive {passive}, by message {custom}; "
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
            return list(
                conn.execute(
                    select(
                        items.c.id, items.c.status, items.c.next_attempt_at,
                        items.c.conversation_id,
                    )
                )
            )  # fmt: skip

    def settled() -> bool:
        found = rows()
        dead = {
            r.conversation_id
            for r in found
            if r.status == "sending" and r.next_attempt_at < dead_lease_end
        }
        # A reply the dead worker held keeps its conversation's later replies waiting.
        return all(r.status == "sent" or r.conversation_id in dead for r in found)

    assert await until(settled, 20), f"replies not sent: {Counter(r.status for r in rows())}"
    stuck = [r.id for r in rows() if r.status == "sending" and r.next_attempt_at < dead_lease_end]
    if stuck:
        with engine.begin() as conn:
            conn.execute(
                update(items)
                .where(items.c.id.in_(stuck), items.c.status == "sending")
                .values(next_attempt_at=datetime.now(UTC))
            )
    done = await until(lambda: all(r.status == "sent" for r in rows()), 20)
    assert done, f"replies left in the outbox: {Counter(r.status for r in rows())}"
    return stuck


def _check_updates(engine: Engine, debtors: list[Debtor], run: Run) -> None:
    """Each update became one inbound message, however often it was delivered."""
    with engine.connect() as conn:
        found = defaultdict(list)
        for chat, mid in conn.execute(
            select(Conversation.chat_id, Message.platform_message_id)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Message.direction == "in")
        ):
            found[chat].append(mid)
    for d in debtors:
        assert sorted(found[d.chat]) == sorted(run.updates[d.chat]), d


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
            .order_by(Message.id)
        ).all()
    by_chat: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for chat, direction, text in rows:
        by_chat[chat].append((direction, text))
    controls: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for d in debtors:
        transcript = [(way, _normal(text, d)) for way, text in by_chat[d.chat]]
        if d.control:
            controls[d.platform, d.path] = transcript
            assert sum(way == "out" for way, _t in transcript) >= len(d.lines), d
        else:
            assert transcript == controls[d.platform, d.path], f"{d} differs from its control"


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
            .where(items.c.platform == TELEGRAM)
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


def _check_wechat(engine: Engine, wechat: FakeWechatApi, run: Run) -> tuple[int, int, int]:
    """Each WeChat reply reached the debtor once: in the passive answer to its message
    (every answer to one message the same, however often it was delivered) or as one
    customer-service message; other copies only from the killed worker before it died, of
    replies a survivor sent after. Returns how many such copies there were, and how many
    replies went passively and as customer-service messages."""
    assert run.killed is not None
    items, inbound = OutboxItem.__table__, aliased(Message)
    with engine.connect() as conn:
        stored = conn.execute(
            select(items.c.sent_message_id, items.c.attempts, Message.text,
                   inbound.platform_message_id.label("answering"))
            .join(Message, Message.id == items.c.message_id)
            .join(inbound, inbound.id == Message.in_reply_to_id, isouter=True)
            .where(items.c.platform == WECHAT)
            .order_by(items.c.id)
        ).all()  # fmt: skip
    for key, answers in run.answers.items():
        assert len(set(answers)) == 1, f"message {key} answered differently: {answers}"
    passive: dict[str, list[Any]] = defaultdict(list)
    custom: dict[int, list[Any]] = defaultdict(list)
    for row in stored:
        if row.sent_message_id == "passive":
            passive[row.answering].append(row)
        else:
            assert row.sent_message_id.startswith("custom:"), row
            custom[int(row.sent_message_id.split(":", 1)[1])].append(row)
    for key, rows in passive.items():
        _contains(run.answers[key][0], rows, f"the answer to {key}")
    sends = [c for c in wechat.send_calls() if c.msgid is not None]
    assert set(custom) <= {c.msgid for c in sends}, "a reply recorded as sent never arrived"
    copies = 0
    for call in sends:
        assert call.body is not None
        content = call.body["text"]["content"]
        if call.msgid in custom:
            _contains(content, custom[call.msgid], f"message {call.msgid}")
            continue
        resent = [
            c for c in sends
            if c.msgid in custom and c.body == call.body and c.at > run.killed_at
            and c.tag != run.killed.tag and all(r.attempts >= 2 for r in custom[c.msgid])
        ]  # fmt: skip
        assert call.tag == run.killed.tag and call.at < run.killed_at and resent, (
            f"{content!r} sent twice ({call.tag})"
        )
        copies += 1
    return copies, sum(map(len, passive.values())), sum(map(len, custom.values()))


def _contains(text: str, rows: list[Any], where: str) -> None:
    """The replies of ``rows`` are in ``text``, in order (one message per turn)."""
    pos = 0
    for row in rows:
        pos = text.find(row.text, pos)
        assert pos >= 0, f"{row.text!r} not in {where}: {text!r}"
