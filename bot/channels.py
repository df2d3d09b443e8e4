"""Each configured platform's adapter wired to its own delivery loop.

:func:`configured` builds, for an :class:`~bot.app.App`, the adapters whose
platform is configured, each with a :class:`~bot.delivery.DeliveryLoop` and
the platform's retry policy. :class:`Channel` starts and stops the pair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.adapters.email import PLATFORM as EMAIL
from bot.adapters.email import unsubscribe
from bot.adapters.email.compose import Recipient, display_from
from bot.adapters.email.smtp import EmailAdapter
from bot.adapters.sms import PLATFORM as SMS
from bot.adapters.sms import more
from bot.adapters.sms.adapter import SmsAdapter, SmsRecipient
from bot.adapters.sms.provider import Provider
from bot.adapters.sms.tencent import TencentProvider
from bot.adapters.sms.twilio import TwilioProvider
from bot.adapters.telegram import TelegramAdapter
from bot.adapters.wechat import WechatAdapter
from bot.config import Settings, TelegramSettings, WechatSettings
from bot.delivery import DeliveryLoop
from bot.delivery_policy import Backoff, RetryPolicy
from bot.dialog.results import Turn
from bot.messages import Blocked, ChatRef
from bot.outbox import SENT, Outbox
from bot.store import contacts
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.kv import SharedValues
from bot.store.models import Account, Conversation, Message, OutboxItem
from bot.store.outbox import Delivery, last_inbound, sent_since

if TYPE_CHECKING:
    from bot.dialog.engine import DialogEngine

TELEGRAM_POLICY = RetryPolicy(
    network=Backoff(2.0, 300.0), server=Backoff(2.0, 300.0), max_attempts=10
)
WECHAT_POLICY = RetryPolicy(
    network=Backoff(10.0, 3600.0), server=Backoff(10.0, 3600.0), max_attempts=8
)
EMAIL_POLICY = RetryPolicy(
    network=Backoff(30.0, 3600.0), server=Backoff(60.0, 3600.0), max_attempts=8
)
SMS_POLICY = RetryPolicy(
    network=Backoff(10.0, 1800.0), server=Backoff(30.0, 3600.0), max_attempts=8
)
Adapter = TelegramAdapter | WechatAdapter | EmailAdapter | SmsAdapter


@dataclass
class Channel:
    """An adapter and the delivery loop that sends through it."""

    adapter: Adapter
    delivery: DeliveryLoop

    @property
    def platform(self) -> str:
        """The platform's name."""
        return self.adapter.platform

    async def start(self) -> None:
        """Connect the adapter, then start delivering."""
        await self.adapter.start()
        await self.delivery.start()

    async def stop(self) -> None:
        """Stop taking updates, finish the sends under way, disconnect."""
        try:
            await self.adapter.stop()
        finally:
            await self.delivery.stop()


def hand_turns(delivery: DeliveryLoop) -> Callable[[object], None]:
    """What an adapter calls after each committed message, with what the engine
    returned: the replies the turn claimed go to ``delivery`` (with none, it looks
    for due items)."""

    def take(result: object) -> None:
        delivery.take(result.leased if isinstance(result, Turn) else ())

    return take


def telegram(
    settings: TelegramSettings, db: Database, outbox: Outbox, engine: DialogEngine
) -> Channel | None:
    """Telegram's channel, or None when no token is configured."""
    if not settings.token:
        return None
    delivery: DeliveryLoop
    adapter = TelegramAdapter(
        settings,
        # A turn's replies are claimed as they are written and sent by this
        # process's delivery loop, with no second transaction to claim them.
        process=lambda incoming: engine.process(incoming, lease_seconds=delivery.lease_seconds),
        record=engine.record,
        run=db.run,
    )
    delivery = DeliveryLoop(
        adapter,
        outbox,
        policy=TELEGRAM_POLICY,
        run_db=db.run,
        on_blocked=lambda chat: engine.record(Blocked(chat)),
    )
    adapter.on_processed = hand_turns(delivery)
    return Channel(adapter, delivery)


