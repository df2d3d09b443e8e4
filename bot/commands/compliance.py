"""Commands: ``accounts show | set | export-data | erase`` and ``retention run``."""

from __future__ import annotations

import json
from typing import Any

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.overview import account_overview, render_text
from bot.commands.accounts import accounts
from bot.commands.base import UserError, cli, config_option, friendly_errors, get_app
from bot.compliance.data_rights import erase_account, export_account, retention_run
from bot.compliance.profiles import PROFILE_NAMES, profile_for
from bot.store import audit
from bot.store.models import Account


def _account(session: Session, ref: str) -> Account:
    account = session.scalars(select(Account).where(Account.account_ref == ref)).first()
    if account is None:
        raise UserError(f"account {ref!r} not found")
    return account


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


@accounts.command("show")
@click.argument("ref")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format; the JSON keys are stable.",
)
@click.option(
    "--reveal",
    is_flag=True,
    help="Show personal data in clear (needs compliance.reveal_allowed = true; audited).",
)
@config_option
@click.pass_context
@friendly_errors
def show_command(ctx: click.Context, ref: str, fmt: str, reveal: bool) -> None:
    """Show what the system holds and decided for account REF.

    Status, opt-outs, verification (bound identities, lock state), escalations,
    agreements and the latest audit decisions. Personal data is masked.
    """
    app = get_app(ctx)
    if reveal and not app.settings.compliance.reveal_allowed:
        raise UserError(
            "--reveal is not allowed by this configuration (compliance.reveal_allowed = false)"
        )
    now = app.clock()
    with app.db.session() as s:
        account = _account(s, ref)
        doc = account_overview(s, app.personal, account, now, app.settings, reveal=reveal)
        if reveal:
            audit.record(
                s,
                actor="cli",
                action="reveal_personal_data",
                account_id=account.id,
                details={"command": "accounts show"},
                now=now,
            )
    click.echo(_dump(doc) if fmt == "json" else render_text(doc))


@accounts.command("set")
@click.argument("ref")
@click.option(
    "--legal-hold/--no-legal-hold",
    default=None,
    help="Keep every record of the account (erasure and retention purge nothing).",
)
@click.option(
    "--profile",
    type=click.Choice([*PROFILE_NAMES, "default"]),
    help="Jurisdiction profile for this account ('default': the configured one).",
)
@click.option("--reason", default="", help="Why (recorded in the audit log).")
@config_option
@click.pass_context
@friendly_errors
def set_command(
    ctx: click.Context, ref: str, legal_hold: bool | None, profile: str | None, reason: str
) -> None:
    """Put account REF under legal hold (or release it) or give it its own profile."""
    if legal_hold is None and profile is None:
        raise UserError("nothing to change: give --legal-hold, --no-legal-hold or --profile")
    app = get_app(ctx)
    now = app.clock()
    with app.db.session() as s:
        account = _account(s, ref)
        changes: dict[str, Any] = {}
        if legal_hold is not None and legal_hold != account.legal_hold:
            account.legal_hold = legal_hold
            changes["legal_hold"] = legal_hold
        if profile is not None:
            wanted = None if profile == "default" else profile
            if wanted != account.compliance_profile:
                account.compliance_profile = wanted
                changes["compliance_profile"] = profile
        if changes:
            # Not debtor activity: updated_at (which starts the retention clock) stays.
            audit.record(
                s,
                actor="cli",
                action="account_settings",
                account_id=account.id,
                details={**changes, "reason": reason},
                now=now,
            )
        hold = "under legal hold" if account.legal_hold else "not under legal hold"
        governed = profile_for(account, app.settings.compliance).name
    verb = "updated" if changes else "unchanged"
    click.echo(f"{ref} {verb}: {hold}, profile {governed}")


@accounts.command("export-data")
@click.argument("ref")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the JSON to this file instead of standard output.",
)
@config_option
@click.pass_context
@friendly_errors
def export_data_command(ctx: click.Context, ref: str, output: str | None) -> None:
    """Export everything held about account REF as JSON (for a data access request).

    The export contains personal data in clear; it is audited.
    """
    app = get_app(ctx)
    now = app.clock()
    with app.db.session() as s:
        account = _account(s, ref)
        data = export_account(s, app.personal, account)
        audit.record(
            s,
            actor="cli",
            action="export_data",
            account_id=account.id,
            details={"to": "file" if output else "stdout"},
            now=now,
        )
    text = _dump(data)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError as exc:
            raise UserError(f"{output}: cannot write: {exc.strerror}") from None
        click.echo(f"wrote the data held about {ref} to {output}", err=True)
    else:
        click.echo(text)


@accounts.command("erase")
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@config_option
@click.pass_context
@friendly_errors
def erase_command(ctx: click.Context, ref: str, yes: bool) -> None:
    """Erase the personal data of account REF.

    Records the retention profile or a legal hold requires (agreements,
    instalments, the audit log) are kept without personal data; everything
    else is deleted or anonymised. Cannot be undone.
    """
    app = get_app(ctx)
    with app.db.session() as s:
        _account(s, ref)
    if not yes and not click.confirm(f"Erase the personal data of {ref}? This cannot be undone"):
        raise UserError("nothing erased")
    now = app.clock()
    with app.db.session() as s:
        report = erase_account(s, _account(s, ref), now, app.settings.compliance, actor="cli")
    if report.purged_account:
        click.echo(f"erased {ref}: nothing had to be kept, all records deleted")
    else:
        click.echo(
            f"erased {ref}: personal data removed; kept {report.kept_agreements} "
            "agreement(s) required by retention or legal hold"
        )
    for table, n in sorted(report.deleted.items()):
        click.echo(f"  deleted {n} {table}")
    for table, n in sorted(report.anonymised.items()):
        click.echo(f"  anonymised {n} {table}")


@cli.group()
def retention() -> None:
    """Purge records past their retention period."""


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Only list what would be purged.")
@config_option
@click.pass_context
@friendly_errors
def retention_run_command(ctx: click.Context, dry_run: bool) -> None:
    """Purge accounts and chats whose retention period has ended (legal holds are kept)."""
    app = get_app(ctx)
    with app.db.session() as s:
        report = retention_run(s, app.clock(), app.settings.compliance, dry_run=dry_run)
    verb = "would purge" if dry_run else "purged"
    click.echo(
        f"{verb} {len(report.accounts)} account(s) and "
        f"{report.unbound_conversations} unbound conversation(s)"
    )
    for ref in report.accounts:
        click.echo(f"  {ref}")
    if report.held:
        click.echo(f"kept under legal hold: {', '.join(report.held)}")
