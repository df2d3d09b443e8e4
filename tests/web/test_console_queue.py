"""The queue, claiming, who may see what, replies, notes and the audit log (HTML and API)."""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
from sqlalchemy import select

from bot.app import App
from bot.store.models import AuditEntry, Conversation, Escalation, Event, Message, OutboxItem
from bot.web.console import service
from bot.web.console.auth import ConsoleAuth
from tests.web.conftest import csrf, login, make_escalated_chat, make_user


async def test_queue_is_ordered_by_priority_then_waiting_time_and_says_why(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    make_escalated_chat(app, chat_id="c1", account_ref="A-1", reason="dispute", age_minutes=30)
    make_escalated_chat(
        app, chat_id="c2", account_ref="A-2", reason="human_requested", age_minutes=60
    )
    make_escalated_chat(
        app, chat_id="c3", account_ref="A-3", reason="distress", priority=0, age_minutes=1
    )
    make_escalated_chat(
        app, chat_id="c4", account_ref="A-4", reason="human_requested", age_minutes=10
    )
    await login(client, "alice")
    page = (await client.get("/console")).text
    # As the queue's cells show them (a random token on the page may contain "A-2").
    order = [page.index(f"<td>{ref}</td>") for ref in ("A-3", "A-2", "A-1", "A-4")]
    assert order == sorted(order)
    assert "Distress or self-harm words" in page
    assert "Disputes the debt" in page
    assert "Asked for a person" in page
    api = (await client.get("/api/escalations")).json()
    assert [e["account_ref"] for e in api] == ["A-3", "A-2", "A-1", "A-4"]
    assert api[0]["priority_label"] == "urgent"


async def test_new_escalations_show_up_in_the_polled_rows(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    await login(client, "alice")
    empty = await client.get("/console/queue/rows", headers={"X-Background": "1"})
    assert "Nobody is waiting" in empty.text
    make_escalated_chat(app, chat_id="c1", account_ref="A-77")
    rows = await client.get("/console/queue/rows", headers={"X-Background": "1"})
    assert "A-77" in rows.text
    assert "Claim" in rows.text


async def test_claim_then_the_other_agent_is_told(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    make_user(app, "bob")
    conv_id, esc_id = make_escalated_chat(app)
    await login(client, "alice")
    await login(client_b, "bob")
    token_a, token_b = await csrf(client), await csrf(client_b)
    won = await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token_a})
    assert won.status_code == 303
    assert won.headers["location"] == f"/console/c/{conv_id}"
    lost = await client_b.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token_b})
    assert lost.headers["location"] == f"/console?lost={esc_id}"
    told = await client_b.get(lost.headers["location"])
    # bob learns it is gone, not who took it nor which chat it was
    assert "no longer waiting" in told.text
    assert "alice" not in told.text
    assert f"#{conv_id}" not in told.text
    # bob's queue no longer lists it; alice's shows it as hers
    assert "A-1001" not in (await client_b.get("/console/queue/rows")).text
    assert "Open" in (await client.get("/console/queue/rows")).text
    api = await client_b.post(f"/api/escalations/{esc_id}/claim", headers={"X-CSRF-Token": token_b})
    assert api.status_code == 409
    assert "alice" not in api.json()["detail"]


def test_two_agents_claiming_at_once_exactly_one_wins(app: App) -> None:
    ids = [make_user(app, f"agent{i}") for i in range(6)]
    _conv, esc_id = make_escalated_chat(app)
    auth = ConsoleAuth(app)
    principals = []
    from tests.web.conftest import PASSWORD

    for i in range(len(ids)):
        principals.append(auth.login(f"agent{i}", PASSWORD)[1])
    barrier = threading.Barrier(len(principals))
    results: list[service.ClaimResult] = []
    errors: list[BaseException] = []

    def run(p: object) -> None:
        try:
            barrier.wait()
            results.append(service.claim(app.db, p, esc_id, app.clock()))  # type: ignore[arg-type]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in principals]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    winners = [r for r in results if r.won]
    assert len(winners) == 1
    holder = winners[0].claimed_by
    assert all(r.claimed_by == holder for r in results)
    with app.db.session() as s:
        esc = s.get(Escalation, esc_id)
        assert esc is not None and esc.status == "claimed"
        claims = s.scalars(select(AuditEntry).where(AuditEntry.action == "claim")).all()
        assert [c.actor for c in claims] == [holder]


