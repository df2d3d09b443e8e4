"""Sample accounts for ``repaybot demo`` (in CNY, TWD and USD)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from bot.store import accounts as account_rows
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Account


@dataclass(frozen=True)
class DemoAccount:
    """A sample debtor and the answers that verify them."""

    account_ref: str
    full_name: str
    date_of_birth: str
    id_last4: str
    currency: str
    total: Decimal
    locale: str
    timezone: str


_SAMPLES = (
    # ref, name, dob, id4, currency, principal, interest, fees, due, locale, tz, creditor
    ("DEMO-CNY", "王芳", "1988-05-20", "4321", "CNY", "10000.00", "1500.50", "200.00",
     date(2026, 1, 15), "zh_CN", "Asia/Shanghai", "示例银行"),
    ("DEMO-TWD", "陳美玲", "1992-11-03", "8765", "TWD", "45000", "3200", "800",
     date(2026, 2, 1), "zh_TW", "Asia/Taipei", "範例銀行"),
    ("DEMO-USD", "Alex Morgan", "1985-07-14", "2468", "USD", "2400.00", "310.75", "35.00",
     date(2026, 1, 20), "en", "America/New_York", "Example Bank"),
)  # fmt: skip


def create_demo_data(
    db: Database, personal: PersonalData, clock: Callable[[], datetime]
) -> list[DemoAccount]:
    """Add the sample accounts to ``db`` (existing ones are kept).

    Returns:
        The sample accounts with their verification answers.
    """
    now = clock()
    out: list[DemoAccount] = []
    with db.session() as s:
        for ref, name, dob, id4, cur, principal, interest, fees, due, loc, tz, creditor in _SAMPLES:
            total = Decimal(principal) + Decimal(interest) + Decimal(fees)
            out.append(DemoAccount(ref, name, dob, id4, cur, total, loc, tz))
            if s.scalars(select(Account).where(Account.account_ref == ref)).first():
                continue
            account_rows.add_account(
                s,
                account_ref=ref,
                full_name_enc=personal.encrypt(name),
                dob_hash=personal.digest("dob", dob),
                id_last4_hash=personal.digest("id_last4", id4),
                phone_enc=None,
                email_enc=None,
                creditor=creditor,
                currency=cur,
                principal=Decimal(principal),
                interest=Decimal(interest),
                fees=Decimal(fees),
                due_date=due,
                status="active",
                locale=loc,
                timezone=tz,
                row_hash=hashlib.sha256(ref.encode()).hexdigest(),
                created_at=now,
                updated_at=now,
            )
    return out
