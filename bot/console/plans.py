"""The console's plan tool: an agent's form turned into a plan the policy allows.

The plan is built with the same negotiation code the bot uses and checked
against the policy of the conversation's script (the version it runs, else the
active one, else the configured file). A plan outside policy needs an admin and
a written reason; an invalid schedule is never allowed. Proposing the checked
plan to the debtor is the dialog engine's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.negotiation.offers import default_first_date, equal_plan, pay_in_full, violations
from bot.negotiation.policy import Policy
from bot.negotiation.schedule import FREQUENCIES, Plan, schedule_for_amount
from bot.negotiation.settlement import settlement_plan
from bot.scripts.script import Script, load_script, parse_script
from bot.store.models import Account, Conversation, ScriptVersion


def N_(message: str) -> str:
    """Mark ``message`` for translation (Babel extracts ``N_``); pages translate it."""
    return message


VIOLATION_TEXT = {
    "invalid_schedule": N_("the schedule does not add up"),
    "discount_not_allowed": N_("the discount is larger than policy allows"),
    "start_in_past": N_("the first payment is in the past"),
    "start_too_late": N_("the first payment is later than policy allows"),
    "frequency_not_allowed": N_("that frequency is not allowed"),
    "too_long": N_("the plan is longer than policy allows"),
    "below_minimum": N_("the instalments are below the policy minimum"),
}
# Said instead for a plan of one payment (pay in full, a settlement, one instalment):
# there is no "first" payment of one.
VIOLATION_TEXT_SINGLE = {
    "start_in_past": N_("the payment date is in the past"),
    "start_too_late": N_("the payment date is later than policy allows"),
    "below_minimum": N_("the payment is below the policy minimum"),
}


class PlanError(Exception):
    """The form does not make an acceptable plan.

    ``msgid`` is the untranslated message with ``%(name)s`` placeholders filled
    from ``params`` (a list parameter is a list of msgids); the console shows it
    translated. ``str()`` is the English text.
    """

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params
        english = {k: "; ".join(v) if isinstance(v, list | tuple) else v for k, v in params.items()}
        super().__init__(msgid % english if params else msgid)


@dataclass(frozen=True, slots=True)
class PlanForm:
    """The plan tool's fields as typed by the agent."""

    kind: str = "instalments"
    frequency: str = "monthly"
    amount: str = ""
    count: str = ""
    first_date: str = ""
    override_reason: str = ""


@dataclass(frozen=True, slots=True)
class CheckedPlan:
    """A plan that may be proposed: within policy, or overridden by an admin's reason."""

    plan: Plan
    #: The policy rules it breaks (reason codes); empty when it is within policy.
    broken: tuple[str, ...]
    #: The admin's written reason for breaking them ("" when nothing is broken).
    reason: str

    def audit_details(self) -> dict[str, Any]:
        """What the audit row records: the plan, and any override with its reason."""
        details: dict[str, Any] = {"plan": self.plan.to_json()}
        if self.broken:
            details.update(policy_override=list(self.broken), reason=self.reason)
        return details


def script_for(s: Session, conv: Conversation | None, script_file: str | Path) -> Script:
    """The script a conversation runs: its version, else the active one, else ``script_file``."""
    if conv is not None and conv.script_version_id is not None:
        row = s.get(ScriptVersion, conv.script_version_id)
        if row is not None:
            return parse_script(row.source, row.label)
    row = s.scalar(select(ScriptVersion).where(ScriptVersion.active.is_(True)).limit(1))
    if row is not None:
        return parse_script(row.source, row.label)
    return load_script(script_file)


def debtor_today(account: Account, now: datetime) -> date:
    """Today in the debtor's timezone."""
    try:
        return now.astimezone(ZoneInfo(account.timezone)).date()
    except (KeyError, ValueError):
        return now.date()


def plan_defaults(
    s: Session, conv: Conversation, script_file: str | Path, now: datetime
) -> dict[str, Any]:
    """Initial values for the plan form: the allowed frequencies and the first due date."""
    out: dict[str, Any] = {"frequencies": list(FREQUENCIES), "first_date": ""}
    try:
        policy = Policy.from_mapping(script_for(s, conv, script_file).policy)
        account = s.get(Account, conv.account_id) if conv.account_id else None
        if account is not None:
            today = debtor_today(account, now)
            out["first_date"] = default_first_date(policy, today).isoformat()
            out["frequencies"] = list(policy.frequencies) or list(FREQUENCIES)
    except Exception:  # defaults are a convenience only
        pass
    return out


