"""The outbox with the compliance rules applied: what the dialog and agents write through.

Writing and claiming rows is :mod:`bot.store.outbox`'s; this module adds the
rules for started messages (:mod:`bot.compliance.outbound`): a started item is
screened when it is written and again when a delivery worker claims it.
Replies to a debtor who is writing now are never screened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.compliance.outbound import screen_claimed, screen_enqueued
from bot.config import ComplianceSettings
from bot.messages import Button
from bot.store.db import Database
from bot.store.models import Conversation, Message, OutboxItem
from bot.store.outbox import Delivery, OutboxStore
from bot.store.replies import (
    FAILED,
    HELD,
    PENDING,
    SENDING,
    SENT,
    UNDELIVERABLE,
    add_message,
    buttons_from_json,
    buttons_to_json,
)

__all__ = [
    "FAILED", "HELD", "PENDING", "SENDING", "SENT", "UNDELIVERABLE", "Delivery", "Outbox",
    "buttons_from_json", "buttons_to_json", "enqueue",
]  # fmt: skip


def enqueue(
    session: Session,
    conversation: Conversation,
    text: str,
    *,
    now: datetime,
    buttons: Sequence[Button] = (),
    sender: str = "bot",
    in_reply_to_id: int | None = None,
    initiated: bool = False,
    author_user_id: int | None = None,
    compliance: ComplianceSettings | None = None,
) -> tuple[Message, OutboxItem]:
    """Store an outbound message and its outbox item in ``session``'s transaction.

    Args:
        initiated: True for messages nobody is waiting for (reminders, an agent
            writing after the debtor went quiet); compliance rules (contact
            window, caps, opt-outs) apply to those only: the item may come back
            ``held`` or ``undeliverable``, and the decision is audited.
        compliance: The ``[compliance]`` settings (built-in defaults if omitted).
    """
    msg, item = add_message(
        session,
        conversation,
        text,
        now=now,
        buttons=buttons,
        sender=sender,
        in_reply_to_id=in_reply_to_id,
        initiated=initiated,
        author_user_id=author_user_id,
    )
    if initiated:
        screen_enqueued(
            session,
            conversation,
            item,
            now,
            compliance or ComplianceSettings(),
            sender=sender,
            author_user_id=author_user_id,
        )
    return msg, item


class Outbox(OutboxStore):
    """Claims due deliveries (started ones screened) and records their outcome."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        compliance: ComplianceSettings | None = None,
    ) -> None:
        super().__init__(db, clock)
        self.compliance = compliance or ComplianceSettings()

    def screen(self, session: Session, item: OutboxItem, now: datetime, sender: str) -> bool:
        """Whether a started item may be sent now (held or dropped otherwise, audited)."""
        return screen_claimed(session, item, now, self.compliance, sender=sender).allowed

    def claim_due(
        self,
        platform: str,
        limit: int = 50,
        lease_seconds: float = 60,
        hold_replies_seconds: float = 0.0,
        chat_id: str | None = None,
    ) -> list[Delivery]:
        """Take up to ``limit`` due items of ``platform`` (of one chat, if given) for
        sending, oldest first."""
        return self.claim(
            platform, limit, lease_seconds, hold_replies_seconds, self.screen, chat_id=chat_id
        )
