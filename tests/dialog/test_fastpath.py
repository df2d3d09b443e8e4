"""The per-message writes store the same rows whether or not they bypass SQLAlchemy."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.app import App
from bot.store.models import Agreement, Event, Instalment, Message, Offer, OutboxItem
from tests.dialog.conftest import Chat, Clock, Debtor

IGNORED = {"id", "conversation_id", "message_id", "in_reply_to_id", "offer_id", "agreement_id",
           "platform_message_id", "chat_id", "data"}  # fmt: skip


def _conversation(app: App, clock: Clock, debtor: Debtor, who: str) -> list[tuple[str, Any]]:
    with app.db.session() as s:  # each run starts without a plan (one plan per debt)
        s.execute(update(Agreement).values(status="cancelled"))
    chat = Chat(app, clock, who=who)
    chat.verify(debtor)
    chat.say("每月五百")
    chat.press(1)
    chat.say("是")
    rows: list[tuple[str, Any]] = []
    with app.db.session() as s:
        for model in (Message, Event, OutboxItem, Offer, Agreement):
            table = model.__table__
            query = (
                select(table)
                .where(table.c.conversation_id == chat.conversation_id)  # type: ignore[attr-defined]
                .order_by(table.c.id)  # type: ignore[attr-defined]
            )
            for row in s.execute(query).mappings():
                rows.append((model.__name__, {k: v for k, v in row.items() if k not in IGNORED}))
        instalments = s.execute(
            select(Instalment.seq, Instalment.due_date, Instalment.amount)
            .join(Agreement, Agreement.id == Instalment.agreement_id)
            .where(Agreement.conversation_id == chat.conversation_id)
            .order_by(Instalment.seq)
        ).all()
        rows += [("Instalment", tuple(i)) for i in instalments]
    return rows


def test_rows_are_the_same_with_the_statement_log_on_and_off(
    app: App, clock: Clock, accounts: dict[str, Debtor], caplog: pytest.LogCaptureFixture
) -> None:
    fast = _conversation(app, clock, accounts["zh_CN"], "fast")
    with caplog.at_level(logging.INFO, logger="sqlalchemy.engine.Engine"):
        logged = _conversation(app, clock, accounts["zh_CN"], "logged")
    assert "INSERT INTO events" in caplog.text  # this run went through SQLAlchemy
    assert fast == logged
    assert {kind for kind, _ in fast} == {
        "Message", "Event", "OutboxItem", "Offer", "Agreement", "Instalment"
    }  # fmt: skip
