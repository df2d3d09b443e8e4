"""``repaybot tokens create|revoke|list``: API tokens for the lender's systems."""

from __future__ import annotations

import json
from typing import Any

import click

from bot.commands.base import UserError, cli, config_option, friendly_errors, get_app
from bot.console import tokens as token_service


@cli.group()
def tokens() -> None:
    """API tokens for the lender's systems (scoped, stored hashed, every use audited)."""


@tokens.command("create")
@click.argument("name")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(token_service.SCOPES),
    help="What the token may do; repeat for several.",
)
@config_option
@click.pass_context
@friendly_errors
def tokens_create(ctx: click.Context, name: str, scopes: tuple[str, ...]) -> None:
    """Create a token called NAME and print it (it is shown only this once)."""
    app = get_app(ctx)
    try:
        with app.db.session() as s:
            secret, view = token_service.create(s, name, list(scopes), actor="cli", now=app.clock())
    except token_service.TokenError as exc:
        raise UserError(str(exc)) from None
    click.echo(secret)
    click.echo(
        f"token {view.id} ({view.name}): {', '.join(view.scopes)}; "
        "copy it now, it is not stored and cannot be shown again",
        err=True,
    )


@tokens.command("revoke")
@click.argument("token_id", type=int)
@config_option
@click.pass_context
@friendly_errors
def tokens_revoke(ctx: click.Context, token_id: int) -> None:
    """Revoke token TOKEN_ID (see ``tokens list``); it stops working at once."""
    app = get_app(ctx)
    try:
        with app.db.session() as s:
            view = token_service.revoke(s, token_id, actor="cli", now=app.clock())
    except token_service.TokenError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"revoked token {view.id} ({view.name})")


@tokens.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@config_option
@click.pass_context
@friendly_errors
def tokens_list(ctx: click.Context, fmt: str) -> None:
    """List tokens: id, name, scopes, created, last used, revoked."""
    app = get_app(ctx)
    with app.db.session() as s:
        views = token_service.listing(s)
    rows: list[dict[str, Any]] = [
        {
            "id": v.id,
            "name": v.name,
            "prefix": f"rpb_{v.prefix}_",
            "scopes": v.scopes,
            "created_at": v.created_at.isoformat(),
            "created_by": v.created_by,
            "last_used_at": v.last_used_at.isoformat() if v.last_used_at else None,
            "revoked_at": v.revoked_at.isoformat() if v.revoked_at else None,
        }
        for v in views
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        state = f"revoked {r['revoked_at']}" if r["revoked_at"] else "active"
        used = r["last_used_at"] or "never used"
        click.echo(
            f"{r['id']}\t{r['name']}\t{r['prefix']}…\t{','.join(r['scopes'])}\t{used}\t{state}"
        )
