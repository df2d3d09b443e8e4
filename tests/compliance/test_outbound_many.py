"""Screening a batch of started messages (reminders) decides as one-by-one screening would."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.collection.queueing import Outgoing, enqueue_many
from bot.compliance.outbound import send_initiated
from bot.config import ComplianceSettings
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import AuditEntry, OptOut, OutboxItem
from tests.compliance.conftest import make_debtor
from tests.factories import make_conversation

US = ComplianceSettings(profile="us_reg_f")
NEW_YORK = ZoneInfo("America/New_York")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK).astimezone(UTC)  # type: ignore[misc]


def test_a_batch_counts_its_own_messages_against_the_cap(
    db: Database, personal: PersonalData
) -> None:
    start = local(2026, 3, 2, 10, 0)
    with db.session() as s:
        _, conv = make_debtor(s, personal, start)
        for i in range(5):  # five started messages earlier this week
            send_initiated(s, conv, f"r{i}", start + timedelta(hours=i), compliance=US)
        now = start + timedelta(days=1)
        queued = enqueue_many(s, [Outgoing(conv, f"batch {i}") for i in range(4)], now, US)

        # the 6th and 7th of the week go; the 8th and 9th wait until the first leaves the week
        assert [q.status for q in queued] == ["pending", "pending", "held", "held"]
        held = s.get(OutboxItem, queued[2].outbox_id)
        assert held is not None and held.next_attempt_at == start + timedelta(days=7)
        rules = s.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "outbound_decision")
        ).all()
        assert [r["rule"] for r in rules[-4:]] == ["within_limits"] * 2 + ["contact_cap"] * 2
        assert rules[-1]["outbox_item_id"] == queued[3].outbox_id


def test_a_batch_blocks_opted_out_debtors_by_user_or_account_and_holds_at_night(
    db: Database, personal: PersonalData
) -> None:
    now = local(2026, 3, 10, 12, 0)
    with db.session() as s:
        _, by_user_conv = make_debtor(s, personal, now, ref="A-1", user_id="u-1")
        by_account, by_account_conv = make_debtor(s, personal, now, ref="A-2", user_id="u-2")
        _, free_conv = make_debtor(s, personal, now, ref="A-3", user_id="u-3")
        _, other_channel = make_debtor(s, personal, now, ref="A-4", user_id="u-4")
        _, asleep = make_debtor(s, personal, now, ref="A-5", user_id="u-5", timezone="Asia/Tokyo")
        s.add_all(
            [
                OptOut(account_id=None, platform="telegram", platform_user_id="u-1",
                       source="typed", created_at=now),
                OptOut(account_id=by_account.id, platform="telegram", platform_user_id="old",
                       source="typed", created_at=now),
                OptOut(account_id=None, platform="wechat", platform_user_id="u-4",
                       source="typed", created_at=now),
                OptOut(account_id=None, platform="telegram", platform_user_id="u-3",
                       source="typed", created_at=now, revoked_at=now),
            ]
        )  # fmt: skip
        s.flush()
        convs = [by_user_conv, by_account_conv, free_conv, other_channel, asleep]
        queued = enqueue_many(s, [Outgoing(c, "reminder") for c in convs], now, US)

        assert [q.status for q in queued] == [
            "undeliverable",  # opted out as that platform user
            "undeliverable",  # the account opted out (from another chat)
            "pending",  # the opt-out was revoked
            "pending",  # opted out on WeChat only
            "held",  # 02:00 in Tokyo
        ]


@pytest.mark.parametrize(
    ("compliance", "timezone", "expected"),
    [
        # us_reg_f caps the debt on every channel together: the 8th started message waits
        (US, "America/New_York", ["pending", "held"]),
        # cn caps per channel: WeChat has its own seven
        (ComplianceSettings(profile="cn"), "Asia/Shanghai", ["pending", "pending"]),
    ],
)
def test_a_batch_caps_across_channels_where_the_profile_does(
    db: Database,
    personal: PersonalData,
    compliance: ComplianceSettings,
    timezone: str,
    expected: list[str],
) -> None:
    start = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo(timezone)).astimezone(UTC)
    with db.session() as s:
        account, telegram = make_debtor(s, personal, start, timezone=timezone)
        for i in range(6):
            send_initiated(s, telegram, f"r{i}", start + timedelta(hours=i), compliance=compliance)
        wechat = make_conversation(s, account, start, platform="wechat", user_id="wx-1")
        now = start + timedelta(days=1)
        queued = enqueue_many(
            s, [Outgoing(wechat, "微信"), Outgoing(telegram, "tg")], now, compliance
        )
        assert [q.status for q in queued] == expected
