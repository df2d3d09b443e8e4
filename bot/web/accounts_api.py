"""``POST /api/accounts``: the lender's system upserts debtor accounts.

Needs an API token with the ``accounts:write`` scope (``Authorization: Bearer
rpb_...``): no token or one that is not valid → 401, a token without the scope
→ 403; every use and refusal is audited. The body is one account object or
``{"accounts": [...]}`` (at most :data:`bot.accounts.upsert.MAX_ITEMS`) with the
accounts CSV columns as fields; see :mod:`bot.accounts.upsert`. Bad items are
answered one by one (``422`` when any was rejected), good ones are kept.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from bot.accounts.upsert import MAX_ITEMS, upsert_accounts
from bot.web.deps import AppDep, require_token

SCOPE = "accounts:write"


def _items(body: bytes) -> list[Any]:
    try:
        data = json.loads(body, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "the body is not JSON") from None
    items = data.get("accounts", [data]) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise HTTPException(400, 'expected an account object or {"accounts": [...]}')
    if len(items) > MAX_ITEMS:
        raise HTTPException(413, f"at most {MAX_ITEMS} accounts per request")
    return items


router = APIRouter(tags=["accounts"])


@router.post("/api/accounts")
async def upsert(request: Request, app: AppDep) -> JSONResponse:
    caller = await run_in_threadpool(require_token, request, app, SCOPE)
    items = _items(await request.body())
    result = await run_in_threadpool(
        lambda: upsert_accounts(
            app.db, app.personal, items, now=app.clock(), actor=f"token:{caller.name}"
        )
    )
    return JSONResponse(
        {
            "inserted": result.inserted,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": [{"item": r.line, "reason": r.reason} for r in result.rejections],
        },
        status_code=422 if result.rejected else 200,
    )
