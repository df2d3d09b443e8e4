"""A turn's replies are stored in one INSERT per table, each item tied to its own message."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event, select

from bot.messages import Button
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Message, OutboxItem
from bot.store.replies import PENDING, add_replies
from tests.factories import make_account, make_conversation


def test_each_item_points_at_its_own_reply_in_order_with_one_insert_per_table(
    db: Database, personal: PersonalData, now: datetime
) -> None:
    texts = [f"reply {n}" for n in range(6)]
    inserts: list[str] = []

    def seen(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("INSERT INTO MESSAGES", "INSERT INTO OUTBOX")):
            inserts.append(statement.split("(")[0].strip())

    with db.session() as s:
        conv = make_conversation(s, make_account(s, personal), now, chat_id="c1")
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            ids = add_replies(
                s, conv, [(t, (Button("Yes", f"yes-{t}"),), PENDING, None) for t in texts],
                now=now, in_reply_to_id=None,
            )  # fmt: skip
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    assert inserts == ["INSERT INTO messages", "INSERT INTO outbox"]
    with db.session() as s:
        rows = s.execute(
            select(OutboxItem.id, Message.text, Message.buttons)
            .join(Message, Message.id == OutboxItem.message_id)
            .order_by(OutboxItem.id)
        ).all()
    assert [r.id for r in rows] == ids
    assert [r.text for r in rows] == texts
    assert [r.buttons[0][1] for r in rows] == [f"yes-{t}" for t in texts]