def build_plan(form: PlanForm, account: Account, policy: Policy, today: date) -> Plan:
    """Turn the form into a :class:`Plan` with the negotiation code.

    Raises:
        PlanError: a field is missing or malformed (the message names it).
    """
    try:
        first = date.fromisoformat(form.first_date) if form.first_date else None
    except ValueError:
        if _single(form):
            raise PlanError(
                N_("Payment date %(date)r is not a date like 2026-03-20."), date=form.first_date
            ) from None
        raise PlanError(
            N_("First payment date %(date)r is not a date like 2026-03-20."), date=form.first_date
        ) from None
    balance, currency = account.total, account.currency
    try:
        if form.kind == "full":
            return pay_in_full(balance, currency, policy, today, first)
        if form.kind == "settlement":  # one payment of the amount, below the balance
            amount = _amount(form)
            if amount >= balance:
                raise PlanError(N_("A settlement is less than the balance; use Pay in full."))
            return settlement_plan(
                balance, currency, amount, first or default_first_date(policy, today)
            )
        if form.kind not in ("instalments", "hardship"):
            raise PlanError(N_("Unknown plan kind %(kind)r."), kind=form.kind)
        if form.frequency not in FREQUENCIES:
            raise PlanError(N_("Unknown frequency %(f)r."), f=form.frequency)
        first = first or default_first_date(policy, today)
        hardship = form.kind == "hardship"
        if form.count.strip():
            if not form.count.strip().isdigit() or int(form.count) < 1:
                raise PlanError(N_("Number of payments must be a whole number from 1."))
            return equal_plan(
                balance, currency, int(form.count), form.frequency, first, hardship=hardship
            )
        if form.amount.strip():
            return _by_amount(form, balance, currency, first)
        raise PlanError(N_("Give either the number of payments or the amount per payment."))
    except ValueError as exc:
        raise PlanError(N_("Cannot build that plan: %(why)s."), why=str(exc)) from None


def _single(form: PlanForm) -> bool:
    """Whether the form asks for a plan of one payment."""
    return form.kind in ("full", "settlement") or form.count.strip() == "1"


def _amount(form: PlanForm) -> Decimal:
    try:
        amount = Decimal(form.amount.strip().replace(",", ""))
    except InvalidOperation:
        raise PlanError(
            N_("Amount %(amount)r is not a number like 500.00."), amount=form.amount
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise PlanError(N_("Amount per payment must be more than zero."))
    return amount


def _by_amount(form: PlanForm, balance: Decimal, currency: str, first: date) -> Plan:
    amount = _amount(form)
    schedule = schedule_for_amount(balance, currency, amount, form.frequency, first)
    zero = balance - balance
    return Plan(form.kind, currency, balance, zero, balance, form.frequency, schedule)


def check_plan(
    s: Session,
    conv: Conversation,
    form: PlanForm,
    *,
    is_admin: bool,
    script_file: str | Path,
    now: datetime,
) -> CheckedPlan:
    """Build the plan for the conversation's account and check it against its policy.

    Raises:
        PlanError: no verified account, a malformed form, or a plan outside policy
            without an admin's written reason (never for an invalid schedule).
    """
    account = s.get(Account, conv.account_id) if conv.account_id else None
    if account is None:
        raise PlanError(N_("This conversation is not linked to a verified account."))
    policy = Policy.from_mapping(script_for(s, conv, script_file).policy)
    today = debtor_today(account, now)
    plan = build_plan(form, account, policy, today)
    broken = violations(plan, policy, today, hardship=form.kind == "hardship")
    reason = form.override_reason.strip()
    if broken:
        texts = {**VIOLATION_TEXT, **VIOLATION_TEXT_SINGLE} if plan.count == 1 else VIOLATION_TEXT
        why = [texts.get(b, b) for b in broken]
        if "invalid_schedule" in broken or not is_admin:
            raise PlanError(N_("Outside policy: %(why)s."), why=why)
        if not reason:
            raise PlanError(
                N_("Outside policy: %(why)s. Write a reason to override the policy."), why=why
            )
    return CheckedPlan(plan, broken, reason if broken else "")
