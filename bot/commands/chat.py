"""CLI: ``repaybot chat``, ``agreements export``, ``dialogs check`` and ``demo``."""

from __future__ import annotations

import dataclasses
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.commands.base import (
    UserError,
    cli,
    config_option,
    friendly_errors,
    get_app,
    get_settings,
    require_script,
)
from bot.config import load_settings

if TYPE_CHECKING:
    from bot.app import App

DEMO_DB = "repaybot-demo.db"
DEMO_URL_ENV = "REPAYBOT_DATABASE__URL"


def _chat(app: App, account_ref: str, lang: str | None) -> None:
    from bot.adapters.terminal import TerminalAdapter, TerminalChat
    from bot.delivery import DeliveryLoop
    from bot.i18n import normalize_locale

    locale = None
    if lang is not None:
        locale = normalize_locale(lang)
        if locale is None:
            raise UserError(f"--lang: unknown language {lang!r} (use en, zh_CN or zh_TW)")
    adapter = TerminalAdapter(sys.stdout)
    delivery = DeliveryLoop(adapter, app.outbox, run_db=app.db.run)
    chat = TerminalChat(app.engine, adapter, delivery.deliver_due, app.clock, account_ref,
                        locale=locale)  # fmt: skip
    app.warm_up()
    chat.run(sys.stdin, sys.stdout if sys.stdin.isatty() else None)


def _check_account(app: App, account_ref: str) -> None:
    from sqlalchemy import select

    from bot.store.models import Account

    with app.db.session() as s:
        found = s.scalars(select(Account.id).where(Account.account_ref == account_ref)).first()
    if found is None:
        raise UserError(
            f"--account: no account {account_ref!r} (import it with `repaybot accounts import`)"
        )


@cli.command("chat")
@click.option("--account", "account_ref", required=True, help="The debtor's account reference.")
@click.option("--lang", default=None, help="Language: en, zh_CN or zh_TW.")
@config_option
@click.pass_context
@friendly_errors
def chat_command(ctx: click.Context, account_ref: str, lang: str | None) -> None:
    """Talk to the bot in the terminal as the debtor of ACCOUNT (the bot speaks first).

    With stdin not a terminal, each input line is one debtor message.
    """
    app = get_app(ctx)
    require_script(app.settings)
    _check_account(app, account_ref)
    _chat(app, account_ref, lang)


@cli.group("agreements")
def agreements_group() -> None:
    """Recorded repayment agreements."""


@agreements_group.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--since", default=None, help="Only agreements recorded on or after this date.")
@config_option
@click.pass_context
@friendly_errors
def export_command(ctx: click.Context, fmt: str, since: str | None) -> None:
    """Print every recorded agreement (JSON array, or CSV with one row per instalment).

    CSV columns: agreement_id, account_ref, status, currency, total, discount,
    created_at, script_version, seq, due_date, amount.
    """
    from bot.collection.export import agreements, parse_since, to_csv, to_json

    try:
        cutoff = parse_since(since) if since is not None else None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    app = get_app(ctx)
    rows = list(agreements(app.db, cutoff))
    click.echo(to_json(rows) if fmt == "json" else to_csv(rows), nl=fmt == "json")


@cli.group("dialogs")
def dialogs_group() -> None:
    """Dialog scripts."""


@dialogs_group.command("check")
@click.argument("file", required=False)
@config_option
@click.pass_context
@friendly_errors
def check_command(ctx: click.Context, file: str | None) -> None:
    """Validate a dialog script (default: the configured one); errors as FILE:LINE:COL.

    Runs the same checks as the admin console: structure, guardrails, banned
    wording, and a translation of every prompt in every enabled locale.
    """
    from bot.scripts.checks import CheckOptions, review

    path = Path(file) if file else Path(get_settings(ctx).dialog.script)
    if not path.exists():
        raise UserError(f"{path}: file not found")
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {exc}") from None
    settings = get_settings(ctx)
    options = CheckOptions(
        locales_dir=settings.dialog.locales_dir,
        locales=tuple(settings.dialog.enabled_locales),
        extra_banned=tuple(settings.compliance.extra_banned_phrases),
    )
    problems = review(source, options, str(path)).problems
    for problem in problems:
        click.echo(problem.format(str(path)))
    if problems:
        ctx.exit(1)
    click.echo(f"{path}: ok")


@cli.command("demo")
@click.option("--db", "db_file", default=DEMO_DB, show_default=True, help="Demo SQLite file.")
@click.option(
    "--web/--terminal",
    "web",
    default=True,
    show_default=True,
    help="Serve the web chat and console, or chat here in the terminal instead.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Web port.")
@click.option("--account", "account_ref", default=None, help="Terminal: chat as this account.")
@click.option("--lang", default=None, help="Terminal: en, zh_CN or zh_TW.")
@config_option
@click.pass_context
@friendly_errors
def demo_command(
    ctx: click.Context,
    db_file: str,
    web: bool,
    port: int | None,
    account_ref: str | None,
    lang: str | None,
) -> None:
    """Try the bot on a demo database: web chat and console, or a terminal chat.

    Creates the demo database with sample accounts and users, prints how to sign in,
    the verification answers and the command that chats with it later.
    """
    from bot.accounts.samples import create_demo_data
    from bot.app import App
    from bot.store.migrate import upgrade

    if web and (account_ref or lang):
        raise UserError("--account and --lang choose the terminal chat: add --terminal")
    url = f"sqlite:///{Path(db_file).resolve()}"
    obj = ctx.ensure_object(dict)
    if "settings" in obj:
        settings = get_settings(ctx)
        settings = dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        )
    else:  # the demo database decides where its key file lives, as for `repaybot chat`
        settings = load_settings(obj.get("config"), {**os.environ, DEMO_URL_ENV: url})
    if port is not None:
        settings = dataclasses.replace(settings, web=dataclasses.replace(settings.web, port=port))
    require_script(settings)
    app = App(settings)
    ctx.call_on_close(app.stop)
    app.check_keys()
    upgrade(app.db)
    app.check_keys()
    samples = create_demo_data(app.db, app.personal, app.clock)
    refs = [a.account_ref for a in samples]
    if account_ref is not None and account_ref not in refs:
        raise UserError(f"--account: {account_ref!r} is not a demo account ({', '.join(refs)})")
    config = obj.get("config")
    with_config = f" --config {shlex.quote(str(Path(config).resolve()))}" if config else ""
    click.echo(f"Demo database: {db_file}", err=True)
    click.echo(
        f"Chat with it from this folder: {DEMO_URL_ENV}={shlex.quote(url)} "
        f"repaybot{with_config} chat --account {refs[0]}",
        err=True,
    )
    click.echo("Sample accounts (verification answers):", err=True)
    for a in samples:
        click.echo(
            f"  {a.account_ref}  {a.currency} {a.total}  date of birth {a.date_of_birth}"
            f"  ID last 4 {a.id_last4}  ({a.locale})",
            err=True,
        )
    if web:
        from bot.commands.demo import serve_demo

        serve_demo(app, samples)
        return
    ref = account_ref or (refs[-1] if sys.stdin.isatty() else refs[0])
    if sys.stdin.isatty() and account_ref is None:
        ref = click.prompt("Chat as account", default=ref, err=True)
    click.echo(f"Chatting as {ref}. Type 'help' for help, Ctrl-D to quit.", err=True)
    _chat(app, ref, lang)
