"""Rules for messages the bot or an agent starts (reminders, follow-ups).

Replies to a debtor who is writing now are always allowed. A started
("initiated") message is checked, in this order, against:

1. ``opt_out`` — the debtor opted out on this channel: dropped, never held.
2. ``account_status`` — an erased account gets nothing; a disputed account gets
   no bot-started messages (collection is paused; agents may still write).
3. ``contact_window`` — outside the window in the debtor's local time.
4. ``contact_cap`` — too many started messages to this debtor on this channel (on
   every channel together where the profile counts per debt, as Reg F does).

A message blocked by 3 or 4 is held until allowed (``status = "held"``,
``next_attempt_at`` = when it becomes allowed) or dropped
(``undeliverable``), per ``[compliance] blocked_action``. Every decision is
written to the audit log as ``outbound_decision`` with the rule that decided it.
The rules themselves are in :mod:`bot.compliance.outbound_rules`; this module
holds, audits and sends by their decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.compliance.outbound_rules import (
    Decision,
    Outcome,
    active_opt_out,
    debtor_timezone,
    decide,
    decide_outbound,
)
from bot.config import ComplianceSettings
from bot.messages import Button
from bot.store import audit as audit_rows
from bot.store.models import AuditEntry, Conversation, OutboxItem
from bot.store.replies import HELD, UNDELIVERABLE, add_message

_HELD = HELD
_UNDELIVERABLE = UNDELIVERABLE

__all__ = [
    "Decision",
    "Outcome",
    "active_opt_out",
    "apply_decision",
    "audit_decision",
    "audit_values",
    "debtor_timezone",
    "decide",
    "decide_outbound",
    "decision_columns",
    "screen_claimed",
    "screen_enqueued",
    "send_initiated",
]


def apply_decision(item: OutboxItem, decision: Decision) -> None:
    """Set the outbox item's status for a decision that does not allow delivery now."""
    for column, value in decision_columns(decision).items():
        setattr(item, column, value)


def decision_columns(decision: Decision) -> dict[str, Any]:
    """The outbox columns a decision changes (``status``, ``next_attempt_at``, ``error``).

    Empty for a message allowed now: it stays pending.
    """
    if decision.decision == "held":
        assert decision.until is not None
        until = decision.until.isoformat(timespec="minutes")
        return {
            "status": _HELD,
            "next_attempt_at": decision.until,
            "error": f"held until {until}: {decision.reason}",
        }
    if decision.decision in ("dropped", "blocked"):
        return {"status": _UNDELIVERABLE, "error": f"{decision.rule}: {decision.reason}"}
    return {}


def audit_decision(
    session: Session,
    conversation: Conversation,
    item: OutboxItem,
    decision: Decision,
    now: datetime,
    *,
    sender: str,
    author_user_id: int | None = None,
    released: bool = False,
) -> AuditEntry:
    """Write the ``outbound_decision`` audit entry for ``item``."""
    entry = AuditEntry(
        **audit_values(
            conversation,
            item,
            decision,
            now,
            sender=sender,
            author_user_id=author_user_id,
            released=released,
        )
    )
    return audit_rows.add_entry(session, entry)


def audit_values(
    conversation: Conversation,
    item: OutboxItem | tuple[int, int],
    decision: Decision,
    now: datetime,
    *,
    sender: str,
    author_user_id: int | None = None,
    released: bool = False,
) -> dict[str, Any]:
    """The columns of the ``outbound_decision`` audit row (for bulk inserts).

    ``item`` is the outbox item, or its (id, message id) when it was written in bulk.
    """
    item_id, message_id = (item.id, item.message_id) if isinstance(item, OutboxItem) else item
    details: dict[str, object] = {
        "rule": decision.rule,
        "decision": decision.decision,
        "reason": decision.reason,
        "profile": decision.profile,
        "local_time": decision.local_time,
        "outbox_item_id": item_id,
        "message_id": message_id,
        "platform": conversation.platform,
        "sender": sender,
    }
    if decision.until is not None:
        details["until"] = decision.until.isoformat()
    if author_user_id is not None:
        details["author_user_id"] = author_user_id
    if released:
        details["released"] = True
    return {
        "actor": "compliance",
        "action": "outbound_decision",
        "account_id": conversation.account_id,
        "conversation_id": conversation.id,
        "details": details,
        "created_at": now,
    }


def screen_enqueued(
    session: Session,
    conversation: Conversation,
    item: OutboxItem,
    now: datetime,
    compliance: ComplianceSettings,
    *,
    sender: str,
    author_user_id: int | None = None,
) -> Decision:
    """Decide on a just-enqueued started message, update its status and audit it."""
    decision = decide_outbound(
        session, conversation, now, compliance, sender=sender, exclude_item_id=item.id
    )
    apply_decision(item, decision)
    audit_decision(
        session, conversation, item, decision, now, sender=sender, author_user_id=author_user_id
    )
    session.flush()
    return decision


def screen_claimed(
    session: Session,
    item: OutboxItem,
    now: datetime,
    compliance: ComplianceSettings,
    *,
    sender: str,
) -> Decision:
    """Re-check a started message a delivery worker is about to send.

    A held message whose time has come is released (audited as allowed with
    ``released``); a message that is no longer allowed (the window closed, the
    debtor opted out meanwhile) is held or dropped and audited. A message that
    was allowed and still is needs no new entry.
    """
    conversation = session.get(Conversation, item.conversation_id)
    assert conversation is not None
    was_held = item.status == _HELD
    decision = decide_outbound(
        session, conversation, now, compliance, sender=sender, exclude_item_id=item.id
    )
    if decision.allowed:
        if was_held:
            item.error = None
            audit_decision(session, conversation, item, decision, now, sender=sender, released=True)
        return decision
    apply_decision(item, decision)
    audit_decision(session, conversation, item, decision, now, sender=sender)
    return decision


def send_initiated(
    session: Session,
    conversation: Conversation,
    text: str,
    now: datetime,
    sender: str = "bot",
    author_user_id: int | None = None,
    *,
    compliance: ComplianceSettings | None = None,
    buttons: Sequence[Button] = (),
) -> Decision:
    """Start a message (a reminder, an agent follow-up) under the compliance rules.

    The message is always stored (agents see it in the transcript); its outbox
    item is pending, held or undeliverable according to the decision, which is
    audited.

    Args:
        session: The caller's transaction.
        conversation: The debtor's conversation on their platform.
        text: The message.
        now: The current time (tz-aware).
        sender: ``bot`` or ``agent``.
        author_user_id: The console user who wrote it (agents).
        compliance: The ``[compliance]`` settings (defaults: built-in defaults).
        buttons: Choices offered with the message.

    Returns:
        The decision (``decision.allowed``, ``decision.until`` for held messages).
    """
    _msg, item = add_message(
        session,
        conversation,
        text,
        now=now,
        buttons=buttons,
        sender=sender,
        author_user_id=author_user_id,
        initiated=True,
    )
    return screen_enqueued(
        session,
        conversation,
        item,
        now,
        compliance or ComplianceSettings(),
        sender=sender,
        author_user_id=author_user_id,
    )
