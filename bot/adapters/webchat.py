"""The web chat's side of the delivery core (platform ``web``).

The debtor's browser fetches its chat's delivered messages (:mod:`bot.web.chat`),
so sending one is making it visible: the delivery core claims the item (a
started one passes the compliance rules first), this adapter says it went,
and the core records it sent, once. The page shows only delivered replies.
"""

from __future__ import annotations

from bot.messages import Outbound, SendResult, Sent

PLATFORM = "web"


class WebChatAdapter:
    """Delivers by letting the chat's page show the message (nothing to connect)."""

    platform = PLATFORM
    # Each reply is its own bubble on the page: never join replies.
    max_text = 0

    async def send(self, message: Outbound) -> SendResult:
        """The message is delivered: the page may show it."""
        return Sent()
