"""``repaybot accounts ...`` commands.

Other modules add their own subcommands to :data:`accounts`
(``from bot.commands.accounts import accounts``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from bot.accounts.importer import ImportFileError, ProgressHandler, import_accounts
from bot.commands.base import UserError, cli, config_option, friendly_errors, get_app
from bot.store.contacts import sync_accounts

EXIT_REJECTED = 1


@cli.group()
def accounts() -> None:
    """Import and inspect debtor accounts."""


@contextmanager
def _progress(path: Path) -> Iterator[ProgressHandler]:
    """A progress bar on stderr (only when it is a terminal), sized by file bytes."""
    console = Console(stderr=True)
    try:
        total = path.stat().st_size
    except OSError:
        total = 0
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]} rows"),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("import", total=total or None, rows=0)

        def update(done: int, rows: int) -> None:
            progress.update(task, completed=done, rows=rows)

        yield update


@accounts.command("import")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=None,
    help="Processes that encrypt personal data (default: by file size and CPUs; 0: none).",
)
@config_option
@click.pass_context
@friendly_errors
def import_command(ctx: click.Context, file: Path, workers: int | None) -> None:
    """Upsert debtor accounts from a CSV file (bad rows are listed, good rows kept).

    Columns: account_ref, full_name, date_of_birth, id_last4, phone, email,
    creditor, currency, principal, interest, fees, due_date, locale, timezone.
    Prints `line N: reason` for each rejected row and a summary; exits 1 if any
    row was rejected.
    """
    app = get_app(ctx)

    def on_reject(line: int, reason: str) -> None:
        click.echo(f"line {line}: {reason}")

    try:
        with _progress(file) as on_progress:
            result = import_accounts(
                app.db,
                app.personal,
                file,
                now=app.clock(),
                workers=workers,
                on_reject=on_reject,
                on_progress=on_progress,
            )
    except ImportFileError as exc:
        raise UserError(str(exc)) from None
    # Link the accounts' email addresses and numbers now, not on the first message from one.
    with app.db.session() as s:
        sync_accounts(s, app.personal, app.clock(), region=app.settings.sms.default_region)
    click.echo(result.summary)
    sys.stdout.flush()
    if result.rejected:
        ctx.exit(EXIT_REJECTED)
