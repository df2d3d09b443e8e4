"""The console's conversation page shows the plan, its instalments and the payments."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy import select

from bot.app import App
from bot.collection.payments import import_text
from bot.store.models import Account, Conversation
from tests.factories import make_agreement
from tests.web.conftest import csrf, login, make_escalated_chat, make_user


async def test_the_page_shows_instalment_status_and_payments(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    conv_id, esc_id = make_escalated_chat(app)
    with app.db.session() as s:
        account = s.scalars(select(Account)).one()
        conv = s.get(Conversation, conv_id)
        assert conv is not None
        schedule = [(date(2026, 3, 17), "5000.00"), (date(2026, 4, 17), "6700.50")]
        make_agreement(s, account, conv_id, schedule=schedule, created_at=app.clock())
    csv = "external_id,account_ref,amount,currency,paid_at\nbank-77,A-1001,5500.00,CNY,2026-03-16T09:00:00+08:00\n"  # noqa: E501
    import_text(app.db, csv, app.clock())
    await login(client, "alice")
    token = await csrf(client)
    await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})

    page = (await client.get(f"/console/c/{conv_id}")).text

    assert "2026-03-17: CN¥5,000.00 · paid (paid CN¥5,000.00)" in page
    assert "2026-04-17: CN¥6,700.50 · partly paid (paid CN¥500.00)" in page
    assert "2026-03-16: CN¥5,500.00 · bank-77" in page
    assert '<dd class="balance">CN¥6,200.50</dd>' in page  # what is still owed
    zh = (await client.get(f"/console/c/{conv_id}?lang=zh_CN")).text
    assert "部分已还" in zh and "还款记录" in zh
