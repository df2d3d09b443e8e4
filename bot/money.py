"""Money in a currency's minor units: exact ``Decimal``, never float.

Minor units come from Babel (CLDR / ISO 4217 digits): CNY 2, USD 2, JPY 0 and
TWD 2. This is the lowest layer: formatting (:mod:`bot.i18n`), schedules and
storage all round through here, so an amount means the same everywhere.
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision


@functools.lru_cache(maxsize=64)
def minor_units(currency: str) -> int:
    """Number of decimals a currency is paid in, as Babel reports it.

    Args:
        currency: ISO 4217 code such as ``"CNY"``.

    Returns:
        0 for JPY, 2 for CNY, USD and TWD (unknown codes also get 2, Babel's default).
    """
    return int(get_currency_precision(currency.upper()))


@functools.lru_cache(maxsize=64)
def unit(currency: str) -> Decimal:
    """The currency's smallest amount: ``0.01`` for CNY, ``1`` for JPY."""
    return Decimal(1).scaleb(-minor_units(currency))


# Plans are paid in whole units of these currencies although ISO lists cents
# (CLDR cash digits: nobody in Taiwan pays a plan instalment with cents).
_WHOLE_PAYMENTS = frozenset({"TWD"})


@functools.lru_cache(maxsize=64)
def payment_unit(currency: str) -> Decimal:
    """The smallest step of a plan's instalments: ``1`` for TWD and JPY, else the minor unit."""
    return Decimal(1) if currency.upper() in _WHOLE_PAYMENTS else unit(currency)


def quantize(amount: Decimal, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round an amount to the currency's minor units (half up unless told otherwise)."""
    return amount.quantize(unit(currency), rounding=rounding)


def is_exact(amount: Decimal, currency: str) -> bool:
    """Whether ``amount`` has no digits below the currency's minor unit."""
    return amount == quantize(amount, currency)


def exact_amount(amount: Decimal, currency: str, what: str = "amount") -> Decimal:
    """Return ``amount`` written with the currency's decimals.

    Raises:
        ValueError: if the amount has digits below the minor unit (``12.5`` JPY).
    """
    if not amount.is_finite() or not is_exact(amount, currency):
        raise ValueError(
            f"{what} {amount} has more decimals than {currency} allows ({minor_units(currency)})"
        )
    return quantize(amount, currency)
