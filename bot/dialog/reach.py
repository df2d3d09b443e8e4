"""Whether a debtor can be reached: blocking the bot is an opt-out, on every platform.

A platform saying the debtor blocked the bot (Telegram: a 403 "bot was blocked
by the user" on send, or a ``my_chat_member`` update with status ``kicked``)
marks the user's identities unreachable and records an
:class:`~bot.store.models.OptOut` with ``source="blocked"``; nothing is sent to
that chat again, and the chat's open escalations close (a person cannot reach
the debtor either; a data-rights request stays open, it must still be answered).
Unblocking the bot or writing to it again lifts both. The dialog engine is the
only caller (:meth:`bot.dialog.engine.DialogEngine.record`), so every platform's
block takes the same path; the delivery core learns of it with its claim.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import escalations
from bot.escalations import Reason
from bot.store import audit, optouts
from bot.store import identities as identity_rows
from bot.store.models import Conversation, Identity, OptOut

BLOCKED = "blocked"


def record_blocked(
    session: Session, user_id: str, chat_id: str, now: datetime, platform: str = "telegram"
) -> bool:
    """Mark ``user_id`` unreachable and opted out; False if it already was."""
    identities = session.scalars(
        select(Identity).where(Identity.platform == platform, Identity.platform_user_id == user_id)
    ).all()
    for identity in identities:
        identity.unreachable = True
    if _active_block(session, platform, user_id) is not None:
        return False
    account_id = (
        identities[0].account_id
        if identities
        else _conversation_account(session, platform, chat_id)
    )
    optouts.add_opt_out(
        session,
        account_id=account_id,
        platform=platform,
        platform_user_id=user_id,
        source=BLOCKED,
        now=now,
    )
    audit.record(
        session,
        actor=platform,
        action="opt_out.blocked",
        account_id=account_id,
        details={"platform": platform, "chat_id": chat_id, "rule": "blocked_the_bot"},
        now=now,
    )
    _close_escalations(session, platform, chat_id, account_id, now)
    return True


def _close_escalations(
    session: Session, platform: str, chat_id: str, account_id: int | None, now: datetime
) -> None:
    conv_id = session.scalar(
        select(Conversation.id).where(
            Conversation.platform == platform,
            Conversation.chat_id == chat_id,
            Conversation.is_open.is_(True),
        )
    )
    if conv_id is None:
        return
    escalations.close_open(
        session,
        [conv_id],
        now,
        why="debtor blocked the bot",
        actor=platform,
        keep=(Reason.DATA_REQUEST,),
        account_id=account_id,
    )


def clear_blocked(
    session: Session, user_id: str, now: datetime, platform: str = "telegram"
) -> None:
    """The user unblocked the bot or wrote to it: reachable again."""
    identity_rows.mark_reachable(session, platform, user_id)
    optouts.revoke(session, platform, user_id, now, source=BLOCKED)


def _active_block(session: Session, platform: str, user_id: str) -> int | None:
    return session.scalar(
        select(OptOut.id).where(
            OptOut.platform == platform,
            OptOut.platform_user_id == user_id,
            OptOut.source == BLOCKED,
            OptOut.revoked_at.is_(None),
        )
    )


def _conversation_account(session: Session, platform: str, chat_id: str) -> int | None:
    return session.scalar(
        select(Conversation.account_id)
        .where(
            Conversation.platform == platform,
            Conversation.chat_id == chat_id,
            Conversation.account_id.is_not(None),
        )
        .order_by(Conversation.id.desc())
        .limit(1)
    )
