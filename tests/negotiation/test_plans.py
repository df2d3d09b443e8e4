"""Example tests for schedules, offers and counter-offers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.negotiation.plans import (
    CounterRequest,
    Instalment,
    Plan,
    Policy,
    add_period,
    build_schedule,
    evaluate_counter,
    hardship_offers,
    minor_units,
    pay_in_full,
    quantize,
    schedule_for_amount,
    standard_offers,
    violations,
)

TODAY = date(2026, 3, 10)

POLICY = Policy(
    pay_in_full_discount_percent=Decimal("5"),
    pay_in_full_within_days=14,
    frequencies=("weekly", "biweekly", "monthly"),
    min_instalment={"CNY": Decimal("100"), "JPY": Decimal("3000"), "TWD": Decimal("500")},
    max_months=12,
    first_payment_within_days=14,
    hardship_min_instalment={"CNY": Decimal("50")},
    hardship_max_months=24,
    max_negotiation_rounds=3,
)


def D(text: str) -> Decimal:
    return Decimal(text)


def test_minor_units_follow_babel() -> None:
    assert [minor_units(c) for c in ("JPY", "CNY", "USD", "TWD")] == [0, 2, 2, 2]


def test_quantize_rounds_half_up_to_minor_units() -> None:
    assert quantize(D("2.5"), "JPY") == D("3")
    assert quantize(D("1.005"), "CNY") == D("1.01")
    assert str(quantize(D("7"), "USD")) == "7.00"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 1, 31), [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]),
        (date(2028, 1, 31), [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]),
        (date(2026, 11, 30), [date(2026, 11, 30), date(2026, 12, 30), date(2027, 1, 30)]),
    ],
)
def test_monthly_dates_clamp_at_month_end_and_keep_the_day(
    start: date, expected: list[date]
) -> None:
    schedule = build_schedule(D("300.00"), "CNY", 3, "monthly", start)
    assert [i.due_date for i in schedule] == expected


def test_add_period_weekly_biweekly_and_anchor() -> None:
    assert add_period(date(2026, 3, 10), "weekly", 2) == date(2026, 3, 24)
    assert add_period(date(2026, 3, 10), "biweekly", 2) == date(2026, 4, 7)
    assert add_period(date(2026, 2, 28), "monthly", 1, anchor_day=31) == date(2026, 3, 31)
    with pytest.raises(ValueError, match="unknown frequency 'daily'"):
        add_period(date(2026, 3, 10), "daily", 1)


def test_schedule_last_instalment_absorbs_rounding() -> None:
    schedule = build_schedule(D("100.00"), "CNY", 3, "monthly", date(2026, 3, 10))
    assert [i.amount for i in schedule] == [D("33.33"), D("33.33"), D("33.34")]
    jpy = build_schedule(D("10000"), "JPY", 3, "monthly", date(2026, 3, 10))
    assert [str(i.amount) for i in jpy] == ["3333", "3333", "3334"]


def test_schedule_rejects_amounts_finer_than_the_currency() -> None:
    with pytest.raises(ValueError, match=r"total 100\.5 has more decimals than JPY allows \(0\)"):
        build_schedule(D("100.5"), "JPY", 2, "monthly", TODAY)


def test_pay_in_full_discount_rounds_half_up_and_needs_the_window() -> None:
    plan = pay_in_full(D("12345.67"), "CNY", POLICY, TODAY)
    assert (plan.discount, plan.total) == (D("617.28"), D("11728.39"))  # 617.2835
    assert plan.first_date == date(2026, 3, 17)
    jpy = pay_in_full(D("12345"), "JPY", POLICY, TODAY)
    assert (str(jpy.discount), str(jpy.total)) == ("617", "11728")  # 617.25
    late = pay_in_full(D("12345.67"), "CNY", POLICY, TODAY, pay_date=date(2026, 3, 25))
    assert (late.discount, late.total) == (D("0.00"), D("12345.67"))


def test_standard_offers_respect_the_minimum() -> None:
    offers = standard_offers(D("12000.00"), "CNY", POLICY, TODAY)
    assert [(p.kind, p.count, p.first_amount) for p in offers] == [
        ("full", 1, D("11400.00")),
        ("instalments", 3, D("4000.00")),
        ("instalments", 6, D("2000.00")),
    ]
    small = standard_offers(D("400.00"), "CNY", POLICY, TODAY)
    assert [(p.kind, p.count) for p in small] == [("full", 1), ("instalments", 3)]
    tiny = standard_offers(D("150.00"), "CNY", POLICY, TODAY)
    assert [p.kind for p in tiny] == ["full"]


def test_hardship_offers_are_longer_and_lower() -> None:
    offers = hardship_offers(D("12000.00"), "CNY", POLICY, TODAY)
    assert [(p.kind, p.count, p.first_amount) for p in offers] == [
        ("hardship", 12, D("1000.00")),
        ("hardship", 24, D("500.00")),
    ]
    assert all(violations(p, POLICY, TODAY) == () for p in offers)


def test_counter_300_a_month_is_accepted_with_a_smaller_last_payment() -> None:
    result = evaluate_counter(D("2000.00"), "CNY", POLICY, TODAY, CounterRequest(amount=D("300")))
    assert result.reasons == ()
    plan = result.accepted
    assert plan is not None
    assert [i.amount for i in plan.instalments] == [D("300.00")] * 6 + [D("200.00")]
    assert plan.frequency == "monthly"


def test_counter_below_minimum_is_raised_to_the_minimum() -> None:
    result = evaluate_counter(D("1000.00"), "CNY", POLICY, TODAY, CounterRequest(amount=D("50")))
    assert result.accepted is None
    assert result.reasons == ("below_minimum",)
    assert result.counter is not None
    assert result.counter.first_amount == D("100.00")
    assert result.counter.count == 10


def test_counter_too_long_gets_the_amount_that_finishes_in_max_months() -> None:
    result = evaluate_counter(D("12000.00"), "CNY", POLICY, TODAY, CounterRequest(amount=D("300")))
    assert result.reasons == ("too_long",)
    assert result.counter is not None
    assert (result.counter.count, result.counter.first_amount) == (12, D("1000.00"))


def test_counter_start_moves_to_the_latest_allowed_date() -> None:
    request = CounterRequest(count=3, first_date=date(2026, 4, 25))
    result = evaluate_counter(D("900.00"), "CNY", POLICY, TODAY, request)
    assert result.reasons == ("start_too_late",)
    assert result.counter is not None
    assert result.counter.first_date == date(2026, 3, 24)
    # A day of the month that comes within the window is kept (a payday): the 15th.
    request = CounterRequest(count=3, first_date=date(2026, 4, 15))
    result = evaluate_counter(D("900.00"), "CNY", POLICY, TODAY, request)
    assert result.reasons == ("start_too_late",)
    assert result.counter is not None
    assert [i.due_date.day for i in result.counter.instalments] == [15, 15, 15]
    assert result.counter.first_date == date(2026, 3, 15)
    past = evaluate_counter(
        D("900.00"), "CNY", POLICY, TODAY, CounterRequest(first_date=date(2026, 3, 1))
    )
    assert past.reasons == ("start_in_past",)
    # Paying everything at once on a day gone by: one payment, not a first one.
    once = evaluate_counter(
        D("900.00"),
        "CNY",
        POLICY,
        TODAY,
        CounterRequest(lump_sum=True, first_date=date(2026, 3, 1)),
    )
    assert once.reasons == ("pay_date_in_past",)
    assert once.counter is not None and once.counter.first_date == TODAY


def test_counter_frequency_not_allowed_uses_the_nearest_allowed() -> None:
    policy = Policy(frequencies=("monthly",), min_instalment={"CNY": D("100")})
    request = CounterRequest(amount=D("120"), frequency="weekly")
    result = evaluate_counter(D("3000.00"), "CNY", policy, TODAY, request)
    assert result.reasons == ("frequency_not_allowed",)
    assert result.counter is not None
    assert (result.counter.frequency, result.counter.first_amount) == ("monthly", D("520.00"))


def test_counter_lump_sum_pays_in_full_with_discount_inside_the_window() -> None:
    request = CounterRequest(lump_sum=True, first_date=date(2026, 3, 13))
    result = evaluate_counter(D("1000.00"), "CNY", POLICY, TODAY, request)
    assert result.accepted is not None
    assert (result.accepted.kind, result.accepted.total) == ("full", D("950.00"))
    too_much = evaluate_counter(
        D("1000.00"), "CNY", POLICY, TODAY, CounterRequest(amount=D("5000"), lump_sum=True)
    )
    assert too_much.reasons == ("exceeds_balance",)


def test_counter_first_payment_then_the_rest() -> None:
    request = CounterRequest(amount=D("1000"), lump_sum=True, first_date=date(2026, 3, 13), count=2)
    result = evaluate_counter(D("5000.00"), "CNY", POLICY, TODAY, request)
    assert result.accepted is not None
    assert [(i.due_date, i.amount) for i in result.accepted.instalments] == [
        (date(2026, 3, 13), D("1000.00")),
        (date(2026, 4, 13), D("2000.00")),
        (date(2026, 5, 13), D("2000.00")),
    ]


def test_counter_hardship_uses_hardship_limits() -> None:
    request = CounterRequest(amount=D("60"))
    normal = evaluate_counter(D("1000.00"), "CNY", POLICY, TODAY, request)
    hard = evaluate_counter(D("1000.00"), "CNY", POLICY, TODAY, request, hardship=True)
    assert normal.reasons == ("below_minimum",)
    assert hard.accepted is not None
    # 16 x 60 would leave a last 40, below the hardship minimum of 50: it is folded in.
    assert (hard.accepted.kind, hard.accepted.count) == ("hardship", 16)
    assert [i.amount for i in hard.accepted.instalments][-2:] == [D("60.00"), D("100.00")]


def test_counter_keeps_the_current_plan_when_only_the_date_changes() -> None:
    current = standard_offers(D("1200.00"), "CNY", POLICY, TODAY)[2]
    request = CounterRequest(first_date=date(2026, 3, 15))
    result = evaluate_counter(D("1200.00"), "CNY", POLICY, TODAY, request, current=current)
    assert result.accepted is not None
    assert (result.accepted.count, result.accepted.first_date) == (6, date(2026, 3, 15))


def test_plan_json_round_trip() -> None:
    plan = standard_offers(D("12345"), "JPY", POLICY, TODAY)[1]
    data = plan.to_json()
    assert data["instalments"][0] == {"due_date": "2026-03-17", "amount": "4115"}
    assert Plan.from_json(data) == plan
    assert plan.schedule_rows()[0] == ["2026-03-17", "4115"]
    with pytest.raises(ValueError, match="plan JSON lacks 'total'"):
        Plan.from_json({k: v for k, v in data.items() if k != "total"})


def test_violations_catch_a_plan_outside_policy() -> None:
    bad = Plan(
        "instalments",
        "CNY",
        D("1000.00"),
        D("0.00"),
        D("1000.00"),
        "monthly",
        (Instalment(date(2026, 3, 1), D("50.00")), Instalment(date(2026, 4, 1), D("950.00"))),
    )
    assert violations(bad, POLICY, TODAY) == ("start_in_past", "below_minimum")


def test_balance_must_be_positive_and_exact() -> None:
    with pytest.raises(ValueError, match="more than zero"):
        standard_offers(D("0"), "CNY", POLICY, TODAY)
    with pytest.raises(ValueError, match=r"balance 10\.5 has more decimals than JPY"):
        pay_in_full(D("10.5"), "JPY", POLICY, TODAY)


def test_absurd_schedules_are_refused() -> None:
    with pytest.raises(ValueError, match="a plan has 1 to 520 payments, not 0"):
        build_schedule(D("100.00"), "CNY", 0, "monthly", TODAY)
    with pytest.raises(ValueError, match=r"0\.01 per payment would take 10000000 payments"):
        schedule_for_amount(D("100000.00"), "CNY", D("0.01"), "weekly", TODAY)


def test_a_first_payment_today_then_weekly_on_another_day_is_kept() -> None:
    """ "200 today, then 200 every Friday" (TODAY is a Tuesday): the first on its day, the
    weekly ones from the Friday, to the cent."""
    friday = date(2026, 3, 13)
    request = CounterRequest(
        amount=D("200"), frequency="weekly", first_date=TODAY, then_from=friday
    )
    result = evaluate_counter(D("1000.00"), "CNY", POLICY, TODAY, request)
    assert result.reasons == ()
    plan = result.accepted
    assert plan is not None
    assert [i.due_date for i in plan.instalments] == [
        TODAY, friday, date(2026, 3, 20), date(2026, 3, 27), date(2026, 4, 3)
    ]  # fmt: skip
    assert [i.amount for i in plan.instalments] == [D("200.00")] * 5
    assert violations(plan, POLICY, TODAY) == ()


def test_a_second_day_beyond_one_period_does_not_shape_the_plan() -> None:
    request = CounterRequest(
        amount=D("200"), frequency="weekly", first_date=TODAY, then_from=date(2026, 3, 30)
    )
    plan = evaluate_counter(D("1000.00"), "CNY", POLICY, TODAY, request).accepted
    assert plan is not None
    assert [i.due_date for i in plan.instalments][:2] == [TODAY, date(2026, 3, 17)]


def test_a_larger_first_payment_then_weekly_on_another_day() -> None:
    """ "2000 today, then 1000 every Friday": the first sum on its day, the weekly sum from
    the Friday, the last payment the rest."""
    friday = date(2026, 3, 13)
    request = CounterRequest(
        amount=D("1000"), frequency="weekly", first_date=TODAY, then_from=friday,
        first_amount=D("2000"),
    )  # fmt: skip
    plan = evaluate_counter(D("5500.50"), "CNY", POLICY, TODAY, request).accepted
    assert plan is not None
    assert [(i.due_date, i.amount) for i in plan.instalments] == [
        (TODAY, D("2000.00")), (friday, D("1000.00")), (date(2026, 3, 20), D("1000.00")),
        (date(2026, 3, 27), D("1000.00")), (date(2026, 4, 3), D("500.50")),
    ]  # fmt: skip
    cleared = CounterRequest(
        amount=D("100"), frequency="weekly", first_date=TODAY, then_from=friday,
        first_amount=D("9000"),
    )  # fmt: skip
    over = evaluate_counter(D("5500.50"), "CNY", POLICY, TODAY, cleared)
    assert "exceeds_balance" in over.reasons
    assert over.counter is not None and over.counter.count == 1
