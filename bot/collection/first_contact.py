"""A reminder's first contact by email or SMS, for a debtor the bot has never spoken to.

When a reminder is due for an account that has no conversation but has an
email address or a mobile number (from the accounts import) that may be used
(consent not withdrawn, no opt-out in force, not marked unusable), the
reminder opens a conversation on the first such channel in ``[channels]
preferred_order`` and sends a neutral message instead: who is writing (the
``[sender]`` name used before verification), a request to reply or to open a
signed, expiring web-chat link bound to the account. Nothing about the debt,
its amount or the creditor is in it: anyone may read it. The channel adds its
opt-out wording (the SMS footer, the email's notice and unsubscribe headers).

The debtor's reply continues that conversation, which starts where any other
does: the verification questions come first. Until the debtor is verified
there, later reminders sent to it are this neutral message again.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.links import make_token
from bot.store.contacts import EMAIL, REVOKED, SMS, sync_accounts
from bot.store.conversations import add_conversation
from bot.store.crypto import PersonalData
from bot.store.models import Account, ContactChannel, Conversation, OptOut

#: The context key that marks a conversation a reminder opened (the debtor has not written).
MARK = "first_contact"
CHANNELS = (EMAIL, SMS)


def neutral(conv: Conversation) -> bool:
    """Whether reminders to ``conv`` must stay neutral: a reminder opened it and the
    debtor has not been verified in it."""
    ctx = conv.context or {}
    return bool(ctx.get(MARK)) and not ctx.get("verified")


def _pick(table: dict[str, str], locale: str) -> str:
    return table.get(locale) or table.get(locale.split("_")[0]) or table.get("en") or ""


@dataclass
class FirstContact:
    """Opens first-contact conversations and words their neutral message.

    Args:
        personal: the personal-data keys (addresses are linked from accounts).
        link_secret: ``security.link_secret`` (the web-chat link's signature).
        web_base: the public URL of the web chat.
        sender: ``[sender] name`` per locale (the neutral name).
        texts: the message per locale, with ``{sender}`` and ``{link}``.
        link_ttl: how long the web-chat link stays valid.
        start: the active script's initial state and version id (a new conversation's).
        region: the default region of phone numbers.
        order: ``[channels] preferred_order``.
        default_locale: the locale of an account without one.
    """

    personal: PersonalData
    link_secret: str
    web_base: str
    sender: dict[str, str]
    texts: dict[str, str]
    link_ttl: timedelta
    start: Callable[[Session], tuple[str, int | None]]
    region: str = "US"
    order: Sequence[str] = ()
    default_locale: str = "en"

    def addresses(
        self, s: Session, account_ids: set[int], now: datetime
    ) -> dict[int, ContactChannel]:
        """Each account's usable email or SMS address, the first in the preferred order."""
        if not account_ids:
            return {}
        sync_accounts(s, self.personal, now, region=self.region)
        rows = list(
            s.scalars(
                select(ContactChannel).where(
                    ContactChannel.account_id.in_(account_ids),
                    ContactChannel.platform.in_(CHANNELS),
                    ContactChannel.unusable_at.is_(None),
                    ContactChannel.consent != REVOKED,
                )
            )
        )
        opted = {
            (o.platform, o.platform_user_id, o.account_id)
            for o in s.scalars(
                select(OptOut).where(
                    OptOut.revoked_at.is_(None),
                    OptOut.platform.in_(CHANNELS),
                    OptOut.platform_user_id.in_([r.chat_id for r in rows])
                    | OptOut.account_id.in_(account_ids),
                )
            )
        }
        users = {(p, u) for p, u, _a in opted}
        accounts = {(p, a) for p, _u, a in opted if a is not None}
        rank = {platform: i for i, platform in enumerate(self.order)}
        out: dict[int, ContactChannel] = {}
        for row in sorted(rows, key=lambda r: (rank.get(r.platform, len(rank)), r.id)):
            if row.account_id is None or row.account_id in out:
                continue
            if (row.platform, row.chat_id) in users or (row.platform, row.account_id) in accounts:
                continue
            out[row.account_id] = row
        return out

    def open(
        self, s: Session, account: Account, address: ContactChannel, now: datetime
    ) -> Conversation:
        """The conversation on ``address`` (its open one, else a new one marked first contact)."""
        conv = s.scalars(
            select(Conversation).where(
                Conversation.platform == address.platform,
                Conversation.chat_id == address.chat_id,
                Conversation.is_open.is_(True),
            )
        ).first()
        if conv is not None:
            return conv
        state, version = self.start(s)
        conv = Conversation(
            platform=address.platform,
            chat_id=address.chat_id,
            user_id=address.chat_id,
            account_id=account.id,
            state=state,
            context={MARK: True},
            mode="bot",
            locale=account.locale or self.default_locale,
            script_version_id=version,
            is_open=True,
            started_at=now,
            updated_at=now,
        )
        return add_conversation(s, conv)

    def text(self, account: Account, conv: Conversation, now: datetime) -> str:
        """The neutral message: the sender's name and how to answer, in the debtor's language."""
        locale = conv.locale or account.locale or self.default_locale
        token = make_token(
            account.id,
            channel="web",
            secret=self.link_secret,
            expires=now + self.link_ttl,
            token_id=secrets.token_bytes(8),
        )
        link = f"{self.web_base.rstrip('/')}/chat?link={token}"
        return _pick(self.texts, locale).format(sender=_pick(self.sender, locale), link=link)
