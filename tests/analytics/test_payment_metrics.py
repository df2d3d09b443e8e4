"""Payment-based metrics over plans that are paid late, missed, moved or replaced."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from alembic import command
from sqlalchemy import select

from bot.analytics.dims import Period
from bot.analytics.report import build_report
from bot.collection.ledger import supersede
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.migrate import alembic_config, upgrade
from bot.store.models import Instalment
from tests.analytics.history import account, chat, pay
from tests.factories import make_agreement

MARCH = datetime(2026, 3, 1, tzinfo=UTC)
MAY = datetime(2026, 5, 1, tzinfo=UTC)
AS_OF = datetime(2026, 6, 1, tzinfo=UTC)


def _plans(db: Database, personal: PersonalData) -> None:
    """One account, two plans: the first paid on time, then late, then replaced."""
    with db.session() as s:
        acc = account(s, personal, "P-1", "Bank P", currency="USD", principal="1000.00")
        first = chat(s, acc, datetime(2026, 3, 2, 9, tzinfo=UTC), user="p1").bot().debtor()
        plan = make_agreement(
            s, acc, first.conv.id, currency="USD", created_at=first.tick(),
            schedule=[(date(2026, 3, 10), "100.00"), (date(2026, 3, 20), "100.00"),
                      (date(2026, 4, 10), "100.00")],
        )  # fmt: skip
        # On the due day in the debtor's time zone (Asia/Shanghai): 23:59 there.
        pay(s, acc, "100.00", datetime(2026, 3, 10, 15, 59, tzinfo=UTC))
        plan.instalments[1].status = "missed"  # as the scheduler marks it after 20 March
        pay(s, acc, "100.00", datetime(2026, 3, 22, 12, tzinfo=UTC))  # two days late
        # Replaced on 1 April: the third instalment never fell due under this plan.
        supersede(s, plan, datetime(2026, 4, 1, tzinfo=UTC), by="debtor", reason="new plan")
        second = chat(s, acc, datetime(2026, 4, 1, 10, tzinfo=UTC), user="p1b").bot().debtor()
        make_agreement(
            s, acc, second.conv.id, currency="USD", created_at=second.tick(),
            schedule=[(date(2026, 4, 20), "100.00"), (date(2026, 5, 20), "100.00")],
        )  # fmt: skip


def test_kept_rate_counts_instalments_that_fell_due_under_their_plan(
    db: Database, personal: PersonalData
) -> None:
    _plans(db, personal)
    with db.session() as s:
        body = build_report(s, Period(MARCH, MAY, AS_OF)).as_json()
    # Due: 10 March (kept, paid 23:59 that day in Shanghai), 20 March (paid late), 20 April
    # (unpaid). Not due: 10 April (its plan was replaced first), 20 May (after the period).
    assert body["rates"]["promise_kept"] == 0.333333
    assert body["funnel"]["first_paid"] == 1
    assert body["amounts"]["collected"] == {"USD": "200.00"}
    assert body["durations"]["days_to_first_payment"] == {"mean": 8.0, "count": 1}


def test_the_period_end_and_as_of_decide_what_fell_due(
    db: Database, personal: PersonalData
) -> None:
    _plans(db, personal)
    with db.session() as s:
        # Looking on 15 March, only the 10 March instalment has fallen due.
        early = build_report(s, Period(MARCH, MAY, datetime(2026, 3, 15, tzinfo=UTC)))
    assert early.overall.rates["promise_kept"] == 1.0


def test_upgrading_records_when_paid_instalments_were_paid(
    db: Database, personal: PersonalData
) -> None:
    _plans(db, personal)
    # Back to the schema before instalments knew when they were paid, and forward again.
    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003_console")
    upgrade(db)
    with db.session() as s:
        rows = s.execute(
            select(
                Instalment.due_date, Instalment.status, Instalment.paid, Instalment.paid_at
            ).order_by(Instalment.agreement_id, Instalment.seq)
        ).all()
    assert rows[:3] == [
        (date(2026, 3, 10), "paid", Decimal("100.00"), datetime(2026, 3, 10, 15, 59, tzinfo=UTC)),
        (date(2026, 3, 20), "paid", Decimal("100.00"), datetime(2026, 3, 22, 12, tzinfo=UTC)),
        (date(2026, 4, 10), "open", Decimal("0"), None),
    ]


def _one_plan(db: Database, personal: PersonalData, ref: str, timezone: str) -> None:
    """Agreed 1 March 15:00 UTC; the one instalment, due 10 March, paid 10 March 20:00 UTC."""
    with db.session() as s:
        acc = account(s, personal, ref, "Bank T", currency="USD", principal="100.00",
                      timezone=timezone)  # fmt: skip
        conv = chat(s, acc, datetime(2026, 3, 1, 14, tzinfo=UTC), user=ref).bot().debtor()
        make_agreement(
            s, acc, conv.conv.id, currency="USD", created_at=datetime(2026, 3, 1, 15, tzinfo=UTC),
            schedule=[(date(2026, 3, 10), "100.00")],
        )  # fmt: skip
        pay(s, acc, "100.00", datetime(2026, 3, 10, 20, tzinfo=UTC))


@pytest.mark.parametrize(
    ("timezone", "kept", "days"),
    [
        # 20:00 UTC on 10 March is 04:00 on 11 March in Shanghai: a day late; the plan was
        # made on 1 March there (23:00), so the payment came 10 days after it.
        ("Asia/Shanghai", 0.0, 10.0),
        # ... and 13:00 on 10 March in Los Angeles: on time; made on 1 March (07:00), 9 days.
        ("America/Los_Angeles", 1.0, 9.0),
        # In UTC: on time, 9 days.
        ("UTC", 1.0, 9.0),
    ],
)
def test_kept_and_days_to_pay_are_counted_in_the_debtors_time_zone(
    db: Database, personal: PersonalData, timezone: str, kept: float, days: float
) -> None:
    _one_plan(db, personal, "T-1", timezone)
    with db.session() as s:
        body = build_report(s, Period(MARCH, MAY, AS_OF)).as_json()
    assert body["rates"]["promise_kept"] == kept
    assert body["durations"]["days_to_first_payment"] == {"mean": days, "count": 1}