async def test_agent_cannot_open_another_agents_conversation_but_an_admin_can(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient, web: object
) -> None:
    make_user(app, "alice")
    make_user(app, "bob")
    make_user(app, "root", role="admin")
    conv_id, esc_id = make_escalated_chat(app)
    await login(client, "alice")
    await login(client_b, "bob")
    # an open escalation is visible to every agent
    assert (await client_b.get(f"/console/c/{conv_id}")).status_code == 200
    await client.post(
        f"/console/escalations/{esc_id}/claim", data={"csrf_token": await csrf(client)}
    )
    page = await client_b.get(f"/console/c/{conv_id}")
    assert page.status_code == 403
    assert "assigned to another agent" in page.text
    assert (await client_b.get(f"/console/c/{conv_id}/transcript")).status_code == 403
    assert (await client_b.get(f"/api/conversations/{conv_id}")).status_code == 403
    assert conv_id not in [c["id"] for c in (await client_b.get("/api/conversations")).json()]
    token_b = await csrf(client_b)
    sneaky = await client_b.post(
        f"/console/c/{conv_id}/reply", data={"csrf_token": token_b, "text": "hi"}
    )
    assert sneaky.status_code == 403
    assert (await client_b.get("/console/c/999999")).status_code == 404
    await client_b.post("/console/logout", data={"csrf_token": token_b})
    await login(client_b, "root")
    admin_view = await client_b.get(f"/console/c/{conv_id}")
    assert admin_view.status_code == 200
    assert "Claimed by alice" in admin_view.text
    assert "A-1001" in (await client_b.get("/console/queue/rows")).text


async def test_reply_goes_to_the_outbox_with_delivery_status_and_audit(
    app: App, client: httpx.AsyncClient
) -> None:
    alice = make_user(app, "alice")
    conv_id, esc_id = make_escalated_chat(app, platform="wechat", chat_id="openid-1")
    await login(client, "alice")
    token = await csrf(client)
    before_claim = await client.post(
        f"/console/c/{conv_id}/reply", data={"csrf_token": token, "text": "Hello"}
    )
    assert before_claim.status_code == 409
    assert "Claim this conversation first." in before_claim.text
    await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    empty = await client.post(f"/console/c/{conv_id}/reply", data={"csrf_token": token})
    assert "Write a reply first." in empty.text
    sent = await client.post(
        f"/console/c/{conv_id}/reply",
        data={"csrf_token": token, "text": "Hello, I'm Alice from the repayment team."},
    )
    assert sent.status_code == 303
    with app.db.session() as s:
        msg = s.scalars(select(Message).where(Message.sender == "agent")).one()
        item = s.scalars(select(OutboxItem).where(OutboxItem.message_id == msg.id)).one()
        assert (msg.author_user_id, msg.platform, msg.direction) == (alice, "wechat", "out")
        assert (item.platform, item.chat_id, item.status) == ("wechat", "openid-1", "pending")
        assert item.initiated is False  # the debtor wrote 5 minutes ago
        item.status = "undeliverable"
        item.error = "48-hour customer service window closed"
    page = await client.get(f"/console/c/{conv_id}")
    assert "Hello, I&#39;m Alice from the repayment team." in page.text
    assert "48-hour customer service window closed" in page.text
    # after a day of silence nobody is waiting for a reply: it is an initiated contact
    with app.db.session() as s:
        conv = s.get(Conversation, conv_id)
        assert conv is not None and conv.last_inbound_at is not None
        conv.last_inbound_at -= timedelta(hours=25)
    await client.post(f"/console/c/{conv_id}/reply", data={"csrf_token": token, "text": "Hi?"})
    with app.db.session() as s:
        items = s.scalars(select(OutboxItem).order_by(OutboxItem.id)).all()
        assert [i.initiated for i in items] == [False, True]
        actions = [
            (e.actor, e.action)
            for e in s.scalars(
                select(AuditEntry).where(
                    AuditEntry.conversation_id == conv_id,
                    AuditEntry.actor == "alice",
                    AuditEntry.action != "view",
                )
            )
        ]
    assert actions == [("alice", "claim"), ("alice", "reply"), ("alice", "reply")]


