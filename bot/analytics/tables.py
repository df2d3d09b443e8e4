"""The report laid out as tables: terminal, CSV and the console show the same rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from bot.analytics.metrics import AMOUNTS, DURATIONS, FUNNEL, RATES
from bot.analytics.report import Figures, Report


@dataclass(frozen=True)
class Table:
    """One table: a key for URLs and file names, a title, columns and text rows."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def csv(self) -> str:
        """The table as CSV text (header row first)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def percent(value: float | None) -> str:
    """``0.123456`` → ``"12.3%"``; no value → ``"–"``."""
    return "–" if value is None else f"{value * 100:.1f}%"


def _funnel(f: Figures) -> tuple[tuple[str, ...], ...]:
    first = f.funnel["contacted"]
    drop = f.drop_off
    return tuple(
        (
            m.label,
            str(f.funnel[m.key]),
            str(drop.get(m.key, "")),
            percent(f.funnel[m.key] / first if first else None),
        )
        for m in FUNNEL
    )


def tables(report: Report) -> list[Table]:
    """Every table of ``report``: overall figures, then one breakdown table per section."""
    f = report.overall
    out = [
        Table("funnel", "Funnel", ("step", "accounts", "drop_off", "of_contacted"), _funnel(f)),
        Table(
            "rates",
            "Rates",
            ("metric", "value"),
            tuple((m.label, percent(f.rates[m.key])) for m in RATES),
        ),
        Table(
            "amounts",
            "Amounts",
            ("metric", "currency", "amount"),
            tuple(
                (m.label, cur, amount) for m in AMOUNTS for cur, amount in f.amounts[m.key].items()
            ),
        ),
        Table(
            "escalations",
            "Escalations by reason",
            ("reason", "escalations"),
            tuple((reason, str(n)) for reason, n in sorted(f.escalations.items())),
        ),
        Table(
            "durations",
            "Durations",
            ("metric", "mean", "count"),
            tuple(
                (
                    m.label,
                    "–" if f.durations[m.key].value is None else f"{f.durations[m.key].value:.1f}",
                    str(f.durations[m.key].count),
                )
                for m in DURATIONS
            ),
        ),
        Table(
            "ended_in",
            "Where conversations without an agreement stopped",
            ("last_step", "state", "conversations"),
            tuple(
                (step, state, str(n))
                for step, states in sorted(report.ended_in.items())
                for state, n in sorted(states.items())
            ),
        ),
    ]
    if report.by is not None:
        out.extend(_breakdowns(report))
    return out


def _breakdowns(report: Report) -> list[Table]:
    groups = sorted(report.groups.items())
    by = report.by or ""
    return [
        Table(
            f"by_{by}_funnel",
            f"Funnel by {by}",
            (by, *(m.key for m in FUNNEL)),
            tuple((g, *(str(f.funnel[m.key]) for m in FUNNEL)) for g, f in groups),
        ),
        Table(
            f"by_{by}_rates",
            f"Rates by {by}",
            (by, *(m.key for m in RATES)),
            tuple((g, *(percent(f.rates[m.key]) for m in RATES)) for g, f in groups),
        ),
        Table(
            f"by_{by}_amounts",
            f"Amounts by {by}",
            (by, "currency", *(m.key for m in AMOUNTS)),
            tuple(
                (g, cur, *(f.amounts[m.key].get(cur, "") for m in AMOUNTS))
                for g, f in groups
                for cur in sorted(f.amounts["agreed"])
            ),
        ),
    ]


def long_rows(report: Report) -> Iterator[tuple[str, str, str, str, str]]:
    """Every figure as ``(group, section, metric, key, value)``: the CLI's CSV."""
    items = [("all", report.overall), *sorted(report.groups.items())]
    for group, f in items:
        for k, n in f.funnel.items():
            yield group, "funnel", k, "", str(n)
        for k, r in f.rates.items():
            yield group, "rates", k, "", "" if r is None else str(r)
        for k, per in f.amounts.items():
            for cur, amount in per.items():
                yield group, "amounts", k, cur, amount
        for reason, n in sorted(f.escalations.items()):
            yield group, "escalations", reason, "", str(n)
        for k, mean in f.durations.items():
            yield group, "durations", k, "", "" if mean.value is None else str(mean.value)


def long_csv(report: Report) -> str:
    """:func:`long_rows` as CSV text with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("group", "section", "metric", "key", "value"))
    writer.writerows(long_rows(report))
    return out.getvalue()
