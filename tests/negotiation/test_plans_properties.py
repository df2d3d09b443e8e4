"""Property tests: every schedule and every plan the bot hands out keeps the rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.negotiation.plans import (
    FREQUENCIES,
    REASONS,
    CounterRequest,
    Plan,
    Policy,
    build_schedule,
    evaluate_counter,
    hardship_offers,
    minor_units,
    standard_offers,
    term_end,
    violations,
)

CURRENCIES = ("CNY", "TWD", "USD", "JPY")
MINIMUMS = {"CNY": "100", "TWD": "500", "USD": "25", "JPY": "3000"}
HARDSHIP_MINIMUMS = {"CNY": "50", "TWD": "200", "USD": "10", "JPY": "1000"}


@st.composite
def money(draw: st.DrawFn, currency: str, low: int = 1, high: int = 50_000_000) -> Decimal:
    units = draw(st.integers(low, high))
    return Decimal(units).scaleb(-minor_units(currency))


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    max_months = draw(st.integers(1, 24))
    return Policy(
        pay_in_full_discount_percent=Decimal(draw(st.integers(0, 3000))) / 100,
        pay_in_full_within_days=draw(st.integers(0, 30)),
        frequencies=tuple(
            draw(st.lists(st.sampled_from(FREQUENCIES), min_size=1, max_size=3, unique=True))
        ),
        min_instalment={c: Decimal(v) for c, v in MINIMUMS.items() if draw(st.booleans())},
        max_months=max_months,
        first_payment_within_days=draw(st.integers(0, 31)),
        hardship_min_instalment={c: Decimal(v) for c, v in HARDSHIP_MINIMUMS.items()},
        hardship_max_months=max_months + draw(st.integers(0, 24)),
        max_negotiation_rounds=3,
        standard_months=tuple(
            sorted(set(draw(st.lists(st.integers(1, max_months), min_size=0, max_size=3))))
        ),
    )


dates = st.dates(date(2024, 1, 1), date(2030, 12, 31))


def assert_well_formed(plan: Plan) -> None:
    amounts = [i.amount for i in plan.instalments]
    assert sum(amounts, Decimal(0)) == plan.total == plan.balance - plan.discount
    assert all(a > 0 for a in amounts)
    digits = minor_units(plan.currency)
    assert all(-a.as_tuple().exponent <= digits for a in amounts)  # type: ignore[operator]
    days = [i.due_date for i in plan.instalments]
    assert days == sorted(set(days))


@settings(max_examples=300)
@given(
    st.sampled_from(CURRENCIES).flatmap(lambda c: st.tuples(st.just(c), money(c))),
    st.integers(1, 60),
    st.sampled_from(FREQUENCIES),
    dates,
)
def test_schedule_sums_exactly_with_increasing_dates(
    currency_total: tuple[str, Decimal], count: int, frequency: str, first: date
) -> None:
    currency, total = currency_total
    schedule = build_schedule(total, currency, count, frequency, first)
    assert len(schedule) == count
    assert sum((i.amount for i in schedule), Decimal(0)) == total
    assert all(a.due_date < b.due_date for a, b in pairwise(schedule))
    assert schedule[0].due_date == first
    base = schedule[0].amount
    assert all(i.amount == base for i in schedule[:-1])
    # Instalments step in whole dollars for TWD (and yen), else the minor unit; the last
    # absorbs the rest (cents of the balance too): less than one step per payment more.
    step = Decimal(1) if currency in ("TWD", "JPY") else Decimal(1).scaleb(-minor_units(currency))
    assert base <= schedule[-1].amount < base + step * count
    assert count == 1 or base < step or base % step == 0


@settings(max_examples=300)
@given(
    st.sampled_from(CURRENCIES).flatmap(lambda c: st.tuples(st.just(c), money(c, 100))),
    policies(),
    dates,
)
def test_offers_are_inside_policy(
    currency_balance: tuple[str, Decimal], policy: Policy, today: date
) -> None:
    currency, balance = currency_balance
    offers = standard_offers(balance, currency, policy, today)
    assert offers[0].kind == "full"
    for plan in [*offers, *hardship_offers(balance, currency, policy, today)]:
        assert_well_formed(plan)
        hardship = plan.kind == "hardship"
        assert violations(plan, policy, today) == ()
        assert plan.first_date <= today + timedelta(days=policy.first_payment_within_days)
        assert plan.last_date < term_end(plan.first_date, policy.months(hardship=hardship))
        minimum = policy.minimum(currency, hardship=hardship)
        assert all(i.amount >= minimum for i in plan.instalments[:-1])


requests = st.builds(
    CounterRequest,
    amount=st.none() | st.decimals(Decimal("-10"), Decimal("2000000"), places=3),
    count=st.none() | st.integers(-1, 120),
    frequency=st.none() | st.sampled_from((*FREQUENCIES, "daily")),
    first_date=st.none() | st.integers(-40, 90).map(lambda d: date(2026, 3, 10) + timedelta(d)),
    lump_sum=st.booleans(),
    then_from=st.none() | st.integers(-40, 90).map(lambda d: date(2026, 3, 10) + timedelta(d)),
    first_amount=st.none() | st.decimals(Decimal("-10"), Decimal("2000000"), places=3),
)


@settings(max_examples=600)
@given(
    st.sampled_from(CURRENCIES).flatmap(lambda c: st.tuples(st.just(c), money(c, 100))),
    policies(),
    requests,
    st.booleans(),
    st.booleans(),
)
def test_evaluate_counter_never_hands_out_a_plan_outside_policy(
    currency_balance: tuple[str, Decimal],
    policy: Policy,
    request: CounterRequest,
    hardship: bool,
    with_current: bool,
) -> None:
    currency, balance = currency_balance
    today = date(2026, 3, 10)
    current = None
    if with_current:
        current = standard_offers(balance, currency, policy, today)[-1]
    result = evaluate_counter(
        balance, currency, policy, today, request, hardship=hardship, current=current
    )
    assert (result.accepted is None) != (result.counter is None)
    assert set(result.reasons) <= set(REASONS)
    assert bool(result.reasons) == (result.counter is not None)
    plan = result.accepted or result.counter
    assert plan is not None
    assert_well_formed(plan)
    assert violations(plan, policy, today, hardship=hardship) == ()
    assert plan.balance == balance