async def test_notes_are_internal_and_audited(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    conv_id, esc_id = make_escalated_chat(app)
    await login(client, "alice")
    token = await csrf(client)
    await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    await client.post(
        f"/console/c/{conv_id}/note",
        data={"csrf_token": token, "text": "Said they get paid Friday"},
    )
    assert "Said they get paid Friday" in (await client.get(f"/console/c/{conv_id}")).text
    with app.db.session() as s:
        viewed = s.scalars(select(AuditEntry).where(AuditEntry.action == "view")).all()
        assert [(v.actor, v.conversation_id) for v in viewed] == [("alice", conv_id)]
    with app.db.session() as s:
        event = s.scalars(select(Event).where(Event.kind == "note")).one()
        assert event.actor == "alice"
        assert s.scalar(select(OutboxItem.id)) is None  # nothing goes to the debtor
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.action == "note")).one()


async def test_release_puts_it_back_in_the_queue(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    make_user(app, "bob")
    conv_id, esc_id = make_escalated_chat(app)
    await login(client, "alice")
    await login(client_b, "bob")
    token = await csrf(client)
    await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    assert (await client_b.get(f"/console/c/{conv_id}")).status_code == 403
    await client.post(f"/console/c/{conv_id}/release", data={"csrf_token": token})
    assert (await client_b.get(f"/console/c/{conv_id}")).status_code == 200


async def test_api_needs_sign_in_and_csrf_header(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    conv_id, esc_id = make_escalated_chat(app)
    assert (await client.get("/api/escalations")).status_code == 401
    await login(client, "alice")
    me = (await client.get("/api/me")).json()
    assert me["name"] == "alice"
    assert (await client.post(f"/api/escalations/{esc_id}/claim")).status_code == 403
    ok = await client.post(
        f"/api/escalations/{esc_id}/claim", headers={"X-CSRF-Token": me["csrf_token"]}
    )
    assert ok.json() == {"won": True, "conversation_id": conv_id, "claimed_by": "alice"}
    posted = await client.post(
        f"/api/conversations/{conv_id}/reply",
        json={"text": "Hello"},
        headers={"X-CSRF-Token": me["csrf_token"]},
    )
    assert posted.json()["ok"] is True
    detail = (await client.get(f"/api/conversations/{conv_id}")).json()
    assert [m["sender"] for m in detail["messages"]] == ["debtor", "agent"]
    assert detail["messages"][1]["delivery"] == "pending"
    assert (await client.get("/api/agreements")).status_code == 403
    schema = (await client.get("/openapi.json")).json()
    assert "/api/escalations/{escalation_id}/claim" in schema["paths"]


async def test_threatening_reply_is_held_with_a_warning_and_audited(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    conv_id, esc_id = make_escalated_chat(app, platform="telegram", chat_id="77")
    await login(client, "alice")
    token = await csrf(client)
    await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    for text, phrase in [
        ("Pay today or we will tell your employer and you could go to jail", "jail"),
        ("不还钱就起诉你家人", "起诉你家人"),
    ]:
        held = await client.post(
            f"/console/c/{conv_id}/reply", data={"csrf_token": token, "text": text}
        )
        assert "Not sent" in held.text
        assert phrase in held.text
    with app.db.session() as s:
        assert s.scalars(select(Message).where(Message.sender == "agent")).all() == []
        assert s.scalars(select(OutboxItem)).all() == []
        holds = s.scalars(select(AuditEntry).where(AuditEntry.action == "reply.held_tone")).all()
        assert [h.actor for h in holds] == ["alice", "alice"]
    fine = await client.post(
        f"/console/c/{conv_id}/reply",
        data={"csrf_token": token, "text": "We can look at a smaller monthly amount together."},
    )
    assert fine.status_code == 303
    with app.db.session() as s:
        assert len(s.scalars(select(OutboxItem)).all()) == 1
