"""Which lane of the inbox an escalation waits in.

Escalations from chats whose debtor is verified wait in the ``main`` lane.
An anonymous web chat (nobody verified) is escalated into the lower-priority
``unverified`` lane instead, and one client address can put only so many
there per hour: the rest are closed at once (audited as ``escalation.capped``)
so a flood never reaches agents. Once the chat's debtor is verified, its open
escalation moves to the main lane. A web chat opened through a signed link
(:func:`bot.links.create_link`, channel ``web``) counts as verified for this.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.console import limits
from bot.store.db import Database
from bot.store.models import AuditEntry, Conversation, Escalation, Identity

MAIN, UNVERIFIED = "main", "unverified"


def is_verified(session: Session, conv: Conversation) -> bool:
    """Whether the debtor in ``conv`` has proved who they are."""
    context = conv.context if isinstance(conv.context, dict) else {}
    if context.get("verified") or context.get("linked"):
        return True
    if conv.account_id is None:
        return False
    found = session.scalar(
        select(func.count(Identity.id)).where(
            Identity.account_id == conv.account_id,
            Identity.platform == conv.platform,
            Identity.platform_user_id == conv.user_id,
            Identity.verified_at.is_not(None),
        )
    )
    return bool(found)


def _open_conversation(s: Session, platform: str, chat_id: str) -> Conversation | None:
    return s.scalars(
        select(Conversation).where(
            Conversation.platform == platform,
            Conversation.chat_id == chat_id,
            Conversation.is_open.is_(True),
        )
    ).first()


def linked_account(db: Database, platform: str, chat_id: str) -> int | None:
    """The account the open conversation of this chat was bound to by a signed link."""
    with db.session() as s:
        conv = _open_conversation(s, platform, chat_id)
        context = conv.context if conv is not None and isinstance(conv.context, dict) else {}
        return conv.account_id if conv is not None and context.get("linked") else None


def mark_linked(db: Database, platform: str, chat_id: str, account_id: int) -> None:
    """Record that the open conversation of this chat came through a link for ``account_id``."""
    with db.session() as s:
        conv = _open_conversation(s, platform, chat_id)
        if conv is not None and conv.account_id == account_id:
            conv.context = {**(conv.context or {}), "linked": True}


def settle_web_chat(
    db: Database, platform: str, chat_id: str, address: str, per_hour: int, now: datetime
) -> None:
    """Put the open escalations of one web chat in the right lane (see the module docs)."""
    promote: list[int] = []
    newcomers: list[int] = []
    with db.session() as s:
        rows = s.execute(
            select(Escalation, Conversation)
            .join(Conversation, Conversation.id == Escalation.conversation_id)
            .where(
                Conversation.platform == platform,
                Conversation.chat_id == chat_id,
                Escalation.status.in_(("open", "claimed")),
            )
        ).all()
        for esc, conv in rows:
            verified = is_verified(s, conv)
            if verified and esc.lane == UNVERIFIED:
                promote.append(esc.id)
            elif not verified and esc.lane == MAIN and esc.status == "open":
                newcomers.append(esc.id)
    if not promote and not newcomers:
        return
    capped = {
        esc_id
        for esc_id in newcomers
        if not limits.hit(db, f"esc:addr:{address}", per_hour, timedelta(hours=1), now)
    }
    with db.session() as s:
        for esc_id in promote:
            row = s.get(Escalation, esc_id)
            if row is not None:
                row.lane = MAIN
        for esc_id in newcomers:
            row = s.get(Escalation, esc_id)
            if row is None:
                continue
            row.lane = UNVERIFIED
            if esc_id in capped and row.status == "open":
                row.status, row.closed_at = "closed", now
                s.add(
                    AuditEntry(
                        actor="system",
                        action="escalation.capped",
                        conversation_id=row.conversation_id,
                        details={"escalation_id": esc_id, "address": address},
                        created_at=now,
                    )
                )
