"""The FastAPI application: each area contributes a router factory.

``ROUTERS`` lists ``module:function`` names; each function takes the
:class:`bot.app.App` and returns an ``APIRouter``. The web process is stateless:
everything lives in the database, so several workers can serve the same URLs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI

from bot import __version__

if TYPE_CHECKING:
    from bot.app import App

ROUTERS: list[str] = []


def create_app(app: App) -> FastAPI:
    """Build the web application for ``app``."""
    web = FastAPI(title="repaybot", version=__version__)
    web.state.app = app

    health = APIRouter()

    @health.get("/healthz")
    def healthz() -> dict[str, str]:
        app.db.check()
        return {"status": "ok"}

    web.include_router(health)
    for name in ROUTERS:
        module_name, _, func = name.partition(":")
        factory = getattr(importlib.import_module(module_name), func)
        web.include_router(factory(app))
    return web
