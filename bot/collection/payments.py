"""Payments in: one payment (from CSV or the webhook) recorded once and applied.

``external_id`` makes a payment idempotent: reporting it again changes
nothing. A payment in another currency than the account's, for an unknown
account, or with an amount that is not a positive exact amount is refused with
a reason a person can act on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.collection.ledger import apply_payment
from bot.money import is_exact
from bot.store import audit
from bot.store import payments as payment_rows
from bot.store.db import Database
from bot.store.models import Account, Payment

COLUMNS = ("external_id", "account_ref", "amount", "currency", "paid_at")


class PaymentError(ValueError):
    """A payment that cannot be recorded; the message says why."""


@dataclass(frozen=True)
class PaymentIn:
    """A payment as reported by the lender's payment system."""

    external_id: str
    account_ref: str
    amount: Decimal
    currency: str
    paid_at: datetime


@dataclass(frozen=True)
class Recorded:
    """The outcome for one payment: ``duplicate`` when it was recorded before."""

    payment_id: int
    duplicate: bool
    applied: Decimal
    credit: Decimal
    settled: bool
    currency: str


def parse_payment(raw: dict[str, str | None]) -> PaymentIn:
    """Check one row's fields (CSV row or JSON object of strings)."""
    missing = [c for c in COLUMNS if not (raw.get(c) or "").strip()]
    if missing:
        raise PaymentError(f"missing {', '.join(missing)}")
    external_id = str(raw["external_id"]).strip()
    if len(external_id) > 128:
        raise PaymentError("external_id is longer than 128 characters")
    amount_text = str(raw["amount"]).strip()
    try:
        amount = Decimal(amount_text)
    except InvalidOperation:
        raise PaymentError(f"amount {amount_text!r} is not a number") from None
    if not amount.is_finite() or amount <= 0:
        raise PaymentError(f"amount {amount_text!r} must be more than zero")
    currency = str(raw["currency"]).strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise PaymentError(f"currency {raw['currency']!r} is not an ISO 4217 code")
    paid_text = str(raw["paid_at"]).strip()
    try:
        paid_at = datetime.fromisoformat(paid_text.replace("Z", "+00:00"))
    except ValueError:
        raise PaymentError(f"paid_at {paid_text!r} is not an ISO 8601 date and time") from None
    if paid_at.tzinfo is None:
        paid_at = paid_at.replace(tzinfo=UTC)
    return PaymentIn(external_id, str(raw["account_ref"]).strip(), amount, currency, paid_at)


def record_payment(session: Session, payment: PaymentIn, now: datetime, *, source: str) -> Recorded:
    """Store ``payment`` and apply it, unless its ``external_id`` was seen before.

    Raises:
        PaymentError: unknown account, wrong currency or an amount the
            account's currency cannot hold.
    """
    seen = session.scalars(
        select(Payment).where(Payment.external_id == payment.external_id)
    ).first()
    if seen is not None:
        return Recorded(seen.id, True, seen.applied, seen.credit, False, seen.currency)
    q = select(Account).where(Account.account_ref == payment.account_ref)
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    account = session.scalars(q).first()
    if account is None:
        raise PaymentError(f"unknown account {payment.account_ref!r}")
    if payment.currency != account.currency:
        raise PaymentError(
            f"currency {payment.currency} does not match the account's {account.currency}"
        )
    if not is_exact(payment.amount, account.currency):
        raise PaymentError(f"amount {payment.amount} has more decimals than {account.currency} has")
    result = apply_payment(session, account, payment.amount, now, paid_at=payment.paid_at)
    row = payment_rows.add_payment(
        session,
        external_id=payment.external_id,
        account_id=account.id,
        amount=payment.amount,
        currency=payment.currency,
        paid_at=payment.paid_at,
        source=source,
        applied=result.applied,
        credit=result.credit,
        allocations=[[i, str(a)] for i, a in result.allocations],
        now=now,
    )
    audit.record(
        session,
        actor=source,
        action="payment.received",
        account_id=account.id,
        details={
            "external_id": payment.external_id,
            "amount": str(payment.amount),
            "applied": str(result.applied),
            "credit": str(result.credit),
            "settled": result.settled,
        },
        now=now,
    )
    session.flush()
    return Recorded(row.id, False, result.applied, result.credit, result.settled, account.currency)


def record_one(db: Database, payment: PaymentIn, now: datetime, *, source: str) -> Recorded:
    """Record ``payment`` in its own transaction; a concurrent duplicate is harmless."""
    for attempt in (1, 2):
        try:
            with db.session() as s:
                return record_payment(s, payment, now, source=source)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class ImportReport:
    """What ``payments import`` did, with ``line N: reason`` for each bad row."""

    recorded: int = 0
    duplicates: int = 0
    rejected: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """``recorded X, duplicates Y, rejected Z``."""
        return (
            f"recorded {self.recorded}, duplicates {self.duplicates}, rejected {len(self.rejected)}"
        )


class HeaderError(ValueError):
    """The file's header lacks a required column."""


def rows(fh: IO[str]) -> Iterator[tuple[int, dict[str, str | None]]]:
    """``(file line, row)`` pairs; the header is line 1.

    Raises:
        HeaderError: a required column is missing.
    """
    reader = csv.DictReader(fh)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise HeaderError(f"line 1: missing column {', '.join(missing)}")
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield reader.line_num, {k: v for k, v in row.items() if isinstance(k, str)}


def import_payments(db: Database, fh: IO[str], now: datetime) -> ImportReport:
    """Record every good row of a payments CSV (one transaction per row)."""
    report = ImportReport()
    for line, raw in rows(fh):
        try:
            result = record_one(db, parse_payment(raw), now, source="csv")
        except PaymentError as exc:
            report.rejected.append(f"line {line}: {exc}")
            continue
        if result.duplicate:
            report.duplicates += 1
        else:
            report.recorded += 1
    return report


def import_text(db: Database, text: str, now: datetime) -> ImportReport:
    """:func:`import_payments` on CSV text (for tests and the API)."""
    return import_payments(db, io.StringIO(text), now)
