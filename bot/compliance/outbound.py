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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.compliance.profiles import Profile, profile_for
from bot.config import ComplianceSettings
from bot.messages import Button
from bot.store.models import Account, AuditEntry, Conversation, OptOut, OutboxItem
from bot.store.outbox import FAILED, HELD, SENDING
from bot.store.replies import PENDING, UNDELIVERABLE, add_message

Outcome = Literal["allowed", "held", "dropped", "blocked"]

_HELD = HELD
_UNDELIVERABLE = UNDELIVERABLE
_COUNTED_ACTIVE = (PENDING, SENDING, FAILED)


@dataclass(frozen=True)
class Decision:
    """What happens to one started message.

    Attributes:
        decision: ``allowed``, ``held`` (delivered at ``until``), ``dropped`` (never
            delivered) or ``blocked`` (the debtor opted out; never delivered).
        rule: The rule that decided: ``reply``, ``within_limits``, ``opt_out``,
            ``account_status``, ``contact_window`` or ``contact_cap``.
        reason: A sentence for agents and the audit log.
        until: For ``held``: when the message becomes deliverable.
        profile: The jurisdiction profile applied.
        local_time: The debtor's local time when deciding (ISO 8601).
    """

    decision: Outcome
    rule: str
    reason: str
    until: datetime | None = None
    profile: str = ""
    local_time: str = ""

    @property
    def allowed(self) -> bool:
        """True if the message may be delivered now."""
        return self.decision == "allowed"


def debtor_timezone(conversation: Conversation, account: Account | None) -> str | None:
    """The debtor's timezone: the account's, else none (the profile's default)."""
    return account.timezone if account is not None and account.timezone else None


def active_opt_out(session: Session, conversation: Conversation) -> OptOut | None:
    """The debtor's standing opt-out on this conversation's channel, if any."""
    who = [OptOut.platform_user_id == conversation.user_id]
    if conversation.account_id is not None:
        who.append(OptOut.account_id == conversation.account_id)
    return session.scalars(
        select(OptOut)
        .where(
            OptOut.platform == conversation.platform,
            OptOut.revoked_at.is_(None),
            or_(*who),
        )
        .order_by(OptOut.id)
        .limit(1)
    ).first()


def _counted_times(
    session: Session,
    conversation: Conversation,
    since: datetime,
    exclude_item_id: int | None,
    every_channel: bool = False,
) -> list[datetime]:
    """When each started message to this debtor counts against the cap: on this channel,
    or (``every_channel``, for a known account) on all of them."""
    q = (
        select(OutboxItem.status, OutboxItem.created_at, OutboxItem.sent_at)
        .join(Conversation, Conversation.id == OutboxItem.conversation_id)
        .where(OutboxItem.initiated.is_(True))
    )
    if not (every_channel and conversation.account_id is not None):
        q = q.where(OutboxItem.platform == conversation.platform)
    if conversation.account_id is not None:
        q = q.where(Conversation.account_id == conversation.account_id)
    else:
        q = q.where(Conversation.user_id == conversation.user_id)
    if exclude_item_id is not None:
        q = q.where(OutboxItem.id != exclude_item_id)
    times = []
    for status, created_at, sent_at in session.execute(q):
        if status in _COUNTED_ACTIVE:
            times.append(created_at)
        elif status == "sent" and (sent_at or created_at) >= since:
            times.append(sent_at or created_at)
    return sorted(times)


def decide_outbound(
    session: Session,
    conversation: Conversation,
    now: datetime,
    compliance: ComplianceSettings,
    *,
    sender: str = "bot",
    initiated: bool = True,
    exclude_item_id: int | None = None,
) -> Decision:
    """Decide whether a message to ``conversation`` may be delivered at ``now``.

    Args:
        session: Reads opt-outs and earlier started messages.
        conversation: Where the message goes.
        now: The current time (tz-aware).
        compliance: The ``[compliance]`` settings.
        sender: ``bot`` or ``agent``.
        initiated: False for a reply to a debtor who is writing now (always allowed).
        exclude_item_id: The outbox item being re-checked (not counted against the cap).

    Returns:
        The decision; nothing is written.
    """
    account = conversation.account
    profile = profile_for(account, compliance)
    if not initiated:
        return decide(
            conversation, profile, now, compliance, None, lambda _since: [], initiated=False
        )
    opt_out = active_opt_out(session, conversation)

    def counted(since: datetime) -> list[datetime]:
        return _counted_times(
            session, conversation, since, exclude_item_id, profile.cap_across_channels
        )

    return decide(conversation, profile, now, compliance, opt_out, counted, sender=sender)


def decide(
    conversation: Conversation,
    profile: Profile,
    now: datetime,
    compliance: ComplianceSettings,
    opt_out: OptOut | None,
    counted: Callable[[datetime], list[datetime]],
    *,
    sender: str = "bot",
    initiated: bool = True,
) -> Decision:
    """The rules themselves, on what was read: :func:`decide_outbound` without the queries.

    Args:
        conversation: Where the message goes (its ``account`` loaded).
        profile: The profile governing the debtor.
        now: The current time (tz-aware).
        compliance: The ``[compliance]`` settings.
        opt_out: The debtor's standing opt-out on this channel, if any.
        counted: Given the start of the cap period, when each started message to
            this debtor on this channel counts against the cap (sorted); only
            called when the contact window is open.
        sender: ``bot`` or ``agent``.
        initiated: False for a reply to a debtor who is writing now.
    """
    account = conversation.account
    tz = debtor_timezone(conversation, account)
    local = now.astimezone(profile.zone(tz)).isoformat(timespec="minutes")

    def make(decision: Outcome, rule: str, reason: str, until: datetime | None = None) -> Decision:
        return Decision(decision, rule, reason, until, profile.name, local)

    if not initiated:
        return make("allowed", "reply", "a reply to a debtor who is writing now")
    if opt_out is not None:
        when = opt_out.created_at.isoformat(timespec="minutes")
        return make("blocked", "opt_out", f"the debtor opted out on {opt_out.platform} at {when}")
    if account is not None and account.status == "erased":
        return make("dropped", "account_status", "the account's personal data was erased")
    if account is not None and account.status == "disputed" and sender == "bot":
        return make("dropped", "account_status", "collection is paused: the debt is disputed")
    if not profile.in_window(now, tz):
        opens = profile.window_opens(now, tz)
        return _blocked(make, compliance, "contact_window", _window_reason(profile), opens)
    times = counted(now - timedelta(days=profile.cap_days))
    if len(times) >= profile.max_initiated:
        frees = times[len(times) - profile.max_initiated] + timedelta(days=profile.cap_days)
        until = profile.window_opens(max(frees, now), tz)
        reason = (
            f"at most {profile.max_initiated} started messages per {profile.cap_days} days "
            f"on {conversation.platform}"
        )
        return _blocked(make, compliance, "contact_cap", reason, until)
    return make("allowed", "within_limits", "inside the contact window and under the cap")


def _window_reason(profile: Profile) -> str:
    start = profile.window_start.strftime("%H:%M")
    end = profile.window_end.strftime("%H:%M")
    return f"outside the contact window {start}-{end} in the debtor's local time"


def _blocked(
    make: Callable[..., Decision],
    compliance: ComplianceSettings,
    rule: str,
    reason: str,
    until: datetime,
) -> Decision:
    if compliance.blocked_action == "drop":
        return make("dropped", rule, reason)
    return make("held", rule, reason, until)


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
    session.add(entry)
    return entry


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
