"""Payments in by CSV: applied to the oldest instalments, exact to the cent, once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from bot.collection.payments import HeaderError, import_text
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Account, Agreement, Instalment, Payment
from tests.factories import make_account, make_agreement, make_conversation

NOW = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)
HEADER = "external_id,account_ref,amount,currency,paid_at\n"
SCHEDULE = [
    (date(2026, 3, 17), "3900.16"),
    (date(2026, 4, 17), "3900.16"),
    (date(2026, 5, 17), "3900.18"),
]


@pytest.fixture
def planned(db: Database, personal: PersonalData) -> None:
    """A-1001 owes ¥11,700.50 on a plan of three; B-2002 has no plan."""
    with db.session() as s:
        acc = make_account(s, personal)
        conv = make_conversation(s, acc, NOW)
        make_agreement(s, acc, conv.id, schedule=SCHEDULE, created_at=NOW)
        make_account(s, personal, ref="B-2002", principal="100.00", interest="0", fees="0")


def _instalments(db: Database) -> list[tuple[Decimal, str, Decimal]]:
    with db.session() as s:
        return [
            (i.paid, i.status, i.remaining)
            for i in s.scalars(select(Instalment).order_by(Instalment.seq))
        ]


def _account(db: Database, ref: str = "A-1001") -> tuple[Decimal, Decimal, str]:
    with db.session() as s:
        acc = s.scalars(select(Account).where(Account.account_ref == ref)).one()
        return acc.owed, acc.credit, acc.status


def test_partial_payment_leaves_the_rest_of_the_instalment_open(
    db: Database, planned: None
) -> None:
    report = import_text(db, HEADER + "p1,A-1001,1000.01,CNY,2026-03-18T10:00:00+08:00\n", NOW)

    assert report.summary == "recorded 1, duplicates 0, rejected 0"
    assert _instalments(db) == [
        (D("1000.01"), "partial", D("2900.15")),
        (D("0"), "open", D("3900.16")),
        (D("0"), "open", D("3900.18")),
    ]
    assert _account(db) == (D("10700.49"), D("0"), "active")


def test_exact_payment_pays_the_oldest_then_the_next(db: Database, planned: None) -> None:
    import_text(
        db, HEADER + "p1,A-1001,3900.16,CNY,2026-03-18\np2,A-1001,3900.20,CNY,2026-04-18\n", NOW
    )

    assert _instalments(db) == [
        (D("3900.16"), "paid", D("0")),
        (D("3900.16"), "paid", D("0")),
        (D("0.04"), "partial", D("3900.14")),
    ]
    assert _account(db) == (D("3900.14"), D("0"), "active")


def test_overpayment_completes_the_plan_settles_and_holds_credit(
    db: Database, planned: None
) -> None:
    import_text(db, HEADER + "p1,A-1001,11800.00,CNY,2026-03-18\n", NOW)

    assert [s for _, s, _ in _instalments(db)] == ["paid", "paid", "paid"]
    assert _account(db) == (D("0"), D("99.5"), "settled")
    with db.session() as s:
        assert s.scalars(select(Agreement.status)).one() == "completed"


def test_payment_without_a_plan_reduces_the_balance_and_settles_at_zero(
    db: Database, planned: None
) -> None:
    import_text(db, HEADER + "q1,B-2002,40.25,CNY,2026-03-18\n", NOW)
    assert _account(db, "B-2002") == (D("59.75"), D("0"), "active")
    import_text(db, HEADER + "q2,B-2002,59.75,CNY,2026-03-19\n", NOW)
    assert _account(db, "B-2002") == (D("0"), D("0"), "settled")


def test_duplicate_external_id_is_not_applied_twice(db: Database, planned: None) -> None:
    line = "p1,A-1001,500.00,CNY,2026-03-18\n"
    import_text(db, HEADER + line, NOW)
    report = import_text(db, HEADER + line + line, NOW)

    assert report.summary == "recorded 0, duplicates 2, rejected 0"
    assert _account(db) == (D("11200.5"), D("0"), "active")
    with db.session() as s:
        assert len(s.scalars(select(Payment)).all()) == 1


def test_bad_rows_are_reported_by_line_and_good_rows_kept(db: Database, planned: None) -> None:
    text = HEADER + (
        "p1,A-1001,100.00,USD,2026-03-18\n"
        "p2,NOPE,100.00,CNY,2026-03-18\n"
        "p3,A-1001,ten,CNY,2026-03-18\n"
        "\n"
        "p4,A-1001,100.00,CNY,yesterday\n"
        "p5,A-1001,100.001,CNY,2026-03-18\n"
        "p6,A-1001,-5,CNY,2026-03-18\n"
        "p7,A-1001,200.00,CNY,2026-03-18\n"
    )
    report = import_text(db, text, NOW)

    assert report.rejected == [
        "line 2: currency USD does not match the account's CNY",
        "line 3: unknown account 'NOPE'",
        "line 4: amount 'ten' is not a number",
        "line 6: paid_at 'yesterday' is not an ISO 8601 date and time",
        "line 7: amount 100.001 has more decimals than CNY has",
        "line 8: amount '-5' must be more than zero",
    ]
    assert report.recorded == 1
    assert _account(db) == (D("11500.5"), D("0"), "active")


def test_a_header_without_the_columns_is_refused(db: Database, planned: None) -> None:
    with pytest.raises(HeaderError, match="line 1: missing column currency"):
        import_text(db, "external_id,account_ref,amount,paid_at\n", NOW)


def test_cents_stay_exact_over_many_small_payments(db: Database, planned: None) -> None:
    lines = "".join(f"c{i},A-1001,0.01,CNY,2026-03-18\n" for i in range(30))
    import_text(db, HEADER + lines, NOW)
    assert _instalments(db)[0] == (D("0.3"), "partial", D("3899.86"))
    assert _account(db) == (D("11700.20"), D("0"), "active")
