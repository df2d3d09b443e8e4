"""SQL expressions that differ between SQLite and PostgreSQL.

Money is summed in integer minor units (ten-thousandths, the precision of
:class:`bot.store.types.Money`): PostgreSQL multiplies its exact ``NUMERIC``;
SQLite stores money as decimal text, which its ``SUM`` would read as a float,
so the text is split at the point and each half read as an integer instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

#: Minor units per currency unit used by the money sums (4 decimal places).
SCALE = 10_000


class minor_units(FunctionElement[int]):
    """A money column as an exact integer number of ten-thousandths."""

    type = Integer()
    inherit_cache = True
    name = "minor_units"


@compiles(minor_units, "postgresql")
def _minor_pg(element: minor_units, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) * {SCALE} AS BIGINT)"


@compiles(minor_units)
def _minor_sqlite(element: minor_units, compiler: SQLCompiler, **kw: Any) -> str:
    t = compiler.process(element.clauses, **kw)
    a = f"ltrim({t}, '-')"
    point = f"instr({a} || '.', '.')"
    whole = f"CAST(substr({a}, 1, {point} - 1) AS INTEGER)"
    frac = f"CAST(substr(substr({a}, {point} + 1) || '0000', 1, 4) AS INTEGER)"
    sign = f"(CASE WHEN substr({t}, 1, 1) = '-' THEN -1 ELSE 1 END)"
    return f"({sign} * ({whole} * {SCALE} + {frac}))"


def from_minor(units: Any) -> Decimal:
    """An exact amount from a sum of :class:`minor_units` (``None`` is zero)."""
    if units is None:
        return Decimal(0)
    return Decimal(int(units)).scaleb(-4)


class seconds_between(FunctionElement[float]):
    """Seconds from the first timestamp to the second."""

    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "postgresql")
def _secs_pg(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"EXTRACT(EPOCH FROM ({b} - {a}))"


@compiles(seconds_between)
def _secs_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"ROUND((julianday({b}) - julianday({a})) * 86400.0, 3)"


class days_between(FunctionElement[int]):
    """Whole calendar days (UTC) from the first date or timestamp to the second."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "postgresql")
def _days_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    a, b = (_pg_date(c, compiler, **kw) for c in element.clauses)
    return f"({b} - {a})"


def _pg_date(clause: Any, compiler: SQLCompiler, **kw: Any) -> str:
    # A DATE stays what it is; a timestamp with time zone becomes its UTC date.
    expr = compiler.process(clause, **kw)
    if isinstance(getattr(clause, "type", None), Date):
        return f"CAST({expr} AS DATE)"
    return f"CAST(timezone('UTC', CAST({expr} AS TIMESTAMPTZ)) AS DATE)"


@compiles(days_between)
def _days_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday(date({b})) - julianday(date({a})) AS INTEGER)"


class period_start(FunctionElement[str]):
    """The UTC day, ISO week (its Monday) or month a timestamp falls in, as text."""

    inherit_cache = False  # ``every`` changes the SQL
    name = "period_start"

    def __init__(self, expr: ColumnElement[Any], every: str) -> None:
        if every not in ("day", "week", "month"):
            raise ValueError(f"unknown period {every!r}")
        self.every = every
        super().__init__(expr)


@compiles(period_start, "postgresql")
def _period_pg(element: period_start, compiler: SQLCompiler, **kw: Any) -> str:
    t = f"timezone('UTC', {compiler.process(element.clauses, **kw)})"
    if element.every == "month":
        return f"to_char({t}, 'YYYY-MM')"
    return f"to_char(date_trunc('{element.every}', {t}), 'YYYY-MM-DD')"


@compiles(period_start)
def _period_sqlite(element: period_start, compiler: SQLCompiler, **kw: Any) -> str:
    t = compiler.process(element.clauses, **kw)
    if element.every == "month":
        return f"strftime('%Y-%m', {t})"
    if element.every == "week":
        return f"date({t}, 'weekday 0', '-6 days')"
    return f"strftime('%Y-%m-%d', {t})"


