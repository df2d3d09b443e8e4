"""The email adapter: sends one outbox message over SMTP (start/send/stop).

:class:`EmailAdapter` asks ``lookup`` for the chat's :class:`Recipient`
(address, language, thread), composes the mail and hands it to ``aiosmtplib``.
What SMTP answers decides the outcome: a permanent refusal of the recipient
(5xx) is :class:`~bot.messages.Gone` with ``unusable`` (the address bounced);
temporary failures (4xx, a dropped connection, a timeout) are retried.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Awaitable, Callable

import aiosmtplib

from bot.adapters.email import PLATFORM
from bot.adapters.email.compose import Recipient, compose
from bot.config import EmailSettings
from bot.messages import Gone, Outbound, Retry, SendResult, Sent

log = logging.getLogger(__name__)

# Replies of one turn are joined into one mail up to this many characters.
MAX_JOINED_CHARS = 20_000

Lookup = Callable[[str], Awaitable[Recipient | None]]


class EmailAdapter:
    """Sends mail through the configured SMTP server.

    Args:
        settings: the ``[email]`` section.
        lookup: the chat's recipient details (None: the address is unknown).
        tls_context: trust for the server's certificate (None: ``smtp_ca_file``,
            else the system's).
    """

    platform = PLATFORM
    max_text = MAX_JOINED_CHARS

    def __init__(
        self, settings: EmailSettings, lookup: Lookup, tls_context: ssl.SSLContext | None = None
    ) -> None:
        self.settings = settings
        self.lookup = lookup
        if tls_context is None and settings.smtp_ca_file:
            tls_context = ssl.create_default_context(cafile=settings.smtp_ca_file)
        self.tls_context = tls_context

    async def start(self) -> None:
        """Nothing to hold open: each send connects (SMTP servers drop idle sessions)."""

    async def stop(self) -> None:
        """Nothing to release."""

    async def send(self, message: Outbound) -> SendResult:
        """Compose and send one mail; the outcome the delivery core records."""
        to = await self.lookup(message.chat_id)
        if to is None:
            return Gone("no email address is known for this chat")
        mail = compose(message, to)
        s = self.settings
        try:
            await aiosmtplib.send(
                mail,
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_username or None,
                password=s.smtp_password.reveal() or None,
                use_tls=s.smtp_tls == "tls",
                start_tls=s.smtp_tls == "starttls",
                timeout=s.smtp_timeout_seconds,
                tls_context=self.tls_context,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            return _refused(exc.recipients)
        except aiosmtplib.SMTPRecipientRefused as exc:
            return _refused([exc])
        except aiosmtplib.SMTPAuthenticationError as exc:
            return Retry(f"SMTP authentication failed: {exc.code} {exc.message}", kind="server")
        except aiosmtplib.SMTPResponseException as exc:
            if 500 <= exc.code < 600:
                return Gone(f"the mail server refused the message: {exc.code} {exc.message}")
            return Retry(f"SMTP {exc.code} {exc.message}", kind="server")
        except (aiosmtplib.SMTPException, OSError) as exc:
            return Retry(f"SMTP server unreachable: {exc}", kind="network")
        return Sent(str(mail["Message-ID"]).strip("<>"))


def _refused(refusals: list[aiosmtplib.SMTPRecipientRefused]) -> Retry | Gone:
    first = refusals[0]
    reason = f"the mail server refused the address: {first.code} {first.message}"
    if all(500 <= r.code < 600 for r in refusals):
        return Gone(reason, unusable=True)
    return Retry(reason, kind="server")
