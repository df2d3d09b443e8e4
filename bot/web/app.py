"""The FastAPI application: each area contributes a router factory.

``ROUTERS`` lists ``module:function`` names; each function takes the
:class:`bot.app.App` and returns an ``APIRouter``. The web process is stateless:
everything lives in the database, so several workers can serve the same URLs.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import anyio
from fastapi import APIRouter, FastAPI

from bot import __version__

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

ROUTERS: list[str] = [
    "bot.web.rendering:static_router",
    "bot.web.console.routes:console_router",
    "bot.web.admin.routes:admin_router",
    "bot.web.api:api_router",
    "bot.web.payments:payments_router",
    "bot.web.chat:chat_router",
    "bot.web.wechat:router",
    "bot.web.telegram:router",
]

# "module:function" names; function(app: App) returns an adapter (start/send/stop)
# or None when that platform is not configured. The web app starts them on
# startup and stops them on shutdown.
ADAPTERS: list[str] = ["bot.adapters.wechat:from_app", "bot.adapters.telegram:from_app"]
# Background services started and stopped the same way (function(app) -> service or None).
SERVICES: list[str] = ["bot.collection.scheduler:from_app"]


def _load(name: str) -> Any:
    module_name, _, func = name.partition(":")
    return getattr(importlib.import_module(module_name), func)


def create_app(app: App) -> FastAPI:
    """Build the web application for ``app``."""

    @asynccontextmanager
    async def lifespan(_web: FastAPI) -> AsyncIterator[None]:
        started = []
        # The first debtor message must not pay for loading dateparser and OpenCC.
        await anyio.to_thread.run_sync(app.warm_up)
        try:
            for name in ADAPTERS:
                adapter = _load(name)(app)
                if adapter is not None:
                    await adapter.start()
                    started.append(adapter)
                    log.info("started %s adapter", adapter.platform)
            web.state.adapters = {a.platform: a for a in started}
            for name in SERVICES:
                service = _load(name)(app)
                if service is not None:
                    await service.start()
                    started.append(service)
            yield
        finally:
            for adapter in reversed(started):
                await adapter.stop()

    web = FastAPI(title="repaybot", version=__version__, lifespan=lifespan)
    web.state.app = app
    web.state.adapters = {}

    health = APIRouter()

    @health.get("/healthz")
    def healthz() -> dict[str, str]:
        app.db.check()
        return {"status": "ok"}

    web.include_router(health)
    for name in ROUTERS:
        web.include_router(_load(name)(app))
    return web
