"""The outbound rules for many started messages at once (reminders), in a few queries.

:func:`decide_outbound_many` gives each message the decision
:func:`bot.compliance.outbound.decide_outbound` would give it if the messages
were enqueued one after the other: the opt-outs and the started messages that
count against the contact cap are read once for the whole batch, and a message
the batch allows counts against the cap of a later message to the same debtor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.compliance.outbound_rules import _COUNTED_ACTIVE, Decision, decide
from bot.compliance.profiles import Profile, profile_for
from bot.config import ComplianceSettings
from bot.store.models import Conversation, OptOut, OutboxItem

# ("account", platform or "*" for every channel, account id) | ("user", platform, user id)
_Debtor = tuple[str, str, object]
EVERY = "*"


def _counts_under(conversation: Conversation) -> list[_Debtor]:
    """Every key a started message to ``conversation`` counts under."""
    keys: list[_Debtor] = [("user", conversation.platform, conversation.user_id)]
    if conversation.account_id is not None:
        keys.append(("account", conversation.platform, conversation.account_id))
        keys.append(("account", EVERY, conversation.account_id))
    return keys


def _capped_by(conversation: Conversation, profile: Profile) -> _Debtor:
    """The key whose messages count against the cap of a message to ``conversation``.

    A debtor with an account is capped across that account's chats, on this
    channel or (``profile.cap_across_channels``) on every channel; one without
    is capped by platform user.
    """
    if conversation.account_id is None:
        return ("user", conversation.platform, conversation.user_id)
    channel = EVERY if profile.cap_across_channels else conversation.platform
    return ("account", channel, conversation.account_id)


def decide_outbound_many(
    session: Session,
    conversations: Sequence[Conversation],
    now: datetime,
    compliance: ComplianceSettings,
    *,
    sender: str = "bot",
) -> list[Decision]:
    """Decide on one started message per entry of ``conversations``, in order.

    Args:
        session: Reads opt-outs and earlier started messages (nothing is written).
        conversations: Where each message goes (their accounts loaded or loadable).
        now: The current time (tz-aware).
        compliance: The ``[compliance]`` settings.
        sender: ``bot`` or ``agent``.

    Returns:
        One decision per conversation, as ``decide_outbound(initiated=True)`` would
        decide them in this order with each allowed message already in the outbox.
    """
    if not conversations:
        return []
    by_override: dict[str | None, Profile] = {}
    profiles = []
    for conv in conversations:
        override = conv.account.compliance_profile if conv.account is not None else None
        if override not in by_override:
            by_override[override] = profile_for(conv.account, compliance)
        profiles.append(by_override[override])
    stops = _opt_outs(session, conversations)
    counted = _counted(session, conversations, now, profiles)
    out = []
    for conv, profile in zip(conversations, profiles, strict=True):
        stop = _first_opt_out(stops, conv)

        def times(since: datetime, key: _Debtor = _capped_by(conv, profile)) -> list[datetime]:
            return sorted(t for t, always in counted[key] if always or t >= since)

        decision = decide(conv, profile, now, compliance, stop, times, sender=sender)
        if decision.allowed:  # pending in the outbox: it counts for the next message
            for key in _counts_under(conv):
                counted[key].append((now, True))
        out.append(decision)
    return out


def _opt_outs(
    session: Session, conversations: Sequence[Conversation]
) -> dict[tuple[str, str, object], list[OptOut]]:
    platforms = {c.platform for c in conversations}
    users = {c.user_id for c in conversations}
    accounts = {c.account_id for c in conversations if c.account_id is not None}
    who = [OptOut.platform_user_id.in_(users)]
    if accounts:
        who.append(OptOut.account_id.in_(accounts))
    rows = session.scalars(
        select(OptOut)
        .where(OptOut.platform.in_(platforms), OptOut.revoked_at.is_(None), or_(*who))
        .order_by(OptOut.id)
    )
    found: dict[tuple[str, str, object], list[OptOut]] = defaultdict(list)
    for row in rows:
        found[("user", row.platform, row.platform_user_id)].append(row)
        if row.account_id is not None:
            found[("account", row.platform, row.account_id)].append(row)
    return found


def _first_opt_out(
    stops: dict[tuple[str, str, object], list[OptOut]], conv: Conversation
) -> OptOut | None:
    """The oldest standing opt-out by this platform user or this account, as ``active_opt_out``."""
    candidates = list(stops.get(("user", conv.platform, conv.user_id), ()))
    if conv.account_id is not None:
        candidates += stops.get(("account", conv.platform, conv.account_id), ())
    return min(candidates, key=lambda o: o.id) if candidates else None


def _counted(
    session: Session,
    conversations: Sequence[Conversation],
    now: datetime,
    profiles: Sequence[Profile],
) -> dict[_Debtor, list[tuple[datetime, bool]]]:
    """Per debtor key: (time, counts whatever the period) of each started message.

    Active items (pending, sending, failed) count by their creation whatever
    their age; sent ones by when they were sent, if inside the longest cap period
    of the batch (each message's own period is applied by the caller).
    """
    since = now - timedelta(days=max(p.cap_days for p in profiles))
    accounts = {c.account_id for c in conversations if c.account_id is not None}
    anonymous = {c.user_id for c in conversations if c.account_id is None}
    who = []
    if accounts:
        who.append(Conversation.account_id.in_(accounts))
    if anonymous:
        who.append(Conversation.user_id.in_(anonymous))
    # Two steps, so that the outbox is read by conversation (its index) however
    # many items wait in it: the debtors' conversations, then their started items.
    chats = {
        conv_id: (account_id, user_id)
        for conv_id, account_id, user_id in session.execute(
            select(Conversation.id, Conversation.account_id, Conversation.user_id).where(or_(*who))
        )
    }
    q = select(
        OutboxItem.conversation_id,
        OutboxItem.platform,
        OutboxItem.status,
        OutboxItem.created_at,
        OutboxItem.sent_at,
    ).where(
        OutboxItem.conversation_id.in_(chats),
        OutboxItem.initiated.is_(True),
        or_(
            OutboxItem.status.in_(_COUNTED_ACTIVE),
            func.coalesce(OutboxItem.sent_at, OutboxItem.created_at) >= since,
        ),
    )
    counted: dict[_Debtor, list[tuple[datetime, bool]]] = defaultdict(list)
    for conv_id, platform, status, created_at, sent in session.execute(q) if chats else ():
        if status in _COUNTED_ACTIVE:
            entry = (created_at, True)
        elif status == "sent":
            entry = (sent or created_at, False)
        else:
            continue  # held or undeliverable: not counted
        account_id, user_id = chats[conv_id]
        counted[("user", platform, user_id)].append(entry)
        if account_id is not None:
            counted[("account", platform, account_id)].append(entry)
            counted[("account", EVERY, account_id)].append(entry)
    return counted
