from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.compliance.outbound import send_initiated
from bot.config import ComplianceSettings
from bot.outbox import Outbox, enqueue
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Account, AuditEntry, Conversation, OptOut, OutboxItem
from tests.compliance.conftest import make_debtor

US = ComplianceSettings(profile="us_reg_f")
CN = ComplianceSettings(profile="cn")
NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz).astimezone(UTC)  # type: ignore[misc]


def decisions(s: Session) -> list[dict[str, object]]:
    rows = s.scalars(
        select(AuditEntry).where(AuditEntry.action == "outbound_decision").order_by(AuditEntry.id)
    )
    return [e.details for e in rows]


def item_of(s: Session) -> OutboxItem:
    return s.scalars(select(OutboxItem).order_by(OutboxItem.id.desc())).first()  # type: ignore[return-value]


def test_us_window_2059_allowed_2101_held_until_0800_local(
    db: Database, personal: PersonalData
) -> None:
    at_2059 = local(NEW_YORK, 2026, 3, 10, 20, 59)
    at_2101 = local(NEW_YORK, 2026, 3, 10, 21, 1)
    with db.session() as s:
        _, conv = make_debtor(s, personal, at_2059)
        first = send_initiated(s, conv, "Reminder: your payment is due", at_2059, compliance=US)
        assert (first.decision, first.rule) == ("allowed", "within_limits")
        assert item_of(s).status == "pending"
        second = send_initiated(s, conv, "Reminder again", at_2101, compliance=US)
        assert (second.decision, second.rule) == ("held", "contact_window")
        assert second.until == local(NEW_YORK, 2026, 3, 11, 8, 0)
        held = item_of(s)
        assert (held.status, held.next_attempt_at) == ("held", second.until)
        assert [(d["rule"], d["decision"]) for d in decisions(s)] == [
            ("within_limits", "allowed"),
            ("contact_window", "held"),
        ]
        held_id = held.id

    clock = [at_2059 + timedelta(seconds=30)]
    outbox = Outbox(db, lambda: clock[0], US)
    (sent,) = outbox.claim_due("telegram")
    assert sent.text == "Reminder: your payment is due"
    outbox.mark_sent(sent.id)
    clock[0] = local(NEW_YORK, 2026, 3, 11, 7, 59)
    assert outbox.claim_due("telegram") == []
    clock[0] = local(NEW_YORK, 2026, 3, 11, 8, 0)
    assert [(d.id, d.text) for d in outbox.claim_due("telegram")] == [(held_id, "Reminder again")]
    with db.session() as s:
        last = decisions(s)[-1]
        assert (last["rule"], last["decision"], last["released"]) == (
            "within_limits",
            "allowed",
            True,
        )


def test_debtor_timezone_not_server_timezone(db: Database, personal: PersonalData) -> None:
    # 03:30 UTC is 23:30 in New York but 20:30 in Los Angeles.
    now = datetime(2026, 3, 11, 3, 30, tzinfo=UTC)
    with db.session() as s:
        _, east = make_debtor(s, personal, now, ref="EAST", user_id="e")
        _, west = make_debtor(
            s, personal, now, ref="WEST", user_id="w", timezone="America/Los_Angeles"
        )
        assert send_initiated(s, east, "hi", now, compliance=US).decision == "held"
        west_decision = send_initiated(s, west, "hi", now, compliance=US)
        assert west_decision.allowed
        assert west_decision.local_time == "2026-03-10T20:30-07:00"


def test_china_profile_window_and_per_account_override(
    db: Database, personal: PersonalData
) -> None:
    at_2159 = local(SHANGHAI, 2026, 3, 10, 21, 59)
    at_2201 = local(SHANGHAI, 2026, 3, 10, 22, 1)
    with db.session() as s:
        account, conv = make_debtor(s, personal, at_2159, timezone="Asia/Shanghai")
        # Under the US profile 21:59 is already outside the window...
        assert send_initiated(s, conv, "提醒", at_2159, compliance=US).decision == "held"
        # ...but this account is governed by the Chinese profile.
        account.compliance_profile = "cn"
        assert send_initiated(s, conv, "提醒", at_2159, compliance=US).allowed
        late = send_initiated(s, conv, "提醒", at_2201, compliance=US)
        assert (late.decision, late.profile) == ("held", "cn")
        assert late.until == local(SHANGHAI, 2026, 3, 11, 8, 0)


