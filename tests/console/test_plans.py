"""The plan tool's service: the agent's form, built and checked against the policy."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.config import Settings
from bot.console.plans import PlanError, PlanForm, check_plan, plan_defaults
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import ScriptVersion
from tests.factories import make_account, make_conversation

TOTAL = Decimal("11700.50")  # the factory account's principal + interest + fees


def _script(settings: Settings) -> Path:
    return Path(settings.dialog.script)


def _save_version(db: Database, settings: Settings, now: datetime, *, max_months: int) -> int:
    """A saved script version whose instalment policy allows at most ``max_months``."""
    source = _script(settings).read_text(encoding="utf-8")
    policy = '    standard_months: [3, 6]\n    min_amount: {CNY: "100", TWD: "500", USD: "25"}\n'
    policy += "    max_months: 12\n"
    assert policy in source
    source = source.replace(policy, policy.replace("[3, 6]", "[3]").replace("12", str(max_months)))
    with db.session() as s:
        row = ScriptVersion(
            name="collections",
            version=2,
            source=source,
            sha256=hashlib.sha256(source.encode()).hexdigest(),
            active=False,
            created_by="admin",
            created_at=now,
        )
        s.add(row)
        s.flush()
        return row.id


def test_a_plan_within_policy_is_built_for_the_account(
    db: Database, personal: PersonalData, settings: Settings, now: datetime
) -> None:
    with db.session() as s:
        conv = make_conversation(s, make_account(s, personal), now)
        form = PlanForm(kind="instalments", frequency="monthly", count="6")
        checked = check_plan(s, conv, form, is_admin=False, script_file=_script(settings), now=now)
    plan = checked.plan
    assert checked.broken == () and checked.reason == ""
    assert (plan.currency, plan.total, len(plan.instalments)) == ("CNY", TOTAL, 6)
    assert sum(i.amount for i in plan.instalments) == TOTAL
    # a week from today in the debtor's timezone (Asia/Shanghai), then monthly
    assert plan.instalments[0].due_date == date(2026, 3, 17)
    assert checked.audit_details() == {"plan": plan.to_json()}


def test_the_conversations_script_version_sets_the_policy(
    db: Database, personal: PersonalData, settings: Settings, now: datetime
) -> None:
    version_id = _save_version(db, settings, now, max_months=3)
    form = PlanForm(kind="instalments", frequency="monthly", count="6")
    with db.session() as s:
        conv = make_conversation(s, make_account(s, personal), now)
        conv.script_version_id = version_id
        s.flush()
        script = _script(settings)
        with pytest.raises(PlanError) as agent:
            check_plan(s, conv, form, is_admin=False, script_file=script, now=now)
        with pytest.raises(PlanError) as admin:
            check_plan(s, conv, form, is_admin=True, script_file=script, now=now)
        override = PlanForm("instalments", "monthly", count="6", override_reason=" Hospital ")
        checked = check_plan(s, conv, override, is_admin=True, script_file=script, now=now)
    assert str(agent.value) == "Outside policy: the plan is longer than policy allows."
    assert str(admin.value).endswith("Write a reason to override the policy.")
    assert admin.value.params == {"why": ["the plan is longer than policy allows"]}
    assert checked.broken == ("too_long",)
    assert checked.audit_details()["policy_override"] == ["too_long"]
    assert checked.audit_details()["reason"] == "Hospital"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (PlanForm(amount="lots"), "Amount 'lots' is not a number like 500.00."),
        (PlanForm(amount="-5"), "Amount per payment must be more than zero."),
        (PlanForm(count="0"), "Number of payments must be a whole number from 1."),
        (PlanForm(count="3", first_date="20/03"), "First payment date '20/03' is not a date"),
        (PlanForm(kind="loan", count="3"), "Unknown plan kind 'loan'."),
        (PlanForm(), "Give either the number of payments or the amount per payment."),
    ],
)
def test_a_malformed_form_is_one_clear_message(
    db: Database,
    personal: PersonalData,
    settings: Settings,
    now: datetime,
    form: PlanForm,
    message: str,
) -> None:
    with db.session() as s:
        conv = make_conversation(s, make_account(s, personal), now)
        with pytest.raises(PlanError) as err:
            check_plan(s, conv, form, is_admin=True, script_file=_script(settings), now=now)
    assert str(err.value).startswith(message)


def test_no_plan_without_an_account_and_defaults_from_the_policy(
    db: Database, personal: PersonalData, settings: Settings, now: datetime
) -> None:
    with db.session() as s:
        unbound = make_conversation(s, None, now, user_id="u-2")
        with pytest.raises(PlanError, match="not linked to a verified account"):
            check_plan(s, unbound, PlanForm(count="3"), is_admin=True,
                       script_file=_script(settings), now=now)  # fmt: skip
        conv = make_conversation(s, make_account(s, personal), now)
        defaults = plan_defaults(s, conv, _script(settings), now)
    assert defaults == {
        "frequencies": ["weekly", "biweekly", "monthly"],
        "first_date": "2026-03-17",
    }


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (PlanForm(kind="full", first_date="2026-03-01"), "the payment date is in the past"),
        (PlanForm(kind="full", first_date="2026-09-30"), "the payment date is later than"),
        (PlanForm(count="1", first_date="2026-09-30"), "the payment date is later than"),
        (PlanForm(kind="settlement", amount="9000", first_date="2026-03-01"),
         "the payment date is in the past"),
        (PlanForm(count="3", first_date="2026-03-01"), "the first payment is in the past"),
    ],
)  # fmt: skip
def test_a_plan_of_one_payment_has_no_first_payment(
    db: Database,
    personal: PersonalData,
    settings: Settings,
    now: datetime,
    form: PlanForm,
    message: str,
) -> None:
    with db.session() as s:
        conv = make_conversation(s, make_account(s, personal), now)
        with pytest.raises(PlanError) as err:
            check_plan(s, conv, form, is_admin=False, script_file=_script(settings), now=now)
    assert str(err.value).startswith(f"Outside policy: {message}")
    assert ("first" in str(err.value)) == (form.count == "3")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (PlanForm(kind="full", first_date="next friday"), "Payment date 'next friday' is not"),
        (PlanForm(count="1", first_date="31/03"), "Payment date '31/03' is not a date"),
        (PlanForm(kind="settlement", amount="9000", first_date="x"), "Payment date 'x' is not"),
    ],
)
def test_a_bad_date_for_one_payment_is_the_payment_date(
    db: Database,
    personal: PersonalData,
    settings: Settings,
    now: datetime,
    form: PlanForm,
    message: str,
) -> None:
    with db.session() as s:
        conv = make_conversation(s, make_account(s, personal), now)
        with pytest.raises(PlanError) as err:
            check_plan(s, conv, form, is_admin=True, script_file=_script(settings), now=now)
    assert str(err.value).startswith(message)
