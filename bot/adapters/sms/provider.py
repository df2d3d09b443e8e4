"""What an SMS provider does for the channel: send one text to one number."""

from __future__ import annotations

from typing import Protocol

from bot.messages import SendResult


class Provider(Protocol):
    """One SMS provider account.

    ``free_text`` is False where only approved templates may be sent (mainland
    China): the adapter then sends the link to the message instead of its text.
    """

    name: str
    free_text: bool

    async def send(self, to: str, text: str, link: str) -> SendResult: ...

    async def close(self) -> None: ...
