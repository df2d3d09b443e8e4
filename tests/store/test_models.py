"""Models round-trip exactly on SQLite and PostgreSQL; personal data never in clear."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import (
    Agreement,
    AuditEntry,
    Base,
    ConsoleSession,
    Conversation,
    Escalation,
    Event,
    Identity,
    Instalment,
    KeyValue,
    LinkToken,
    Message,
    Offer,
    OptOut,
    OutboxItem,
    ScriptVersion,
    User,
    VerificationAttempt,
)
from tests.factories import make_account

T0 = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


def test_migrations_produce_exactly_the_models_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_account_money_is_exact_and_personal_data_is_not_stored_in_clear(
    db: Database, personal: PersonalData
) -> None:
    with db.session() as s:
        make_account(
            s,
            personal,
            ref="Z-1",
            full_name="王小明",
            principal="98765678901999.5678",
            interest="0.0001",
            fees="0",
        )
    with db.session() as s:
        raw = dict(s.execute(text("SELECT * FROM accounts")).mappings().one())
    for value in raw.values():
        blob = value if isinstance(value, bytes | str) else str(value)
        as_text = blob.decode("latin-1") if isinstance(blob, bytes) else blob
        for secret in ("王小明", "1990-01-31", "1234", "138 0000", "li.wei@example.com"):
            assert secret not in as_text
    with db.session() as s:
        from bot.store.models import Account

        loaded = s.scalars(select(Account)).one()
        assert loaded.principal == Decimal("98765678901999.5678")
        assert loaded.interest == Decimal("0.0001")
        assert loaded.total == Decimal("98765678901999.5679")
        assert personal.decrypt(loaded.full_name_enc) == "王小明"
        assert personal.matches("dob", "1990-01-31", loaded.dob_hash)
        assert not personal.matches("dob", "1990-01-30", loaded.dob_hash)
        assert loaded.created_at.tzinfo is not None


def test_timestamps_come_back_timezone_aware_utc(db: Database, personal: PersonalData) -> None:
    shanghai = timezone(timedelta(hours=8))
    with db.session() as s:
        acc = make_account(s, personal)
        conv = Conversation(
            platform="telegram",
            chat_id="1",
            user_id="1",
            account_id=acc.id,
            state="start",
            context={"k": "v"},
            mode="bot",
            locale="zh_CN",
            started_at=datetime(2026, 3, 10, 14, 0, tzinfo=shanghai),
            updated_at=T0,
        )
        s.add(conv)
    with db.session() as s:
        loaded = s.get(Conversation, conv.id)
        assert loaded is not None
        assert loaded.started_at == T0
        assert loaded.started_at.utcoffset() == timedelta(0)
        assert loaded.context == {"k": "v"}


def test_naive_datetime_is_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"), db.session() as s:
        s.add(User(name="x", role="agent", password_hash="h", created_at=datetime(2026, 1, 1)))
        s.flush()


def test_every_model_round_trips(db: Database, personal: PersonalData) -> None:
    with db.session() as s:
        acc = make_account(s, personal)
        user = User(name="ann", role="agent", password_hash="argon2$x", created_at=T0)
        script = ScriptVersion(
            name="collections",
            version=1,
            source="script: x",
            sha256="0" * 64,
            active=True,
            created_by="admin",
            created_at=T0,
        )
        s.add_all([user, script])
        s.flush()
        conv = Conversation(
            platform="telegram",
            chat_id="42",
            user_id="42",
            account_id=acc.id,
            state="offer",
            context={},
            mode="bot",
            locale="en",
            script_version_id=script.id,
            started_at=T0,
            updated_at=T0,
        )
        s.add(conv)
        s.flush()
        s.add(
            Identity(
                account_id=acc.id,
                platform="telegram",
                platform_user_id="42",
                chat_id="42",
                bound_at=T0,
            )
        )
        inbound = Message(
            conversation_id=conv.id,
            platform="telegram",
            platform_message_id="m1",
            direction="in",
            sender="debtor",
            text="hi",
            created_at=T0,
        )
        s.add(inbound)
        s.flush()
        out = Message(
            conversation_id=conv.id,
            platform="telegram",
            direction="out",
            sender="bot",
            text="hello",
            buttons=[["Yes", "yes"]],
            in_reply_to_id=inbound.id,
            created_at=T0,
        )
        s.add(out)
        s.flush()
        s.add(
            OutboxItem(
                message_id=out.id,
                conversation_id=conv.id,
                platform="telegram",
                chat_id="42",
                next_attempt_at=T0,
                created_at=T0,
            )
        )
        offer = Offer(
            conversation_id=conv.id,
            account_id=acc.id,
            kind="instalments",
            currency="CNY",
            total=Decimal("11700.50"),
            discount=Decimal("0"),
            frequency="monthly",
            schedule=[["2026-03-15", "3900.17"]],
            created_at=T0,
        )
        s.add(offer)
        s.flush()
        agreement = Agreement(
            account_id=acc.id,
            conversation_id=conv.id,
            offer_id=offer.id,
            currency="CNY",
            total=Decimal("11700.50"),
            discount=Decimal("0"),
            script_version="collections@1",
            created_at=T0,
        )
        agreement.instalments = [
            Instalment(seq=1, due_date=date(2026, 3, 15), amount=Decimal("3900.17")),
            Instalment(seq=2, due_date=date(2026, 4, 15), amount=Decimal("3900.17")),
            Instalment(seq=3, due_date=date(2026, 5, 15), amount=Decimal("3900.16")),
        ]
        s.add(agreement)
        s.add(Event(conversation_id=conv.id, kind="transition", data={"from": "a"}, created_at=T0))
        s.add(
            VerificationAttempt(
                conversation_id=conv.id,
                account_id=acc.id,
                field="date_of_birth",
                success=False,
                created_at=T0,
            )
        )
        s.add(AuditEntry(actor="ann", action="claim", details={}, created_at=T0))
    with db.session() as s:
        a = s.scalars(select(Agreement)).one()
        assert [i.amount for i in a.instalments] == [
            Decimal("3900.17"),
            Decimal("3900.17"),
            Decimal("3900.16"),
        ]
        assert sum(i.amount for i in a.instalments) == a.total
        assert s.scalars(select(OutboxItem)).one().status == "pending"
        assert s.scalars(select(Message).where(Message.direction == "out")).one().buttons == [
            ["Yes", "yes"]
        ]


def test_inbound_message_id_is_unique_per_platform(db: Database, personal: PersonalData) -> None:
    with db.session() as s:
        conv = Conversation(
            platform="telegram",
            chat_id="1",
            user_id="1",
            state="start",
            context={},
            mode="bot",
            locale="en",
            started_at=T0,
            updated_at=T0,
        )
        s.add(conv)
        s.flush()
        s.add(
            Message(
                conversation_id=conv.id,
                platform="telegram",
                platform_message_id="u1",
                direction="in",
                sender="debtor",
                created_at=T0,
            )
        )
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(
            Message(
                conversation_id=conv.id,
                platform="telegram",
                platform_message_id="u1",
                direction="in",
                sender="debtor",
                created_at=T0,
            )
        )


def test_one_open_conversation_per_chat(db: Database) -> None:
    def conv() -> Conversation:
        return Conversation(
            platform="wechat",
            chat_id="o1",
            user_id="o1",
            state="start",
            context={},
            mode="bot",
            locale="en",
            started_at=T0,
            updated_at=T0,
        )

    for _ in range(2):  # open and close twice: closed conversations don't collide
        with db.session() as s:
            c = conv()
            s.add(c)
            s.flush()
            c.is_open = None
            c.closed_at = T0
    with db.session() as s:
        s.add(conv())
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(conv())


def test_remaining_models_round_trip_value_for_value(db: Database, personal: PersonalData) -> None:
    later = T0 + timedelta(minutes=5)
    with db.session() as s:
        acc = make_account(s, personal)
        user = User(name="admin", role="admin", password_hash="h", created_at=T0)
        conv = Conversation(
            platform="wechat",
            chat_id="o1",
            user_id="o1",
            account_id=acc.id,
            state="start",
            context={"offers": [["monthly", "3900.17"]], "名字": "值"},
            mode="agent",
            locale="zh_TW",
            started_at=T0,
            updated_at=later,
            last_inbound_at=later,
        )
        s.add_all([user, conv])
        s.flush()
        rows = [
            Escalation(
                conversation_id=conv.id,
                account_id=acc.id,
                reason="distress",
                priority=0,
                status="claimed",
                claimed_by=user.id,
                created_at=T0,
                claimed_at=later,
            ),
            OptOut(
                account_id=acc.id,
                platform="wechat",
                platform_user_id="o1",
                source="unsubscribe",
                created_at=T0,
                revoked_at=later,
            ),
            LinkToken(
                token_id="7:abcd", account_id=acc.id, channel="telegram", created_at=T0, used_at=T0
            ),
            KeyValue(key="wechat.access_token", value="tok", expires_at=later),
            ConsoleSession(
                id="s" * 43, user_id=user.id, csrf_token="c" * 43, created_at=T0, last_seen_at=later
            ),
        ]
        s.add_all(rows)
        s.flush()
        expected = [
            (type(r), inspect(r).identity, {c.key: getattr(r, c.key) for c in r.__table__.columns})
            for r in [*rows, conv, acc, user]
        ]
    with db.session() as s:
        for model, identity, values in expected:
            loaded = s.get(model, identity)
            assert loaded is not None
            got = {c.key: getattr(loaded, c.key) for c in model.__table__.columns}
            assert got == values, model.__name__
            for key, value in got.items():
                if isinstance(value, datetime):
                    assert value.utcoffset() == timedelta(0), f"{model.__name__}.{key}"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("0.00001"), "more than 4 decimal places"),
        (Decimal("1E16"), "too large"),
        (Decimal("1E40"), "too large"),
        (Decimal("NaN"), "must be finite"),
        (1.5, "must be Decimal"),
    ],
)
def test_money_that_a_database_would_round_is_refused(
    db: Database, personal: PersonalData, amount: object, message: str
) -> None:
    with pytest.raises(Exception, match=message), db.session() as s:
        make_account(s, personal, principal="0").fees = amount  # type: ignore[assignment]
        s.flush()
