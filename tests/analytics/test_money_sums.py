"""Money sums are exact to the cent on both databases, over a million rows."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Column, Integer, MetaData, Table, func, select, text

from bot.analytics.sql import from_minor, minor_units
from bot.store.db import Database
from bot.store.types import Money

ROWS = 1_000_000


def test_a_million_amounts_sum_to_the_cent(db: Database) -> None:
    probe = Table(
        "money_sum_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("amount", Money()),
    )
    probe.create(db.engine)
    try:
        with db.engine.begin() as conn:
            # Half 0.10, half 0.20, stored the way Money stores them (text on SQLite).
            if db.engine.dialect.name == "postgresql":
                conn.execute(
                    text(
                        "INSERT INTO money_sum_probe (id, amount) SELECT n, "
                        "CASE WHEN n % 2 = 0 THEN 0.10 ELSE 0.20 END "
                        "FROM generate_series(1, :rows) AS n"
                    ),
                    {"rows": ROWS},
                )
            else:
                conn.execute(
                    text(
                        "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq "
                        "WHERE n < :rows) INSERT INTO money_sum_probe (id, amount) "
                        "SELECT n, CASE WHEN n % 2 = 0 THEN '0.10' ELSE '0.2' END FROM seq"
                    ),
                    {"rows": ROWS},
                )
            units = conn.scalar(select(func.sum(minor_units(probe.c.amount))))
        assert from_minor(units) == Decimal("150000.00")
    finally:
        probe.drop(db.engine)


def test_negative_and_whole_amounts_convert_exactly(db: Database) -> None:
    probe = Table("money_sign_probe", MetaData(), Column("amount", Money()))
    probe.create(db.engine)
    try:
        values = ["-0.05", "-12.5", "7", "0.0001", "123456789012.3456"]
        with db.engine.begin() as conn:
            conn.execute(probe.insert(), [{"amount": Decimal(v)} for v in values])
            units = conn.scalar(select(func.sum(minor_units(probe.c.amount))))
        assert from_minor(units) == sum(Decimal(v) for v in values)
    finally:
        probe.drop(db.engine)