def wechat(settings: WechatSettings, db: Database, outbox: Outbox) -> Channel | None:
    """WeChat's channel, or None when no AppID/AppSecret is configured."""
    s = settings
    if not s.app_id or not s.app_secret:
        return None
    adapter = WechatAdapter(s, tokens=SharedValues(db, outbox.clock))
    delivery = DeliveryLoop(
        adapter,
        outbox,
        policy=WECHAT_POLICY,
        run_db=db.run,
        check=window_check(db, outbox.clock, s),
        # Replies younger than this may still go out as a passive reply.
        hold_replies_seconds=s.reply_deadline_seconds + 2.0,
    )
    return Channel(adapter, delivery)


def email(settings: Settings, db: Database, outbox: Outbox, engine: DialogEngine) -> Channel | None:
    """Email's channel, or None when no SMTP server is configured."""
    if not settings.email.smtp_host:
        return None
    find = email_recipients(db, engine.personal, settings, engine.keys.link_secret)

    async def lookup(chat_id: str) -> Recipient | None:
        found: Recipient | None = await db.run(find, chat_id)
        return found

    adapter = EmailAdapter(settings.email, lookup)
    delivery = DeliveryLoop(
        adapter,
        outbox,
        policy=EMAIL_POLICY,
        run_db=db.run,
        on_unusable=lambda chat, reason: mark_unusable(db, outbox.clock, chat, reason),
    )
    return Channel(adapter, delivery)


def sms_provider(settings: Settings) -> Provider | None:
    """The configured SMS provider, or None."""
    cfg = settings.sms
    if cfg.provider == "twilio" and cfg.twilio.account_sid:
        return TwilioProvider(cfg.twilio)
    if cfg.provider == "tencent" and cfg.tencent.secret_id:
        names = settings.sender.name
        return TencentProvider(cfg.tencent, sender=names.get("zh_CN") or names.get("en", ""))
    return None


def sms(settings: Settings, db: Database, outbox: Outbox, engine: DialogEngine) -> Channel | None:
    """The SMS channel, or None when no provider is configured."""
    provider = sms_provider(settings)
    if provider is None:
        return None
    personal, cfg = engine.personal, settings.sms
    base, secret = public_url(settings), engine.keys.link_secret

    def find(chat_id: str) -> SmsRecipient | None:
        with db.session() as s:
            contact = contacts.find(s, personal, SMS, chat_id)
            if contact is None:
                return None
            locale = s.scalar(
                select(Conversation.locale)
                .where(Conversation.platform == SMS, Conversation.chat_id == chat_id)
                .order_by(Conversation.id.desc())
                .limit(1)
            )
        return SmsRecipient(contact.address, locale or cfg.default_locale)

    async def lookup(chat_id: str) -> SmsRecipient | None:
        found: SmsRecipient | None = await db.run(find, chat_id)
        return found

    adapter = SmsAdapter(cfg, provider, lookup, lambda ids: more.link(base, secret, ids))
    delivery = DeliveryLoop(
        adapter,
        outbox,
        policy=SMS_POLICY,
        run_db=db.run,
        on_unusable=lambda chat, reason: mark_unusable(db, outbox.clock, chat, reason),
    )
    return Channel(adapter, delivery)


def mark_unusable(db: Database, clock: Callable[[], datetime], chat: ChatRef, why: str) -> None:
    """The platform said the address failed for good: nothing more goes there."""
    with db.session() as s:
        contacts.mark_unusable(s, chat.platform, chat.chat_id, why, clock(), actor=chat.platform)


def public_url(settings: Settings) -> str:
    """Where the web app is reached from outside (links in mails and texts)."""
    web = settings.web
    return (web.public_url or f"http://{web.host}:{web.port}").rstrip("/")


