"""The terminal adapter: talk to the bot as a debtor from a shell.

Interactive when stdin is a terminal (choices numbered, a ``>`` prompt);
otherwise one debtor message per line in and the bot's replies out, flushed
per reply, so conversations can be scripted. Replies are marked delivered in
the outbox as they are printed.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Protocol, TextIO

from bot.adapters.base import choice_payload, numbered_text
from bot.messages import Button, ChatRef, Incoming, Reply

PLATFORM = "terminal"


class _Turn(Protocol):
    @property
    def replies(self) -> Sequence[Reply]: ...

    @property
    def outbox_ids(self) -> Sequence[int]: ...


class Engine(Protocol):
    """What the chat uses of the dialog engine."""

    def greet(
        self, chat: ChatRef, *, account_ref: str | None = None, locale: str | None = None
    ) -> _Turn: ...

    def process(self, incoming: Incoming) -> _Turn: ...


class Delivered(Protocol):
    """Where printed replies are marked delivered (the outbox)."""

    def mark_delivered(self, ids: list[int]) -> None: ...


class TerminalAdapter:
    """Prints replies to a text stream (the Adapter protocol's three methods)."""

    platform = PLATFORM

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    async def start(self) -> None:
        """Nothing to connect."""

    async def send(self, chat_id: str, reply: Reply) -> str | None:
        """Print ``reply`` with its choices numbered."""
        self.print(reply)
        return None

    async def stop(self) -> None:
        """Nothing to release."""

    def print(self, reply: Reply) -> None:
        self.out.write(numbered_text(reply) + "\n")
        self.out.flush()


class TerminalChat:
    """A debtor's chat with the engine over stdin/stdout."""

    def __init__(
        self,
        engine: Engine,
        outbox: Delivered,
        clock: Callable[[], datetime],
        account_ref: str,
        *,
        locale: str | None = None,
    ) -> None:
        self.engine = engine
        self.outbox = outbox
        self.clock = clock
        self.account_ref = account_ref
        self.locale = locale
        self.chat = ChatRef(PLATFORM, f"terminal:{account_ref}", f"terminal:{account_ref}")
        self.session = uuid.uuid4().hex[:12]
        self.count = 0
        self.buttons: tuple[Button, ...] = ()

    def _show(self, adapter: TerminalAdapter, replies: Iterable[Reply], ids: Iterable[int]) -> None:
        for reply in replies:
            adapter.print(reply)
            if reply.buttons:
                self.buttons = reply.buttons
        self.outbox.mark_delivered(list(ids))

    def start(self, adapter: TerminalAdapter) -> None:
        """The bot speaks first."""
        turn = self.engine.greet(self.chat, account_ref=self.account_ref, locale=self.locale)
        self._show(adapter, turn.replies, turn.outbox_ids)

    def say(self, adapter: TerminalAdapter, line: str) -> None:
        """Send one debtor line; a bare number picks the numbered choice."""
        text = line.strip()
        self.count += 1
        payload = choice_payload(self.buttons, int(text)) if text.isdigit() else None
        incoming = Incoming(
            chat=self.chat,
            message_id=f"{self.session}-{self.count}",
            text=text,
            payload=payload,
            locale_hint=self.locale,
            timestamp=self.clock(),
        )
        self.buttons = ()
        turn = self.engine.process(incoming)
        self._show(adapter, turn.replies, turn.outbox_ids)

    def run(self, stdin: TextIO, stdout: TextIO, *, interactive: bool) -> None:
        """Chat until end of input (or Ctrl-D / Ctrl-C when interactive)."""
        adapter = TerminalAdapter(stdout)
        self.start(adapter)
        while True:
            if interactive:
                stdout.write("> ")
                stdout.flush()
            try:
                line = stdin.readline()
            except KeyboardInterrupt:  # pragma: no cover - interactive
                break
            if not line:
                break
            if not line.strip():
                continue
            self.say(adapter, line)
