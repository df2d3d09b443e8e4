"""The negotiation policy of a dialog script: what the bot may agree to.

A script's ``policy:`` mapping looks like::

    policy:
      pay_in_full: {discount_percent: 5, within_days: 14}
      instalments:
        frequencies: [weekly, biweekly, monthly]
        min_amount: {CNY: "100", TWD: "500", USD: "25"}
        max_months: 12
        first_payment_within_days: 14
        standard_months: [3, 6]
      hardship: {min_amount: {CNY: "50"}, max_months: 24}
      max_negotiation_rounds: 3

Every key is optional (defaults below); unknown keys and values of the wrong
type raise :class:`PolicyError` naming the key path. :meth:`Policy.problems`
lists values that contradict each other or a sample balance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import is_currency

from bot.money import is_exact, minor_units
from bot.negotiation.schedule import FREQUENCIES

MAX_MONTHS = 120
"""Longest term a policy may set."""

_SECTIONS: dict[str, tuple[str, ...]] = {
    "pay_in_full": ("discount_percent", "within_days"),
    "instalments": (
        "frequencies",
        "min_amount",
        "max_months",
        "first_payment_within_days",
        "standard_months",
    ),
    "hardship": ("min_amount", "max_months"),
}


class PolicyError(ValueError):
    """A policy value that cannot be used.

    Attributes:
        path: Dotted key path, e.g. ``"policy.instalments.max_months"``.
        keys: The same path as a tuple of keys, for finding the line in the YAML.
        message: What is wrong.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.keys: tuple[str, ...] = tuple(path.split("."))
        self.message = message


@dataclass(frozen=True)
class Policy:
    """Limits for the plans the bot may offer and accept.

    Attributes:
        pay_in_full_discount_percent: Discount for paying everything within the window.
        pay_in_full_within_days: The window, in days from today, for the discount.
        frequencies: Allowed instalment frequencies (weekly, biweekly, monthly).
        min_instalment: Minimum per instalment by currency; a currency missing here
            has no minimum. The last instalment of a plan may be smaller (it is the rest).
        max_months: Longest term, counted from the first payment.
        first_payment_within_days: Latest first payment, in days from today.
        hardship_min_instalment: Minimum per instalment on the hardship path.
        hardship_max_months: Longest term on the hardship path.
        max_negotiation_rounds: Counter-offers before a human is offered.
        standard_months: Terms of the instalment plans offered up front.
    """

    pay_in_full_discount_percent: Decimal = Decimal(0)
    pay_in_full_within_days: int = 14
    frequencies: tuple[str, ...] = ("monthly",)
    min_instalment: Mapping[str, Decimal] = field(default_factory=dict)
    max_months: int = 12
    first_payment_within_days: int = 14
    hardship_min_instalment: Mapping[str, Decimal] = field(default_factory=dict)
    hardship_max_months: int = 24
    max_negotiation_rounds: int = 3
    standard_months: tuple[int, ...] = (3, 6)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str = "policy") -> Policy:
        """Read the ``policy:`` mapping of a dialog script.

        Args:
            data: The mapping (plain dicts or ruamel's round-trip maps).
            path: Prefix for key paths in errors.

        Raises:
            PolicyError: for an unknown key or a value of the wrong type.
        """
        top = _mapping(data, path)
        _known(top, path, (*_SECTIONS, "max_negotiation_rounds"))
        full = _mapping(top.get("pay_in_full", {}), f"{path}.pay_in_full")
        inst = _mapping(top.get("instalments", {}), f"{path}.instalments")
        hard = _mapping(top.get("hardship", {}), f"{path}.hardship")
        for name, section in (("pay_in_full", full), ("instalments", inst), ("hardship", hard)):
            _known(section, f"{path}.{name}", _SECTIONS[name])
        p_full, p_inst, p_hard = (f"{path}.{s}" for s in ("pay_in_full", "instalments", "hardship"))
        min_amount = _amounts(inst.get("min_amount", {}), f"{p_inst}.min_amount")
        max_months = _int(inst.get("max_months", 12), f"{p_inst}.max_months")
        return cls(
            pay_in_full_discount_percent=_decimal(
                full.get("discount_percent", 0), f"{p_full}.discount_percent"
            ),
            pay_in_full_within_days=_int(full.get("within_days", 14), f"{p_full}.within_days"),
            frequencies=_frequencies(inst.get("frequencies", ["monthly"]), f"{p_inst}.frequencies"),
            min_instalment=min_amount,
            max_months=max_months,
            first_payment_within_days=_int(
                inst.get("first_payment_within_days", 14), f"{p_inst}.first_payment_within_days"
            ),
            standard_months=tuple(
                _int(v, f"{p_inst}.standard_months.{i}")
                for i, v in enumerate(
                    _list(inst.get("standard_months", [3, 6]), p_inst, "standard_months")
                )
            ),
            hardship_min_instalment=_amounts(
                hard.get("min_amount", min_amount), f"{p_hard}.min_amount"
            ),
            hardship_max_months=_int(hard.get("max_months", max_months), f"{p_hard}.max_months"),
            max_negotiation_rounds=_int(
                top.get("max_negotiation_rounds", 3), f"{path}.max_negotiation_rounds"
            ),
        )

    def minimum(self, currency: str, *, hardship: bool = False) -> Decimal:
        """Minimum instalment in ``currency`` (0 when the policy sets none)."""
        table = self.hardship_min_instalment if hardship else self.min_instalment
        return table.get(currency.upper(), Decimal(0))

    def months(self, *, hardship: bool = False) -> int:
        """Longest term in months, normal or hardship."""
        return self.hardship_max_months if hardship else self.max_months

    def problems(
        self, balance: Decimal | None = None, currency: str | None = None, path: str = "policy"
    ) -> list[tuple[str, str]]:
        """Values that contradict each other (or the sample balance).

        Args:
            balance: A balance to check the minimums against (e.g. the smallest account's).
            currency: The currency of ``balance``.
            path: Prefix for key paths.

        Returns:
            ``(key path, message)`` pairs; empty when the policy is usable.
        """
        out: list[tuple[str, str]] = []
        full, inst, hard = (f"{path}.{s}" for s in ("pay_in_full", "instalments", "hardship"))
        pct = self.pay_in_full_discount_percent
        if pct < 0:
            out.append((f"{full}.discount_percent", f"discount {pct}% must not be negative"))
        elif pct >= 100:
            out.append((f"{full}.discount_percent", f"discount {pct}% must be below 100%"))
        for key, value in (
            (f"{full}.within_days", self.pay_in_full_within_days),
            (f"{inst}.first_payment_within_days", self.first_payment_within_days),
        ):
            if value < 0:
                out.append((key, f"{value} days must not be negative"))
        if not self.frequencies:
            out.append((f"{inst}.frequencies", "at least one frequency is needed"))
        for i, freq in enumerate(self.frequencies):
            if freq not in FREQUENCIES:
                allowed = ", ".join(FREQUENCIES)
                out.append((f"{inst}.frequencies.{i}", f"unknown frequency {freq!r} ({allowed})"))
        if self.max_months < 1:
            out.append((f"{inst}.max_months", f"must be at least 1, not {self.max_months}"))
        for key, months in ((inst, self.max_months), (hard, self.hardship_max_months)):
            if months > MAX_MONTHS:
                out.append(
                    (f"{key}.max_months", f"{months} months is over {MAX_MONTHS} (10 years)")
                )
        if self.hardship_max_months < self.max_months:
            out.append(
                (
                    f"{hard}.max_months",
                    f"hardship term {self.hardship_max_months} months is shorter than "
                    f"the standard {self.max_months}",
                )
            )
        for i, months in enumerate(self.standard_months):
            if not 1 <= months <= self.max_months:
                out.append(
                    (
                        f"{inst}.standard_months.{i}",
                        f"{months} months is outside 1..{self.max_months} (max_months)",
                    )
                )
        if self.max_negotiation_rounds < 0:
            out.append((f"{path}.max_negotiation_rounds", "must not be negative"))
        out += _amount_problems(self.min_instalment, f"{inst}.min_amount")
        out += _amount_problems(self.hardship_min_instalment, f"{hard}.min_amount")
        for code, hmin in self.hardship_min_instalment.items():
            normal = self.min_instalment.get(code)
            if normal is not None and hmin > normal:
                out.append(
                    (
                        f"{hard}.min_amount.{code}",
                        f"hardship minimum {hmin} is above the standard minimum {normal}",
                    )
                )
        if balance is not None and currency is not None:
            code = currency.upper()
            minimum = self.min_instalment.get(code)
            if minimum is not None and minimum > balance:
                out.append(
                    (
                        f"{inst}.min_amount.{code}",
                        f"minimum instalment {minimum} is above the balance {balance}",
                    )
                )
        return out


