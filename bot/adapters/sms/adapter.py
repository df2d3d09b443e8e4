"""The SMS channel: one outbox message as one text (start/send/stop).

Choices become numbered options; every text ends with the opt-out wording of
its language. A reply longer than ``max_segments`` is cut and ends with a
signed, expiring link that shows the whole message. Where the provider allows
only templates, the template carries that link instead of the text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.adapters.base import numbered_text
from bot.adapters.sms import PLATFORM
from bot.adapters.sms.provider import Provider
from bot.adapters.sms.segments import fit
from bot.config import SmsSettings
from bot.messages import Gone, Outbound, Reply, SendResult

# Replies of one turn are joined up to this many characters (then cut to the segment limit).
MAX_JOINED_CHARS = 1000


@dataclass(frozen=True)
class SmsRecipient:
    """The debtor's number and the language of the conversation."""

    number: str
    locale: str


Lookup = Callable[[str], Awaitable[SmsRecipient | None]]
MoreLink = Callable[[tuple[int, ...]], str]


def pick(table: dict[str, str], locale: str) -> str:
    """The entry for ``locale``, else its language, else English."""
    return table.get(locale) or table.get(locale.split("_")[0]) or table.get("en") or ""


class SmsAdapter:
    """Sends texts through the configured provider.

    Args:
        settings: the ``[sms]`` section.
        provider: Twilio or the China provider.
        lookup: the chat's number and language (None: unknown).
        more_link: a signed link to the whole text of these outbox items.
    """

    platform = PLATFORM
    max_text = MAX_JOINED_CHARS

    def __init__(
        self, settings: SmsSettings, provider: Provider, lookup: Lookup, more_link: MoreLink
    ) -> None:
        self.settings = settings
        self.provider = provider
        self.lookup = lookup
        self.more_link = more_link

    async def start(self) -> None:
        """Nothing to connect."""

    async def stop(self) -> None:
        """Close the provider's connections."""
        await self.provider.close()

    def render(self, message: Outbound, locale: str) -> str:
        """The text as it goes out: numbered choices, the opt-out wording, within the limit."""
        text = numbered_text(Reply(message.text, message.buttons))
        footer = pick(self.settings.opt_out_text, locale)
        link = self.more_link(message.item_ids)
        body, _cut = fit(text, footer, self.settings.max_segments, link)
        return body

    async def send(self, message: Outbound) -> SendResult:
        """Send one text."""
        to = await self.lookup(message.chat_id)
        if to is None:
            return Gone("no phone number is known for this chat")
        link = self.more_link(message.item_ids)
        return await self.provider.send(to.number, self.render(message, to.locale), link)
