"""A turn's offers are stored in one INSERT, each id given back for its own plan."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import event, select

from bot.store.agreements import insert_offers
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Offer
from tests.factories import make_account, make_conversation


def test_offers_get_their_own_ids_in_order_from_one_insert(
    db: Database, personal: PersonalData, now: datetime
) -> None:
    totals = [Decimal(t) for t in ("5450.00", "5600.00", "5900.00", "6100.00")]
    inserts: list[str] = []

    def seen(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO OFFERS"):
            inserts.append(statement)

    with db.session() as s:
        account = make_account(s, personal)
        conv = make_conversation(s, account, now, chat_id="c1")
        # An earlier offer, so the new ids do not start at 1.
        (first,) = insert_offers(s.connection(), [_row(conv.id, account.id, Decimal(1), now)])
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            ids = insert_offers(s.connection(), [_row(conv.id, account.id, t, now) for t in totals])
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    assert len(inserts) == 1
    assert len(set(ids)) == len(totals) and first not in ids
    with db.session() as s:
        stored = {i: t for i, t in s.execute(select(Offer.id, Offer.total))}
    assert [stored[i] for i in ids] == totals


def _row(conversation_id: int, account_id: int, total: Decimal, now: datetime) -> dict[str, object]:
    return {
        "conversation_id": conversation_id, "account_id": account_id, "kind": "instalments",
        "currency": "USD", "total": total, "discount": Decimal(0), "frequency": "monthly",
        "schedule": [], "round": 0, "made_by": "bot", "status": "proposed", "created_at": now,
    }  # fmt: skip
