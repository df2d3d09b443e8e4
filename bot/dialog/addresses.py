"""Messages from an address (email, SMS) into the engine, and what the channel reports.

Email and SMS chats are addresses: :func:`receive` links accounts' addresses
(:func:`bot.store.contacts.sync_accounts`), remembers the sender's address
(encrypted) and runs the engine on the chat whose id is the address's keyed
hash, so a sender whose address an account has continues that account's
conversation (verification still applies). :func:`unusable` records a bounce
or a dead number; :func:`unsubscribe` a one-click unsubscribe (an opt-out on
that channel, recorded at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.messages import ChatRef, Incoming
from bot.store import contacts

ONE_CLICK = "the debtor unsubscribed with the one-click link; the click was the confirmation"

if TYPE_CHECKING:
    from bot.dialog.engine import DialogEngine
    from bot.dialog.results import Turn


@dataclass(frozen=True)
class Arrival:
    """One message from a normalised address.

    Attributes:
        platform: ``email`` or ``sms``.
        address: the sender's address (normalised: lower-case email, E.164 number).
        message_id: the platform's id (Message-ID, MessageSid): the dedupe key.
        text: the debtor's new text.
        command: a keyword turned command (``stop``, ``start``), if any.
        locale_hint: the language the text looks like, if known.
        timestamp: when it was sent, if known.
    """

    platform: str
    address: str
    message_id: str
    text: str = ""
    command: str | None = None
    locale_hint: str | None = None
    timestamp: datetime | None = None


def chat_of(engine: DialogEngine, platform: str, address: str, *, inbound: bool) -> ChatRef:
    """The chat of ``address`` (accounts' addresses linked first)."""
    now = engine.clock()
    region = engine.settings.sms.default_region
    with engine.db.session() as s:
        # A known address needs only the accounts changed since; a new one, also those
        # changed at the same moment as the last sync read (an import's rows share a time).
        known = contacts.find(s, engine.personal, platform, contacts.chat_key(
            engine.personal, platform, address)) is not None  # fmt: skip
        contacts.sync_accounts(s, engine.personal, now, region=region, strict=known)
        row = contacts.remember(s, engine.personal, platform, address, now, inbound=inbound)
        key = row.chat_id
    return ChatRef(platform, key, key)


def receive(engine: DialogEngine, arrival: Arrival) -> Turn:
    """Run the engine on one message from an address."""
    chat = chat_of(engine, arrival.platform, arrival.address, inbound=True)
    incoming = Incoming(
        chat=chat,
        message_id=arrival.message_id,
        text=arrival.text,
        locale_hint=arrival.locale_hint,
        timestamp=arrival.timestamp,
        command=arrival.command,
    )
    return engine.process(incoming)


def answered(
    engine: DialogEngine, arrival: Arrival, answer: str | None, *, queued: bool = False
) -> bool:
    """A message the channel answered itself (SMS HELP): stored with the answer (as sent,
    or ``queued`` for the delivery core) in the chat's conversation, so agents see both;
    the dialog does not move.

    ``answer`` is None when the message alone is stored. False when the message was
    stored before (its answer is not queued twice).
    """
    chat = chat_of(engine, arrival.platform, arrival.address, inbound=True)
    incoming = Incoming(
        chat=chat,
        message_id=arrival.message_id,
        text=arrival.text,
        locale_hint=arrival.locale_hint,
        timestamp=arrival.timestamp,
    )
    return engine.note_answered(incoming, answer, queued=queued)


def opted_out(engine: DialogEngine, platform: str, address: str) -> bool:
    """Whether an opt-out is in force for ``address`` on ``platform``."""
    key = contacts.chat_key(engine.personal, platform, address)
    with engine.db.session() as s:
        return contacts.opted_out(s, platform, key)


def unusable(
    engine: DialogEngine, platform: str, reason: str, *, address: str = "", chat_id: str = ""
) -> bool:
    """The address (or chat) failed for good; False when it is not one we know."""
    key = chat_id or contacts.chat_key(engine.personal, platform, address)
    with engine.db.session() as s:
        return contacts.mark_unusable(s, platform, key, reason, engine.clock(), actor=platform)


def unsubscribe(engine: DialogEngine, platform: str, chat_id: str, event_id: str) -> bool:
    """A one-click unsubscribe: the opt-out on this channel, at once; False if unknown.

    Handled as the debtor's stop (so the conversation closes and agents see
    it); the confirmation is not sent, the click itself was the answer.
    """
    with engine.db.session() as s:
        known = contacts.find(s, engine.personal, platform, chat_id)
        if known is None:
            return False
        contacts.set_consent(s, platform, chat_id, contacts.REVOKED, engine.clock())
    chat = ChatRef(platform, chat_id, chat_id)
    incoming = Incoming(chat, event_id, command="unsubscribe", timestamp=engine.clock())
    engine.process(incoming, undeliverable=ONE_CLICK)
    return True


def full_text(engine: DialogEngine, item_ids: tuple[int, ...]) -> tuple[list[str], int | None]:
    """The texts of these outbox items, in order, and the account of their conversation
    (a long SMS read on the web)."""
    from sqlalchemy import select

    from bot.store.models import Conversation, Message, OutboxItem

    with engine.db.session() as s:
        rows = s.execute(
            select(OutboxItem.id, Message.text, Conversation.account_id)
            .join(Message, Message.id == OutboxItem.message_id)
            .join(Conversation, Conversation.id == OutboxItem.conversation_id)
            .where(OutboxItem.id.in_(list(item_ids)))
            .order_by(OutboxItem.id)
        ).all()
    account = next((a for _i, _t, a in rows if a is not None), None)
    return [text for _id, text, _a in rows], account


def consent(engine: DialogEngine, platform: str, address: str, value: str) -> None:
    """Record the debtor's consent (SMS START) or its withdrawal (STOP) on this channel."""
    key = contacts.chat_key(engine.personal, platform, address)
    with engine.db.session() as s:
        contacts.set_consent(s, platform, key, value, engine.clock())
