"""When an account was last active, and whether its records must still be kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.compliance.profiles import profile_for
from bot.config import ComplianceSettings
from bot.store.models import Account, Agreement, Conversation


def conversation_ids(session: Session, account_id: int) -> list[int]:
    """The ids of the conversations bound to ``account_id``."""
    return list(
        session.scalars(select(Conversation.id).where(Conversation.account_id == account_id))
    )


def conversation_activity() -> Any:
    """Per account: when its conversations last changed."""
    return (
        select(
            Conversation.account_id.label("account_id"),
            func.max(Conversation.updated_at).label("at"),
        )
        .where(Conversation.account_id.is_not(None))
        .group_by(Conversation.account_id)
        .subquery()
    )


def agreement_activity() -> Any:
    """Per account: when its last agreement was recorded."""
    return (
        select(Agreement.account_id.label("account_id"), func.max(Agreement.created_at).label("at"))
        .group_by(Agreement.account_id)
        .subquery()
    )


def latest_activity(status: str, pinned: datetime | None, *moments: datetime | None) -> datetime:
    """The latest of ``pinned`` and ``moments``, or ``pinned`` alone once erased.

    Erasure pins an account's last activity (the erasure itself is not activity).
    """
    if status == "erased" and pinned is not None:
        return pinned
    return max(m for m in (pinned, *moments) if m is not None)


def last_activity(session: Session, account: Account) -> datetime:
    """When anything last happened on the account: an import that changed it, a
    conversation turn, an agreement (and ``last_activity_at`` when set)."""
    conv = session.scalar(
        select(func.max(Conversation.updated_at)).where(Conversation.account_id == account.id)
    )
    agreed = session.scalar(
        select(func.max(Agreement.created_at)).where(Agreement.account_id == account.id)
    )
    return latest_activity(
        account.status, account.last_activity_at, account.updated_at, conv, agreed
    )


def must_keep(
    session: Session, account: Account, now: datetime, compliance: ComplianceSettings
) -> bool:
    """True while agreements must be kept: legal hold or inside the retention period."""
    if account.legal_hold:
        return True
    until = profile_for(account, compliance).retention_until(last_activity(session, account))
    return now < until
