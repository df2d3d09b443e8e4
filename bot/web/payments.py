"""``POST /api/payments``: payments reported by the lender's payment system.

The request is signed: ``X-Repaybot-Signature`` is the hex HMAC-SHA256 of the
raw body with ``collection.payments_secret``, and ``X-Repaybot-Timestamp`` (Unix
seconds) must be within ``collection.payments_tolerance_seconds`` of now.
The body is one payment object or ``{"payments": [...]}`` with the fields
``external_id``, ``account_ref``, ``amount`` (a decimal string), ``currency``
and ``paid_at`` (ISO 8601). A payment whose ``external_id`` was recorded before
is answered as a duplicate and not applied again, so a retried or replayed
request is harmless.

Instead of the signature, a lender's system may send an API token with the
``payments:write`` scope (``Authorization: Bearer rpb_...``): a token that is not
valid is refused with 401, one without the scope with 403, and every use or
refusal is audited. A request with neither is refused with 401.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from bot.collection.payments import PaymentError, parse_payment, record_one
from bot.money import quantize
from bot.web.deps import AppDep, refused, require_token

if TYPE_CHECKING:
    from bot.web.parts import Parts

SIGNATURE = "X-Repaybot-Signature"
TIMESTAMP = "X-Repaybot-Timestamp"
MAX_BODY = 1_000_000


SCOPE = "payments:write"


def _check(app: Parts, body: bytes, signature: str | None, timestamp: str | None) -> None:
    settings = app.settings.collection
    secret = settings.payments_secret.reveal()
    if not secret:
        raise HTTPException(
            401, f"send an API token with {SCOPE} (collection.payments_secret is not set)"
        )
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not signature or not hmac.compare_digest(expected, signature.strip().lower()):
        raise HTTPException(401, f"bad or missing {SIGNATURE}")
    try:
        sent = float(timestamp or "")
    except ValueError:
        raise HTTPException(401, f"bad or missing {TIMESTAMP}") from None
    if abs(app.clock().timestamp() - sent) > settings.payments_tolerance_seconds:
        raise HTTPException(401, f"{TIMESTAMP} is too far from now (clock skew or a replay)")


def _items(body: bytes) -> list[dict[str, Any]]:
    try:
        data = json.loads(body, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "the body is not JSON") from None
    items = data.get("payments", [data]) if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise HTTPException(400, 'expected a payment object or {"payments": [...]}')
    return items


router = APIRouter(tags=["payments"])


@router.post("/api/payments")
async def receive(request: Request, app: AppDep) -> JSONResponse:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise HTTPException(413, "the body is too large")
    if request.headers.get("authorization"):
        await run_in_threadpool(require_token, request, app, SCOPE)
    else:
        try:
            _check(app, body, request.headers.get(SIGNATURE), request.headers.get(TIMESTAMP))
        except HTTPException as exc:
            raise await run_in_threadpool(
                refused, request, app, exc.status_code, str(exc.detail)
            ) from None
    results = [await run_in_threadpool(_one, app, item) for item in _items(body)]
    failed = any(r["status"] == "rejected" for r in results)
    return JSONResponse({"results": results}, status_code=422 if failed else 200)


def _one(app: Parts, item: dict[str, Any]) -> dict[str, Any]:
    raw = {k: None if v is None else str(v) for k, v in item.items()}
    external_id = raw.get("external_id")
    try:
        done = record_one(app.db, parse_payment(raw), app.clock(), source="webhook")
    except PaymentError as exc:
        return {"external_id": external_id, "status": "rejected", "reason": str(exc)}
    return {
        "external_id": external_id,
        "status": "duplicate" if done.duplicate else "recorded",
        "applied": str(quantize(done.applied, done.currency)),
        "credit": str(quantize(done.credit, done.currency)),
        "settled": done.settled,
    }
