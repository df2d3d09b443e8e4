"""The outbound rules: what happens to a started message (opt-out, account, window, cap)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.compliance.profiles import Profile, profile_for
from bot.config import ComplianceSettings
from bot.store.models import Account, Conversation, OptOut, OutboxItem
from bot.store.replies import FAILED, PENDING, SENDING

Outcome = Literal["allowed", "held", "dropped", "blocked"]

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


# Outside the hours we may contact a debtor (their own time), only a message to a
# debtor who wrote this recently answers someone writing now.
LIVE_FOR = timedelta(minutes=15)


def is_started(
    conversation: Conversation,
    now: datetime,
    compliance: ComplianceSettings,
    quiet_after: timedelta,
) -> bool:
    """Whether a message to ``conversation`` now starts contact rather than answers.

    It does when the debtor has never written, or not for ``quiet_after``, or,
    outside the hours we may contact them in their own time, not for
    :data:`LIVE_FOR`: such a message is held for their morning like a reminder.
    """
    last = conversation.last_inbound_at
    if last is None or now - last > quiet_after:
        return True
    if now - last <= LIVE_FOR:
        return False
    account = conversation.account
    profile = profile_for(account, compliance)
    return not profile.in_window(now, debtor_timezone(conversation, account))


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
