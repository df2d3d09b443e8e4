"""Settlements and two-payment splits: inside the policy, or the best figure it allows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from bot.negotiation.offers import violations
from bot.negotiation.policy import Policy
from bot.negotiation.settlement import evaluate_settlement, evaluate_split, settlement_plan

TODAY = date(2026, 3, 10)
BASE: dict[str, Any] = {
    "pay_in_full": {"discount_percent": 5, "within_days": 14},
    "instalments": {"min_amount": {"CNY": "100", "TWD": "500", "USD": "25"}},
    "settlement": {"min_percent": 70, "approval_below_percent": 80, "within_days": 14},
}
POLICY = Policy.from_mapping(BASE)


@pytest.mark.parametrize(
    ("balance", "currency", "floor"),
    [("2745.75", "USD", "1922.03"), ("11700.50", "CNY", "8190.35"), ("49000.00", "TWD", "34300.00"),
     ("1001.00", "TWD", "701.00")],  # 700.70 rounds up to a whole NT$
)  # fmt: skip
def test_an_offer_under_the_floor_is_countered_with_the_floor(
    balance: str, currency: str, floor: str
) -> None:
    answer = evaluate_settlement(Decimal(balance), currency, POLICY, TODAY, Decimal("100"))
    assert not answer.accepted and answer.reasons == ("below_settlement_floor",)
    assert answer.plan is not None
    assert answer.plan.total == Decimal(floor)
    assert answer.plan.discount == Decimal(balance) - Decimal(floor)
    assert violations(answer.plan, POLICY, TODAY) == ()


def test_between_floor_and_approval_line_needs_a_person() -> None:
    answer = evaluate_settlement(Decimal("1000.00"), "USD", POLICY, TODAY, Decimal("750"))
    assert answer.accepted and answer.needs_approval
    answer = evaluate_settlement(Decimal("1000.00"), "USD", POLICY, TODAY, Decimal("800"))
    assert answer.accepted and not answer.needs_approval


def test_a_settlement_date_past_its_window_is_moved_to_the_last_day() -> None:
    answer = evaluate_settlement(
        Decimal("1000.00"), "USD", POLICY, TODAY, Decimal("900"), date(2026, 4, 30)
    )
    assert answer.reasons == ("settlement_too_late",)
    assert answer.plan is not None and answer.plan.first_date == date(2026, 3, 24)


def test_no_settlement_section_means_no_settlements() -> None:
    policy = Policy.from_mapping({k: v for k, v in BASE.items() if k != "settlement"})
    answer = evaluate_settlement(Decimal("1000.00"), "USD", policy, TODAY, Decimal("900"))
    assert answer == type(answer)(None, False, reasons=("settlement_not_allowed",))
    plan = settlement_plan(Decimal("1000.00"), "USD", Decimal("900"), TODAY)
    assert "discount_not_allowed" in violations(plan, policy, TODAY)


def test_a_settlement_below_the_floor_breaks_the_policy() -> None:
    plan = settlement_plan(Decimal("1000.00"), "USD", Decimal("699.99"), TODAY)
    assert violations(plan, POLICY, TODAY) == ("discount_not_allowed",)


def test_a_split_is_two_payments_summing_to_the_balance() -> None:
    answer = evaluate_split(
        Decimal("2745.75"), "USD", POLICY, TODAY, Decimal("1200"), TODAY, date(2026, 4, 30)
    )
    assert answer.accepted and answer.plan is not None
    assert [(i.due_date, i.amount) for i in answer.plan.instalments] == [
        (TODAY, Decimal("1200.00")),
        (date(2026, 4, 30), Decimal("1545.75")),
    ]
    assert violations(answer.plan, POLICY, TODAY) == ()


def test_a_split_first_payment_is_at_least_the_minimum() -> None:
    answer = evaluate_split(
        Decimal("2745.75"), "USD", POLICY, TODAY, Decimal("10"), None, date(2026, 4, 1)
    )
    assert answer.reasons == ("below_minimum",)
    assert answer.plan is not None and answer.plan.first_amount == Decimal("25.00")


def test_a_split_in_the_past_starts_today_and_a_rest_before_it_comes_after_it() -> None:
    answer = evaluate_split(
        Decimal("500.00"), "USD", POLICY, TODAY, Decimal("100"), date(2026, 3, 1), TODAY
    )
    assert answer.reasons == ("start_in_past",)
    assert answer.plan is not None
    assert [i.due_date for i in answer.plan.instalments] == [TODAY, date(2026, 3, 11)]


PROBLEMS = [
    ({"min_percent": 0}, "min_percent: 0% must be more than 0 and at most 100"),
    (
        {"min_percent": 70, "approval_below_percent": 60},
        "approval_below_percent: 60% must be between min_percent (70%) and 100",
    ),
    ({"approval_below_percent": 80}, "approval_below_percent: needs settlement.min_percent too"),
    ({"min_percent": 70, "within_days": -1}, "within_days: -1 days must not be negative"),
]


@pytest.mark.parametrize(("value", "message"), PROBLEMS)
def test_settlement_values_that_cannot_work_are_named(value: dict[str, Any], message: str) -> None:
    policy = Policy.from_mapping({"settlement": value})
    assert [f"{path}: {text}" for path, text in policy.problems()] == [
        f"policy.settlement.{message}"
    ]


def test_a_pause_longer_than_a_year_is_named() -> None:
    policy = Policy.from_mapping({"hardship": {"pause_max_days": 400}})
    assert policy.problems() == [
        ("policy.hardship.pause_max_days", "must be from 0 to 366 days, not 400")
    ]


def test_a_settlement_day_gone_by_is_a_payment_day_in_the_past() -> None:
    answer = evaluate_settlement(
        Decimal("2745.75"), "USD", POLICY, TODAY, Decimal("2300"), date(2026, 3, 1)
    )
    assert answer.reasons == ("pay_date_in_past",)  # one payment: no "first payment"
    assert answer.plan is not None and answer.plan.first_date == TODAY
