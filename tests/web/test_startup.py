"""Start-up: the web app warms up understanding before the first debtor message."""

from __future__ import annotations

import httpx
import pytest

from bot.app import App
from bot.understanding.understand import Understander
from bot.web.app import create_app


async def test_serving_warms_up_understanding_once_before_requests(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = Understander.warm_up

    def spy(self: Understander) -> None:
        calls.append("warm_up")
        real(self)

    monkeypatch.setattr(Understander, "warm_up", spy)
    web = create_app(app)
    assert calls == []
    async with web.router.lifespan_context(web):
        assert calls == ["warm_up"]
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert calls == ["warm_up"]
