"""Console actions that go through the dialog engine: plan tool, hand back, close.

The plan tool's form is built into a plan and checked against the conversation's
script policy by :mod:`bot.console.plans` (an admin may override the policy with
a written reason, audited). The engine then proposes it to the debtor, who
confirms in the chat, and records the agreement as the bot would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from bot.compliance.outbound import active_opt_out
from bot.console import plans
from bot.console.plans import PlanForm
from bot.dialog.proposals import awaiting
from bot.escalations import Reason
from bot.negotiation.schedule import FREQUENCIES, Plan
from bot.store.models import Account, Conversation
from bot.web.console import service
from bot.web.console.auth import Principal
from bot.web.console.service import N_

if TYPE_CHECKING:
    from bot.dialog.engine import DialogEngine
    from bot.web.console.views import ConversationView
    from bot.web.parts import Parts


def states_for(app: Parts, s: Session, conv: Conversation | None) -> list[str]:
    """States the bot can resume at: the script's non-final states, ``offer`` first."""
    try:
        script = plans.script_for(s, conv, app.settings.dialog.script)
    except Exception:  # a broken script file must not break the console page
        return []
    names = [name for name, st in script.states.items() if not st.final]
    return sorted(names, key=lambda n: (n != "offer", n))


def handback_states(app: Parts, conv: Conversation | None = None) -> list[str]:
    """:func:`states_for` in a session of its own."""
    with app.db.session() as s:
        return states_for(app, s, conv)


def _engine(app: Parts) -> DialogEngine:
    return app.engine


def _run_engine(call: Any, *args: Any, **kwargs: Any) -> Any:
    from bot.dialog.engine import EngineError

    try:
        return call(*args, **kwargs)
    except (EngineError, LookupError) as exc:
        raise service.ConsoleError(
            N_("The bot could not do that: %(why)s."), 409, why=str(exc)
        ) from None


DISPUTED = N_(
    "This account is disputed: collection is paused, so the bot cannot take the chat back. "
    "Reply yourself, or close the conversation when you are done."
)


def hand_back(app: Parts, user: Principal, conversation_id: int, state: str) -> None:
    """Give the conversation back to the bot at ``state``; close the escalation.

    Raises:
        ConsoleError: no claim, STOP, an unknown state, or a disputed account
            (the engine keeps those with a person; the escalation stays open).
    """
    now = app.clock()
    with app.db.session() as s:
        conv, _esc = service.open_conversation(s, user, conversation_id)
        service.refuse_if_opted_out(s, conv)  # STOP closes the claim: say why first
        conv, _esc = service.require_claim(s, user, conversation_id)
        account = s.get(Account, conv.account_id) if conv.account_id else None
        if account is not None and account.status == "disputed":
            raise service.ConsoleError(DISPUTED, 409)
        if state not in states_for(app, s, conv):
            raise service.ConsoleError(
                N_("Choose a state to hand back at (not %(state)r)."), state=state
            )
    _run_engine(_engine(app).resume, conversation_id, state, actor=user.name)
    with app.db.session() as s:
        after = s.get(Conversation, conversation_id)
        if after is not None and after.mode == "agent":  # the bot declined to take it
            service.audit(s, user, "hand_back.refused", now, conversation=after, state=state)
        else:
            esc = service.current_escalation(s, conversation_id)
            if esc is not None:
                service.close_escalation(s, esc, now)
            service.audit(s, user, "hand_back", now, conversation=after, state=state)
            return
    raise service.ConsoleError(DISPUTED, 409)


def close(app: Parts, user: Principal, conversation_id: int) -> None:
    """Close the conversation and its escalation."""
    now = app.clock()
    with app.db.session() as s:
        conv, _esc = service.open_conversation(s, user, conversation_id)
        if active_opt_out(s, conv) is None:  # STOP has already ended the claim
            service.require_claim(s, user, conversation_id)
    _run_engine(_engine(app).close, conversation_id, actor=user.name)
    with app.db.session() as s:
        after = s.get(Conversation, conversation_id)
        esc = service.current_escalation(s, conversation_id)
        if esc is not None:
            service.close_escalation(s, esc, now)
        service.audit(s, user, "close", now, conversation=after)


def plan_defaults(app: Parts, view: ConversationView) -> dict[str, Any]:
    """Initial values for the plan form."""
    if view.account is None:
        return {"frequencies": list(FREQUENCIES), "first_date": ""}
    with app.db.session() as s:
        return plans.plan_defaults(s, view.conversation, app.settings.dialog.script, app.clock())


def propose_plan(app: Parts, user: Principal, conversation_id: int, form: PlanForm) -> Plan:
    """Check the plan (:func:`bot.console.plans.check_plan`) and have the engine propose it.

    Raises:
        ConsoleError: the plan is malformed, or outside policy without an admin's
            written reason, or the conversation is not claimed by ``user``.
    """
    now = app.clock()
    with app.db.session() as s:
        conv, _esc = service.open_conversation(s, user, conversation_id)
        service.refuse_if_opted_out(s, conv)  # STOP closes the claim: say why first
        conv, _esc = service.require_claim(s, user, conversation_id)
        try:
            checked = plans.check_plan(
                s, conv, form, is_admin=user.is_admin, script_file=app.settings.dialog.script,
                now=now,
            )  # fmt: skip
        except plans.PlanError as exc:
            raise service.ConsoleError(exc.msgid, **exc.params) from None
    _run_engine(_engine(app).propose_plan, conversation_id, checked.plan, actor=user.name)
    with app.db.session() as s:
        after = s.get(Conversation, conversation_id)
        action = "plan.override" if checked.broken else "plan.propose"
        service.audit(s, user, action, now, conversation=after, **checked.audit_details())
    return checked.plan


NOTHING_TO_DECIDE = N_("There is no settlement offer waiting for approval in this conversation.")


def decide_settlement(app: Parts, user: Principal, conversation_id: int, decision: str) -> None:
    """Approve or decline the debtor's settlement offer in one action.

    Approved, the engine records it as the agreement; declined, it offers the usual
    plans. Either way the debtor is told in their language, the bot has the chat
    again and the escalation is closed (audited: ``settlement.approve`` or
    ``settlement.decline``, with the offer).

    Raises:
        ConsoleError: no claim, STOP, a disputed account, a decision that is neither
            approve nor decline, or no settlement offer waiting.
    """
    if decision not in ("approve", "decline"):
        raise service.ConsoleError(N_("Choose to approve or to decline the settlement."))
    now = app.clock()
    with app.db.session() as s:
        conv, _esc = service.open_conversation(s, user, conversation_id)
        service.refuse_if_opted_out(s, conv)
        conv, esc = service.require_claim(s, user, conversation_id)
        account = s.get(Account, conv.account_id) if conv.account_id else None
        if account is not None and account.status == "disputed":
            raise service.ConsoleError(DISPUTED, 409)
        held = awaiting(conv.context or {})
        if esc.reason != Reason.SETTLEMENT_APPROVAL.value or held is None:
            raise service.ConsoleError(NOTHING_TO_DECIDE, 409)
        offer_id, plan = held
    approve = decision == "approve"
    _run_engine(_engine(app).decide_settlement, conversation_id, approve=approve, actor=user.name)
    with app.db.session() as s:
        after = s.get(Conversation, conversation_id)
        latest = service.current_escalation(s, conversation_id)
        if latest is not None:
            service.close_escalation(s, latest, now)
        service.audit(
            s, user, f"settlement.{decision}", now, conversation=after,
            offer_id=offer_id, plan=plan.to_json(),
        )  # fmt: skip
