"""Email tests' helpers: an app wired to a real local SMTP server, and a debtor's mailbox.

:func:`email_settings` points ``[email]`` at a :class:`~tests.adapters.fake_smtp.FakeSmtp`.
:class:`Mailbox` is the debtor's side: it writes mail as a mail client would
(threaded on the bot's last mail, with that mail quoted), POSTs it signed to
``/webhooks/email``, runs one delivery pass and returns what arrived.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import httpx

from bot import channels
from bot.adapters.email.inbound import signature
from bot.app import App
from bot.config import EmailSettings, Secret, Settings
from tests.adapters.fake_smtp import PASSWORD, USER, FakeSmtp, Received

INBOUND_SECRET = "inbound-hook-secret"
FROM = "care@bank.example"
REPLY_TO = "replies@bank.example"


def email_settings(settings: Settings, smtp: FakeSmtp, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "smtp_tls": "starttls",
        "smtp_ca_file": smtp.ca_file,
        "smtp_username": USER,
        "smtp_password": Secret(PASSWORD),
        "smtp_timeout_seconds": 10.0,
        "from_address": FROM,
        "reply_to": REPLY_TO,
        "inbound_secret": Secret(INBOUND_SECRET),
    }
    values.update(overrides)
    web = dataclasses.replace(settings.web, public_url="https://bot.example")
    return dataclasses.replace(settings, email=EmailSettings(**values), web=web)


def raw_mail(
    sender: str,
    text: str,
    *,
    subject: str = "Re: A message",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    quote: str = "",
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = REPLY_TO
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain="debtor.example")
    msg["Date"] = format_datetime(datetime.now(UTC))
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
        msg["References"] = f"<{in_reply_to}>"
    msg.set_content(text + ("\n\n" + quote if quote else "") + "\n")
    return bytes(msg)


async def post_mail(
    client: httpx.AsyncClient, raw: bytes, secret: str = INBOUND_SECRET
) -> httpx.Response:
    return await client.post(
        "/webhooks/email",
        content=raw,
        headers={"content-type": "message/rfc822", "X-Repaybot-Signature": signature(secret, raw)},
    )


@dataclass
class Mailbox:
    """The debtor's mail client."""

    app: App
    client: httpx.AsyncClient
    smtp: FakeSmtp
    address: str
    seen: int = 0
    last: Received | None = None
    ids: list[str] = field(default_factory=list)

    async def deliver(self) -> list[Received]:
        channel = channels.email(self.app.settings, self.app.db, self.app.outbox, self.app.engine)
        assert channel is not None
        await channel.delivery.deliver_due()
        new = [m for m in self.smtp.mails[self.seen :] if self.address in m.recipients]
        self.seen = len(self.smtp.mails)
        if new:
            self.last = new[-1]
        return new

    async def write(self, text: str, *, quote: bool = True) -> list[Received]:
        """Reply to the bot's last mail (quoting it, Gmail style); what came back."""
        parent = str(self.last.message["Message-ID"]).strip("<>") if self.last else None
        quoted = ""
        if quote and self.last is not None:
            body = "\n".join("> " + line for line in self.last.text().splitlines())
            quoted = f"On Tue, Mar 10, 2026 at 2:00 PM Customer Care <{FROM}> wrote:\n{body}"
        raw = raw_mail(self.address, text, in_reply_to=parent, quote=quoted)
        response = await post_mail(self.client, raw)
        assert response.status_code == 200, response.text
        return await self.deliver()

    async def say(self, text: str) -> str:
        """Write ``text``; the text of the single mail that came back (without the notice)."""
        mails = await self.write(text)
        assert len(mails) == 1, [m.text() for m in mails]
        return mails[0].text().split("\n--\n")[0]
