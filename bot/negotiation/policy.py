"""The negotiation policy of a dialog script: what the bot may agree to.

A script's ``policy:`` mapping looks like::

    policy:
      pay_in_full: {discount_percent: 5, within_days: 14, horizon: end_of_next_month}
      instalments:
        frequencies: [weekly, biweekly, monthly]
        min_amount: {CNY: "100", TWD: "500", USD: "25"}
        max_months: 12
        first_payment_within_days: 14
        standard_months: [3, 6]
      hardship: {min_amount: {CNY: "50"}, max_months: 24, pause_max_days: 60}
      settlement: {min_percent: 70, approval_below_percent: 80, within_days: 14}
      max_negotiation_rounds: 3

Every key is optional (defaults below); unknown keys and values of the wrong
type raise :class:`PolicyError` naming the key path. :meth:`Policy.problems`
lists values that contradict each other or a sample balance.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from babel.numbers import is_currency

from bot.money import is_exact, minor_units
from bot.negotiation.policy_values import (
    _SECTIONS,
    HORIZONS,
    N_,
    PolicyError,
    PolicyProblem,
    _amounts,
    _decimal,
    _frequencies,
    _horizon,
    _int,
    _known,
    _list,
    _mapping,
)
from bot.negotiation.schedule import FREQUENCIES

__all__ = ["HORIZONS", "MAX_MONTHS", "N_", "Policy", "PolicyError", "PolicyProblem"]

MAX_MONTHS = 120
"""Longest term a policy may set."""


@dataclass(frozen=True)
class Policy:
    """Limits for the plans the bot may offer and accept.

    Attributes:
        pay_in_full_discount_percent: Discount for paying everything within the window.
        pay_in_full_within_days: The window, in days from today, for the discount.
        pay_in_full_horizon: The latest day a single payment of everything may be
            promised for: ``end_of_next_month`` (the default, so the next payday is
            always in reach), ``end_of_month`` or a number of days from today.
        frequencies: Allowed instalment frequencies (weekly, biweekly, monthly).
        min_instalment: Minimum per instalment by currency; a currency missing here
            has no minimum. The last instalment of a plan may be smaller (it is the rest).
        max_months: Longest term, counted from the first payment.
        first_payment_within_days: Latest first payment, in days from today.
        hardship_min_instalment: Minimum per instalment on the hardship path.
        hardship_max_months: Longest term on the hardship path.
        pause_max_days: Longest breathing space (no payment due) a debtor in hardship
            may be given before a plan's first payment; 0 means a person decides.
        settlement_min_percent: The least share of the balance the bot may accept to
            settle the account (``None``: no settlements; the debtor is told so).
        settlement_approval_below_percent: Settlements below this share are accepted
            only by a person (the offer goes to the console); ``None``: no approval.
        settlement_within_days: A settlement is paid within this many days.
        max_negotiation_rounds: Counter-offers before a human is offered.
        standard_months: Terms of the instalment plans offered up front.
    """

    pay_in_full_discount_percent: Decimal = Decimal(0)
    pay_in_full_within_days: int = 14
    pay_in_full_horizon: str | int = "end_of_next_month"
    frequencies: tuple[str, ...] = ("monthly",)
    min_instalment: Mapping[str, Decimal] = field(default_factory=dict)
    max_months: int = 12
    first_payment_within_days: int = 14
    hardship_min_instalment: Mapping[str, Decimal] = field(default_factory=dict)
    hardship_max_months: int = 24
    pause_max_days: int = 0
    settlement_min_percent: Decimal | None = None
    settlement_approval_below_percent: Decimal | None = None
    settlement_within_days: int = 14
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
        settle = _mapping(top.get("settlement", {}), f"{path}.settlement")
        sections = (("pay_in_full", full), ("instalments", inst), ("hardship", hard))
        for name, section in (*sections, ("settlement", settle)):
            _known(section, f"{path}.{name}", _SECTIONS[name])
        p_settle = f"{path}.settlement"
        floor, approval = settle.get("min_percent"), settle.get("approval_below_percent")
        p_full, p_inst, p_hard = (f"{path}.{s}" for s in ("pay_in_full", "instalments", "hardship"))
        min_amount = _amounts(inst.get("min_amount", {}), f"{p_inst}.min_amount")
        max_months = _int(inst.get("max_months", 12), f"{p_inst}.max_months")
        return cls(
            pay_in_full_discount_percent=_decimal(
                full.get("discount_percent", 0), f"{p_full}.discount_percent"
            ),
            pay_in_full_within_days=_int(full.get("within_days", 14), f"{p_full}.within_days"),
            pay_in_full_horizon=_horizon(
                full.get("horizon", "end_of_next_month"), f"{p_full}.horizon"
            ),
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
            pause_max_days=_int(hard.get("pause_max_days", 0), f"{p_hard}.pause_max_days"),
            settlement_min_percent=(
                None if floor is None else _decimal(floor, f"{p_settle}.min_percent")
            ),
            settlement_approval_below_percent=(
                None
                if approval is None
                else _decimal(approval, f"{p_settle}.approval_below_percent")
            ),
            settlement_within_days=_int(settle.get("within_days", 14), f"{p_settle}.within_days"),
            max_negotiation_rounds=_int(
                top.get("max_negotiation_rounds", 3), f"{path}.max_negotiation_rounds"
            ),
        )

    def _settlement_checks(self, key: str) -> list[PolicyProblem]:
        return _settlement_checks(self, key)

    def minimum(self, currency: str, *, hardship: bool = False) -> Decimal:
        """Minimum instalment in ``currency`` (0 when the policy sets none)."""
        table = self.hardship_min_instalment if hardship else self.min_instalment
        return table.get(currency.upper(), Decimal(0))

    def single_payment_latest(self, today: date) -> date:
        """The latest day a single payment may be promised for (never before the
        discount window or the first-payment window ends)."""
        horizon = self.pay_in_full_horizon
        if horizon == "end_of_month":
            latest = _month_end(today, 0)
        elif horizon == "end_of_next_month":
            latest = _month_end(today, 1)
        else:
            latest = today + timedelta(days=int(horizon))
        windows = max(self.pay_in_full_within_days, self.first_payment_within_days)
        return max(latest, today + timedelta(days=windows))

    def months(self, *, hardship: bool = False) -> int:
        """Longest term in months, normal or hardship."""
        return self.hardship_max_months if hardship else self.max_months

    def problems(
        self, balance: Decimal | None = None, currency: str | None = None, path: str = "policy"
    ) -> list[tuple[str, str]]:
        """Values that contradict each other (or the sample balance), in English.

        Args:
            balance: A balance to check the minimums against (e.g. the smallest account's).
            currency: The currency of ``balance``.
            path: Prefix for key paths.

        Returns:
            ``(key path, message)`` pairs; empty when the policy is usable.
        """
        return [(p.path, p.message) for p in self.checks(balance, currency, path)]

    def checks(
        self, balance: Decimal | None = None, currency: str | None = None, path: str = "policy"
    ) -> list[PolicyProblem]:
        """:meth:`problems` with their catalog message ids (to show them translated)."""
        out: list[PolicyProblem] = []
        bad = PolicyProblem.of
        full, inst, hard = (f"{path}.{s}" for s in ("pay_in_full", "instalments", "hardship"))
        pct = self.pay_in_full_discount_percent
        if pct < 0:
            out.append(
                bad(
                    f"{full}.discount_percent",
                    N_("discount %(percent)s%% must not be negative"),
                    percent=pct,
                )
            )
        elif pct >= 100:
            out.append(
                bad(
                    f"{full}.discount_percent",
                    N_("discount %(percent)s%% must be below 100%%"),
                    percent=pct,
                )
            )
        for key, value in (
            (f"{full}.within_days", self.pay_in_full_within_days),
            (f"{inst}.first_payment_within_days", self.first_payment_within_days),
        ):
            if value < 0:
                out.append(bad(key, N_("%(days)s days must not be negative"), days=value))
        if not self.frequencies:
            out.append(bad(f"{inst}.frequencies", N_("at least one frequency is needed")))
        for i, freq in enumerate(self.frequencies):
            if freq not in FREQUENCIES:
                out.append(
                    bad(
                        f"{inst}.frequencies.{i}",
                        N_("unknown frequency %(value)s (%(allowed)s)"),
                        value=repr(freq),
                        allowed=", ".join(FREQUENCIES),
                    )
                )
        if self.max_months < 1:
            out.append(
                bad(
                    f"{inst}.max_months",
                    N_("must be at least 1, not %(value)s"),
                    value=self.max_months,
                )
            )
        for key, months in ((inst, self.max_months), (hard, self.hardship_max_months)):
            if months > MAX_MONTHS:
                out.append(
                    bad(
                        f"{key}.max_months",
                        N_("%(months)s months is over %(max)s (10 years)"),
                        months=months,
                        max=MAX_MONTHS,
                    )
                )
        if self.hardship_max_months < self.max_months:
            out.append(
                bad(
                    f"{hard}.max_months",
                    N_("hardship term %(months)s months is shorter than the standard %(standard)s"),
                    months=self.hardship_max_months,
                    standard=self.max_months,
                )
            )
        for i, months in enumerate(self.standard_months):
            if not 1 <= months <= self.max_months:
                out.append(
                    bad(
                        f"{inst}.standard_months.{i}",
                        N_("%(months)s months is outside 1..%(max)s (max_months)"),
                        months=months,
                        max=self.max_months,
                    )
                )
        if not 0 <= self.pause_max_days <= 366:
            out.append(
                bad(
                    f"{hard}.pause_max_days",
                    N_("must be from 0 to 366 days, not %(value)s"),
                    value=self.pause_max_days,
                )
            )
        out += self._settlement_checks(f"{path}.settlement")
        if self.max_negotiation_rounds < 0:
            out.append(bad(f"{path}.max_negotiation_rounds", N_("must not be negative")))
        out += _amount_problems(self.min_instalment, f"{inst}.min_amount")
        out += _amount_problems(self.hardship_min_instalment, f"{hard}.min_amount")
        for code, hmin in self.hardship_min_instalment.items():
            normal = self.min_instalment.get(code)
            if normal is not None and hmin > normal:
                out.append(
                    bad(
                        f"{hard}.min_amount.{code}",
                        N_(
                            "hardship minimum %(amount)s is above the standard minimum %(standard)s"
                        ),
                        amount=hmin,
                        standard=normal,
                    )
                )
        if balance is not None and currency is not None:
            code = currency.upper()
            minimum = self.min_instalment.get(code)
            if minimum is not None and minimum > balance:
                out.append(
                    bad(
                        f"{inst}.min_amount.{code}",
                        N_("minimum instalment %(amount)s is above the balance %(balance)s"),
                        amount=minimum,
                        balance=balance,
                    )
                )
        return out


def _settlement_checks(policy: Policy, key: str) -> list[PolicyProblem]:
    out = []
    floor, approval = policy.settlement_min_percent, policy.settlement_approval_below_percent
    if floor is not None and not 0 < floor <= 100:
        out.append(
            PolicyProblem.of(
                f"{key}.min_percent",
                N_("%(percent)s%% must be more than 0 and at most 100"),
                percent=floor,
            )
        )
    if approval is not None:
        if floor is None:
            out.append(
                PolicyProblem.of(
                    f"{key}.approval_below_percent", N_("needs settlement.min_percent too")
                )
            )
        elif not floor <= approval <= 100:
            out.append(
                PolicyProblem.of(
                    f"{key}.approval_below_percent",
                    N_("%(percent)s%% must be between min_percent (%(floor)s%%) and 100"),
                    percent=approval,
                    floor=floor,
                )
            )
    if policy.settlement_within_days < 0:
        out.append(
            PolicyProblem.of(
                f"{key}.within_days",
                N_("%(days)s days must not be negative"),
                days=policy.settlement_within_days,
            )
        )
    return out


def _amount_problems(table: Mapping[str, Decimal], key: str) -> list[PolicyProblem]:
    out = []
    for code, amount in table.items():
        if not is_currency(code):
            out.append(
                PolicyProblem.of(
                    f"{key}.{code}", N_("unknown currency code %(code)s"), code=repr(code)
                )
            )
        elif amount < 0:
            out.append(
                PolicyProblem.of(
                    f"{key}.{code}", N_("minimum %(amount)s must not be negative"), amount=amount
                )
            )
        elif not is_exact(amount, code):
            out.append(
                PolicyProblem.of(
                    f"{key}.{code}",
                    N_("%(amount)s has more than %(digits)s decimals for %(code)s"),
                    amount=amount,
                    digits=minor_units(code),
                    code=code,
                )
            )
    return out


def _month_end(today: date, offset: int) -> date:
    month0 = today.month - 1 + offset
    year, month = today.year + month0 // 12, month0 % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])
