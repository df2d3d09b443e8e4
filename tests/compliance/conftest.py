"""Helpers for compliance tests: an account with a conversation on one platform."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.store.crypto import PersonalData
from bot.store.models import Account, Conversation
from tests.factories import make_account


def make_conversation(
    session: Session,
    account: Account | None,
    now: datetime,
    *,
    platform: str = "telegram",
    user_id: str = "u-1",
    locale: str = "en",
) -> Conversation:
    """An open conversation of ``account`` (or an unbound user) on ``platform``."""
    conv = Conversation(
        platform=platform,
        chat_id=f"chat-{user_id}",
        user_id=user_id,
        account_id=account.id if account is not None else None,
        state="start",
        context={},
        locale=locale,
        started_at=now,
        updated_at=now,
        last_inbound_at=now,
    )
    session.add(conv)
    session.flush()
    return conv


def make_debtor(
    session: Session,
    personal: PersonalData,
    now: datetime,
    *,
    ref: str = "A-1001",
    timezone: str = "America/New_York",
    platform: str = "telegram",
    user_id: str = "u-1",
    **kwargs: Any,
) -> tuple[Account, Conversation]:
    """An account in ``timezone`` and its conversation."""
    account = make_account(session, personal, ref=ref, timezone=timezone, **kwargs)
    conv = make_conversation(session, account, now, platform=platform, user_id=user_id)
    return account, conv
