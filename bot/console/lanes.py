"""Which lane of the inbox an escalation waits in.

Escalations from chats whose debtor is verified wait in the ``main`` lane.
An anonymous web chat (nobody verified) is escalated into the lower-priority
``unverified`` lane instead, and one client address can put only so many
there per hour: the rest are closed at once (audited as ``escalation.capped``)
so a flood never reaches agents, and the debtor is told so (:func:`refuse_handoff`:
the reply that promised a colleague is replaced, before it is delivered, by one
saying that a colleague can take the chat once the debtor is verified). A debtor
in distress and a data-rights request are never capped: a person must answer
those. Once the chat's debtor is verified, its open
escalation moves to the main lane. A web chat opened through a signed link
(:func:`bot.links.create_link`, channel ``web``) counts as verified for this.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.console import limits
from bot.escalations import Reason
from bot.store import audit, replies
from bot.store.db import Database
from bot.store.models import Conversation, Escalation, Identity, Message, OutboxItem
from bot.store.replies import PENDING, SENDING

MAIN, UNVERIFIED = "main", "unverified"
# Hand-overs a person must answer, whatever the flood: never capped.
NEVER_CAPPED = frozenset({Reason.DISTRESS.value, Reason.DATA_REQUEST.value})


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
) -> set[int]:
    """Put the open escalations of one web chat in the right lane (see the module docs).

    Returns:
        The conversations whose escalations were capped (closed) just now.
    """
    promote: list[int] = []
    newcomers: list[int] = []
    exempt: set[int] = set()
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
                if esc.reason in NEVER_CAPPED:
                    exempt.add(esc.id)
    if not promote and not newcomers:
        return set()
    capped = {
        esc_id
        for esc_id in newcomers
        if esc_id not in exempt
        and not limits.hit(db, f"esc:addr:{address}", per_hour, timedelta(hours=1), now)
    }
    closed: set[int] = set()
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
                closed.add(row.conversation_id)
                audit.record(
                    s,
                    actor="system",
                    action="escalation.capped",
                    conversation_id=row.conversation_id,
                    details={"escalation_id": esc_id, "address": address},
                    now=now,
                )
    return closed


def refuse_handoff(
    db: Database, conversation_id: int, promised: Sequence[int], refused: str
) -> bool:
    """Tell the truth about a capped hand-over before it is delivered.

    The replies that told the debtor a colleague will answer (outbox items
    ``promised``, still pending or claimed by the caller's turn) are replaced by
    one saying ``refused``, and the chat carries on with the bot unless a person
    still has a case open in it.
    False when there was nothing to take back (already delivered, or no text).
    """
    if not promised or not refused:
        return False
    with db.session() as s:
        items = s.scalars(
            select(OutboxItem)
            .where(OutboxItem.id.in_(list(promised)), OutboxItem.status.in_((PENDING, SENDING)))
            .order_by(OutboxItem.id)
            .with_for_update()
        ).all()
        if not items:
            return False
        first, *rest = items
        message = s.get(Message, first.message_id)
        if message is not None:
            message.text = refused
        for item in rest:
            gone = s.get(Message, item.message_id)
            replies.delete_item(s, item, gone)
        conv = s.get(Conversation, conversation_id)
        still_open = s.scalar(
            select(func.count(Escalation.id)).where(
                Escalation.conversation_id == conversation_id, Escalation.status != "closed"
            )
        )
        if conv is not None and not still_open and conv.mode == "agent":
            conv.mode = "bot"
            context = dict(conv.context or {})
            context.pop("acked_at", None)
            conv.context = context
    return True
