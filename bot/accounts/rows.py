"""One row of an accounts CSV: header checks, validation and normalisation.

The parser is strict where a mistake would hurt a debtor (amounts, currency,
dates, identity data) and forgiving where the intent is plain: surrounding
spaces, ``zh-CN`` or ``zh_Hans`` for ``zh_CN`` (:func:`bot.i18n.normalize_locale`),
``100.00`` for a currency without decimals.
Empty ``date_of_birth``, ``id_last4``, ``phone``, ``email``, ``interest`` and
``fees`` are allowed (the amounts then count as 0); every other column is required.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import get_currency_precision, list_currencies

from bot.i18n import normalize_locale

COLUMNS: tuple[str, ...] = (
    "account_ref",
    "full_name",
    "date_of_birth",
    "id_last4",
    "phone",
    "email",
    "creditor",
    "currency",
    "principal",
    "interest",
    "fees",
    "due_date",
    "locale",
    "timezone",
)
SUPPORTED_LOCALES = ("en", "zh_CN", "zh_TW")

MAX_REF = 64
MAX_CREDITOR = 200
# Money columns are NUMERIC(20, 4): at most 16 digits before the point.
MAX_AMOUNT = Decimal(10) ** 16
OLDEST_BIRTH = date(1900, 1, 1)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_ID_LAST4 = re.compile(r"[0-9A-Z]{4}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{3,31}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CURRENCIES = frozenset(list_currencies())


class HeaderError(ValueError):
    """The header row does not have exactly the expected columns."""


class RowError(ValueError):
    """One row is invalid; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class AccountRow:
    """A validated, normalised row (personal data still in clear)."""

    account_ref: str
    full_name: str
    date_of_birth: date | None
    id_last4: str | None
    phone: str | None
    email: str | None
    creditor: str
    currency: str
    principal: Decimal
    interest: Decimal
    fees: Decimal
    due_date: date
    locale: str
    timezone: str

    def canonical(self) -> str:
        """The normalised row as one string; equal rows give equal strings."""
        birth = self.date_of_birth.isoformat() if self.date_of_birth else ""
        return (
            f"{self.account_ref}\x1f{self.full_name}\x1f{birth}\x1f{self.id_last4 or ''}"
            f"\x1f{self.phone or ''}\x1f{self.email or ''}\x1f{self.creditor}"
            f"\x1f{self.currency}\x1f{self.principal}\x1f{self.interest}\x1f{self.fees}"
            f"\x1f{self.due_date.isoformat()}\x1f{self.locale}\x1f{self.timezone}"
        )


def column_order(header: Sequence[str]) -> list[int]:
    """Positions of :data:`COLUMNS` in ``header`` (names compared without case or spaces).

    Raises:
        HeaderError: a column is unknown, missing or repeated (all are named).
    """
    names = [h.strip().lower() for h in header]
    problems: list[str] = []
    unknown = [h for h in names if h not in COLUMNS]
    if unknown:
        problems.append("unknown column " + ", ".join(repr(h) for h in unknown))
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        problems.append("missing column " + ", ".join(repr(c) for c in missing))
    repeated = sorted({h for h in names if h in COLUMNS and names.count(h) > 1})
    if repeated:
        problems.append("repeated column " + ", ".join(repr(h) for h in repeated))
    if problems:
        raise HeaderError("header: " + "; ".join(problems))
    return [names.index(c) for c in COLUMNS]


@lru_cache(maxsize=256)
def _locale(value: str) -> str | None:
    return normalize_locale(value)


@lru_cache(maxsize=1024)
def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@lru_cache(maxsize=512)
def _places(currency: str) -> int:
    return int(get_currency_precision(currency))


@lru_cache(maxsize=512)
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-_places(currency))


@lru_cache(maxsize=65536)
def _iso_date(text: str) -> date | None:
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return None


