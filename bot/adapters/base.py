"""The adapter interface and the generic fallbacks every platform can use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.messages import Button, Reply


class Adapter(Protocol):
    """A platform connection: three methods.

    ``start`` connects (and begins polling, where the platform polls), ``send``
    delivers one reply to a chat and returns the platform's message id if any,
    ``stop`` releases everything ``start`` acquired.
    """

    platform: str

    async def start(self) -> None: ...

    async def send(self, chat_id: str, reply: Reply) -> str | None: ...

    async def stop(self) -> None: ...


def numbered_text(reply: Reply) -> str:
    """Render choices as numbered lines, for platforms without buttons.

    The debtor answers with the number; understanding maps it back to the
    choice by position.
    """
    if not reply.buttons:
        return reply.text
    lines = [reply.text, ""] if reply.text else []
    lines += [f"{i}. {b.label}" for i, b in enumerate(reply.buttons, start=1)]
    return "\n".join(lines)


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` characters, on line boundaries.

    A single line longer than ``limit`` is cut hard.
    """
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current or not parts:
        parts.append(current)
    return parts


def choice_payload(buttons: Sequence[Button], index: int) -> str | None:
    """The payload of the 1-based ``index``-th button, if there is one."""
    if 1 <= index <= len(buttons):
        return buttons[index - 1].payload
    return None
