"""Console actions that go through the dialog engine: plan tool, hand back, close.

The plan tool builds a plan with the same negotiation code the bot uses and
checks it against the conversation's script policy; an admin may override the
policy with a written reason (audited). The engine then proposes it to the
debtor, who confirms in the chat, and records the agreement as the bot would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.compliance.outbound import active_opt_out
from bot.negotiation.offers import default_first_date, equal_plan, pay_in_full, violations
from bot.negotiation.policy import Policy
from bot.negotiation.schedule import FREQUENCIES, Plan, schedule_for_amount
from bot.scripts.script import Script, load_script, parse_script
from bot.store.models import Account, Conversation, ScriptVersion
from bot.web.console import service
from bot.web.console.auth import Principal
from bot.web.console.service import N_

if TYPE_CHECKING:
    from bot.dialog.engine import DialogEngine
    from bot.web.console.views import ConversationView
    from bot.web.parts import Parts

VIOLATION_TEXT = {
    "invalid_schedule": N_("the schedule does not add up"),
    "discount_not_allowed": N_("the discount is larger than policy allows"),
    "start_in_past": N_("the first payment is in the past"),
    "start_too_late": N_("the first payment is later than policy allows"),
    "frequency_not_allowed": N_("that frequency is not allowed"),
    "too_long": N_("the plan is longer than policy allows"),
    "below_minimum": N_("the instalments are below the policy minimum"),
}


def _script_for(app: Parts, s: Session, conv: Conversation | None) -> Script:
    if conv is not None and conv.script_version_id is not None:
        row = s.get(ScriptVersion, conv.script_version_id)
        if row is not None:
            return parse_script(row.source, row.label)
    row = s.scalar(select(ScriptVersion).where(ScriptVersion.active.is_(True)).limit(1))
    if row is not None:
        return parse_script(row.source, row.label)
    return load_script(app.settings.dialog.script)


def states_for(app: Parts, s: Session, conv: Conversation | None) -> list[str]:
    """States the bot can resume at: the script's non-final states, ``offer`` first."""
    try:
        script = _script_for(app, s, conv)
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


@dataclass(frozen=True, slots=True)
class PlanForm:
    """The plan tool's fields as typed by the agent."""

    kind: str = "instalments"
    frequency: str = "monthly"
    amount: str = ""
    count: str = ""
    first_date: str = ""
    override_reason: str = ""


def debtor_today(account: Account, now: datetime) -> date:
    """Today in the debtor's timezone."""
    try:
        return now.astimezone(ZoneInfo(account.timezone)).date()
    except (KeyError, ValueError):
        return now.date()


def plan_defaults(app: Parts, view: ConversationView) -> dict[str, Any]:
    """Initial values for the plan form."""
    out: dict[str, Any] = {"frequencies": list(FREQUENCIES), "first_date": ""}
    if view.account is None:
        return out
    try:
        with app.db.session() as s:
            policy = Policy.from_mapping(_script_for(app, s, view.conversation).policy)
            account = s.get(Account, view.conversation.account_id)
            if account is not None:
                today = debtor_today(account, app.clock())
                out["first_date"] = default_first_date(policy, today).isoformat()
                out["frequencies"] = list(policy.frequencies) or list(FREQUENCIES)
    except Exception:  # defaults are a convenience only
        pass
    return out


def build_plan(form: PlanForm, account: Account, policy: Policy, today: date) -> Plan:
    """Turn the form into a :class:`Plan` with the negotiation code.

    Raises:
        ConsoleError: a field is missing or malformed (the message names it).
    """
    try:
        first = date.fromisoformat(form.first_date) if form.first_date else None
    except ValueError:
        raise service.ConsoleError(
            N_("First payment date %(date)r is not a date like 2026-03-20."), date=form.first_date
        ) from None
    balance, currency = account.total, account.currency
    try:
        if form.kind == "full":
            return pay_in_full(balance, currency, policy, today, first)
        if form.kind not in ("instalments", "hardship"):
            raise service.ConsoleError(N_("Unknown plan kind %(kind)r."), kind=form.kind)
        if form.frequency not in FREQUENCIES:
            raise service.ConsoleError(N_("Unknown frequency %(f)r."), f=form.frequency)
        first = first or default_first_date(policy, today)
        hardship = form.kind == "hardship"
        if form.count.strip():
            if not form.count.strip().isdigit() or int(form.count) < 1:
                raise service.ConsoleError(N_("Number of payments must be a whole number from 1."))
            return equal_plan(
                balance, currency, int(form.count), form.frequency, first, hardship=hardship
            )
        if form.amount.strip():
            try:
                amount = Decimal(form.amount.strip().replace(",", ""))
            except InvalidOperation:
                raise service.ConsoleError(
                    N_("Amount %(amount)r is not a number like 500.00."), amount=form.amount
                ) from None
            if not amount.is_finite() or amount <= 0:
                raise service.ConsoleError(N_("Amount per payment must be more than zero."))
            schedule = schedule_for_amount(balance, currency, amount, form.frequency, first)
            zero = balance - balance
            return Plan(form.kind, currency, balance, zero, balance, form.frequency, schedule)
        raise service.ConsoleError(
            N_("Give either the number of payments or the amount per payment.")
        )
    except ValueError as exc:
        raise service.ConsoleError(N_("Cannot build that plan: %(why)s."), why=str(exc)) from None


def propose_plan(app: Parts, user: Principal, conversation_id: int, form: PlanForm) -> Plan:
    """Check the plan against policy and have the engine propose it to the debtor.

    Raises:
        ConsoleError: the plan is malformed, or outside policy without an admin's
            written reason, or the conversation is not claimed by ``user``.
    """
    now = app.clock()
    with app.db.session() as s:
        conv, _esc = service.open_conversation(s, user, conversation_id)
        service.refuse_if_opted_out(s, conv)  # STOP closes the claim: say why first
        conv, _esc = service.require_claim(s, user, conversation_id)
        account = s.get(Account, conv.account_id) if conv.account_id else None
        if account is None:
            raise service.ConsoleError(N_("This conversation is not linked to a verified account."))
        policy = Policy.from_mapping(_script_for(app, s, conv).policy)
        today = debtor_today(account, now)
        plan = build_plan(form, account, policy, today)
        broken = violations(plan, policy, today, hardship=form.kind == "hardship")
        reason = form.override_reason.strip()
        if broken:
            why = [VIOLATION_TEXT.get(b, b) for b in broken]
            if "invalid_schedule" in broken or not user.is_admin:
                raise service.ConsoleError(N_("Outside policy: %(why)s."), why=why)
            if not reason:
                raise service.ConsoleError(
                    N_("Outside policy: %(why)s. Write a reason to override the policy."), why=why
                )
    _run_engine(_engine(app).propose_plan, conversation_id, plan, actor=user.name)
    with app.db.session() as s:
        after = s.get(Conversation, conversation_id)
        details: dict[str, Any] = {"plan": plan.to_json()}
        if broken:
            details.update(policy_override=list(broken), reason=reason)
        service.audit(
            s,
            user,
            "plan.override" if broken else "plan.propose",
            now,
            conversation=after,
            **details,
        )
    return plan
