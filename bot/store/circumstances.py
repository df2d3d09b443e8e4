"""Circumstances a debtor told us about: recorded once per kind and conversation, read
for the console and ``accounts show``, erased with the account's personal data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from bot.store.models import Circumstance


def record(
    session: Session,
    *,
    account_id: int,
    conversation_id: int | None,
    kinds: Iterable[str],
    channel: str,
    now: datetime,
) -> list[str]:
    """Record ``kinds`` for the account, skipping those already recorded in this conversation.

    Returns:
        The kinds newly recorded.
    """
    wanted = list(dict.fromkeys(kinds))
    if not wanted:
        return []
    known = set(
        session.scalars(
            select(Circumstance.kind).where(
                Circumstance.account_id == account_id,
                Circumstance.conversation_id == conversation_id,
            )
        )
    )
    new = [k for k in wanted if k not in known]
    for kind in new:
        session.add(
            Circumstance(
                account_id=account_id,
                conversation_id=conversation_id,
                kind=kind,
                channel=channel,
                said_at=now,
            )
        )
    if new:
        session.flush()
    return new


def of_account(session: Session, account_id: int) -> list[Circumstance]:
    """The account's circumstances, oldest first."""
    return list(
        session.scalars(
            select(Circumstance)
            .where(Circumstance.account_id == account_id)
            .order_by(Circumstance.said_at, Circumstance.id)
        )
    )


def told_before(session: Session, account_id: int, conversation_id: int) -> list[str]:
    """Kinds the debtor told us about in earlier conversations."""
    params = {"account_id": account_id, "conversation_id": conversation_id}
    return list(dict.fromkeys(session.scalars(_TOLD_BEFORE, params)))


_TOLD_BEFORE = (
    select(Circumstance.kind)
    .where(
        Circumstance.account_id == bindparam("account_id"),
        Circumstance.conversation_id.is_distinct_from(bindparam("conversation_id")),
    )
    .order_by(Circumstance.id)
)


def forget(session: Session, account_id: int) -> int:
    """Delete the account's circumstances; returns how many."""
    result = session.execute(delete(Circumstance).where(Circumstance.account_id == account_id))
    return int(getattr(result, "rowcount", 0) or 0)
