"""API token scopes on the writing endpoints: payments:write and accounts:write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot.app import App
from bot.store.models import Account, AuditEntry, Payment
from tests.factories import make_account, make_agreement, make_conversation
from tests.web.conftest import Clock, login, make_user
from tests.web.test_api_tokens import bearer, new_token

PAYMENT = {
    "external_id": "t-1",
    "account_ref": "A-1001",
    "amount": "100.00",
    "currency": "CNY",
    "paid_at": "2026-03-18T09:00:00+08:00",
}
ACCOUNT = {
    "account_ref": "API-1",
    "full_name": "Chen Jing",
    "date_of_birth": "1985-06-02",
    "id_last4": "4321",
    "phone": "+86 139 0000 0001",
    "email": "",
    "creditor": "Example Bank",
    "currency": "CNY",
    "principal": "5000.00",
    "interest": "120.50",
    "fees": "0",
    "due_date": "2026-01-10",
    "locale": "zh-CN",
    "timezone": "Asia/Shanghai",
}


def _refusals(app: App) -> list[tuple[str, dict[str, object]]]:
    with app.db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "api.refused")).all()
        return [(r.actor, dict(r.details)) for r in rows]


async def test_payments_need_a_token_with_payments_write(
    app: App, client: httpx.AsyncClient, clock: Clock
) -> None:
    with app.db.session() as s:
        acc = make_account(s, app.personal)
        conv = make_conversation(s, acc, clock())
        make_agreement(
            s, acc, conv.id, schedule=[(date(2026, 3, 17), "11700.50")], created_at=clock()
        )
    writer = new_token(app, "payments:write")
    reader = new_token(app, "agreements:read")

    assert (await client.post("/api/payments", json=PAYMENT)).status_code == 401
    bad = await client.post("/api/payments", json=PAYMENT, headers=bearer(writer + "x"))
    assert bad.status_code == 401
    wrong = await client.post("/api/payments", json=PAYMENT, headers=bearer(reader))
    assert wrong.status_code == 403
    assert wrong.json()["detail"] == "this API token lacks the scope payments:write"
    with app.db.session() as s:
        assert s.scalars(select(Payment)).all() == []

    ok = await client.post("/api/payments", json=PAYMENT, headers=bearer(writer))
    assert ok.status_code == 200, ok.text
    assert ok.json()["results"][0]["status"] == "recorded"
    with app.db.session() as s:
        assert s.scalars(select(Account)).one().owed == Decimal("11600.50")
        uses = s.scalars(select(AuditEntry).where(AuditEntry.action == "api.use")).all()
        assert [u.details["path"] for u in uses] == ["/api/payments"] * 2
    refusals = _refusals(app)
    assert [(actor, d["path"]) for actor, d in refusals] == [
        ("anonymous", "/api/payments"),
        ("token:?", "/api/payments"),
        ("token:ledger", "/api/payments"),
    ]
    assert "lacks the scope payments:write" in str(refusals[2][1]["reason"])


async def test_accounts_are_upserted_with_accounts_write(
    app: App, client: httpx.AsyncClient
) -> None:
    writer = new_token(app, "accounts:write")
    r = await client.post("/api/accounts", json=ACCOUNT, headers=bearer(writer))
    assert r.status_code == 200, r.text
    assert r.json() == {"inserted": 1, "updated": 0, "unchanged": 0, "rejected": []}
    with app.db.session() as s:
        acc = s.scalars(select(Account)).one()
        assert (acc.account_ref, acc.locale, acc.owed) == ("API-1", "zh_CN", Decimal("5120.50"))
        assert app.personal.decrypt(acc.full_name_enc) == "Chen Jing"
    # the same account again changes nothing; a changed one is updated; a bad one is named
    again = await client.post(
        "/api/accounts",
        json={
            "accounts": [
                ACCOUNT,
                {**ACCOUNT, "account_ref": "API-2", "principal": 7000.10},
                {**ACCOUNT, "account_ref": "API-3", "currency": "XX"},
                {**ACCOUNT, "account_ref": "API-4", "color": "red"},
            ]
        },
        headers=bearer(writer),
    )
    assert again.status_code == 422
    assert again.json() == {
        "inserted": 1,
        "updated": 0,
        "unchanged": 1,
        "rejected": [
            {"item": 3, "reason": "currency 'XX' is not an ISO 4217 code"},
            {"item": 4, "reason": "unknown field 'color'"},
        ],
    }
    with app.db.session() as s:
        assert sorted(s.scalars(select(Account.account_ref))) == ["API-1", "API-2"]
        second = s.scalars(select(Account).where(Account.account_ref == "API-2")).one()
        assert second.principal == Decimal("7000.10")  # a JSON number, read exactly
        upserts = s.scalars(select(AuditEntry).where(AuditEntry.action == "accounts.upsert")).all()
        assert [(u.actor, u.details["inserted"]) for u in upserts] == [
            ("token:ledger", 1),
            ("token:ledger", 1),
        ]


async def test_accounts_are_refused_without_the_scope(app: App, client: httpx.AsyncClient) -> None:
    reader = new_token(app, "agreements:read", "payments:write")
    make_user(app, "root", role="admin")
    assert (await client.post("/api/accounts", json=ACCOUNT)).status_code == 401
    wrong = await client.post("/api/accounts", json=ACCOUNT, headers=bearer(reader))
    assert wrong.status_code == 403
    assert wrong.json()["detail"] == "this API token lacks the scope accounts:write"
    # a console session is not an API token
    await login(client, "root")
    assert (await client.post("/api/accounts", json=ACCOUNT)).status_code == 401
    with app.db.session() as s:
        assert s.scalars(select(Account)).all() == []
    assert [d["reason"] for _a, d in _refusals(app)][1] == (
        "this API token lacks the scope accounts:write"
    )


async def test_a_token_without_agreements_read_is_refused_and_audited(
    app: App, client: httpx.AsyncClient
) -> None:
    writer = new_token(app, "accounts:write")
    r = await client.get("/api/agreements", headers=bearer(writer))
    assert r.status_code == 403
    assert _refusals(app) == [
        (
            "token:ledger",
            {
                "method": "GET",
                "path": "/api/agreements",
                "reason": "this API token lacks the scope agreements:read",
                "token_id": 1,
                "address": "127.0.0.1",
            },
        )
    ]


async def test_refused_calls_are_audited_without_flooding_the_log(
    app: App, client: httpx.AsyncClient, web: FastAPI, clock: Clock
) -> None:
    bad = bearer("rpb_" + "x" * 40)
    for _ in range(25):
        assert (await client.get("/api/agreements", headers=bad)).status_code == 401
    # the first refusal, then the 10th with its number; the others are only counted
    assert [(d["reason"], d.get("repeated")) for _a, d in _refusals(app)] == [
        ("the API token is not valid", None),
        ("the API token is not valid", 10),
    ]
    # another reason, another address, a minute later: each audited again
    assert (await client.post("/api/payments", json=PAYMENT)).status_code == 401
    other = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web, client=("198.51.100.7", 50000)),
        base_url="http://testserver",
    )
    async with other:
        assert (await other.get("/api/agreements", headers=bad)).status_code == 401
    clock.advance(minutes=1)
    assert (await client.get("/api/agreements", headers=bad)).status_code == 401
    audited = [(d["address"], d["reason"][:10], d.get("repeated")) for _a, d in _refusals(app)]
    assert audited[2:] == [
        ("127.0.0.1", "send an AP", None),
        ("198.51.100.7", "the API to", None),
        ("127.0.0.1", "the API to", None),
    ]


async def test_refusals_from_many_addresses_are_audited_up_to_a_cap(app: App, web: FastAPI) -> None:
    cap = app.settings.console.refused_api_audits_per_minute
    bad = bearer("rpb_" + "x" * 40)
    for i in range(cap + 5):
        transport = httpx.ASGITransport(app=web, client=(f"203.0.113.{i % 250}", 50000 + i))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            assert (await c.get("/api/agreements", headers=bad)).status_code == 401
    assert len(_refusals(app)) == cap
