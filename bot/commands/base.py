"""The ``repaybot`` root group and what every command shares.

``--config PATH`` is accepted at every level of the command tree (``repaybot
--config F accounts show X``, ``repaybot accounts --config F show X``, ``repaybot
accounts show X --config F``). Every ``--help`` lists each command with its whole
summary on one line. User mistakes (missing file, bad config, unreachable
database, keys that do not fit, a missing or broken dialog script) print one line
and exit non-zero; no traceback.
"""

from __future__ import annotations

import functools
import inspect
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from bot import __version__
from bot.app import App
from bot.config import ConfigError, Settings, load_settings
from bot.i18n import I18nError
from bot.scripts.script import ScriptError, load_script
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


def _config_param() -> click.Option:
    return click.Option(
        ["--config", "config"],
        type=click.Path(dir_okay=False),
        callback=_remember_config,
        expose_value=False,
        is_eager=True,
        help="Config file (default ./config.toml if present, else built-in defaults).",
    )


def config_option(func: F) -> F:
    """Add ``--config PATH`` to a command (every command and group has it anyway)."""
    params: list[click.Parameter] = getattr(func, "__click_params__", [])
    if not any(p.name == "config" for p in params):
        params.append(_config_param())
        func.__click_params__ = params  # type: ignore[attr-defined]
    return func


def summary(command: click.Command) -> str:
    """The first paragraph of a command's help, whole, on one line."""
    if command.short_help:
        return command.short_help
    first = inspect.cleandoc(command.help or "").split("\n\n", 1)[0]
    return " ".join(first.replace("\b", "").split())


class Command(click.Command):
    """A command that takes ``--config`` and shows its whole summary."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not any(p.name == "config" for p in self.params):
            self.params.append(_config_param())

    def get_short_help_str(self, limit: int = 45) -> str:
        return summary(self)


class Group(click.Group):
    """A group whose commands and subgroups all take ``--config``; one line per command."""

    command_class = Command
    group_class = type  # subgroups are Groups too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not any(p.name == "config" for p in self.params):
            self.params.append(_config_param())

    def get_short_help_str(self, limit: int = 45) -> str:
        return summary(self)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, summary(command)))
        if not rows:
            return
        width = max(len(name) for name, _ in rows)
        with formatter.section("Commands"):
            for name, text in rows:  # never wrapped, never cut
                formatter.write(f"{'':>{formatter.current_indent}}{name:<{width}}  {text}\n")


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


def script_problem(exc: ScriptError) -> str:
    """A script error as one line: the first problem, and how to see the rest."""
    first = str(exc).splitlines()[0] if str(exc) else f"{exc.filename}: cannot be used"
    more = len(exc.problems) - 1
    if more > 0:
        first += f" (and {more} more: run `repaybot dialogs check {exc.filename}`)"
    return first


def require_script(settings: Settings) -> None:
    """Stop with one line unless the configured dialog script loads."""
    try:
        load_script(settings.dialog.script)
    except ScriptError as exc:
        raise UserError(script_problem(exc)) from None


def friendly_errors(func: F) -> F:
    """Turn configuration, database, key, script and catalog problems into one line."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ScriptError as exc:
            raise UserError(script_problem(exc)) from None
        except (ConfigError, DatabaseError, I18nError) as exc:
            raise UserError(" ".join(str(exc).split("\n"))) from None

    return wrapper  # type: ignore[return-value]


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repaybot")
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
    from bot.store.migrate import current_revision, upgrade

    app = get_app(ctx, require_schema=False)
    app.db.check()
    app.check_keys()  # keys that do not fit: stop before touching anything
    before = current_revision(app.db)
    upgrade(app.db)
    after = current_revision(app.db)
    app.check_keys()  # records the keys of a new database
    where = f"the database {app.db.safe_url}"
    if before is None:
        click.echo(f"created {where} (schema {after})")
    elif before != after:
        click.echo(f"migrated {where} from {before} to {after}")
    else:
        click.echo(f"{where} is already current (schema {after})")


@cli.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("show")
@config_option
@click.pass_context
@friendly_errors
def config_show(ctx: click.Context) -> None:
    """Print the effective settings as TOML (secrets masked)."""
    from bot.config_toml import settings_toml

    click.echo(settings_toml(get_settings(ctx)), nl=False)
