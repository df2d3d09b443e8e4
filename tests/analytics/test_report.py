"""Every metric of the report against a known history, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from bot.analytics.dims import Period
from bot.analytics.report import build_report
from bot.store.crypto import PersonalData
from bot.store.db import Database
from tests.analytics import history


@pytest.fixture
def report_json(db: Database, personal: PersonalData) -> Any:
    def run(by: str | None = None) -> dict[str, Any]:
        with db.session() as s:
            history.build(s, personal)
            s.flush()
        with db.session() as s:
            period = Period(history.SINCE, history.UNTIL, history.AS_OF)
            return build_report(s, period, by).as_json()

    return run


def test_funnel_counts_each_account_once_per_step(report_json: Any) -> None:
    body = report_json()
    assert body["funnel"] == {
        "contacted": 5,
        "replied": 4,
        "verified": 3,
        "offered": 3,
        "agreed": 2,
        "first_paid": 2,
        "completed": 1,
    }
    assert body["drop_off"] == {
        "replied": 1,
        "verified": 1,
        "offered": 0,
        "agreed": 1,
        "first_paid": 0,
        "completed": 1,
    }


def test_rates_are_exact_fractions(report_json: Any) -> None:
    rates = report_json()["rates"]
    assert rates["right_party_contact"] == 0.6
    assert rates["verification_failure"] == 0.25
    assert rates["escalation"] == 0.4
    assert rates["opt_out"] == 0.2
    assert rates["distress"] == 0.2
    assert rates["dispute"] == 0.0
    assert rates["complaint"] == 0.0
    assert rates["promise_to_pay"] == 0.666667
    assert rates["broken"] == 0.5
    # A-1's instalment paid two days early, A-2's first three days late; A-2's
    # second instalment falls due after the period.
    assert rates["promise_kept"] == 0.5


def test_amounts_are_exact_per_currency(report_json: Any) -> None:
    amounts = report_json()["amounts"]
    assert amounts["agreed"] == {"CNY": "200.20", "USD": "300.10"}
    assert amounts["average_discount"] == {"CNY": "10.00", "USD": "0.00"}
    # A-2's 10.00 before it agreed went to the balance, not to the plan.
    assert amounts["collected"] == {"CNY": "100.10", "USD": "300.10"}


def test_days_to_first_payment_counts_from_the_day_of_the_agreement(report_json: Any) -> None:
    # Days in the debtor's time zone (the accounts are in Asia/Shanghai): A-1: 3 → 18
    # March; A-2: 3 → 21 March (paid 20 March 23:30 UTC, 07:30 on the 21st in Shanghai;
    # its payment on 1 March came before the plan).
    assert report_json()["durations"]["days_to_first_payment"] == {"mean": 16.5, "count": 2}


def test_escalations_by_reason_and_time_to_first_agent_reply(report_json: Any) -> None:
    body = report_json()
    assert body["escalations"] == {"distress": 1, "verification_locked": 1}
    assert body["durations"]["first_agent_reply_seconds"] == {"mean": 60.0, "count": 2}


def test_where_conversations_without_an_agreement_ended(report_json: Any) -> None:
    assert report_json()["ended_in"] == {
        "contacted": {"start": 1, "verify": 1},
        "replied": {"verify": 1},
        "offered": {"offer": 1},
    }


def test_breakdown_by_creditor_splits_the_same_numbers(report_json: Any) -> None:
    by = report_json("creditor")["by"]
    assert set(by) == {"Bank A", "Bank B"}
    assert by["Bank A"]["funnel"]["contacted"] == 2
    assert by["Bank A"]["funnel"]["agreed"] == 2
    assert by["Bank A"]["amounts"]["agreed"] == {"CNY": "200.20", "USD": "300.10"}
    assert by["Bank B"]["funnel"]["contacted"] == 3
    assert by["Bank B"]["rates"]["escalation"] == 0.666667
    assert by["Bank B"]["rates"]["promise_to_pay"] == 0.0
    assert by["Bank B"]["durations"]["first_agent_reply_seconds"] == {"mean": 60.0, "count": 2}


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("channel", {"telegram": 3, "wechat": 2}),
        ("language", {"en": 3, "zh_CN": 2}),
        ("balance", {"1000-4999": 4, "5000-19999": 1}),
        ("dpd", {"31-60": 5}),
        ("month", {"2026-03": 5}),
        ("week", {"2026-03-02": 2, "2026-03-09": 3}),
        ("version", {"unknown": 5}),
    ],
)
def test_every_breakdown_covers_the_contacted_accounts(
    report_json: Any, by: str, expected: dict[str, int]
) -> None:
    groups = report_json(by)["by"]
    assert {k: v["funnel"]["contacted"] for k, v in groups.items()} == expected