class bits_or(FunctionElement[int]):
    """The bitwise OR of an integer column over a group (an aggregate), ``bits`` bits wide.

    PostgreSQL has ``bit_or``; SQLite ORs each bit with ``max`` and adds them up.
    """

    type = Integer()
    inherit_cache = False  # ``bits`` changes the SQL
    name = "bits_or"

    def __init__(self, expr: ColumnElement[int], bits: int) -> None:
        self.bits = bits
        super().__init__(expr)


@compiles(bits_or, "postgresql")
def _bits_or_pg(element: bits_or, compiler: SQLCompiler, **kw: Any) -> str:
    return f"bit_or({compiler.process(element.clauses, **kw)})"


@compiles(bits_or)
def _bits_or_sqlite(element: bits_or, compiler: SQLCompiler, **kw: Any) -> str:
    x = compiler.process(element.clauses, **kw)
    return "(" + " + ".join(f"max(({x}) & {1 << i})" for i in range(element.bits)) + ")"


class bucket(FunctionElement[str]):
    """The label of the bucket an integer falls in: ``labels[i]`` for ``bounds[i - 1] <=
    value < bounds[i]`` (``labels[0]`` below the first bound).

    PostgreSQL computes the value once (``width_bucket`` over the bounds); elsewhere
    it is a ``CASE`` from the highest bound down.
    """

    type = String()
    inherit_cache = False  # the bounds and labels change the SQL

    def __init__(self, value: ColumnElement[Any], bounds: list[int], labels: list[str]) -> None:
        if len(labels) != len(bounds) + 1:
            raise ValueError("one label per bucket")
        self.bounds, self.labels = bounds, labels
        super().__init__(value)


def _labels(element: bucket) -> list[str]:
    return ["'" + label.replace("'", "''") + "'" for label in element.labels]


@compiles(bucket, "postgresql")
def _bucket_pg(element: bucket, compiler: SQLCompiler, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    bounds = ", ".join(str(int(b)) for b in element.bounds)
    labels = ", ".join(_labels(element))
    return (
        f"(ARRAY[{labels}]::TEXT[])"
        f"[width_bucket(CAST(({value}) AS BIGINT), ARRAY[{bounds}]::BIGINT[]) + 1]"
    )


@compiles(bucket)
def _bucket_other(element: bucket, compiler: SQLCompiler, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    labels = _labels(element)
    whens = " ".join(
        f"WHEN ({value}) >= {int(b)} THEN {labels[i + 1]}"
        for i, b in reversed(list(enumerate(element.bounds)))
    )
    return f"(CASE {whens} ELSE {labels[0]} END)"


class local_days_between(FunctionElement[int]):
    """Whole calendar days from the first date or timestamp to the second, both taken in
    the time zone named by the third argument (an IANA name); a DATE is taken as it is.

    SQLite has no time zone database: it calls ``local_date``, which
    :mod:`bot.store.db` registers on every SQLite connection.
    """

    type = Integer()
    inherit_cache = True
    name = "local_days_between"


@compiles(local_days_between, "postgresql")
def _local_days_pg(element: local_days_between, compiler: SQLCompiler, **kw: Any) -> str:
    a, b, tz = element.clauses
    zone = compiler.process(tz, **kw)

    def day(clause: Any) -> str:
        expr = compiler.process(clause, **kw)
        if isinstance(getattr(clause, "type", None), Date):
            return f"CAST({expr} AS DATE)"
        return f"CAST(timezone({zone}, CAST({expr} AS TIMESTAMPTZ)) AS DATE)"

    return f"({day(b)} - {day(a)})"


@compiles(local_days_between)
def _local_days_sqlite(element: local_days_between, compiler: SQLCompiler, **kw: Any) -> str:
    a, b, tz = element.clauses
    zone = compiler.process(tz, **kw)

    def day(clause: Any) -> str:
        expr = compiler.process(clause, **kw)
        if isinstance(getattr(clause, "type", None), Date):
            return f"date({expr})"
        return f"local_date({expr}, {zone})"

    return f"CAST(julianday({day(b)}) - julianday({day(a)}) AS INTEGER)"
