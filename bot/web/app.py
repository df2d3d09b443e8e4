"""The FastAPI application: module-level routers, included in a fixed order.

Every router is built once, at import; its handlers reach what they use through
typed dependencies (:mod:`bot.web.deps`) that read the application's parts
(:class:`bot.web.parts.Parts`) from ``request.app.state``. Building the web
application only adds those ready routes to it (they hold no per-application
state); ``include_router`` would analyse every route's dependencies again for
each application, on its first request. The web process is stateless:
everything lives in the database, so several workers can serve the same URLs.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import anyio
from fastapi import APIRouter, FastAPI

from bot import __version__
from bot.analytics import watch
from bot.collection import scheduler
from bot.web import (
    accounts_api,
    analytics_page,
    api,
    chat,
    docs,
    email,
    experiments_page,
    metrics_api,
    payments,
    rendering,
    sms,
    telegram,
    wechat,
)
from bot.web.admin import routes as admin_routes
from bot.web.console import data_rights_routes, inbox_routes, live, people_routes, routes
from bot.web.deps import AppDep
from bot.web.middleware import BodyLimit, SecurityHeaders

if TYPE_CHECKING:
    from bot.web.parts import Parts

log = logging.getLogger(__name__)

health = APIRouter()


@health.get("/healthz")
def healthz(app: AppDep) -> dict[str, str]:
    """200 while the database answers."""
    app.db.check()
    return {"status": "ok"}


#: Every router, in the order its routes are matched.
ROUTERS: tuple[APIRouter, ...] = (
    health,
    # The platforms' webhooks first: every update is matched against the routes before them.
    telegram.router,
    wechat.router,
    docs.router,
    routes.router,
    inbox_routes.router,
    data_rights_routes.router,
    people_routes.router,
    live.router,
    api.router,
    rendering.router,
    admin_routes.router,
    payments.router,
    accounts_api.router,
    metrics_api.router,
    analytics_page.router,
    experiments_page.router,
    chat.router,
    email.router,
    sms.router,
)

#: Background services: each takes the app and returns a service (start/stop) or None.
#: The web app starts them after the channels.
SERVICES: tuple[Callable[[Parts], Any], ...] = (
    scheduler.from_app,
    watch.from_app,
    email.imap_service,
)


def create_app(app: Parts) -> FastAPI:
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
            for build in SERVICES:
                service = build(app)
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

    for router in ROUTERS:  # the routes were built once, at import: share them
        web.router.routes.extend(router.routes)
    return web
