"""Polls an IMAP mailbox for replies (``imapclient``) and hands each raw message on.

:class:`ImapPoller` signs in, takes the unseen messages of the folder, gives
each to ``handle`` (the same path as ``POST /webhooks/email``) and marks it
seen only once it was handled, so a message that failed is read again at the
next poll (the engine's dedupe by Message-ID keeps a repeat harmless).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Awaitable, Callable

from imapclient import IMAPClient

from bot.config import EmailSettings
from bot.periodic import Periodic

log = logging.getLogger(__name__)

SEEN = b"\\Seen"
Handle = Callable[[bytes], Awaitable[object]]


class ImapPoller(Periodic):
    """Reads new mail from ``[email] imap_*`` every ``imap_poll_seconds`` (start/stop)."""

    what = "reading the IMAP mailbox"

    def __init__(
        self, settings: EmailSettings, handle: Handle, tls_context: ssl.SSLContext | None = None
    ) -> None:
        super().__init__(settings.imap_poll_seconds)
        self.what = f"reading the IMAP mailbox {settings.imap_host}"
        self.settings = settings
        self.handle = handle
        self.tls_context = tls_context

    def _open(self) -> IMAPClient:
        s = self.settings
        client = IMAPClient(
            s.imap_host,
            port=s.imap_port,
            ssl=s.imap_tls == "tls",
            ssl_context=self.tls_context,
            timeout=30,
        )
        try:
            if s.imap_tls == "starttls":
                client.starttls(self.tls_context)
            client.login(s.imap_username, s.imap_password.reveal())
            client.select_folder(s.imap_folder)
        except Exception:
            with contextlib.suppress(Exception):
                client.logout()
            raise
        return client

    @staticmethod
    def _unseen(client: IMAPClient) -> list[tuple[int, bytes]]:
        uids = client.search(["UNSEEN"])
        if not uids:
            return []
        fetched = client.fetch(uids, ["RFC822"])
        return [(int(uid), bytes(data[b"RFC822"])) for uid, data in sorted(fetched.items())]

    async def poll_once(self) -> int:
        """Handle the unseen messages now; how many were handled."""
        client = await asyncio.to_thread(self._open)
        try:
            messages = await asyncio.to_thread(self._unseen, client)
            done: list[int] = []
            for uid, raw in messages:
                try:
                    await self.handle(raw)
                except Exception:
                    log.exception("IMAP message %s not handled; it stays unseen", uid)
                    continue
                done.append(uid)
            if done:
                await asyncio.to_thread(client.add_flags, done, [SEEN])
            return len(done)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.to_thread(client.logout)

    async def step(self) -> None:
        await self.poll_once()
