"""Where started messages go: the channel the debtor last used that still works, else the
preferred order of channels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.store import contacts, destinations
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Account, Conversation, OptOut
from tests.factories import make_account

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


def _conversation(s: Any, account: Account, platform: str, user: str, wrote: datetime) -> Any:
    conv = Conversation(
        platform=platform, chat_id=user, user_id=user, account_id=account.id, state="offer",
        context={}, mode="bot", locale="en", is_open=True, started_at=wrote, updated_at=wrote,
        last_inbound_at=wrote,
    )  # fmt: skip
    s.add(conv)
    s.flush()
    return conv


def test_started_messages_go_to_the_channel_the_debtor_last_used_that_still_works(
    db: Database, personal: PersonalData
) -> None:
    with db.session() as s:
        account = make_account(s, personal)
        contacts.sync_accounts(s, personal, NOW, region="CN")
        email_key = contacts.chat_key(personal, "email", "li.wei@example.com")
        telegram = _conversation(s, account, "telegram", "tg-1", NOW - timedelta(days=3))
        email = _conversation(s, account, "email", email_key, NOW - timedelta(days=1))
        older_sms = _conversation(s, account, "sms", "sms-x", NOW - timedelta(days=9))
        assert destinations.reply_conversations(s, {account.id})[account.id].id == email.id
        # The address bounced: the channel used before it.
        contacts.mark_unusable(s, "email", email_key, "bounced", NOW, actor="email")
        assert destinations.reply_conversations(s, {account.id})[account.id].id == telegram.id
        # Opted out of Telegram too: the SMS chat.
        s.add(OptOut(account_id=account.id, platform="telegram", platform_user_id="tg-1",
                     source="typed", created_at=NOW))  # fmt: skip
        s.flush()
        assert destinations.reply_conversations(s, {account.id})[account.id].id == older_sms.id
        s.add(OptOut(account_id=account.id, platform="sms", platform_user_id="sms-x",
                     source="typed", created_at=NOW))  # fmt: skip
        s.flush()
        # Nothing works: the latest conversation, whose message the outbox then drops.
        assert destinations.reply_conversations(s, {account.id})[account.id].id == older_sms.id


def test_past_the_last_reply_channel_the_preferred_order_decides(
    db: Database, personal: PersonalData
) -> None:
    order = ["sms", "email", "telegram"]
    with db.session() as s:
        account = make_account(s, personal)
        contacts.sync_accounts(s, personal, NOW, region="CN")
        email_key = contacts.chat_key(personal, "email", "li.wei@example.com")
        telegram = _conversation(s, account, "telegram", "tg-1", NOW - timedelta(days=1))
        email = _conversation(s, account, "email", email_key, NOW - timedelta(days=3))
        sms = _conversation(s, account, "sms", "sms-x", NOW - timedelta(days=9))
        # The last reply channel works: it wins over the order.
        assert (
            destinations.reply_conversations(s, {account.id}, order)[account.id].id == telegram.id
        )
        s.add(OptOut(account_id=account.id, platform="telegram", platform_user_id="tg-1",
                     source="typed", created_at=NOW))  # fmt: skip
        s.flush()
        # Opted out of it: the first channel of the order, though email is more recent.
        assert destinations.reply_conversations(s, {account.id}, order)[account.id].id == sms.id
        assert destinations.reply_conversations(s, {account.id})[account.id].id == email.id
        s.add(OptOut(account_id=account.id, platform="sms", platform_user_id="sms-x",
                     source="typed", created_at=NOW))  # fmt: skip
        s.flush()
        assert destinations.reply_conversations(s, {account.id}, order)[account.id].id == email.id
        # Consent to email withdrawn: no channel may be used; the outbox drops the message.
        contacts.set_consent(s, "email", email_key, contacts.REVOKED, NOW)
        s.flush()
        chosen = destinations.reply_conversations(s, {account.id}, order)[account.id]
        assert chosen.id == sms.id  # the latest conversation, whose item is undeliverable
