"""Plan tool, hand back and close: through the dialog engine, audited."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from bot.app import App
from bot.store.models import Agreement, AuditEntry, Conversation, Escalation
from tests.factories import make_account
from tests.web.conftest import WebChatter, csrf, login, make_user, texts


async def escalated_web_chat(app: App, client: httpx.AsyncClient) -> tuple[WebChatter, int, int]:
    with app.db.session() as s:
        make_account(s, app.personal, locale="en", currency="USD", principal="1200.00",
                     interest="0", fees="0")  # fmt: skip
    debtor = WebChatter(client)
    await debtor.open(account="A-1001")
    await debtor.say("1990-01-31")
    await debtor.say("talk to a person")
    with app.db.session() as s:
        esc = s.scalars(select(Escalation)).one()
        return debtor, esc.conversation_id, esc.id


async def claimed(app: App, agent: httpx.AsyncClient, name: str, esc_id: int) -> str:
    make_user(app, name, role="admin" if name == "root" else "agent")
    await login(agent, name)
    token = await csrf(agent)
    r = await agent.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    assert r.status_code == 303
    return token


async def test_agent_plan_is_confirmed_by_the_debtor_and_recorded(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    debtor, conv_id, esc_id = await escalated_web_chat(app, client)
    token = await claimed(app, client_b, "alice", esc_id)
    page = (await client_b.get(f"/console/c/{conv_id}")).text
    assert "Propose a plan" in page
    sent = await client_b.post(
        f"/console/c/{conv_id}/plan",
        data={"csrf_token": token, "kind": "instalments", "frequency": "monthly", "count": "4"},
    )
    assert sent.status_code == 303, sent.text
    told = await client_b.get(sent.headers["location"])
    assert 'id="plan-sent"' in told.text  # the agent is told what happens next
    proposal = await debtor.poll()
    assert "Shall I record it?" in texts(proposal)
    assert "$300.00" in texts(proposal)
    done = await debtor.say("yes")
    assert "your plan is recorded" in texts(done)
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert (agreement.total, agreement.frequency) == (1200, "monthly")
        assert [i.amount for i in agreement.instalments] == [300] * 4
        actions = [
            a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.actor == "alice"))
        ]
    assert "plan.propose" in actions
    api = await client_b.get("/api/agreements")
    assert api.status_code == 403  # agents do not list agreements


async def test_plan_outside_policy_needs_an_admin_with_a_reason(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    _debtor, conv_id, esc_id = await escalated_web_chat(app, client)
    token = await claimed(app, client_b, "root", esc_id)
    form = {"csrf_token": token, "kind": "instalments", "frequency": "monthly", "count": "18"}
    refused = await client_b.post(f"/console/c/{conv_id}/plan", data=form)
    assert refused.status_code == 400
    assert "longer than policy allows" in refused.text
    assert "Write a reason" in refused.text
    ok = await client_b.post(
        f"/console/c/{conv_id}/plan", data={**form, "override_reason": "Hospital stay, approved"}
    )
    assert ok.status_code == 303
    with app.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "plan.override")).one()
        assert entry.actor == "root"
        assert entry.details["reason"] == "Hospital stay, approved"
        assert entry.details["policy_override"] == ["too_long"]


async def test_agent_cannot_override_policy(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    _debtor, conv_id, esc_id = await escalated_web_chat(app, client)
    token = await claimed(app, client_b, "alice", esc_id)
    refused = await client_b.post(
        f"/console/c/{conv_id}/plan",
        data={
            "csrf_token": token,
            "kind": "instalments",
            "frequency": "monthly",
            "count": "60",
            "override_reason": "please",
        },
    )
    assert refused.status_code == 400
    assert "Outside policy" in refused.text
    bad = await client_b.post(
        f"/console/c/{conv_id}/plan",
        data={"csrf_token": token, "kind": "instalments", "amount": "lots"},
    )
    assert "is not a number" in bad.text


async def test_hand_back_lets_the_bot_answer_again(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    debtor, conv_id, esc_id = await escalated_web_chat(app, client)
    token = await claimed(app, client_b, "alice", esc_id)
    back = await client_b.post(
        f"/console/c/{conv_id}/handback", data={"csrf_token": token, "state": "offer"}
    )
    assert back.status_code == 303, back.text
    prompt = await debtor.poll()
    assert "How would you like to pay?" in texts(prompt)
    answer = await debtor.say("3 months")
    assert answer, "the bot answers again"
    with app.db.session() as s:
        conv = s.get(Conversation, conv_id)
        esc = s.get(Escalation, esc_id)
        assert conv is not None and esc is not None
        assert (conv.mode, esc.status) == ("bot", "closed")
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "hand_back")).one()
    # alice can still read the conversation she handled; it left the queue
    assert (await client_b.get(f"/console/c/{conv_id}")).status_code == 200
    assert "Nobody is waiting" in (await client_b.get("/console/queue/rows")).text


async def test_close_ends_the_conversation(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    _debtor, conv_id, esc_id = await escalated_web_chat(app, client)
    token = await claimed(app, client_b, "alice", esc_id)
    bad_state = await client_b.post(
        f"/console/c/{conv_id}/handback", data={"csrf_token": token, "state": "nowhere"}
    )
    assert "Choose a state" in bad_state.text
    closed = await client_b.post(f"/console/c/{conv_id}/close", data={"csrf_token": token})
    assert closed.status_code == 303
    with app.db.session() as s:
        conv = s.get(Conversation, conv_id)
        esc = s.get(Escalation, esc_id)
        assert conv is not None and esc is not None
        assert (conv.is_open, esc.status) == (None, "closed")
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "close")).one()


async def test_an_agent_approves_a_settlement_the_debtor_then_confirms(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    debtor, conv_id, esc_id = await escalated_web_chat(app, client)
    token = await claimed(app, client_b, "alice", esc_id)
    form = {"csrf_token": token, "kind": "settlement", "amount": "900", "first_date": "2026-03-20"}
    refused = await client_b.post(f"/console/c/{conv_id}/plan", data={**form, "amount": "800"})
    assert refused.status_code == 400  # under the floor (70% of $1,200.00 is $840.00)
    assert "the discount is larger than policy allows" in refused.text
    sent = await client_b.post(f"/console/c/{conv_id}/plan", data=form)
    assert sent.status_code == 303, sent.text
    proposal = texts(await debtor.poll())
    assert "Pay $900.00 by Mar 20, 2026 to settle the account in full (you save $300.00)" in (
        proposal
    )
    await debtor.say("yes")
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert (agreement.total, agreement.discount) == (900, 300)
        assert [(i.due_date.isoformat(), i.amount) for i in agreement.instalments] == [
            ("2026-03-20", 900)
        ]


SINGLE_WORDS = {
    "en": ("Payment date (the first one, for instalments)", "the payment date is in the past"),
    "zh_CN": ("还款日期（分期时为首期）", "还款日期已过"),
    "zh_TW": ("繳款日期（分期時為首期）", "繳款日期已過"),
}


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
async def test_the_plan_tool_speaks_of_one_payment_without_a_first(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient, lang: str
) -> None:
    """Pay in full on a day gone by: refused as "the payment date", in every console
    language; the form's date field fits one payment and several."""
    label, refusal = SINGLE_WORDS[lang]
    _debtor, conv_id, esc_id = await escalated_web_chat(app, client)
    token = await claimed(app, client_b, "alice", esc_id)
    page = (await client_b.get(f"/console/c/{conv_id}?lang={lang}")).text
    assert label in page
    refused = await client_b.post(
        f"/console/c/{conv_id}/plan",
        data={"csrf_token": token, "kind": "full", "first_date": "2026-03-01"},
    )
    assert refused.status_code == 400
    assert refusal in refused.text
    assert not any(w in refused.text for w in ("first payment is", "首期还款日期", "首期還款日期"))
