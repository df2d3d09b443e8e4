"""``repaybot links create``: print a deep link for one account."""

from __future__ import annotations

from datetime import timedelta

import click
from sqlalchemy import select

from bot.commands.base import UserError, cli, config_option, friendly_errors, get_app
from bot.config import Settings
from bot.links import CHANNELS, AccountNotFound, create_link
from bot.store import audit
from bot.store.models import Account


@cli.group()
def links() -> None:
    """Deep links that bind a Telegram, WeChat or web chat user to an account."""


@links.command("create")
@click.option("--account", "account_ref", required=True, help="The account reference.")
@click.option(
    "--channel",
    type=click.Choice(CHANNELS),
    default="telegram",
    show_default=True,
    help="The platform the link is for.",
)
@config_option
@click.pass_context
@friendly_errors
def links_create(ctx: click.Context, account_ref: str, channel: str) -> None:
    """Print a signed, single-use, expiring link for one account.

    Telegram: a https://t.me/<bot>?start=<token> link to send by SMS or email.
    WeChat: a scene string; make a QR code with it (WeChat qrcode/create,
    QR_STR_SCENE or QR_LIMIT_STR_SCENE). Web: a <public url>/chat?link=<token>
    link that opens the web chat bound to the account.
    """
    app = get_app(ctx)
    settings = app.settings
    ttl = timedelta(hours=settings.security.link_ttl_hours)
    now = app.clock()
    username = _telegram_username(settings) if channel == "telegram" else None
    try:
        with app.db.session() as session:
            _token, link = create_link(
                session,
                account_ref=account_ref,
                channel=channel,
                secret=app.keys.link_secret,
                ttl=ttl,
                now=now,
                bot_username=username,
                web_base=_web_base(settings),
            )
            audit.record(
                session,
                actor="cli",
                action="links.create",
                account_id=session.scalar(
                    select(Account.id).where(Account.account_ref == account_ref)
                ),
                details={"account_ref": account_ref, "channel": channel},
                now=now,
            )
    except (AccountNotFound, ValueError) as exc:
        raise UserError(str(exc.args[0]) if exc.args else str(exc)) from None
    click.echo(link)
    expires = (now + ttl).isoformat(timespec="minutes")
    if channel == "wechat":
        click.echo(
            "make a WeChat QR code with this scene string (qrcode/create, QR_STR_SCENE or "
            f"QR_LIMIT_STR_SCENE); single use, valid until {expires}",
            err=True,
        )
    else:
        click.echo(f"single use, valid until {expires}", err=True)


def _web_base(settings: Settings) -> str:
    """The public URL of the web app ([web] public_url, else its host and port)."""
    return settings.web.public_url or f"http://{settings.web.host}:{settings.web.port}"


def _telegram_username(settings: Settings) -> str | None:
    """The bot's username from config, else asked from Telegram when a token is set."""
    if settings.telegram.bot_username or not settings.telegram.token:
        return settings.telegram.bot_username or None
    from telegram.error import TelegramError

    from bot.adapters.telegram_lookup import fetch_username

    try:
        return fetch_username(settings.telegram)
    except TelegramError as exc:
        raise UserError(
            f"cannot ask Telegram for the bot's username (set telegram.bot_username): {exc}"
        ) from None
