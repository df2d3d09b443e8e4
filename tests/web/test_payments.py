"""``POST /api/payments``: the signed payments webhook (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
from datetime import date
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import select

from bot.app import App
from bot.config import CollectionSettings, Secret, Settings
from bot.store.models import Account, Instalment, Payment
from tests.factories import make_account, make_agreement, make_conversation
from tests.web.conftest import Clock

SECRET = "payments-shared-secret"
SCHEDULE = [
    (date(2026, 3, 17), "3900.16"),
    (date(2026, 4, 17), "3900.16"),
    (date(2026, 5, 17), "3900.18"),
]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings, collection=CollectionSettings(payments_secret=Secret(SECRET))
    )


@pytest.fixture
def planned(app: App, clock: Clock) -> None:
    with app.db.session() as s:
        acc = make_account(s, app.personal)
        conv = make_conversation(s, acc, clock())
        make_agreement(s, acc, conv.id, schedule=SCHEDULE, created_at=clock())


def _pay(
    external_id: str, amount: str, currency: str = "CNY", ref: str = "A-1001"
) -> dict[str, str]:
    return {"external_id": external_id, "account_ref": ref, "amount": amount,
            "currency": currency, "paid_at": "2026-03-18T09:00:00+08:00"}  # fmt: skip


async def _post(
    client: httpx.AsyncClient, clock: Clock, body: object, *, secret: str = SECRET, age: float = 0
) -> httpx.Response:
    raw = json.dumps(body).encode()
    signature = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {
        "X-Repaybot-Signature": signature,
        "X-Repaybot-Timestamp": str(int(clock().timestamp() - age)),
        "Content-Type": "application/json",
    }
    return await client.post("/api/payments", content=raw, headers=headers)


def _state(app: App) -> tuple[list[tuple[Decimal, str]], Decimal, Decimal, str]:
    with app.db.session() as s:
        acc = s.scalars(select(Account)).one()
        inst = [(i.paid, i.status) for i in s.scalars(select(Instalment).order_by(Instalment.seq))]
        return inst, acc.owed, acc.credit, acc.status


async def test_partial_then_exact_payments(
    client: httpx.AsyncClient, app: App, clock: Clock, planned: None
) -> None:
    r = await _post(client, clock, _pay("w-1", "1000.01"))
    assert r.status_code == 200, r.text
    assert r.json()["results"] == [
        {
            "external_id": "w-1",
            "status": "recorded",
            "applied": "1000.01",
            "credit": "0.00",
            "settled": False,
        }
    ]
    await _post(client, clock, _pay("w-2", "2900.15"))
    inst, owed, credit, status = _state(app)
    assert inst == [(Decimal("3900.16"), "paid"), (Decimal("0"), "open"), (Decimal("0"), "open")]
    assert (owed, credit, status) == (Decimal("7800.34"), Decimal("0"), "active")


async def test_overpayment_settles_and_holds_credit(
    client: httpx.AsyncClient, app: App, clock: Clock, planned: None
) -> None:
    r = await _post(client, clock, {"payments": [_pay("w-1", "11700.00"), _pay("w-2", "10.50")]})
    assert [x["status"] for x in r.json()["results"]] == ["recorded", "recorded"]
    _inst, owed, credit, status = _state(app)
    assert (owed, credit, status) == (Decimal("0"), Decimal("10.00"), "settled")


async def test_a_duplicate_external_id_is_not_applied_twice(
    client: httpx.AsyncClient, app: App, clock: Clock, planned: None
) -> None:
    await _post(client, clock, _pay("w-1", "500.00"))
    again = await _post(client, clock, _pay("w-1", "500.00"))
    assert again.status_code == 200
    assert again.json()["results"][0]["status"] == "duplicate"
    assert _state(app)[1] == Decimal("11200.50")
    with app.db.session() as s:
        assert len(s.scalars(select(Payment)).all()) == 1


@pytest.mark.parametrize(
    ("payment", "reason"),
    [
        (_pay("w-1", "100.00", currency="USD"), "currency USD does not match the account's CNY"),
        (_pay("w-1", "100.00", ref="NOPE"), "unknown account 'NOPE'"),
        (_pay("w-1", "-1"), "amount '-1' must be more than zero"),
        ({"external_id": "w-1"}, "missing account_ref, amount, currency, paid_at"),
    ],
)
async def test_bad_payments_are_refused_with_a_reason(
    client: httpx.AsyncClient,
    app: App,
    clock: Clock,
    planned: None,
    payment: dict[str, str],
    reason: str,
) -> None:
    r = await _post(client, clock, payment)
    assert r.status_code == 422
    assert r.json()["results"][0]["reason"] == reason
    assert _state(app)[1] == Decimal("11700.50")


async def test_a_bad_signature_is_refused(
    client: httpx.AsyncClient, app: App, clock: Clock, planned: None
) -> None:
    r = await _post(client, clock, _pay("w-1", "100.00"), secret="guessed")
    assert r.status_code == 401
    assert "X-Repaybot-Signature" in r.json()["detail"]
    assert _state(app)[1] == Decimal("11700.50")


async def test_a_stale_timestamp_is_refused(
    client: httpx.AsyncClient, app: App, clock: Clock, planned: None
) -> None:
    r = await _post(client, clock, _pay("w-1", "100.00"), age=301)
    assert r.status_code == 401
    assert "too far from now" in r.json()["detail"]
    ok = await _post(client, clock, _pay("w-1", "100.00"), age=299)
    assert ok.status_code == 200
