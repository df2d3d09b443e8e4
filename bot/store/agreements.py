"""Writing offers, agreements and instalments (prepared Core statements of the turn).

The choices behind them are :mod:`bot.dialog.actions`; these functions only run
the statements, on the caller's connection and in its transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, update

from bot.store.models import Agreement, Instalment, Offer
from bot.store.statements import Statement, insert_ids

_OFFERS: Table = Offer.__table__  # type: ignore[assignment]
_AGREEMENTS: Table = Agreement.__table__  # type: ignore[assignment]
_ACCEPT_OFFER = Statement(
    update(_OFFERS)
    .where(_OFFERS.c.id == bindparam("offer_id"), _OFFERS.c.status != "accepted")
    .values(status="accepted")
    .returning(_OFFERS.c.made_by)
)
_INSERT_AGREEMENT = Statement(insert(_AGREEMENTS))
_INSERT_INSTALMENT = Statement(insert(Instalment.__table__))  # type: ignore[arg-type]


def insert_offers(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert offer rows in one statement; their ids, in order."""
    return insert_ids(conn, _OFFERS, rows)


def accept_offer(conn: Connection, offer_id: int) -> list[tuple[Any, ...]]:
    """Mark the offer accepted unless it already is; ``[(made_by,)]``, or ``[]`` if it was."""
    return _ACCEPT_OFFER.fetch(conn, {"offer_id": offer_id})


def decline_offer(conn: Connection, offer_id: int) -> None:
    """Mark the offer declined if it is still only proposed."""
    conn.execute(
        update(_OFFERS)
        .where(_OFFERS.c.id == offer_id, _OFFERS.c.status == "proposed")
        .values(status="declined")
    )


def insert_agreement(conn: Connection, row: dict[str, Any]) -> int:
    """Insert an agreement row; its id."""
    return _INSERT_AGREEMENT.insert_id(conn, row)


def insert_instalments(conn: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert an agreement's instalment rows (one executemany); how many."""
    return _INSERT_INSTALMENT.run(conn, rows)


def add_moved_instalment(
    agreement: Agreement, seq: int, due_date: date, amount: Decimal
) -> Instalment:
    """Append an instalment for a payment moved to the end of the plan (saved at the next
    flush of the agreement's session, in the caller's transaction)."""
    moved = Instalment(seq=seq, due_date=due_date, amount=amount)
    agreement.instalments.append(moved)
    return moved
