"""Telegram facts asked outside the event loop, for commands (``repaybot links create``)."""

from __future__ import annotations

import asyncio

from telegram import Bot

from bot.config import TelegramSettings


def fetch_username(settings: TelegramSettings) -> str:
    """The bot's ``@username`` (without the @): from config, else asked with getMe.

    For commands that run outside the event loop (``repaybot links create``).

    Raises:
        telegram.error.TelegramError: the token is wrong or Telegram is unreachable.
    """
    if settings.bot_username:
        return settings.bot_username.lstrip("@")

    async def ask() -> str:
        async with Bot(settings.token.reveal(), base_url=settings.base_url) as bot:
            return bot.username

    return asyncio.run(ask())