def _date(column: str, value: str) -> date:
    text = value.strip()
    if not text:
        raise RowError(f"{column} is empty")
    parsed = _iso_date(text)
    if parsed is None:
        raise RowError(f"{column} {text!r} is not a valid date (YYYY-MM-DD)")
    return parsed


def _amount(column: str, value: str, currency: str, *, required: bool) -> Decimal:
    text = value.strip()
    if not text:
        if required:
            raise RowError(f"{column} is empty")
        return Decimal(0).quantize(_quantum(currency))
    if not _AMOUNT.fullmatch(text):
        if text.startswith("-") and _AMOUNT.fullmatch(text[1:]):
            raise RowError(f"{column} {text} is negative")
        raise RowError(f"{column} {text!r} is not a number")
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise RowError(f"{column} {text!r} is not a number") from None
    if amount >= MAX_AMOUNT:
        raise RowError(f"{column} {text} is too large")
    rounded = amount.quantize(_quantum(currency))
    if rounded != amount:
        raise RowError(
            f"{column} {text} has more decimals than {currency} allows ({_places(currency)})"
        )
    return rounded


class RowParser:
    """Validates rows against the rules above; ``today`` bounds dates of birth."""

    def __init__(self, today: date) -> None:
        self.today = today

    def parse(self, values: Sequence[str]) -> AccountRow:
        """Parse the 14 values of one row, in :data:`COLUMNS` order.

        Raises:
            RowError: the first problem found, as a user-readable reason.
        """
        if "\x00" in "".join(values):
            raise RowError("contains a NUL character")
        ref, name, dob, last4, phone, email, creditor, currency = [v.strip() for v in values[:8]]
        if not ref:
            raise RowError("account_ref is empty")
        if len(ref) > MAX_REF:
            raise RowError(f"account_ref is longer than {MAX_REF} characters")
        if not name:
            raise RowError("full_name is empty")
        birth = None
        if dob:
            birth = _date("date_of_birth", dob)
            if birth > self.today:
                raise RowError(f"date_of_birth {dob} is in the future")
            if birth < OLDEST_BIRTH:
                raise RowError(f"date_of_birth {dob} is before {OLDEST_BIRTH.year}")
        last4 = last4.upper()
        if last4 and not _ID_LAST4.fullmatch(last4):
            raise RowError(f"id_last4 {last4!r} is not 4 letters or digits")
        if phone and not _PHONE.fullmatch(phone):
            raise RowError(f"phone {phone!r} is not a phone number")
        if email and not _EMAIL.fullmatch(email):
            raise RowError(f"email {email!r} is not an email address")
        if not creditor:
            raise RowError("creditor is empty")
        if len(creditor) > MAX_CREDITOR:
            raise RowError(f"creditor is longer than {MAX_CREDITOR} characters")
        currency = currency.upper()
        if currency not in _CURRENCIES:
            raise RowError(f"currency {currency!r} is not an ISO 4217 code")
        principal = _amount("principal", values[8], currency, required=True)
        interest = _amount("interest", values[9], currency, required=False)
        fees = _amount("fees", values[10], currency, required=False)
        due = _date("due_date", values[11])
        if not values[12].strip():
            raise RowError("locale is empty")
        locale = _locale(values[12])
        if locale is None:
            raise RowError(
                f"locale {values[12].strip()!r} is not supported "
                f"(use {', '.join(SUPPORTED_LOCALES)})"
            )
        zone = values[13].strip()
        if not zone:
            raise RowError("timezone is empty")
        if not _valid_zone(zone):
            raise RowError(f"timezone {zone!r} is not an IANA time zone (like Asia/Shanghai)")
        return AccountRow(
            account_ref=ref,
            full_name=name,
            date_of_birth=birth,
            id_last4=last4 or None,
            phone=phone or None,
            email=email or None,
            creditor=creditor,
            currency=currency,
            principal=principal,
            interest=interest,
            fees=fees,
            due_date=due,
            locale=locale,
            timezone=zone,
        )
