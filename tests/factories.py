"""Factories for test data."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.store.crypto import PersonalData
from bot.store.models import Account


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
