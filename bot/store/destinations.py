"""Where a message to a debtor goes: which of an account's conversations may carry it.

A conversation's channel may carry a message when the debtor has not opted out
there, has not withdrawn consent, the address still works and the bot is not
blocked. Started messages (reminders) go to the channel the debtor last wrote on
when it may, else by the channels' preferred order; an agent's reply follows the
debtor to the channel they wrote on since.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.contacts import REVOKED
from bot.store.models import ContactChannel, Conversation, Identity, OptOut


def _usable(
    s: Session, convs: list[Conversation], account_ids: set[int]
) -> Callable[[Conversation], bool]:
    """Whether a conversation's channel may carry a message: not opted out, consent not
    withdrawn, the address not unusable, the bot not blocked."""
    users = {c.user_id for c in convs}
    opted = {
        (o.platform, o.platform_user_id, o.account_id)
        for o in s.scalars(
            select(OptOut).where(
                OptOut.revoked_at.is_(None),
                (OptOut.platform_user_id.in_(users)) | (OptOut.account_id.in_(account_ids)),
            )
        )
    }
    opted_users = {(p, u) for p, u, _a in opted}
    opted_accounts = {(p, a) for p, _u, a in opted if a is not None}
    dead = {
        (c.platform, c.chat_id)
        for c in s.scalars(
            select(ContactChannel).where(
                ContactChannel.chat_id.in_(users),
                (ContactChannel.unusable_at.is_not(None)) | (ContactChannel.consent == REVOKED),
            )
        )
    }
    dead |= {
        (i.platform, i.platform_user_id)
        for i in s.scalars(
            select(Identity).where(
                Identity.platform_user_id.in_(users), Identity.unreachable.is_(True)
            )
        )
    }

    def usable(c: Conversation) -> bool:
        return (
            (c.platform, c.user_id) not in opted_users
            and (c.platform, c.account_id) not in opted_accounts
            and (c.platform, c.user_id) not in dead
        )

    return usable


def usable_conversations(
    s: Session, convs: list[Conversation], account_ids: set[int]
) -> Callable[[Conversation], bool]:
    """Whether each of ``convs`` may carry a message (see :func:`reply_conversations`)."""
    return _usable(s, convs, account_ids)


def reply_conversations(
    s: Session, account_ids: set[int], order: Sequence[str] = ()
) -> dict[int, Conversation]:
    """Where started messages (reminders) to each account go.

    The conversation on the channel the debtor last wrote on, if it can be used
    (not opted out, consent not withdrawn, the address not unusable, the bot
    not blocked). Otherwise the account's usable conversation on the first
    channel of ``order`` (``[channels] preferred_order``), channels not in it
    after those, the debtor's latest first within each. When none can be used,
    the latest conversation (whose message the outbox then screens and records
    as undeliverable).
    """
    if not account_ids:
        return {}
    convs = list(s.scalars(select(Conversation).where(Conversation.account_id.in_(account_ids))))
    if not convs:
        return {}
    usable = _usable(s, convs, account_ids)
    rank = {platform: i for i, platform in enumerate(order)}
    out: dict[int, Conversation] = {}
    by_account: dict[int, list[Conversation]] = {}
    for c in convs:
        if c.account_id is not None:
            by_account.setdefault(c.account_id, []).append(c)
    for account_id, mine in by_account.items():
        latest = max(mine, key=lambda c: c.id)
        floor = datetime.min.replace(tzinfo=latest.started_at.tzinfo)
        ranked = sorted(mine, key=lambda c: (c.last_inbound_at or floor, c.id), reverse=True)
        if ranked[0].last_inbound_at is not None and usable(ranked[0]):
            out[account_id] = ranked[0]
            continue
        ranked.sort(key=lambda c: rank.get(c.platform, len(rank)))  # stable: latest first
        out[account_id] = next((c for c in ranked if usable(c)), latest)
    return out


def last_used(s: Session, conv: Conversation) -> Conversation | None:
    """Where an agent's reply in ``conv`` goes instead, or None to answer in ``conv``.

    The account's conversation the debtor last wrote in whose channel still
    works (not opted out, the address not unusable, the bot not blocked), when
    that is another conversation than ``conv``: e.g. an SMS that came after
    an email thread.
    """
    if conv.account_id is None:
        return None
    mine = list(s.scalars(select(Conversation).where(Conversation.account_id == conv.account_id)))
    usable = _usable(s, mine, {conv.account_id})
    wrote = [c for c in mine if c.last_inbound_at is not None and usable(c)]
    if not wrote:
        return None
    best = max(wrote, key=lambda c: (c.last_inbound_at or c.started_at, c.id))
    return None if best.id == conv.id else best