def test_drop_instead_of_hold(db: Database, personal: PersonalData) -> None:
    now = local(NEW_YORK, 2026, 3, 10, 7, 30)
    with db.session() as s:
        _, conv = make_debtor(s, personal, now)
        d = send_initiated(s, conv, "early", now, compliance=replace(US, blocked_action="drop"))
        assert (d.decision, d.rule, d.until) == ("dropped", "contact_window", None)
        item = item_of(s)
        assert item.status == "undeliverable"
        assert item.error is not None and "contact window 08:00-21:00" in item.error


@pytest.mark.parametrize(
    ("compliance", "zone", "text"),
    [
        (US, NEW_YORK, "Reminder {i}: your payment is due"),
        (CN, SHANGHAI, "第{i}次提醒：请按时还款"),
    ],
)
def test_cap_seventh_allowed_eighth_held(
    db: Database, personal: PersonalData, compliance: ComplianceSettings, zone: ZoneInfo, text: str
) -> None:
    start = local(zone, 2026, 3, 2, 10, 0)
    with db.session() as s:
        _, conv = make_debtor(s, personal, start, timezone=str(zone))
        outcomes = [
            send_initiated(
                s, conv, text.format(i=i + 1), start + timedelta(hours=i), compliance=compliance
            )
            for i in range(8)
        ]
        assert [d.decision for d in outcomes[:7]] == ["allowed"] * 7
        eighth = outcomes[7]
        assert (eighth.decision, eighth.rule) == ("held", "contact_cap")
        # the first message leaves the 7-day window a week after it was sent
        assert eighth.until == start + timedelta(days=7)
        assert decisions(s)[-1]["rule"] == "contact_cap"
        assert [i.status for i in s.scalars(select(OutboxItem).order_by(OutboxItem.id))] == [
            "pending"
        ] * 7 + ["held"]


def make_wechat(conv: Conversation) -> Conversation:
    return Conversation(
        platform="wechat",
        chat_id="wx-chat",
        user_id="wx-user",
        account_id=conv.account_id,
        state="start",
        context={},
        locale="zh_CN",
        started_at=conv.started_at,
        updated_at=conv.started_at,
    )


@pytest.mark.parametrize(("profile", "across"), [("us_reg_f", True), ("cn", False)])
def test_cap_counts_sent_messages_of_the_last_seven_days_per_debt_or_per_channel(
    db: Database, personal: PersonalData, profile: str, across: bool
) -> None:
    rules = ComplianceSettings(profile=profile)  # type: ignore[arg-type]
    start = local(NEW_YORK, 2026, 3, 2, 10, 0)
    with db.session() as s:
        _, conv = make_debtor(s, personal, start)
        for i in range(7):
            send_initiated(s, conv, f"r{i}", start + timedelta(hours=i), compliance=rules)
        for item in s.scalars(select(OutboxItem)):
            item.status, item.sent_at = "sent", item.created_at
        wechat = make_wechat(conv)
        s.add(wechat)
        s.flush()
        # Reg F counts per debt, on every channel together; the cn profile per channel.
        other = send_initiated(s, wechat, "微信提醒", start + timedelta(hours=8), compliance=rules)
        assert other.allowed is not across
        assert not send_initiated(
            s, conv, "r8", start + timedelta(days=6), compliance=rules
        ).allowed
        # eight days later the first seven no longer count
        assert send_initiated(s, conv, "r9", start + timedelta(days=8), compliance=rules).allowed


