"""The ``repaybot`` root group and what every command shares.

``--config PATH`` is accepted before or after the subcommand. User mistakes
(missing file, bad config, unreachable database) print one line and exit
non-zero; no traceback.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from bot import __version__
from bot.app import App
from bot.config import ConfigError, Settings, load_settings
from bot.store.db import DatabaseError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2


class UserError(click.ClickException):
    """An error the user can fix; shown as one line."""

    exit_code = EXIT_USAGE


def _remember_config(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    # The root group runs this first (with None if absent), creating the dict that
    # every subcommand's context inherits; a later --config overrides an earlier one.
    obj = ctx.ensure_object(dict)
    if value is not None:
        obj["config"] = value


def config_option(func: F) -> F:
    """Add ``--config PATH`` to a command (it also works on the root group)."""
    return click.option(
        "--config",
        "config",
        type=click.Path(dir_okay=False),
        callback=_remember_config,
        expose_value=False,
        is_eager=True,
        help="Config file (default ./config.toml if present, else built-in defaults).",
    )(func)


def get_settings(ctx: click.Context) -> Settings:
    """Load the settings named by ``--config`` wherever it was given."""
    obj = ctx.ensure_object(dict)
    if "settings" not in obj:
        obj["settings"] = load_settings(obj.get("config"))
    settings: Settings = obj["settings"]
    return settings


def get_app(ctx: click.Context, *, require_schema: bool = True) -> App:
    """Build the :class:`bot.app.App` for this invocation (closed on exit)."""
    obj = ctx.ensure_object(dict)
    if "app" not in obj:
        app = App(get_settings(ctx))
        ctx.find_root().call_on_close(app.stop)
        if require_schema:
            app.require_schema()
        obj["app"] = app
    built: App = obj["app"]
    return built


def friendly_errors(func: F) -> F:
    """Turn configuration and database problems into one-line errors."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ConfigError, DatabaseError) as exc:
            raise UserError(str(exc)) from None

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repaybot")
@config_option
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages to stderr.")
def cli(verbose: bool) -> None:
    """repaybot: negotiate debt repayments with debtors on WeChat and Telegram."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@cli.group()
def db() -> None:
    """Create or migrate the database."""


@db.command("upgrade")
@config_option
@click.pass_context
@friendly_errors
def db_upgrade(ctx: click.Context) -> None:
    """Create the database schema or migrate it to the newest version."""
    from bot.store.migrate import upgrade

    app = get_app(ctx, require_schema=False)
    app.db.check()
    upgrade(app.db)
    click.echo(f"database {app.db.safe_url} is up to date")


@cli.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("show")
@config_option
@click.pass_context
@friendly_errors
def config_show(ctx: click.Context) -> None:
    """Print the effective settings (secrets masked)."""
    settings = get_settings(ctx)
    click.echo(f"# from {settings.source}")
    for section, values in settings.masked().items():
        click.echo(f"[{section}]")
        for key, value in values.items():
            click.echo(f"{key} = {value!r}")
