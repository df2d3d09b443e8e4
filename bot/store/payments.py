"""Writing payment rows (checking and applying a payment is :mod:`bot.collection.payments`)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.store.models import Payment


def add_payment(
    session: Session,
    *,
    external_id: str,
    account_id: int,
    amount: Decimal,
    currency: str,
    paid_at: datetime,
    source: str,
    applied: Decimal,
    credit: Decimal,
    allocations: list[list[int | str]],
    now: datetime,
) -> Payment:
    """Add a payment row to ``session`` (its id comes with the next flush)."""
    row = Payment(
        external_id=external_id,
        account_id=account_id,
        amount=amount,
        currency=currency,
        paid_at=paid_at,
        source=source,
        applied=applied,
        credit=credit,
        allocations=allocations,
        created_at=now,
    )
    session.add(row)
    return row
