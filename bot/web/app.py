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
from bot.web import api, docs
from bot.web.console import data_rights_routes, inbox_routes, live, people_routes, routes
from bot.web.middleware import BodyLimit, SecurityHeaders

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

ROUTERS: list[str] = [
    "bot.web.rendering:static_router",
    "bot.web.admin.routes:admin_router",
    "bot.web.payments:payments_router",
    "bot.web.accounts_api:accounts_router",
    "bot.web.metrics_api:metrics_router",
    "bot.web.analytics_page:analytics_router",
    "bot.web.chat:chat_router",
    "bot.web.wechat:router",
    "bot.web.telegram:router",
    "bot.web.email:router",
    "bot.web.sms:router",
]

# Background services, "module:function" names; function(app) returns a service
# (start/stop) or None. The web app starts them after the channels.
SERVICES: list[str] = [
    "bot.collection.scheduler:from_app",
    "bot.analytics.watch:from_app",
    "bot.web.email:imap_service",
]


def _load(name: str) -> Any:
    module_name, _, func = name.partition(":")
    return getattr(importlib.import_module(module_name), func)


def create_app(app: App) -> FastAPI:
    """Build the web application for ``app``."""

    @asynccontextmanager
    async def lifespan(_web: FastAPI) -> AsyncIterator[None]:
        from bot.channels import Channel, configured

        started: list[Channel] = []
        services: list[Any] = []
        # The first debtor message must not pay for loading dateparser and OpenCC.
        await anyio.to_thread.run_sync(app.warm_up)
        try:
            for channel in configured(app.settings, app.db, app.outbox, app.engine):
                await channel.start()
                started.append(channel)
                log.info("started %s adapter and its delivery", channel.platform)
            web.state.adapters = {c.platform: c.adapter for c in started}
            web.state.deliveries = {c.platform: c.delivery for c in started}
            for name in SERVICES:
                service = _load(name)(app)
                if service is not None:
                    await service.start()
                    services.append(service)
            yield
        finally:
            for service in reversed(services):
                await service.stop()
            for channel in reversed(started):
                await channel.stop()

    # The API documentation is served by bot.web.docs, for signed-in callers only.
    web = FastAPI(
        title="repaybot",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    web.state.app = app
    web.state.adapters = {}
    # Outermost first: headers on every answer (413s and 400s included), then the body cap.
    web.add_middleware(
        BodyLimit, max_bytes=app.settings.web.max_body_bytes, json_paths=("/webhooks/telegram",)
    )
    web.add_middleware(SecurityHeaders)
    web.state.deliveries = {}

    health = APIRouter()

    @health.get("/healthz")
    def healthz() -> dict[str, str]:
        app.db.check()
        return {"status": "ok"}

    web.include_router(health)
    web.include_router(docs.router)
    web.include_router(routes.router)
    web.include_router(inbox_routes.router)
    web.include_router(data_rights_routes.router)
    web.include_router(people_routes.router)
    web.include_router(live.router)
    web.include_router(api.router)
    for name in ROUTERS:
        web.include_router(_load(name)(app))
    return web