def email_recipients(
    db: Database, personal: PersonalData, settings: Settings, fallback_secret: str
) -> Callable[[str], Recipient | None]:
    """Reads, for one email chat, what a mail to it needs (address, language, thread)."""
    cfg = settings.email
    secret = cfg.unsubscribe_secret.reveal() or fallback_secret
    base = public_url(settings)

    def find(chat_id: str) -> Recipient | None:
        with db.session() as s:
            contact = contacts.find(s, personal, EMAIL, chat_id)
            if contact is None:
                return None
            conv = s.scalars(
                select(Conversation)
                .where(Conversation.platform == EMAIL, Conversation.chat_id == chat_id)
                .order_by(Conversation.id.desc())
                .limit(1)
            ).first()
            locale = conv.locale if conv is not None and conv.locale else cfg.default_locale
            account_id = (conv.account_id if conv is not None else None) or contact.account_id
            creditor = s.scalar(select(Account.creditor).where(Account.id == account_id))
            inbound = s.execute(
                select(Message.created_at, Message.platform_message_id)
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(
                    Conversation.platform == EMAIL,
                    Conversation.chat_id == chat_id,
                    Message.direction == "in",
                    Message.platform_message_id.is_not(None),
                )
                .order_by(Message.id.desc())
                .limit(10)
            ).all()
            sent = s.execute(
                select(OutboxItem.sent_at, OutboxItem.sent_message_id)
                .where(
                    OutboxItem.platform == EMAIL,
                    OutboxItem.chat_id == chat_id,
                    OutboxItem.status == SENT,
                    OutboxItem.sent_message_id.is_not(None),
                )
                .order_by(OutboxItem.id.desc())
                .limit(10)
            ).all()
        # Only real Message-IDs thread (a digest stood in for a missing or overlong one).
        ids = sorted(
            [(when, str(mid)) for when, mid in [*inbound, *sent] if when and _threads(mid)],
            key=lambda pair: pair[0],
        )
        last_in = next((mid for _w, mid in inbound if _threads(mid)), None)
        sender = settings.sender.name
        name = sender.get(locale) or sender.get("en") or ""
        from_address = cfg.from_by_creditor.get(creditor or "", "") or cfg.from_address
        return Recipient(
            address=contact.address,
            locale=locale,
            from_address=display_from(name, from_address),
            reply_to=cfg.reply_to_by_creditor.get(creditor or "", "") or cfg.reply_to,
            subject=(cfg.subject.get(locale) or cfg.subject.get("en") or "").format(sender=name),
            unsubscribe_url=unsubscribe.link(base, secret, chat_id),
            sender=name,
            in_reply_to=last_in,
            references=tuple(dict.fromkeys(mid for _w, mid in ids)),
        )

    return find


def _threads(mid: str | None) -> bool:
    return bool(mid) and not str(mid).startswith("sha256:")


def configured(
    settings: Settings, db: Database, outbox: Outbox, engine: DialogEngine
) -> list[Channel]:
    """The channels of every configured platform."""
    found = (
        wechat(settings.wechat, db, outbox),
        telegram(settings.telegram, db, outbox, engine),
        email(settings, db, outbox, engine),
        sms(settings, db, outbox, engine),
    )
    channels = [c for c in found if c is not None]
    for channel in channels:
        channel.delivery.lease_seconds = settings.channels.lease_seconds
    return channels


def window_check(
    db: Database, clock: Callable[[], datetime], settings: WechatSettings
) -> Callable[[Delivery], str | None]:
    """WeChat's customer-service rules: why a message cannot go now, before WeChat is asked.

    Messages may only be sent within ``service_window_hours`` of the debtor's
    last message, and only ``service_window_quota`` of them per such window.
    """
    hours, quota = settings.service_window_hours, settings.service_window_quota

    def check(item: Delivery) -> str | None:
        if item.template is not None:
            return None  # template messages are not bound to the window or its quota
        now = clock()
        with db.session() as s:
            last = last_inbound(s, "wechat", item.chat_id)
            if last is None:
                return (
                    "WeChat window closed: the debtor has not written to the Official Account, "
                    "so customer-service messages are not allowed"
                )
            if now - last > timedelta(hours=hours):
                return (
                    f"WeChat window closed: the debtor last wrote at {last:%Y-%m-%d %H:%M} UTC, "
                    f"more than {hours} hours ago; wait until they write again"
                )
            if sent_since(s, "wechat", item.chat_id, last, "custom") >= quota:
                return (
                    f"WeChat quota used: {quota} customer-service messages were already sent "
                    f"since the debtor last wrote at {last:%Y-%m-%d %H:%M} UTC; "
                    "wait until they write again"
                )
        return None

    return check
