"""``repaybot users add`` and ``repaybot serve``."""

from __future__ import annotations

import os

import click

from bot.commands.base import (
    UserError,
    cli,
    config_option,
    friendly_errors,
    get_app,
    require_script,
)
from bot.users import ROLES, UserInputError, add_user

PASSWORD_ENV = "REPAYBOT_PASSWORD"


@cli.group()
def users() -> None:
    """Console users: agents and admins."""


@users.command("add")
@config_option
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    required=True,
    help="agent, admin (sees all) or analyst (analytics only, read-only).",
)
@click.option(
    "--password",
    default=None,
    help=f"The password (else ${PASSWORD_ENV}, else asked for twice).",
)
@click.option("--replace", is_flag=True, help="Reset the role and password of an existing user.")
@click.pass_context
@friendly_errors
def users_add(
    ctx: click.Context, name: str, role: str, password: str | None, replace: bool
) -> None:
    """Create a console user NAME who signs in at /console."""
    app = get_app(ctx)
    if password is None:
        password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with app.db.session() as s:
            add_user(s, name, role, password, now=app.clock(), actor="cli", replace=replace)
    except UserInputError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"{'updated' if replace else 'added'} {role} {name}")


@cli.command("serve")
@config_option
@click.option("--host", default=None, help="Listen address (default [web] host).")
@click.option("--port", type=int, default=None, help="Listen port (default [web] port).")
@click.pass_context
@friendly_errors
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Run the web app: webhooks, console, web chat, API (and configured adapters)."""
    import uvicorn

    from bot.web.app import create_app

    app = get_app(ctx)
    settings = app.settings
    require_script(settings)
    host = host or settings.web.host
    port = port if port is not None else settings.web.port
    click.echo(f"repaybot on http://{host}:{port}  (console /console, web chat /chat)", err=True)
    uvicorn.run(
        create_app(app),
        host=host,
        port=port,
        log_level=settings.app.log_level.lower(),
        proxy_headers=True,
    )
