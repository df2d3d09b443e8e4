"""Repayment plans: the one module the dialog engine imports for negotiation.

Pure and exact (Decimal, no database, the clock passed in as ``today``). The
pieces live in :mod:`~bot.negotiation.schedule` (minor units, dates,
schedules, :class:`Plan`), :mod:`~bot.negotiation.policy` (:class:`Policy`),
:mod:`~bot.negotiation.offers` (the bot's offers and :func:`violations`) and
:mod:`~bot.negotiation.counter` (:func:`evaluate_counter`).
"""

from __future__ import annotations

from bot.money import minor_units, quantize, unit
from bot.negotiation.counter import REASONS, CounterRequest, Evaluation, evaluate_counter
from bot.negotiation.offers import (
    DEFAULT_FIRST_GAP_DAYS,
    default_first_date,
    discount_for,
    equal_plan,
    hardship_offers,
    pay_in_full,
    standard_offers,
    violations,
)
from bot.negotiation.policy import Policy, PolicyError
from bot.negotiation.schedule import (
    FREQUENCIES,
    PLAN_KINDS,
    Instalment,
    Plan,
    add_period,
    build_schedule,
    max_count,
    schedule_for_amount,
    term_end,
)

__all__ = [
    "DEFAULT_FIRST_GAP_DAYS",
    "FREQUENCIES",
    "PLAN_KINDS",
    "REASONS",
    "CounterRequest",
    "Evaluation",
    "Instalment",
    "Plan",
    "Policy",
    "PolicyError",
    "add_period",
    "build_schedule",
    "default_first_date",
    "discount_for",
    "equal_plan",
    "evaluate_counter",
    "hardship_offers",
    "max_count",
    "minor_units",
    "pay_in_full",
    "quantize",
    "schedule_for_amount",
    "standard_offers",
    "term_end",
    "unit",
    "violations",
]
