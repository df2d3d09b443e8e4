"""A settlement waiting for a colleague's approval is approved or declined in one action on
the conversation page: the agreement is recorded (or the usual plans offered), the debtor
is told in their language and the escalation closes (SQLite and PostgreSQL, over HTTP)."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.app import App
from bot.store.models import Agreement, AuditEntry, Conversation, Escalation, Offer
from tests.factories import make_account
from tests.web.conftest import WebChatter, csrf, login, make_user, texts
from tests.web.test_console_actions import claimed, escalated_web_chat


async def settlement_to_approve(
    app: App, client: httpx.AsyncClient, locale: str = "en"
) -> tuple[WebChatter, int, int]:
    """A $1,200.00 debt; $900.00 (75%) is above the floor (70%) and below the line (80%)."""
    with app.db.session() as s:
        make_account(s, app.personal, locale=locale, currency="USD", principal="1200.00",
                     interest="0", fees="0")  # fmt: skip
    debtor = WebChatter(client)
    await debtor.open(account="A-1001")
    await debtor.say("1990-01-31")
    told = await debtor.say("can I pay 900 to settle the account?")
    assert "needs a colleague's approval" in texts(told)
    with app.db.session() as s:
        esc = s.scalars(select(Escalation)).one()
        assert esc.reason == "settlement_approval"
        return debtor, esc.conversation_id, esc.id


def _audited(app: App, action: str) -> list[str]:
    with app.db.session() as s:
        return [a.actor for a in s.scalars(select(AuditEntry).where(AuditEntry.action == action))]


async def test_an_agent_approves_the_offer_in_one_action(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    debtor, conv_id, esc_id = await settlement_to_approve(app, client)
    token = await claimed(app, client_b, "alice", esc_id)
    page = (await client_b.get(f"/console/c/{conv_id}")).text
    assert 'id="settlement-offer"' in page
    assert "The debtor offers $900.00, paid by 2026-03-17, to settle the account (75% of" in page
    done = await client_b.post(
        f"/console/c/{conv_id}/settlement", data={"csrf_token": token, "decision": "approve"}
    )
    assert done.status_code == 303, done.text
    after = (await client_b.get(done.headers["location"])).text
    assert 'id="settlement-done"' in after
    assert 'id="settlement-offer"' not in after  # nothing left to decide
    told = texts(await debtor.poll())
    assert "Good news: your offer to settle the account for $900.00 has been approved." in told
    assert "Done, your plan is recorded: one payment of $900.00 on Mar 17, 2026." in told
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert (agreement.total, agreement.discount, agreement.status) == (900, 300, "active")
        assert [i.amount for i in agreement.instalments] == [900]
        esc = s.get(Escalation, esc_id)
        conv = s.get(Conversation, conv_id)
        assert esc is not None and esc.status == "closed"
        assert conv is not None and conv.mode == "bot"
    assert _audited(app, "settlement.approve") == ["alice"]
    # The bot answers the debtor again.
    assert texts(await debtor.say("how do I pay?"))
    again = await client_b.post(
        f"/console/c/{conv_id}/settlement", data={"csrf_token": token, "decision": "approve"}
    )
    assert again.status_code in (403, 409)  # decided once; one agreement only
    with app.db.session() as s:
        assert len(s.scalars(select(Agreement)).all()) == 1


async def test_an_agent_declines_the_offer_and_the_debtor_gets_the_plans(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    debtor, conv_id, esc_id = await settlement_to_approve(app, client)
    token = await claimed(app, client_b, "alice", esc_id)
    done = await client_b.post(
        f"/console/c/{conv_id}/settlement", data={"csrf_token": token, "decision": "decline"}
    )
    assert done.status_code == 303, done.text
    told = await debtor.poll()
    assert "I'm sorry, settling the account for $900.00 couldn't be approved." in texts(told)
    assert "How would you like to pay?" in texts(told)
    assert any(m.get("buttons") for m in told)  # the plans, to choose from
    with app.db.session() as s:
        offer = s.scalars(select(Offer).where(Offer.made_by == "debtor")).one()
        assert offer.status == "declined"
        assert s.scalars(select(Agreement)).all() == []
        esc = s.get(Escalation, esc_id)
        assert esc is not None and esc.status == "closed"
    assert _audited(app, "settlement.decline") == ["alice"]


async def test_the_decision_keeps_the_console_rules(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    _debtor, conv_id, esc_id = await settlement_to_approve(app, client)
    make_user(app, "bob")
    await login(client_b, "bob")
    token = await csrf(client_b)
    page = (await client_b.get(f"/console/c/{conv_id}")).text
    assert 'id="settlement-approve"' not in page  # not claimed: the offer shows, no buttons
    unclaimed = await client_b.post(
        f"/console/c/{conv_id}/settlement", data={"csrf_token": token, "decision": "approve"}
    )
    assert unclaimed.status_code in (403, 409)
    no_csrf = await client_b.post(f"/console/c/{conv_id}/settlement", data={"decision": "approve"})
    assert no_csrf.status_code == 403
    r = await client_b.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    assert r.status_code == 303
    odd = await client_b.post(
        f"/console/c/{conv_id}/settlement", data={"csrf_token": token, "decision": "maybe"}
    )
    assert odd.status_code == 400
    with app.db.session() as s:
        assert s.scalars(select(Agreement)).all() == []
        assert s.get(Escalation, esc_id).status == "claimed"  # type: ignore[union-attr]


async def test_no_settlement_waiting_is_refused(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    _debtor, conv_id, esc_id = await escalated_web_chat(app, client)  # "talk to a person"
    token = await claimed(app, client_b, "alice", esc_id)
    assert 'id="settlement-offer"' not in (await client_b.get(f"/console/c/{conv_id}")).text
    r = await client_b.post(
        f"/console/c/{conv_id}/settlement", data={"csrf_token": token, "decision": "approve"}
    )
    assert r.status_code == 409
    assert "no settlement offer waiting" in r.text
