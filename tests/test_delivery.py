"""The delivery core: batched claims, one message per turn, retries, dead letters, blocks."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.delivery import DeliveryLoop
from bot.delivery_policy import Backoff, RetryPolicy, join_turns
from bot.messages import Button, ChatRef, Gone, Outbound, Retry, SendResult, Sent
from bot.outbox import Outbox, enqueue
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Message, OptOut, OutboxItem
from bot.store.outbox import Delivery
from tests.factories import make_account, make_conversation

YES_NO = (Button("Yes", "yes"), Button("No", "no"))


class Collecting:
    """A channel that records what it is asked to send and answers from a script."""

    platform = "telegram"
    max_text = 4096

    def __init__(self, *answers: SendResult) -> None:
        self.sent: list[Outbound] = []
        self.answers = list(answers)

    async def send(self, message: Outbound) -> SendResult:
        self.sent.append(message)
        if self.answers:
            return self.answers.pop(0)
        return Sent(f"m{len(self.sent)}")


def item(i: int, text: str, *, turn: int | None = 1, sender: str = "bot", buttons=()) -> Delivery:  # type: ignore[no-untyped-def]
    return Delivery(i, 1, "telegram", "c1", text, tuple(buttons), 1, sender, turn, "u1")


def test_a_turns_replies_become_one_message_with_the_buttons_of_the_last() -> None:
    groups = join_turns(
        [item(1, "Thanks."), item(2, "You owe $10."), item(3, "Pay now?", buttons=YES_NO)], 4096
    )
    assert [g.message.text for g in groups] == ["Thanks.\n\nYou owe $10.\n\nPay now?"]
    assert groups[0].message.buttons == YES_NO
    assert groups[0].message.item_ids == (1, 2, 3)


def test_buttons_agents_other_turns_and_the_size_limit_end_a_message() -> None:
    groups = join_turns(
        [
            item(1, "Pick one", buttons=YES_NO),
            item(2, "later"),
            item(3, "from a person", sender="agent"),
            item(4, "next turn", turn=2),
            item(5, "x" * 10, turn=2),
        ],
        15,
    )
    assert [g.message.item_ids for g in groups] == [(1,), (2,), (3,), (4,), (5,)]


def test_one_backoff_per_kind_and_a_dead_letter_after_max_attempts() -> None:
    policy = RetryPolicy(network=Backoff(2.0, 300.0), server=Backoff(10.0, 3600.0), max_attempts=4)
    assert policy.delay(Retry("429", after=7.0, kind="rate_limited"), 9) == 7.0
    assert [policy.delay(Retry("reset"), n) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert policy.delay(Retry("502", kind="server"), 2) == 20.0
    assert policy.delay(Retry("reset"), 4) is None


def _queue(db: Database, personal: PersonalData, now: datetime, chats: int, replies: int) -> None:
    with db.session() as s:
        account = make_account(s, personal)
        for c in range(chats):
            conv = make_conversation(s, account, now, user_id=f"u{c}", chat_id=f"c{c}")
            inbound = Message(
                conversation_id=conv.id, platform="telegram", platform_message_id=f"in{c}",
                direction="in", sender="debtor", text="hi", created_at=now,
            )  # fmt: skip
            s.add(inbound)
            s.flush()
            for r in range(replies):
                enqueue(s, conv, f"reply {r}", now=now, in_reply_to_id=inbound.id)


def statuses(db: Database) -> list[tuple[str, str | None]]:
    with db.session() as s:
        rows = s.execute(
            select(OutboxItem.status, OutboxItem.sent_message_id).order_by(OutboxItem.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_many_chats_claimed_at_once_each_turn_sent_as_one_message(
    db: Database, personal: PersonalData, now: datetime
) -> None:
    _queue(db, personal, now, chats=3, replies=3)
    channel = Collecting()
    loop = DeliveryLoop(channel, Outbox(db, lambda: now))
    assert asyncio.run(loop.deliver_due()) == 9
    assert sorted(m.chat_id for m in channel.sent) == ["c0", "c1", "c2"]
    assert all(m.text == "reply 0\n\nreply 1\n\nreply 2" for m in channel.sent)
    sent = statuses(db)
    assert {st for st, _ in sent} == {"sent"}
    assert len({mid for _, mid in sent}) == 3  # the items of one message share its id
    assert asyncio.run(loop.deliver_due()) == 0
    assert loop.metrics.counts["messages"] == 3


def test_a_failed_send_waits_its_backoff_then_goes_and_gives_up_after_max(
    db: Database, personal: PersonalData, now: datetime
) -> None:
    _queue(db, personal, now, chats=1, replies=1)
    clock = [now]
    policy = RetryPolicy(network=Backoff(5.0, 60.0), max_attempts=2)
    channel = Collecting(Retry("connection reset"), Retry("connection reset"))
    loop = DeliveryLoop(channel, Outbox(db, lambda: clock[0]), policy=policy)
    asyncio.run(loop.deliver_due())
    assert statuses(db) == [("failed", None)]
    assert asyncio.run(loop.deliver_due()) == 0  # not due for 5 s
    clock[0] = now + timedelta(seconds=6)
    asyncio.run(loop.deliver_due())
    with db.session() as s:
        dead = s.scalars(select(OutboxItem)).one()
        assert dead.status == "undeliverable"
        assert dead.error is not None and "gave up after 2 attempts" in dead.error
    assert len(channel.sent) == 2


def test_a_block_reported_on_send_is_recorded_and_nothing_more_goes(
    db: Database, personal: PersonalData, now: datetime
) -> None:
    _queue(db, personal, now, chats=1, replies=1)
    blocked: list[ChatRef] = []
    channel = Collecting(Gone("forbidden: bot was blocked by the user", blocked=True))
    loop = DeliveryLoop(channel, Outbox(db, lambda: now), on_blocked=blocked.append)
    asyncio.run(loop.deliver_due())
    assert blocked == [ChatRef("telegram", "c0", "u0")]
    assert statuses(db) == [("undeliverable", None)]


def test_items_of_a_debtor_who_blocked_the_bot_are_dropped_by_the_claim(
    db: Database, personal: PersonalData, now: datetime
) -> None:
    _queue(db, personal, now, chats=2, replies=1)
    with db.session() as s:
        s.add(OptOut(platform="telegram", platform_user_id="u1", source="blocked", created_at=now))
    claimed = Outbox(db, lambda: now).claim_due("telegram")
    assert [d.chat_id for d in claimed] == ["c0"]
    with db.session() as s:
        dropped = s.scalars(select(OutboxItem).where(OutboxItem.chat_id == "c1")).one()
        assert (dropped.status, dropped.error) == ("undeliverable", "the debtor blocked the bot")


class Slow(Collecting):
    """Takes ``seconds`` over the first send (a long pacing wait, a slow platform)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    async def send(self, message: Outbound) -> SendResult:
        if not self.sent:
            await asyncio.sleep(self.seconds)
        return await super().send(message)


