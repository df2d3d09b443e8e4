import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.compliance.data_rights import erase_account, export_account, retention_run
from bot.config import ComplianceSettings
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import (
    Account,
    Circumstance,
    Event,
    Identity,
    LinkToken,
    Message,
    OptOut,
    VerificationAttempt,
)
from tests.compliance.conftest import make_conversation
from tests.factories import make_account, make_agreement

US = ComplianceSettings(profile="us_reg_f")
NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


def populate(s: Session, personal: PersonalData, ref: str, when: datetime) -> Account:
    """An account with a chat, an agreement and every kind of record around it."""
    account = make_account(s, personal, ref=ref, full_name="Li Wei")
    account.last_activity_at = when
    account.updated_at = when
    conv = make_conversation(s, account, when, user_id=f"tg-{ref}")
    inbound = Message(
        conversation_id=conv.id,
        platform="telegram",
        platform_message_id=f"m-{ref}",
        direction="in",
        sender="debtor",
        text="I am Li Wei, card **** **** **** 1111",
        created_at=when,
    )
    s.add(inbound)
    s.flush()
    s.add(
        Message(
            conversation_id=conv.id,
            platform="telegram",
            direction="out",
            sender="bot",
            text="Thanks Li Wei, your plan is recorded.",
            in_reply_to_id=inbound.id,
            created_at=when,
        )
    )
    s.add(
        Circumstance(
            account_id=account.id,
            conversation_id=conv.id,
            kind="illness",
            channel="telegram",
            said_at=when,
        )
    )
    s.add(
        Identity(
            account_id=account.id,
            platform="telegram",
            platform_user_id=f"tg-{ref}",
            chat_id=f"chat-tg-{ref}",
            bound_at=when,
        )
    )
    s.add(
        OptOut(
            account_id=account.id,
            platform="telegram",
            platform_user_id=f"tg-{ref}",
            source="typed",
            created_at=when,
        )
    )
    s.add(
        LinkToken(token_id=f"tok-{ref}", account_id=account.id, channel="telegram", created_at=when)
    )
    s.add(
        VerificationAttempt(
            conversation_id=conv.id,
            account_id=account.id,
            field="date_of_birth",
            success=True,
            created_at=when,
        )
    )
    s.add(
        Event(
            conversation_id=conv.id,
            account_id=account.id,
            kind="intent",
            data={"text": "Li Wei"},
            created_at=when,
        )
    )
    make_agreement(
        s,
        account,
        conv.id,
        schedule=[(date(2026, 4, 1), "5850.25"), (date(2026, 5, 1), "5850.25")],
        created_at=when,
    )
    return account


