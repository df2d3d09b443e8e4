"""Reading a script's policy and finding contradictions in it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from bot.negotiation.plans import Policy, PolicyError

SCRIPT_POLICY: dict[str, Any] = {
    "pay_in_full": {"discount_percent": 5, "within_days": 14},
    "instalments": {
        "frequencies": ["weekly", "biweekly", "monthly"],
        "min_amount": {"CNY": "100", "TWD": "500", "USD": "25"},
        "max_months": 12,
        "first_payment_within_days": 14,
    },
    "hardship": {"min_amount": {"CNY": "50", "TWD": "200", "USD": "10"}, "max_months": 24},
    "max_negotiation_rounds": 3,
}


def test_from_mapping_reads_the_script_policy() -> None:
    policy = Policy.from_mapping(SCRIPT_POLICY)
    assert policy.pay_in_full_discount_percent == Decimal("5")
    assert policy.frequencies == ("weekly", "biweekly", "monthly")
    assert policy.min_instalment == {
        "CNY": Decimal("100"),
        "TWD": Decimal("500"),
        "USD": Decimal("25"),
    }
    assert policy.minimum("usd", hardship=True) == Decimal("10")
    assert policy.minimum("JPY") == Decimal("0")
    assert (policy.max_months, policy.hardship_max_months) == (12, 24)
    assert policy.standard_months == (3, 6)
    assert policy.problems() == []


def test_from_mapping_defaults_hardship_minimum_to_the_standard_one() -> None:
    policy = Policy.from_mapping({"instalments": {"min_amount": {"CNY": 80}}})
    assert policy.hardship_min_instalment == {"CNY": Decimal("80")}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"pay_in_full": {"discount_percnt": 5}},
            "policy.pay_in_full.discount_percnt: unknown key",
        ),
        (
            {"pay_in_full": {"discount_percent": "lots"}},
            "policy.pay_in_full.discount_percent: must be a number",
        ),
        (
            {"instalments": {"max_months": "12"}},
            "policy.instalments.max_months: must be a whole number",
        ),
        (
            {"instalments": {"frequencies": ["daily"]}},
            "policy.instalments.frequencies.0: unknown frequency 'daily'",
        ),
        (
            {"instalments": {"frequencies": "monthly"}},
            "policy.instalments.frequencies: must be a list",
        ),
        (
            {"instalments": {"min_amount": {"CNY": "1oo"}}},
            "policy.instalments.min_amount.CNY: must be a number",
        ),
        ({"hardship": None}, "policy.hardship: must be a mapping, not nothing"),
    ],
)
def test_from_mapping_names_the_bad_key(data: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError) as info:
        Policy.from_mapping(data)
    assert str(info.value).startswith(message)
    assert info.value.keys[0] == "policy"


def test_problems_list_contradictions_with_their_key_paths() -> None:
    policy = Policy.from_mapping(
        {
            "pay_in_full": {"discount_percent": -5},
            "instalments": {
                "min_amount": {"CNY": "100.005"},
                "max_months": 6,
                "standard_months": [3, 9],
            },
            "hardship": {"min_amount": {"CNY": "200"}, "max_months": 3},
        }
    )
    assert policy.problems() == [
        ("policy.pay_in_full.discount_percent", "discount -5% must not be negative"),
        ("policy.hardship.max_months", "hardship term 3 months is shorter than the standard 6"),
        ("policy.instalments.standard_months.1", "9 months is outside 1..6 (max_months)"),
        ("policy.instalments.min_amount.CNY", "100.005 has more than 2 decimals for CNY"),
        (
            "policy.hardship.min_amount.CNY",
            "hardship minimum 200 is above the standard minimum 100.005",
        ),
    ]


def test_problems_check_the_minimum_against_a_balance() -> None:
    policy = Policy.from_mapping(SCRIPT_POLICY)
    assert policy.problems(Decimal("80"), "CNY") == [
        ("policy.instalments.min_amount.CNY", "minimum instalment 100 is above the balance 80"),
    ]
    assert Policy(pay_in_full_discount_percent=Decimal(100)).problems() == [
        ("policy.pay_in_full.discount_percent", "discount 100% must be below 100%"),
    ]
    assert Policy(max_months=0, standard_months=()).problems()[0] == (
        "policy.instalments.max_months",
        "must be at least 1, not 0",
    )


def test_problems_refuse_terms_over_ten_years() -> None:
    assert Policy(max_months=121, hardship_max_months=121).problems() == [
        ("policy.instalments.max_months", "121 months is over 120 (10 years)"),
        ("policy.hardship.max_months", "121 months is over 120 (10 years)"),
    ]


@pytest.mark.parametrize(
    ("horizon", "today", "latest"),
    [
        (None, date(2026, 3, 10), date(2026, 4, 30)),  # default: the end of next month
        (None, date(2026, 12, 31), date(2027, 1, 31)),
        (None, date(2026, 1, 31), date(2026, 2, 28)),  # February is short
        ("end_of_month", date(2026, 3, 10), date(2026, 3, 31)),
        ("end_of_month", date(2026, 3, 28), date(2026, 4, 11)),  # never short of 14 days
        (45, date(2026, 3, 10), date(2026, 4, 24)),
    ],
)
def test_a_single_payment_may_wait_until_the_horizon(
    horizon: Any, today: date, latest: date
) -> None:
    full: dict[str, Any] = {"discount_percent": 5, "within_days": 14}
    if horizon is not None:
        full["horizon"] = horizon
    policy = Policy.from_mapping({**SCRIPT_POLICY, "pay_in_full": full})
    assert policy.single_payment_latest(today) == latest


@pytest.mark.parametrize("horizon", ["next_payday", -1, 400, True, 1.5])
def test_a_horizon_that_is_neither_a_name_nor_days_is_refused(horizon: Any) -> None:
    with pytest.raises(PolicyError) as info:
        Policy.from_mapping({"pay_in_full": {"horizon": horizon}})
    assert str(info.value) == (
        "policy.pay_in_full.horizon: must be end_of_month or end_of_next_month or a number of "
        f"days from 0 to 366, not {horizon!r}"
    )
