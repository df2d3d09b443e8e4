"""``repaybot report``: the collection metrics for a period."""

from __future__ import annotations

import json
from datetime import date, datetime

import click
from rich.console import Console
from rich.table import Table as RichTable

from bot.analytics.dims import Period
from bot.analytics.metrics import DIMENSIONS
from bot.analytics.report import build_report
from bot.analytics.service import period_of
from bot.analytics.tables import long_csv, tables
from bot.commands.base import UserError, cli, config_option, friendly_errors, get_app


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} {value!r}: expected a date like 2026-03-31") from None


def period_from(since: str | None, until: str | None, now: datetime) -> Period:
    """The period ``--since`` to ``--until`` (both whole UTC days, inclusive)."""
    start, end = _day(since, "--since"), _day(until, "--until")
    if start is not None and end is not None and end < start:
        raise UserError(f"--until {until} is before --since {since}")
    return period_of(start, end, now)


@cli.command("report")
@click.option("--since", help="First day (YYYY-MM-DD, UTC) of conversations to count.")
@click.option("--until", help="Last day (YYYY-MM-DD, UTC), inclusive.")
@click.option("--by", type=click.Choice(DIMENSIONS), help="Break every metric down by this.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@config_option
@click.pass_context
@friendly_errors
def report(
    ctx: click.Context, since: str | None, until: str | None, by: str | None, fmt: str
) -> None:
    """Funnel, rates and amounts of the conversations started in a period.

    Every metric is defined in the README ("Collection metrics"). CSV has one
    row per figure: group, section, metric, key (currency or reason), value.
    """
    app = get_app(ctx)
    period = period_from(since, until, app.clock())
    with app.db.session() as session:
        result = build_report(session, period, by)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        click.echo(long_csv(result), nl=False)
        return
    console = Console(highlight=False, soft_wrap=True)
    for table in tables(result):
        rich = RichTable(title=table.title, title_justify="left")
        for col in table.columns:
            rich.add_column(col)
        for row in table.rows:
            rich.add_row(*row)
        console.print(rich)
