"""What the agent sees: local times with the zone named, why and how long, the account,
offers, agreements, canned replies."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot.app import App
from bot.store.models import Agreement, Circumstance, Conversation, Escalation, Instalment, Offer
from tests.web.conftest import csrf, login, make_escalated_chat, make_user


async def test_times_are_shown_in_the_business_timezone_with_its_name(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    # escalated 5 minutes before 06:00 UTC, i.e. 13:55 in Shanghai
    conv_id, _esc_id = make_escalated_chat(app)
    await login(client, "alice")
    queue = (await client.get("/console")).text
    assert "Escalated 2026-03-10 13:55 Asia/Shanghai" in queue
    assert "Waiting time counts from when the bot handed the chat to a person" in queue
    assert "times are in Asia/Shanghai" in queue
    assert "5 min" in queue
    assert "UTC" not in queue
    page = (await client.get(f"/console/c/{conv_id}")).text
    assert "times in Asia/Shanghai" in page
    assert '<span class="time" title="2026-03-10 13:55 Asia/Shanghai">03-10 13:55</span>' in page
    assert "2026-03-10 13:55 Asia/Shanghai" in page  # when it was escalated
    assert "UTC" not in page


async def test_times_follow_the_configured_business_timezone(
    app: App, client: httpx.AsyncClient
) -> None:
    console = dataclasses.replace(app.settings.console, business_timezone="Asia/Taipei")
    app.settings = dataclasses.replace(app.settings, console=console)
    make_user(app, "alice")
    make_escalated_chat(app, age_minutes=90)
    await login(client, "alice")
    queue = (await client.get("/console/queue/rows")).text
    assert "Escalated 2026-03-10 12:30 Asia/Taipei" in queue
    assert "1 h 30 min" in queue


async def test_the_zh_cn_queue_is_all_chinese(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    make_escalated_chat(app, reason="distress", priority=0, platform="wechat", chat_id="o-1")
    make_escalated_chat(
        app, chat_id="c2", account_ref="A-2", reason="human_requested", age_minutes=75
    )
    await login(client, "alice")
    queue = (await client.get("/console?lang=zh_CN")).text
    assert "等待时间从机器人将对话转交人工时开始计算" in queue
    assert "转人工于 2026-03-10 13:55 Asia/Shanghai" in queue
    rows = queue.split('id="queue-rows"')[1]  # the filters above list every channel
    assert "紧急" in rows and "情绪困扰或自伤言语" in rows and "微信" in rows
    assert "普通" in rows and "要求人工服务" in rows and "网页聊天" not in rows
    assert "5 分钟" in queue and "1 小时 15 分钟" in queue
    for english in ("urgent", "normal", "Distress", "Asked for a person", " min<"):
        assert english not in queue, english


async def test_the_conversation_page_shows_account_offers_agreements_and_canned_replies(
    app: App, client: httpx.AsyncClient, web: FastAPI
) -> None:
    make_user(app, "alice")
    conv_id, esc_id = make_escalated_chat(app, reason="dispute", priority=1)
    now = app.clock()
    with app.db.session() as s:
        esc = s.get(Escalation, esc_id)
        assert esc is not None
        offer = Offer(
            conversation_id=conv_id, account_id=esc.account_id, kind="instalments",
            currency="CNY", total=Decimal("11700.50"), discount=Decimal("0"),
            frequency="monthly", schedule=[["2026-03-17", "3900.17"]] * 3, round=0,
            made_by="bot", status="proposed", created_at=now,
        )  # fmt: skip
        s.add(offer)
        s.flush()
        agreement = Agreement(
            account_id=esc.account_id, conversation_id=conv_id, offer_id=offer.id,
            status="active", currency="CNY", total=Decimal("11700.50"), discount=Decimal("0"),
            frequency="monthly", script_version="collections@1", created_by="bot",
            created_at=now - timedelta(days=40),
        )  # fmt: skip
        s.add(agreement)
        s.flush()
        s.add(
            Instalment(
                agreement_id=agreement.id, seq=1, due_date=date(2026, 2, 1),
                amount=Decimal("11700.50"),
            )
        )  # fmt: skip
    await login(client, "alice")
    token = await csrf(client)
    await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    page = (await client.get(f"/console/c/{conv_id}")).text
    assert "Disputes the debt" in page  # why a person is needed
    assert '<dd class="balance">CN¥11,700.50</dd>' in page  # in the account's currency
    assert "Li Wei" in page  # decrypted for the agent
    assert "<dt>Verified</dt><dd>yes" in page
    assert "Offers made" in page and "bot · proposed" in page
    assert 'data-agreement="' in page and "2026-02-01: CN¥11,700.50" in page
    # canned replies in the debtor's language (the fixture's conversation is in en)
    assert 'id="canned"' in page and "Introduce yourself" in page
    zh = (await client.get(f"/console/c/{conv_id}?lang=zh_CN")).text
    assert '<dd class="balance">¥11,700.50</dd>' in zh  # money in the page's language
    with app.db.session() as s:
        assert s.scalars(select(Agreement)).one().status == "active"


async def test_no_reply_reaches_a_debtor_who_said_stop_while_waiting(
    app: App, client: httpx.AsyncClient
) -> None:
    from bot.messages import ChatRef, Incoming
    from bot.store.models import AuditEntry, Message, OutboxItem

    make_user(app, "alice")
    conv_id, esc_id = make_escalated_chat(app, chat_id="tg-9")
    await login(client, "alice")
    token = await csrf(client)
    await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    stop = Incoming(ChatRef("telegram", "tg-9", "tg-9"), "tg-9-2", text="STOP")
    assert "We won't send you any more messages" in app.engine.handle(stop)[0].text
    page = await client.get(f"/console/c/{conv_id}")
    assert 'id="opted-out"' in page.text
    held = await client.post(
        f"/console/c/{conv_id}/reply", data={"csrf_token": token, "text": "Are you there?"}
    )
    assert held.status_code == 409 and "asked us to stop messaging them" in held.text
    with app.db.session() as s:
        assert s.scalars(select(Message.text).where(Message.sender == "agent")).all() == []
        assert len(s.scalars(select(OutboxItem)).all()) == 1  # only the STOP confirmation
        held_entries = s.scalars(
            select(AuditEntry.actor).where(AuditEntry.action == "reply.held_opt_out")
        ).all()
        assert held_entries == ["alice"]
    for action, form in (("plan", {"kind": "full"}), ("handback", {"state": "offer"})):
        refused = await client.post(
            f"/console/c/{conv_id}/{action}", data={"csrf_token": token, **form}
        )
        assert refused.status_code == 409 and "asked us to stop messaging them" in refused.text
    with app.db.session() as s:
        assert len(s.scalars(select(OutboxItem)).all()) == 1
    closed = await client.post(f"/console/c/{conv_id}/close", data={"csrf_token": token})
    assert closed.status_code == 303


async def test_a_disputed_account_is_flagged_for_the_agent(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    conv_id, _esc = make_escalated_chat(app, reason="dispute", priority=1, status="disputed")
    await login(client, "alice")
    page = (await client.get(f"/console/c/{conv_id}")).text
    assert 'id="disputed"' in page and "collection is paused" in page
    other, _ = make_escalated_chat(app, chat_id="c2", account_ref="A-2")
    assert 'id="disputed"' not in (await client.get(f"/console/c/{other}")).text


async def test_a_disputed_account_cannot_be_handed_back_to_the_bot(
    app: App, client: httpx.AsyncClient
) -> None:
    from bot.store.models import AuditEntry, Conversation

    make_user(app, "alice")
    conv_id, esc_id = make_escalated_chat(app, reason="dispute", priority=1, status="disputed")
    await login(client, "alice")
    token = await csrf(client)
    await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    assert 'id="handback-form"' not in (await client.get(f"/console/c/{conv_id}")).text
    refused = await client.post(
        f"/console/c/{conv_id}/handback", data={"csrf_token": token, "state": "offer"}
    )
    assert refused.status_code == 409 and "collection is paused" in refused.text
    with app.db.session() as s:
        conv, esc = s.get(Conversation, conv_id), s.get(Escalation, esc_id)
        assert conv is not None and esc is not None
        assert (conv.mode, esc.status) == ("agent", "claimed")  # still with alice
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "hand_back")).all() == []


async def test_the_agent_sees_the_circumstances_the_debtor_told_us(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    conv_id, _esc_id = make_escalated_chat(app)
    with app.db.session() as s:
        conv = s.get(Conversation, conv_id)
        assert conv is not None and conv.account_id is not None
        for kind in ("job_loss", "bereavement"):
            s.add(
                Circumstance(
                    account_id=conv.account_id,
                    conversation_id=conv_id,
                    kind=kind,
                    channel="wechat",
                    said_at=app.clock() - timedelta(days=2),
                )
            )
    await login(client, "alice")
    page = (await client.get(f"/console/c/{conv_id}")).text
    assert "<strong>lost their job</strong>" in page
    assert "<strong>a death in the family</strong>" in page
    assert "Be gentle, and offer the longest plans the policy allows." in page
    chinese = (await client.get(f"/console/c/{conv_id}?lang=zh_TW")).text
    assert "<strong>失業</strong>" in chinese and "<strong>家人過世</strong>" in chinese
    assert "個人狀況" in chinese


async def test_no_circumstances_no_section(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    conv_id, _esc_id = make_escalated_chat(app)
    await login(client, "alice")
    page = (await client.get(f"/console/c/{conv_id}")).text
    assert "Circumstances" not in page
