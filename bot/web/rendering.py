"""Jinja2 templates for the console and the web chat.

Visible strings in templates are wrapped in ``_()`` (the ``jinja2.ext.i18n``
extension) so they can be translated; until catalogs for the pages exist the
null translations show the English source text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from babel.numbers import format_currency
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

if TYPE_CHECKING:
    from bot.app import App

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def money(amount: Decimal | str | None, currency: str, locale: str = "en") -> str:
    """``amount`` in ``currency``, formatted for ``locale`` (exact decimal, no float)."""
    if amount is None:
        return ""
    return str(format_currency(Decimal(str(amount)), currency, locale=locale))


def when(value: datetime | None) -> str:
    """A UTC timestamp as ``YYYY-MM-DD HH:MM UTC``."""
    if value is None:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def waited(value: datetime | None, now: datetime) -> str:
    """How long ago ``value`` was, roughly: ``45 s``, ``12 min``, ``3 h 5 min``, ``2 d``."""
    if value is None:
        return ""
    seconds = max(0, int((now - value).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} d"


def make_templates() -> Jinja2Templates:
    """The shared template environment (i18n extension, money and time filters)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["money"] = money
    env.filters["when"] = when
    env.globals["waited"] = waited
    return Jinja2Templates(env=env)


TEMPLATES = make_templates()


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render template ``name`` with ``context``."""
    response = TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


_MEDIA_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


def static_router(app: App) -> APIRouter:
    """Serve the files in ``bot/web/static`` at ``/static/NAME``."""
    router = APIRouter(include_in_schema=False)
    files = {p.name: p for p in STATIC_DIR.iterdir() if p.suffix in _MEDIA_TYPES}

    @router.get("/static/{name}")
    def static(name: str) -> FileResponse:
        path = files.get(name)
        if path is None:
            raise HTTPException(404, "no such file")
        return FileResponse(
            path, media_type=_MEDIA_TYPES[path.suffix], headers={"Cache-Control": "no-cache"}
        )

    return router
