"""Money in minor units, payment dates and instalment schedules.

Everything here is pure and exact: amounts are :class:`~decimal.Decimal`, never
float, and a schedule always sums to its plan's total to the last minor unit.

Minor units come from Babel (CLDR / ISO 4217 digits): CNY 2, USD 2, JPY 0 and
TWD 2. CLDR also lists *cash* digits (TWD cash has no cents), but repayments are
transfers, so we use the ISO digits Babel reports and that Babel's
``format_currency`` shows; a TWD balance with cents is therefore kept exact.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_UP, Decimal, InvalidOperation
from typing import Any

from bot.money import exact_amount, payment_unit, quantize

FREQUENCIES = ("weekly", "biweekly", "monthly")
PERIODS_PER_YEAR = {"weekly": 52, "biweekly": 26, "monthly": 12}
PLAN_KINDS = ("full", "instalments", "hardship", "settlement")
MAX_INSTALMENTS = 520
"""More payments than any policy allows (ten years of weekly payments); a guard, not a rule."""


def add_period(start: date, frequency: str, n: int, anchor_day: int | None = None) -> date:
    """The date ``n`` periods after ``start``.

    Monthly steps keep the day of the month (``anchor_day``, default ``start.day``)
    and clamp it at month end: Jan 31 → Feb 28 (Feb 29 in a leap year) → Mar 31.

    Raises:
        ValueError: for an unknown frequency.
    """
    if frequency == "weekly":
        return start + timedelta(weeks=n)
    if frequency == "biweekly":
        return start + timedelta(weeks=2 * n)
    if frequency != "monthly":
        raise ValueError(f"unknown frequency {frequency!r}; use one of {', '.join(FREQUENCIES)}")
    months = start.year * 12 + start.month - 1 + n
    year, month = divmod(months, 12)
    month += 1
    day = min(anchor_day or start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def term_end(first_date: date, max_months: int) -> date:
    """First day outside a term of ``max_months`` months that starts on ``first_date``."""
    return add_period(first_date, "monthly", max_months)


def max_count(first_date: date, frequency: str, max_months: int) -> int:
    """Most payments of ``frequency`` from ``first_date`` that fall inside the term."""
    if frequency == "monthly":
        return max(max_months, 0)
    days = (term_end(first_date, max_months) - first_date).days
    step = 7 if frequency == "weekly" else 14
    return max((days - 1) // step + 1, 0)


@dataclass(frozen=True)
class Instalment:
    """One payment: when it is due and how much."""

    due_date: date
    amount: Decimal


def dates(first_date: date, frequency: str, count: int) -> list[date]:
    """``count`` due dates from ``first_date`` (monthly dates keep the first's day)."""
    return [add_period(first_date, frequency, i, first_date.day) for i in range(count)]


def build_schedule(
    total: Decimal, currency: str, count: int, frequency: str, first_date: date
) -> tuple[Instalment, ...]:
    """Split ``total`` into ``count`` equal instalments; the last absorbs rounding.

    Every instalment but the last is ``total / count`` rounded down to minor
    units, so the last is at most ``count - 1`` minor units larger and the sum
    equals ``total`` exactly.

    Raises:
        ValueError: if ``count`` < 1, ``total`` is negative or not exact in the currency.
    """
    if not 1 <= count <= MAX_INSTALMENTS:
        raise ValueError(f"a plan has 1 to {MAX_INSTALMENTS} payments, not {count}")
    total = exact_amount(total, currency, "total")
    if total < 0:
        raise ValueError(f"total {total} is negative")
    base = quantize((total / count).quantize(payment_unit(currency), rounding=ROUND_DOWN), currency)
    if base == 0:  # less than one whole unit each: fall back to the minor unit
        base = quantize(total / count, currency, ROUND_DOWN)
    amounts = [base] * (count - 1) + [total - base * (count - 1)]
    return tuple(
        Instalment(d, a) for d, a in zip(dates(first_date, frequency, count), amounts, strict=True)
    )


def schedule_for_amount(
    total: Decimal,
    currency: str,
    amount: Decimal,
    frequency: str,
    first_date: date,
    lead: Sequence[Instalment] = (),
    minimum: Decimal | None = None,
) -> tuple[Instalment, ...]:
    """Instalments of ``amount`` until ``total`` is paid; the last is the (smaller) rest.

    The same number of payments always gives the same schedule: when ``amount`` is
    what an equal split would ask (rounded up), the equal split of
    :func:`build_schedule` is used. A last payment below ``minimum`` is folded into
    the one before it.

    Args:
        total: What the schedule must add up to.
        currency: ISO code; ``amount`` is rounded up to its minor units.
        amount: Per instalment, more than zero.
        frequency: weekly, biweekly or monthly.
        first_date: Due date of the first instalment after ``lead``.
        lead: Instalments already fixed before the regular ones (a lump sum).
    """
    amount = quantize(amount.quantize(payment_unit(currency), rounding=ROUND_UP), currency)
    if amount <= 0:
        raise ValueError(f"instalment amount {amount} must be more than zero")
    rest = exact_amount(total, currency, "total") - sum((i.amount for i in lead), Decimal(0))
    count = int((rest / amount).to_integral_value(ROUND_UP)) if rest > 0 else 0
    if count > MAX_INSTALMENTS:
        raise ValueError(f"{amount} per payment would take {count} payments")
    amounts = [amount] * (count - 1) + [rest - amount * (count - 1)] if count else []
    even = (rest / count).quantize(payment_unit(currency), rounding=ROUND_UP) if count else None
    if count > 1 and even == amount:
        amounts = [i.amount for i in build_schedule(rest, currency, count, "monthly", first_date)]
    elif count > 1 and minimum is not None and amounts[-1] < minimum:
        amounts = [*amounts[:-2], amounts[-2] + amounts[-1]]
        count -= 1
    tail = (
        Instalment(d, a) for d, a in zip(dates(first_date, frequency, count), amounts, strict=True)
    )
    return (*lead, *tail)


@dataclass(frozen=True)
class Plan:
    """A repayment plan: what is paid, when, and any discount.

    Attributes:
        kind: ``"full"`` (one payment), ``"instalments"``, ``"hardship"`` or
            ``"settlement"`` (one payment below the balance that closes the account).
        currency: ISO 4217 code.
        balance: What is owed before any discount.
        discount: Reduction for paying in full early (0 for instalment plans).
        total: ``balance - discount``; the instalments sum to it exactly.
        frequency: weekly, biweekly or monthly; ``None`` for a single payment.
        instalments: The payments in due-date order.
    """

    kind: str
    currency: str
    balance: Decimal
    discount: Decimal
    total: Decimal
    frequency: str | None
    instalments: tuple[Instalment, ...]

    @property
    def count(self) -> int:
        """Number of payments."""
        return len(self.instalments)

    @property
    def first_date(self) -> date:
        """Due date of the first payment."""
        return self.instalments[0].due_date

    @property
    def first_amount(self) -> Decimal:
        """Amount of the first payment."""
        return self.instalments[0].amount

    @property
    def last_date(self) -> date:
        """Due date of the last payment."""
        return self.instalments[-1].due_date

    @property
    def last_amount(self) -> Decimal:
        """Amount of the last payment."""
        return self.instalments[-1].amount

    def schedule_rows(self) -> list[list[str]]:
        """``[[iso date, "amount"], ...]``, the shape of ``Offer.schedule``."""
        return [[i.due_date.isoformat(), str(i.amount)] for i in self.instalments]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: amounts as exact decimal strings, dates ISO 8601."""
        return {
            "kind": self.kind,
            "currency": self.currency,
            "balance": str(self.balance),
            "discount": str(self.discount),
            "total": str(self.total),
            "frequency": self.frequency,
            "instalments": [
                {"due_date": i.due_date.isoformat(), "amount": str(i.amount)}
                for i in self.instalments
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Plan:
        """Rebuild a plan written by :meth:`to_json`.

        Raises:
            ValueError: naming the field that is missing or malformed.
        """
        try:
            instalments = tuple(
                Instalment(date.fromisoformat(i["due_date"]), Decimal(str(i["amount"])))
                for i in data["instalments"]
            )
            return cls(
                kind=str(data["kind"]),
                currency=str(data["currency"]),
                balance=Decimal(str(data["balance"])),
                discount=Decimal(str(data["discount"])),
                total=Decimal(str(data["total"])),
                frequency=data.get("frequency"),
                instalments=instalments,
            )
        except KeyError as exc:
            raise ValueError(f"plan JSON lacks {exc.args[0]!r}") from None
        except (TypeError, InvalidOperation, ValueError) as exc:
            raise ValueError(f"plan JSON is malformed: {exc}") from None
