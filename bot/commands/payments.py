"""``repaybot payments import FILE.csv`` and ``repaybot reminders run``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.collection.payments import HeaderError, import_payments
from bot.commands.base import UserError, cli, config_option, friendly_errors, get_app

EXIT_REJECTED = 1


@cli.group()
def payments() -> None:
    """Record payments received for accounts."""


@payments.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@config_option
@click.pass_context
@friendly_errors
def import_command(ctx: click.Context, file: Path) -> None:
    """Record payments from a CSV file (bad rows are listed, good rows kept).

    Columns: external_id, account_ref, amount, currency, paid_at (ISO 8601).
    A payment whose external_id was recorded before is not applied again.
    Prints `line N: reason` for each rejected row and a summary; exits 1 if any
    row was rejected.
    """
    app = get_app(ctx)
    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            report = import_payments(app.db, fh, app.clock())
    except FileNotFoundError:
        raise UserError(f"{file}: file not found") from None
    except IsADirectoryError:
        raise UserError(f"{file}: is a directory, not a CSV file") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except HeaderError as exc:
        raise UserError(f"{file}: {exc}") from None
    for line in report.rejected:
        click.echo(line)
    click.echo(report.summary)
    sys.stdout.flush()
    if report.rejected:
        ctx.exit(EXIT_REJECTED)


@cli.group()
def reminders() -> None:
    """Reminders before and on due dates, and follow-ups on missed instalments."""


@reminders.command("run")
@config_option
@click.pass_context
@friendly_errors
def run_command(ctx: click.Context) -> None:
    """Queue every reminder that is due now, once (what `serve` does on a schedule)."""
    app = get_app(ctx)
    result = app.reminders.run_once()
    click.echo(result.summary)
