"""The terminal adapter: talk to the bot as a debtor from a shell.

Interactive when stdin is a terminal (choices numbered, a ``>`` prompt);
otherwise one debtor message per line in and the bot's replies out, flushed
per reply, so conversations can be scripted. Replies reach the terminal
through the delivery core like every channel's: after each turn the chat asks
it to deliver what is due for this chat, and :class:`TerminalAdapter` prints
each message it is given (claimed once, recorded sent once).
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any, Protocol, TextIO

from bot.adapters.base import choice_payload, numbered_text
from bot.messages import Button, ChatRef, Incoming, Outbound, Reply, SendResult, Sent

PLATFORM = "terminal"


class TerminalAdapter:
    """Prints each delivered message to a text stream, its choices numbered."""

    platform = PLATFORM
    # One reply per printed message: never join replies.
    max_text = 0

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        #: The choices of the last message printed, which a bare number picks.
        self.buttons: tuple[Button, ...] = ()

    async def send(self, message: Outbound) -> SendResult:
        """Print ``message`` (flushed at once)."""
        self.print(Reply(message.text, message.buttons))
        return Sent()

    def print(self, reply: Reply) -> None:
        """Print one reply with its choices numbered."""
        self.out.write(numbered_text(reply) + "\n")
        self.out.flush()
        if reply.buttons:
            self.buttons = reply.buttons


class Engine(Protocol):
    """What the chat uses of the dialog engine."""

    def greet(
        self, chat: ChatRef, *, account_ref: str | None = None, locale: str | None = None
    ) -> object: ...

    def process(self, incoming: Incoming) -> object: ...


#: Delivers what is due for one chat (the delivery core's ``deliver_due``).
Deliver = Callable[[str], Coroutine[Any, Any, object]]


class TerminalChat:
    """A debtor's chat with the engine over stdin/stdout."""

    def __init__(
        self,
        engine: Engine,
        adapter: TerminalAdapter,
        deliver: Deliver,
        clock: Callable[[], datetime],
        account_ref: str,
        *,
        locale: str | None = None,
    ) -> None:
        self.engine = engine
        self.adapter = adapter
        self.deliver = deliver
        self.clock = clock
        self.account_ref = account_ref
        self.locale = locale
        self.chat = ChatRef(PLATFORM, f"terminal:{account_ref}", f"terminal:{account_ref}")
        self.session = uuid.uuid4().hex[:12]
        self.count = 0
        self._runner = asyncio.Runner()

    def _deliver(self) -> None:
        self._runner.run(self.deliver(self.chat.chat_id))

    def start(self) -> None:
        """The bot speaks first."""
        self.engine.greet(self.chat, account_ref=self.account_ref, locale=self.locale)
        self._deliver()

    def say(self, line: str) -> None:
        """Send one debtor line; a bare number picks the numbered choice."""
        text = line.strip()
        self.count += 1
        buttons, self.adapter.buttons = self.adapter.buttons, ()
        payload = choice_payload(buttons, int(text)) if text.isdigit() else None
        incoming = Incoming(
            chat=self.chat,
            message_id=f"{self.session}-{self.count}",
            text=text,
            payload=payload,
            locale_hint=self.locale,
            timestamp=self.clock(),
        )
        self.engine.process(incoming)
        self._deliver()

    def run(self, stdin: TextIO, prompt: TextIO | None = None) -> None:
        """Chat until end of input (or Ctrl-D / Ctrl-C); ``prompt``: where ``> `` goes
        before each line (interactive use)."""
        try:
            self.start()
            while True:
                if prompt is not None:
                    prompt.write("> ")
                    prompt.flush()
                try:
                    line = stdin.readline()
                except KeyboardInterrupt:  # pragma: no cover - interactive
                    break
                if not line:
                    break
                if not line.strip():
                    continue
                self.say(line)
        finally:
            self._runner.close()
