"""The API documentation (``/docs``, ``/redoc``, ``/openapi.json``), for signed-in users only.

The schema tells anyone how to call every endpoint, so it is shown only to a
signed-in console user or a caller with a valid API token. The documentation
pages load Swagger UI and ReDoc from their CDN; their one inline script runs
under a per-response nonce, so the rest of the site keeps a CSP without inline
script.
"""

from __future__ import annotations

import re
import secrets

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response

from bot.web.deps import AnyCaller

CDN = "https://cdn.jsdelivr.net"
router = APIRouter(include_in_schema=False)


def _with_nonce(page: HTMLResponse) -> Response:
    nonce = secrets.token_urlsafe(16)
    html = re.sub(rb"<script>", f'<script nonce="{nonce}">'.encode(), bytes(page.body))
    csp = (
        f"default-src 'self'; script-src 'self' {CDN} 'nonce-{nonce}'; "
        f"style-src 'self' {CDN} 'unsafe-inline'; img-src 'self' data: https:; "
        f"worker-src 'self' blob:; connect-src 'self'; font-src 'self' {CDN} https:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
    return Response(html, media_type="text/html", headers={"Content-Security-Policy": csp})


@router.get("/openapi.json")
def openapi(request: Request, _caller: AnyCaller) -> JSONResponse:
    """The OpenAPI schema."""
    return JSONResponse(request.app.openapi())


@router.get("/docs")
def swagger(_caller: AnyCaller) -> Response:
    """Swagger UI for the JSON API."""
    return _with_nonce(get_swagger_ui_html(openapi_url="/openapi.json", title="repaybot API"))


@router.get("/redoc")
def redoc(_caller: AnyCaller) -> Response:
    """ReDoc for the JSON API."""
    return _with_nonce(get_redoc_html(openapi_url="/openapi.json", title="repaybot API"))
