"""A turn's replies claimed in the turn's own transaction (``process(lease_seconds=...)``).

The webhook path hands them straight to its delivery loop instead of claiming
them in a second transaction; a reply still waiting from an earlier turn keeps
them unclaimed, so the delivery core sends the chat's replies in order.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.messages import Incoming
from bot.outbox import Outbox
from bot.store.models import OutboxItem
from tests.dialog.conftest import Chat, Debtor


def _incoming(chat: Chat, text: str, message_id: str) -> Incoming:
    return Incoming(chat=chat.ref, message_id=message_id, text=text, timestamp=chat.clock())


def _items(chat: Chat) -> list[OutboxItem]:
    with chat.app.db.session() as s:
        return list(s.scalars(select(OutboxItem).order_by(OutboxItem.id)))


def test_a_turns_replies_are_claimed_with_it_for_the_lease(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    with chat.app.db.session() as s:  # the earlier replies went out
        for item in s.scalars(select(OutboxItem)):
            item.status = "sent"
    turn = chat.engine.process(_incoming(chat, "1", "lease-1"), lease_seconds=90)
    assert turn.leased, "the replies go to the caller's delivery loop"
    assert [d.text for d in turn.leased] == [r.text for r in turn.replies]
    assert [d.id for d in turn.leased] == list(turn.outbox_ids)
    assert {d.chat_id for d in turn.leased} == {chat.ref.chat_id}
    assert turn.leased[-1].buttons == turn.replies[-1].buttons
    leased = [i for i in _items(chat) if i.id in turn.outbox_ids]
    assert {i.status for i in leased} == {"sending"}
    assert {i.attempts for i in leased} == {1}
    # No other worker claims them while the lease lasts; after it, one does.
    outbox = Outbox(chat.app.db, chat.clock)
    assert outbox.claim_due("telegram") == []
    chat.clock.advance(seconds=91)
    assert sorted(d.id for d in outbox.claim_due("telegram")) == sorted(turn.outbox_ids)


def test_a_duplicate_delivery_claims_nothing_again(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    first = chat.engine.process(_incoming(chat, "1", "dup-1"), lease_seconds=90)
    again = chat.engine.process(_incoming(chat, "1", "dup-1"), lease_seconds=90)
    assert again.duplicate
    assert again.replies == first.replies
    assert again.leased == ()


def test_replies_waiting_from_an_earlier_turn_keep_the_new_ones_in_order(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])  # its replies are still pending: nothing sent them
    turn = chat.engine.process(_incoming(chat, "1", "order-1"), lease_seconds=90)
    assert turn.leased == ()
    items = _items(chat)
    assert {i.status for i in items} == {"pending"}
    claimed = Outbox(chat.app.db, chat.clock).claim_due("telegram")
    assert [d.id for d in claimed] == [i.id for i in items]  # the earlier ones first


def test_without_a_lease_the_replies_wait_for_the_delivery_core(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    turn = chat.engine.process(_incoming(chat, "1", "plain-1"))
    assert turn.leased == ()
    due = Outbox(chat.app.db, lambda: chat.clock() + timedelta(seconds=1)).claim_due("telegram")
    assert set(turn.outbox_ids) <= {d.id for d in due}
