"""Data rights in the console: export what is held, erase the rest (admins), audited."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text

from bot.app import App
from bot.store.models import (
    Account,
    AuditEntry,
    Conversation,
    Escalation,
    Message,
)
from bot.web.console import data_rights
from tests.factories import make_agreement
from tests.web.conftest import csrf, login, make_escalated_chat, make_user

TEXT = "I am Li Wei, please call me on 13800000000"


def chat_with_agreement(app: App, *, legal_hold: bool = False, years_ago: float = 0) -> int:
    """An escalated chat on account A-1001 with an agreement of two instalments.

    Args:
        years_ago: how long ago everything on the account last happened.
    """
    conv_id, _esc = make_escalated_chat(app, text=TEXT, locale="en", currency="USD")
    then = app.clock() - timedelta(days=365 * years_ago)
    with app.db.session() as s:
        account = s.scalars(select(Account)).one()
        account.legal_hold = legal_hold
        conv = s.get(Conversation, conv_id)
        assert conv is not None
        if years_ago:
            account.updated_at = account.last_activity_at = then
            conv.updated_at = conv.started_at = then
        s.add(
            Message(
                conversation_id=conv_id,
                platform="telegram",
                direction="out",
                sender="bot",
                text="Thanks Li Wei, your plan is recorded.",
                created_at=then,
            )
        )
        make_agreement(
            s,
            account,
            conv_id,
            currency="USD",
            schedule=[(date(2026, 4, 1), "300.00"), (date(2026, 5, 1), "300.00")],
            created_at=then,
        )
    return conv_id


async def signed_in(app: App, client: httpx.AsyncClient, name: str, role: str = "agent") -> str:
    make_user(app, name, role=role)
    await login(client, name)
    return await csrf(client)


async def claim(app: App, client: httpx.AsyncClient, conv_id: int, token: str) -> None:
    with app.db.session() as s:
        esc_id = s.scalars(select(Escalation.id).where(Escalation.conversation_id == conv_id)).one()
    r = await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    assert r.status_code == 303


def audits(app: App, action: str) -> list[AuditEntry]:
    with app.db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def raw_account(app: App) -> Any:
    with app.db.session() as s:
        return s.execute(
            text(
                "SELECT account_ref, full_name_enc, phone_enc, email_enc, dob_hash, status"
                " FROM accounts"
            )
        ).one()


def count(app: App, table: str, where: str = "1=1") -> int:
    with app.db.session() as s:
        return int(s.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one())


async def test_agent_with_the_claim_downloads_the_export_and_it_is_audited(
    app: App, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    conv_id = chat_with_agreement(app)
    token = await signed_in(app, client, "alice")
    await claim(app, client, conv_id, token)
    page = (await client.get(f"/console/c/{conv_id}")).text
    assert 'id="export-form"' in page
    assert 'id="erase-form"' not in page  # agents are not offered erasure
    assert "Only an admin can erase personal data." in page

    r = await client.post(f"/console/c/{conv_id}/data-export", data={"csrf_token": token})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["content-disposition"] == 'attachment; filename="data-A-1001-20260310.json"'
    assert r.headers["cache-control"] == "no-store"
    data = r.json()
    assert data["account"]["account_ref"] == "A-1001"
    assert data["account"]["full_name"] == "Li Wei"
    assert data["account"]["phone"] == "+86 138 0000 0000"
    assert data["account"]["email"] == "li.wei@example.com"
    (conversation,) = data["conversations"]
    assert [m["text"] for m in conversation["messages"]] == [
        TEXT,
        "Thanks Li Wei, your plan is recorded.",
    ]
    amounts = [Decimal(i["amount"]) for i in data["agreements"][0]["instalments"]]
    assert amounts == [Decimal("300.00"), Decimal("300.00")]

    (entry,) = audits(app, "data.export")
    assert (entry.actor, entry.conversation_id, entry.created_at) == ("alice", conv_id, app.clock())
    assert entry.account_id is not None
    assert entry.details == {"account_ref": "A-1001"}
    # decrypted personal data goes into the download only
    assert "Li Wei" not in caplog.text and "li.wei@example.com" not in caplog.text


async def test_admin_exports_any_linked_conversation(app: App, client: httpx.AsyncClient) -> None:
    conv_id = chat_with_agreement(app)
    token = await signed_in(app, client, "root", role="admin")
    r = await client.post(f"/console/c/{conv_id}/data-export", data={"csrf_token": token})
    assert r.status_code == 200
    assert json.loads(r.content)["account"]["full_name"] == "Li Wei"
    assert [e.actor for e in audits(app, "data.export")] == ["root"]


async def test_agent_cannot_export_another_agents_claim_nor_an_unclaimed_chat(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    conv_id = chat_with_agreement(app)
    alice = await signed_in(app, client, "alice")
    r = await client.post(f"/console/c/{conv_id}/data-export", data={"csrf_token": alice})
    assert r.status_code == 409  # open in the queue: claim it first
    assert "Claim this conversation first." in r.text
    bob = await signed_in(app, client_b, "bob")
    await claim(app, client_b, conv_id, bob)
    r = await client.post(f"/console/c/{conv_id}/data-export", data={"csrf_token": alice})
    assert r.status_code == 403
    assert "Li Wei" not in r.text
    assert audits(app, "data.export") == []


async def test_agent_cannot_erase(app: App, client: httpx.AsyncClient) -> None:
    conv_id = chat_with_agreement(app)
    token = await signed_in(app, client, "alice")
    await claim(app, client, conv_id, token)
    r = await client.post(
        f"/console/c/{conv_id}/erase",
        data={"csrf_token": token, "reason": "debtor asked", "confirm_ref": "A-1001"},
    )
    assert r.status_code == 403
    assert "Only an admin can erase personal data." in r.text
    assert raw_account(app).status == "active"
    assert audits(app, "data.erase") == []


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"reason": "", "confirm_ref": "A-1001"}, "write the reason for the erasure"),
        ({"reason": "Debtor's request", "confirm_ref": ""}, "type the account reference A-1001"),
        (
            {"reason": "Debtor's request", "confirm_ref": "A-1002"},
            "the reference you typed does not match A-1001",
        ),
    ],
)
async def test_erasure_needs_a_reason_and_the_typed_reference(
    app: App, client: httpx.AsyncClient, form: dict[str, str], message: str
) -> None:
    conv_id = chat_with_agreement(app)
    token = await signed_in(app, client, "root", role="admin")
    page = (await client.get(f"/console/c/{conv_id}")).text
    assert 'id="erase-form"' in page and "Type the account reference A-1001 to confirm" in page
    r = await client.post(f"/console/c/{conv_id}/erase", data={"csrf_token": token, **form})
    assert r.status_code == 400
    assert f"Nothing erased: {message}" in r.text
    assert 'id="action-error"' in r.text  # shown on the conversation page
    assert raw_account(app).status == "active"
    assert bytes(raw_account(app).phone_enc)
    assert audits(app, "data.erase") == []


async def test_erasure_under_legal_hold_keeps_the_agreement_and_removes_personal_data(
    app: App, client: httpx.AsyncClient
) -> None:
    # Past the 3-year US retention period: only the legal hold keeps anything.
    conv_id = chat_with_agreement(app, legal_hold=True, years_ago=5)
    token = await signed_in(app, client, "root", role="admin")
    r = await client.post(
        f"/console/c/{conv_id}/erase",
        data={
            "csrf_token": token,
            "reason": "Debtor's request, ticket 42",
            "confirm_ref": "A-1001",
        },
    )
    assert r.status_code == 303
    result = await client.get(r.headers["location"])
    assert result.status_code == 200
    assert "Debtor&#39;s request, ticket 42" in result.text
    assert "The account is under legal hold" in result.text
    assert "1 × agreements" in result.text and "2 × instalments" in result.text

    row = raw_account(app)
    assert row.account_ref == "A-1001"
    assert bytes(row.full_name_enc) == b""
    assert (row.phone_enc, row.email_enc, row.dob_hash) == (None, None, None)
    assert row.status == "erased"
    assert count(app, "agreements") == 1
    assert count(app, "instalments") == 2
    assert count(app, "messages") == 2
    assert count(app, "messages", "text <> '[erased]'") == 0
    assert count(app, "conversations", "chat_id <> '[erased]' OR user_id <> '[erased]'") == 0
    assert count(app, "escalations", "status <> 'closed'") == 0

    (entry,) = audits(app, "data.erase")
    assert (entry.actor, entry.conversation_id) == ("root", conv_id)
    assert entry.details["reason"] == "Debtor's request, ticket 42"
    assert entry.details["legal_hold"] is True
    assert entry.details["kept"]["agreements"] == 1
    assert entry.details["kept"]["instalments"] == 2
    assert entry.details["anonymised"]["messages"] == 2
    assert entry.details["escalations_closed"] == 1

    page = (await client.get(f"/console/c/{conv_id}")).text
    assert 'id="data-erased"' in page
    assert 'id="erase-form"' not in page
    assert "Li Wei" not in page and TEXT not in page
    again = await client.get(f"/console/c/{conv_id}/erasure")
    assert again.status_code == 303 and again.headers["location"] == r.headers["location"]


async def test_erasure_inside_retention_says_until_when(
    app: App, client: httpx.AsyncClient
) -> None:
    conv_id = chat_with_agreement(app)
    token = await signed_in(app, client, "root", role="admin")
    r = await client.post(
        f"/console/c/{conv_id}/erase",
        data={"csrf_token": token, "reason": "request", "confirm_ref": " A-1001 "},
    )
    assert r.status_code == 303
    result = (await client.get(r.headers["location"])).text
    assert "The us_reg_f retention period runs until 2029-03-10" in result
    assert count(app, "agreements") == 1


async def test_erasure_with_nothing_to_keep_deletes_everything(
    app: App, client: httpx.AsyncClient
) -> None:
    conv_id = chat_with_agreement(app, years_ago=5)
    token = await signed_in(app, client, "root", role="admin")
    r = await client.post(
        f"/console/c/{conv_id}/erase",
        data={"csrf_token": token, "reason": "request", "confirm_ref": "A-1001"},
    )
    assert r.status_code == 303
    result = await client.get(r.headers["location"])
    assert "Nothing had to be kept" in result.text
    assert f'href="/console/c/{conv_id}"' not in result.text  # the conversation is gone
    for table in ("accounts", "agreements", "instalments", "messages", "conversations"):
        assert count(app, table) == 0, table
    (entry,) = audits(app, "data.erase")
    assert (entry.account_id, entry.conversation_id) == (None, None)
    assert entry.details["account_ref"] == "A-1001"
    assert entry.details["purged_account"] is True


async def test_posts_without_the_csrf_token_are_refused(
    app: App, client: httpx.AsyncClient
) -> None:
    conv_id = chat_with_agreement(app)
    await signed_in(app, client, "root", role="admin")
    export = await client.post(f"/console/c/{conv_id}/data-export")
    assert export.status_code == 403
    erase = await client.post(
        f"/console/c/{conv_id}/erase",
        data={"reason": "request", "confirm_ref": "A-1001", "csrf_token": "forged"},
    )
    assert erase.status_code == 403
    assert raw_account(app).status == "active"
    assert audits(app, "data.export") == audits(app, "data.erase") == []


async def test_agents_do_not_see_erasure_results(app: App, client: httpx.AsyncClient) -> None:
    await signed_in(app, client, "alice")
    r = await client.get("/console/erasures/1")
    assert r.status_code == 403


async def test_the_panel_and_refusals_speak_chinese(app: App, client: httpx.AsyncClient) -> None:
    conv_id = chat_with_agreement(app)
    token = await signed_in(app, client, "root", role="admin")
    page = (await client.get(f"/console/c/{conv_id}?lang=zh_CN")).text
    assert "数据权利" in page and "导出数据" in page and "删除个人数据" in page
    r = await client.post(
        f"/console/c/{conv_id}/erase",
        data={"csrf_token": token, "reason": "", "confirm_ref": "A-1001"},
    )
    assert r.status_code == 400
    assert "未删除任何数据" in r.text


def test_every_data_rights_message_has_chinese_translations() -> None:
    from babel.messages.pofile import read_po

    wanted = [
        data_rights.NOT_LINKED,
        data_rights.ADMIN_ONLY,
        data_rights.NO_REASON,
        data_rights.NO_CONFIRM,
        data_rights.WRONG_CONFIRM,
        data_rights.ALREADY_ERASED,
        data_rights.NO_ERASURE,
        *data_rights.TABLE_LABELS.values(),
    ]
    for locale in ("zh_CN", "zh_TW"):
        with open(f"locales/{locale}/LC_MESSAGES/messages.po", "rb") as fileobj:
            catalog = read_po(fileobj)
        done = {m.id for m in catalog if m.string and not m.fuzzy}
        assert [w for w in wanted if w not in done] == [], locale
