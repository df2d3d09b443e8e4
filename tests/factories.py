"""Factories for test data."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.store.crypto import PersonalData
from bot.store.models import Account, Agreement, Conversation, Instalment, Offer


def make_account(
    session: Session,
    personal: PersonalData,
    *,
    ref: str = "A-1001",
    full_name: str = "Li Wei",
    dob: str = "1990-01-31",
    id_last4: str = "1234",
    currency: str = "CNY",
    principal: str = "10000.00",
    interest: str = "1500.50",
    fees: str = "200.00",
    due_date: date = date(2026, 1, 15),
    locale: str = "zh_CN",
    timezone: str = "Asia/Shanghai",
    creditor: str = "Example Bank",
    status: str = "active",
) -> Account:
    """Add an account (hashed and encrypted like the importer does) and flush."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    account = Account(
        account_ref=ref,
        full_name_enc=personal.encrypt(full_name),
        dob_hash=personal.digest("dob", dob),
        id_last4_hash=personal.digest("id_last4", id_last4),
        phone_enc=personal.encrypt("+86 138 0000 0000"),
        email_enc=personal.encrypt("li.wei@example.com"),
        creditor=creditor,
        currency=currency,
        principal=Decimal(principal),
        interest=Decimal(interest),
        fees=Decimal(fees),
        due_date=due_date,
        status=status,
        locale=locale,
        timezone=timezone,
        row_hash=hashlib.sha256(ref.encode()).hexdigest(),
        created_at=now,
        updated_at=now,
    )
    session.add(account)
    session.flush()
    return account


def make_agreement(
    session: Session,
    account: Account,
    conversation_id: int,
    *,
    schedule: Sequence[tuple[date, str]],
    created_at: datetime,
    kind: str = "instalments",
    currency: str = "CNY",
    discount: str = "0.00",
    frequency: str | None = "monthly",
) -> Agreement:
    """Add an offer and the agreement made from it, one instalment per (due date, amount).

    The total is the sum of the instalments; the offer's schedule lists them too.
    """
    total = sum((Decimal(amount) for _due, amount in schedule), Decimal("0"))
    offer = Offer(
        conversation_id=conversation_id,
        account_id=account.id,
        kind=kind,
        currency=currency,
        total=total,
        discount=Decimal(discount),
        frequency=frequency,
        schedule=[[due.isoformat(), amount] for due, amount in schedule],
        created_at=created_at,
    )
    session.add(offer)
    session.flush()
    agreement = Agreement(
        account_id=account.id,
        conversation_id=conversation_id,
        offer_id=offer.id,
        currency=currency,
        total=total,
        discount=Decimal(discount),
        frequency=frequency,
        script_version="collections@1",
        created_at=created_at,
    )
    agreement.instalments = [
        Instalment(seq=seq, due_date=due, amount=Decimal(amount))
        for seq, (due, amount) in enumerate(schedule, start=1)
    ]
    session.add(agreement)
    session.flush()
    return agreement


def make_conversation(
    session: Session,
    account: Account | None,
    now: datetime,
    *,
    platform: str = "telegram",
    user_id: str = "u-1",
    chat_id: str | None = None,
    locale: str = "en",
    state: str = "start",
    mode: str = "bot",
) -> Conversation:
    """An open conversation of ``account`` (or an unbound user) on ``platform``, flushed."""
    conv = Conversation(
        platform=platform,
        chat_id=chat_id if chat_id is not None else f"chat-{user_id}",
        user_id=user_id,
        account_id=account.id if account is not None else None,
        state=state,
        context={},
        mode=mode,
        locale=locale,
        started_at=now,
        updated_at=now,
        last_inbound_at=now,
    )
    session.add(conv)
    session.flush()
    return conv
