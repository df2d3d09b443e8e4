"""Waiting for a condition instead of sleeping a fixed time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

# Generous: only a failing test waits this long, and a busy CI machine needs slack.
TIMEOUT = 30.0


async def eventually(predicate: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    """Wait until ``predicate()`` holds (polling every 20 ms), else fail."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout:.0f} s")
        await asyncio.sleep(0.02)
