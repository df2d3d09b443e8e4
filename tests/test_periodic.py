"""Background steps in ``serve``: a failed step is logged and the loop goes on."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.periodic import Periodic


class Flaky(Periodic):
    what = "flaky step"

    def __init__(self) -> None:
        super().__init__(interval=0.001)
        self.runs = 0
        self.third = asyncio.Event()

    async def step(self) -> None:
        self.runs += 1
        if self.runs == 3:
            self.third.set()
        if self.runs == 1:
            raise RuntimeError("the mailbox is down")


async def test_a_failed_step_is_logged_and_the_next_one_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    loop = Flaky()
    with caplog.at_level(logging.ERROR, logger="bot.periodic"):
        await loop.start()
        await asyncio.wait_for(loop.third.wait(), timeout=5)
        await loop.stop()
    assert loop.runs >= 3
    assert [r.getMessage() for r in caplog.records] == [
        "flaky step failed; trying again in 0.001 s"
    ]
    stopped_at = loop.runs
    await asyncio.sleep(0.01)
    assert loop.runs == stopped_at  # stop() ended the loop
