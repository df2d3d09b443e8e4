"""Helpers for compliance tests: an account with a conversation on one platform."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.store.crypto import PersonalData
from bot.store.models import Account, Conversation
from tests.factories import make_account, make_conversation


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