def test_a_message_that_waited_past_its_lease_is_left_to_the_next_claim_not_sent(
    db: Database, personal: PersonalData, now: datetime
) -> None:
    with db.session() as s:
        conv = make_conversation(s, make_account(s, personal), now, user_id="u0", chat_id="c0")
        for n in (1, 2):  # two turns: two messages, in order
            inbound = Message(
                conversation_id=conv.id, platform="telegram", platform_message_id=f"in{n}",
                direction="in", sender="debtor", text="hi", created_at=now,
            )  # fmt: skip
            s.add(inbound)
            s.flush()
            enqueue(s, conv, f"answer {n}", now=now, in_reply_to_id=inbound.id)
    clock = [now]
    slow = Slow(0.5)
    loop = DeliveryLoop(slow, Outbox(db, lambda: clock[0]), lease_seconds=0.4)
    asyncio.run(loop.deliver_due())
    # The second message's lease ran out while the first was sent: another worker
    # may have it now, so this loop neither sends it nor writes it back.
    assert [m.text for m in slow.sent] == ["answer 1"]
    assert [st for st, _ in statuses(db)] == ["sent", "sending"]
    assert loop.metrics.counts["lease_expired"] == 1
    clock[0] = now + timedelta(seconds=1)  # the lease ran out: the next claim sends it once
    other = Collecting()
    asyncio.run(DeliveryLoop(other, Outbox(db, lambda: clock[0])).deliver_due())
    assert [m.text for m in other.sent] == ["answer 2"]
    assert [st for st, _ in statuses(db)] == ["sent", "sent"]