def _amount_problems(table: Mapping[str, Decimal], key: str) -> list[tuple[str, str]]:
    out = []
    for code, amount in table.items():
        if not is_currency(code):
            out.append((f"{key}.{code}", f"unknown currency code {code!r}"))
        elif amount < 0:
            out.append((f"{key}.{code}", f"minimum {amount} must not be negative"))
        elif not is_exact(amount, code):
            digits = minor_units(code)
            out.append((f"{key}.{code}", f"{amount} has more than {digits} decimals for {code}"))
    return out


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PolicyError(path, f"must be a mapping, not {_kind(value)}")
    return value


def _list(value: Any, section: str, key: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise PolicyError(f"{section}.{key}", f"must be a list, not {_kind(value)}")
    return list(value)


def _known(data: Mapping[str, Any], path: str, allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise PolicyError(f"{path}.{key}", f"unknown key; expected one of {', '.join(allowed)}")


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyError(path, f"must be a whole number, not {value!r}")
    return value


def _decimal(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise PolicyError(path, f"must be a number, not {value!r}")
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        raise PolicyError(path, f"must be a number, not {value!r}") from None
    if not result.is_finite():
        raise PolicyError(path, f"must be a finite number, not {value!r}")
    return result


def _amounts(value: Any, path: str) -> dict[str, Decimal]:
    table = _mapping(value, path)
    out = {}
    for code, amount in table.items():
        if not isinstance(code, str) or len(code) != 3 or not code.isalpha():
            raise PolicyError(f"{path}.{code}", "keys must be 3-letter currency codes like CNY")
        out[code.upper()] = _decimal(amount, f"{path}.{code}")
    return out


def _frequencies(value: Any, path: str) -> tuple[str, ...]:
    section, _, key = path.rpartition(".")
    items = _list(value, section, key)
    for i, item in enumerate(items):
        if item not in FREQUENCIES:
            raise PolicyError(
                f"{path}.{i}", f"unknown frequency {item!r}; use {', '.join(FREQUENCIES)}"
            )
    return tuple(items)


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__