def count(s: Session, table: str, where: str = "1=1", **params: Any) -> int:
    return int(s.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"), params).scalar_one())


def test_export_holds_everything_as_json(db: Database, personal: PersonalData) -> None:
    with db.session() as s:
        account = populate(s, personal, "A-1", NOW)
        data = export_account(s, personal, account)
    dumped = json.loads(json.dumps(data))
    assert dumped["account"]["full_name"] == "Li Wei"
    assert dumped["account"]["phone"] == "+86 138 0000 0000"
    assert dumped["account"]["date_of_birth"] == "held as a keyed hash"
    assert "dob_hash" not in dumped["account"]
    assert dumped["account"]["principal"] == "10000.00"
    assert [m["text"] for m in dumped["conversations"][0]["messages"]] == [
        "I am Li Wei, card **** **** **** 1111",
        "Thanks Li Wei, your plan is recorded.",
    ]
    (agreement,) = dumped["agreements"]
    assert [(i["due_date"], i["amount"]) for i in agreement["instalments"]] == [
        ("2026-04-01", "5850.25"),
        ("2026-05-01", "5850.25"),
    ]
    assert len(dumped["identities"]) == len(dumped["opt_outs"]) == 1
    assert sorted(dumped) == [
        "account",
        "agreements",
        "audit_log",
        "circumstances",
        "conversations",
        "escalations",
        "events",
        "identities",
        "offers",
        "opt_outs",
        "verification_attempts",
    ]


def test_erasure_keeps_agreement_under_legal_hold_and_removes_the_rest(
    db: Database, personal: PersonalData
) -> None:
    # last activity 5 years ago: only the legal hold requires keeping anything
    with db.session() as s:
        account = populate(s, personal, "A-1", NOW - timedelta(days=5 * 365))
        account.legal_hold = True
        account_id = account.id
        report = erase_account(s, account, NOW, US)
        assert report.kept_agreements == 1
        assert not report.purged_account
    with db.session() as s:
        row = s.execute(
            text(
                "SELECT account_ref, full_name_enc, phone_enc, email_enc, dob_hash,"
                " id_last4_hash, status FROM accounts WHERE id = :id"
            ),
            {"id": account_id},
        ).one()
        assert row.account_ref == "A-1"
        assert bytes(row.full_name_enc) == b""
        assert (row.phone_enc, row.email_enc, row.dob_hash, row.id_last4_hash) == (
            None,
            None,
            None,
            None,
        )
        assert row.status == "erased"
        assert count(s, "agreements") == 1
        assert count(s, "instalments") == 2
        assert count(s, "offers") == 1
        assert count(s, "identities") == 0
        assert count(s, "link_tokens") == 0
        assert count(s, "messages") == 2
        assert count(s, "messages", "text <> '[erased]'") == 0
        assert count(s, "conversations", "user_id <> '[erased]' OR chat_id <> '[erased]'") == 0
        assert count(s, "opt_outs", "platform_user_id <> '[erased]'") == 0
        assert count(s, "circumstances") == 0  # health and family details go with the rest
        texts = [str(r[0]) for r in s.execute(text("SELECT data FROM events"))]
        assert all("Li Wei" not in t for t in texts)
        audit = s.execute(
            text("SELECT action, account_id FROM audit_log WHERE action = 'erase'")
        ).one()
        assert audit.account_id == account_id
        # the export after erasure shows nothing personal
        account = s.get(Account, account_id)
        assert account is not None
        dumped = json.dumps(export_account(s, personal, account), ensure_ascii=False)
        assert "Li Wei" not in dumped and "138" not in dumped


def test_erasure_inside_retention_period_keeps_agreements(
    db: Database, personal: PersonalData
) -> None:
    with db.session() as s:
        account = populate(s, personal, "A-1", NOW - timedelta(days=30))
        report = erase_account(s, account, NOW, US)
        assert (report.kept_agreements, report.purged_account) == (1, False)
        assert count(s, "instalments") == 2
        assert count(s, "identities") == 0


def test_erasure_with_nothing_to_keep_removes_everything(
    db: Database, personal: PersonalData
) -> None:
    with db.session() as s:
        account = populate(s, personal, "A-1", NOW - timedelta(days=4 * 365))
        report = erase_account(s, account, NOW, US)
        assert report.purged_account
    with db.session() as s:
        for table in (
            "accounts",
            "agreements",
            "instalments",
            "offers",
            "messages",
            "conversations",
            "identities",
            "opt_outs",
            "events",
            "verification_attempts",
            "link_tokens",
            "circumstances",
        ):
            assert count(s, table) == 0, table
        assert count(s, "audit_log", "action = 'erase' AND account_id IS NULL") == 1


def test_retention_run_purges_only_what_is_past_retention(
    db: Database, personal: PersonalData
) -> None:
    with db.session() as s:
        populate(s, personal, "OLD", datetime(2023, 3, 9, 12, tzinfo=UTC))  # 3y + 1 day
        populate(s, personal, "EDGE", datetime(2023, 3, 10, 12, tzinfo=UTC))  # 3y - 6 hours
        held = populate(s, personal, "HELD", datetime(2020, 1, 1, tzinfo=UTC))
        held.legal_hold = True
        china = populate(s, personal, "CN", datetime(2022, 1, 1, tzinfo=UTC))
        china.compliance_profile = "cn"  # kept five years
        make_conversation(s, None, datetime(2022, 1, 1, tzinfo=UTC), user_id="stranger-old")
        make_conversation(s, None, datetime(2026, 1, 1, tzinfo=UTC), user_id="stranger-new")

    with db.session() as s:
        dry = retention_run(s, NOW, US, dry_run=True)
        assert (dry.accounts, dry.held, dry.unbound_conversations) == (["OLD"], ["HELD"], 1)
        assert count(s, "accounts") == 4

    with db.session() as s:
        report = retention_run(s, NOW, US)
        assert report.accounts == ["OLD"]
        assert report.deleted["agreements"] == 1
    with db.session() as s:
        refs = [r[0] for r in s.execute(text("SELECT account_ref FROM accounts ORDER BY 1"))]
        assert refs == ["CN", "EDGE", "HELD"]
        assert count(s, "agreements") == 3
        assert count(s, "conversations", "account_id IS NULL") == 1
        assert count(s, "conversations", "user_id = 'stranger-new'") == 1
        assert count(s, "audit_log", "action = 'retention_run'") == 1


def test_a_recent_conversation_keeps_an_old_import_inside_retention(
    db: Database, personal: PersonalData
) -> None:
    # Imported four years ago and never re-imported, but the debtor chatted last month.
    imported = NOW - timedelta(days=4 * 365)
    with db.session() as s:
        chatty = make_account(s, personal, ref="CHATTY")
        chatty.created_at = chatty.updated_at = imported
        make_conversation(s, chatty, NOW - timedelta(days=30), user_id="tg-chatty")
        agreed = populate(s, personal, "AGREED", imported)
        agreed.last_activity_at = None
        s.flush()
        s.execute(
            text("UPDATE agreements SET created_at = :t WHERE account_id = :a"),
            {"t": NOW - timedelta(days=10), "a": agreed.id},
        )
        silent = make_account(s, personal, ref="SILENT")
        silent.created_at = silent.updated_at = imported
    with db.session() as s:
        report = retention_run(s, NOW, US)
        assert report.accounts == ["SILENT"]
    with db.session() as s:
        chatty = s.scalars(select(Account).where(Account.account_ref == "CHATTY")).one()
        # erasure keeps the agreement-free account's records too, as the chat was recent
        assert not erase_account(s, chatty, NOW, US).purged_account


def test_erasure_does_not_restart_the_retention_clock(db: Database, personal: PersonalData) -> None:
    last_chat = NOW - timedelta(days=2 * 365)
    with db.session() as s:
        account = populate(s, personal, "A-1", last_chat)
        account.last_activity_at = None
        erase_account(s, account, NOW, US)
    with db.session() as s:
        # three years after the last chat (not after the erasure) it is purged
        later = last_chat + timedelta(days=3 * 365 + 2)
        assert retention_run(s, later, US).accounts == ["A-1"]
        assert count(s, "agreements") == 0