def test_opt_out_blocks_reminder_and_writing_again_opts_back_in(
    db: Database, personal: PersonalData
) -> None:
    now = local(NEW_YORK, 2026, 3, 10, 12, 0)
    with db.session() as s:
        account, conv = make_debtor(s, personal, now)
        opt_out = OptOut(
            account_id=account.id,
            platform="telegram",
            platform_user_id="u-1",
            source="typed",
            created_at=now - timedelta(hours=1),
        )
        s.add(opt_out)
        s.flush()
        d = send_initiated(s, conv, "Reminder", now, compliance=US)
        assert (d.decision, d.rule) == ("blocked", "opt_out")
        assert item_of(s).status == "undeliverable"
        assert decisions(s)[-1]["rule"] == "opt_out"
        assert decisions(s)[-1]["decision"] == "blocked"
        # an agent starting a conversation is blocked too
        assert not send_initiated(s, conv, "Hello", now, sender="agent", compliance=US).allowed
        # a reply to the debtor writing now is not a started message
        _msg, reply = enqueue(s, conv, "Thanks, you won't get reminders.", now=now)
        assert reply.status == "pending"
        opt_out.revoked_at = now + timedelta(minutes=5)
        later = now + timedelta(minutes=10)
        assert send_initiated(s, conv, "Reminder", later, compliance=US).allowed


def test_opt_out_after_enqueue_blocks_at_delivery(db: Database, personal: PersonalData) -> None:
    now = local(NEW_YORK, 2026, 3, 10, 12, 0)
    with db.session() as s:
        account, conv = make_debtor(s, personal, now)
        _msg, item = enqueue(s, conv, "Reminder", now=now, initiated=True, compliance=US)
        assert item.status == "pending"
        s.add(
            OptOut(
                account_id=account.id,
                platform="telegram",
                platform_user_id="u-1",
                source="command",
                created_at=now,
            )
        )
    outbox = Outbox(db, lambda: now + timedelta(seconds=1), US)
    assert outbox.claim_due("telegram") == []
    with db.session() as s:
        assert item_of(s).status == "undeliverable"
        assert [(d["rule"], d["decision"]) for d in decisions(s)] == [
            ("within_limits", "allowed"),
            ("opt_out", "blocked"),
        ]


def test_opt_out_on_one_channel_leaves_the_other(db: Database, personal: PersonalData) -> None:
    now = local(NEW_YORK, 2026, 3, 10, 12, 0)
    with db.session() as s:
        account, conv = make_debtor(s, personal, now)
        s.add(
            OptOut(
                account_id=account.id,
                platform="wechat",
                platform_user_id="wx-user",
                source="unsubscribe",
                created_at=now,
            )
        )
        assert send_initiated(s, conv, "Reminder", now, compliance=US).allowed


def test_reply_at_night_is_allowed_and_not_audited(db: Database, personal: PersonalData) -> None:
    now = local(NEW_YORK, 2026, 3, 10, 23, 30)
    with db.session() as s:
        _, conv = make_debtor(s, personal, now)
        _msg, item = enqueue(s, conv, "Here is your balance", now=now)
        assert item.status == "pending"
        assert decisions(s) == []
    assert [d.text for d in Outbox(db, lambda: now, US).claim_due("telegram")] == [
        "Here is your balance"
    ]


def test_allowed_message_claimed_after_window_closed_is_held(
    db: Database, personal: PersonalData
) -> None:
    at_2059 = local(NEW_YORK, 2026, 3, 10, 20, 59)
    with db.session() as s:
        _, conv = make_debtor(s, personal, at_2059)
        send_initiated(s, conv, "Reminder", at_2059, compliance=US)
    outbox = Outbox(db, lambda: at_2059 + timedelta(minutes=2), US)
    assert outbox.claim_due("telegram") == []
    with db.session() as s:
        item = item_of(s)
        assert (item.status, item.next_attempt_at) == ("held", local(NEW_YORK, 2026, 3, 11, 8))


def test_disputed_account_gets_no_bot_reminders_but_agents_may_write(
    db: Database, personal: PersonalData
) -> None:
    now = local(NEW_YORK, 2026, 3, 10, 12, 0)
    with db.session() as s:
        account, conv = make_debtor(s, personal, now)
        account.status = "disputed"
        bot = send_initiated(s, conv, "Reminder", now, compliance=US)
        assert (bot.decision, bot.rule) == ("dropped", "account_status")
        assert send_initiated(
            s, conv, "About your dispute", now, sender="agent", compliance=US
        ).allowed
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.details["sender"] == "agent"
        assert s.get(Account, account.id) is account
