"""The web half of ``repaybot demo``: demo console users, URLs, and the server."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from bot.users import add_user

if TYPE_CHECKING:
    from bot.app import App


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """A console user the demo creates."""

    name: str
    password: str
    role: str


DEMO_LOGINS = (
    DemoLogin("agent", "agent-demo", "agent"),
    DemoLogin("admin", "admin-demo", "admin"),
)


def create_demo_users(app: App) -> tuple[DemoLogin, ...]:
    """Create (or reset) the demo agent and admin."""
    with app.db.session() as s:
        for login in DEMO_LOGINS:
            add_user(
                s, login.name, login.role, login.password, now=app.clock(), actor="demo",
                replace=True,
            )  # fmt: skip
    return DEMO_LOGINS


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def serve_demo(app: App, samples: Sequence[Any], *, run: bool = True) -> None:
    """Create the demo users, print where to go and how to sign in, and serve the web app.

    Args:
        samples: the sample accounts (with ``account_ref``, ``locale``).
        run: start the server (tests pass False).

    Raises:
        click.ClickException: the configured port is taken.
    """
    import uvicorn

    from bot.web.app import create_app

    host, port = app.settings.web.host, app.settings.web.port
    if run and not _port_free(host, port):
        raise click.ClickException(
            f"port {port} on {host} is in use: stop the other server or set "
            "REPAYBOT_WEB__PORT (or [web] port) to another port"
        )
    logins = create_demo_users(app)
    base = f"http://{host}:{port}"
    say = click.echo
    say("")
    say(f"Web chat (debtor):  {base}/chat")
    for sample in samples:
        link = f"{base}/chat?account={sample.account_ref}&lang={sample.locale}"
        say(f"  as {sample.account_ref}:  {link}")
    say(f"Console (agents):   {base}/console")
    for login in logins:
        say(f"  {login.role:<6} user {login.name!r}  password {login.password!r}")
    say('Ask the bot for a person ("talk to a person", "转人工") to see the chat in the console.')
    say("Press Ctrl-C to stop.")
    if run:
        uvicorn.run(create_app(app), host=host, port=port, log_level="warning")
