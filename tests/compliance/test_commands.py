import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

import bot.commands.compliance  # noqa: F401  (registers the commands)
from bot.app import App
from bot.commands import cli
from bot.config import Settings
from bot.store.models import (
    Account,
    AuditEntry,
    Escalation,
    Identity,
    OptOut,
    VerificationAttempt,
)
from tests.compliance.conftest import make_conversation
from tests.factories import make_account, make_agreement

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


@pytest.fixture
def app(settings: Settings) -> Iterator[App]:
    application = App(settings, clock=lambda: NOW)
    yield application
    application.stop()


def run(app: App, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(
        cli, list(args), obj={"settings": app.settings, "app": app}, input=stdin
    )


def seed(app: App) -> None:
    with app.db.session() as s:
        account = make_account(s, app.personal, ref="A-1001", full_name="Li Wei")
        conv = make_conversation(s, account, NOW)
        s.add_all(
            [
                Identity(
                    account_id=account.id,
                    platform="telegram",
                    platform_user_id="u-1",
                    chat_id="chat-u-1",
                    bound_at=NOW - timedelta(days=2),
                    verified_at=NOW - timedelta(days=2),
                    expires_at=NOW + timedelta(days=178),
                ),
                OptOut(
                    account_id=account.id,
                    platform="wechat",
                    platform_user_id="wx-1",
                    source="typed",
                    created_at=NOW - timedelta(hours=3),
                ),
                Escalation(
                    conversation_id=conv.id,
                    account_id=account.id,
                    reason="distress",
                    priority=0,
                    created_at=NOW - timedelta(hours=1),
                ),
                VerificationAttempt(
                    conversation_id=conv.id,
                    account_id=account.id,
                    field="date_of_birth",
                    success=False,
                    created_at=NOW - timedelta(minutes=5),
                ),
                AuditEntry(
                    actor="compliance",
                    action="outbound_decision",
                    account_id=account.id,
                    conversation_id=conv.id,
                    details={"rule": "contact_window", "decision": "held", "reason": "late"},
                    created_at=NOW - timedelta(minutes=1),
                ),
            ]
        )
        make_agreement(
            s,
            account,
            conv.id,
            kind="full",
            discount="585.02",
            frequency=None,
            schedule=[(date(2026, 3, 20), "11115.48")],
            created_at=NOW,
        )


def test_accounts_show_json_keys_are_stable_and_personal_data_masked(app: App) -> None:
    seed(app)
    result = run(app, "accounts", "show", "A-1001", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert list(doc) == [
        "account_ref",
        "status",
        "legal_hold",
        "compliance_profile",
        "locale",
        "timezone",
        "personal",
        "balance",
        "opt_outs",
        "verification",
        "escalations",
        "agreements",
        "recent_audit",
        "channels",
        "circumstances",
    ]
    assert doc["status"] == "active"
    assert doc["personal"] == {
        "full_name": "L* W**",
        "phone": "+** *** **** 0000",
        "email": "l*****@example.com",
        "revealed": False,
    }
    assert doc["balance"]["total"] == "11700.50"
    assert doc["opt_outs"] == [
        {
            "channel": "wechat",
            "at": "2026-03-10T03:00:00+00:00",
            "source": "typed",
            "active": True,
            "revoked_at": None,
        }
    ]
    verification = doc["verification"]
    assert list(verification) == ["identities", "locked", "recent_failures"]
    assert (verification["locked"], verification["recent_failures"]) == (False, 1)
    (identity,) = verification["identities"]
    assert list(identity) == [
        "platform",
        "bound_at",
        "verified_at",
        "expires_at",
        "expired",
        "unreachable",
    ]
    assert doc["escalations"] == [
        {
            "reason": "distress",
            "priority": "urgent",
            "status": "open",
            "created_at": "2026-03-10T05:00:00+00:00",
            "closed_at": None,
        }
    ]
    (agreement,) = doc["agreements"]
    assert (agreement["total"], agreement["currency"]) == ("11115.48", "CNY")
    assert agreement["instalments"] == [
        {"seq": 1, "due_date": "2026-03-20", "amount": "11115.48", "status": "open",
         "paid": "0.00", "closed": False}
    ]  # fmt: skip
    assert doc["recent_audit"][0]["rule"] == "contact_window"
    assert "Li Wei" not in result.output


def test_accounts_show_text(app: App) -> None:
    seed(app)
    result = run(app, "accounts", "show", "A-1001")
    assert result.exit_code == 0, result.output
    assert "account A-1001: active" in result.output
    assert "wechat at 2026-03-10T03:00:00+00:00 (typed, active)" in result.output
    assert "distress (urgent) open" in result.output
    assert "outbound_decision held by contact_window" in result.output
    assert "Li Wei" not in result.output


def test_unknown_ref_is_a_one_line_error(app: App) -> None:
    result = run(app, "accounts", "show", "NOPE", "--format", "json")
    assert result.exit_code != 0
    assert result.output.strip() == "Error: account 'NOPE' not found"


def test_reveal_needs_config_and_is_audited(app: App) -> None:
    seed(app)
    refused = run(app, "accounts", "show", "A-1001", "--reveal")
    assert refused.exit_code != 0
    assert "reveal_allowed" in refused.output and "Li Wei" not in refused.output
    allowed = replace(
        app.settings, compliance=replace(app.settings.compliance, reveal_allowed=True)
    )
    app.settings = allowed
    result = run(app, "accounts", "show", "A-1001", "--reveal", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["personal"]["full_name"] == "Li Wei"
    with app.db.session() as s:
        actions = s.scalars(select(AuditEntry.action)).all()
        assert "reveal_personal_data" in actions


def test_export_data_and_erase(app: App, tmp_path: object) -> None:
    seed(app)
    exported = run(app, "accounts", "export-data", "A-1001")
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.output)["account"]["full_name"] == "Li Wei"

    not_confirmed = run(app, "accounts", "erase", "A-1001", stdin="n\n")
    assert not_confirmed.exit_code != 0
    erased = run(app, "accounts", "erase", "A-1001", "--yes")
    assert erased.exit_code == 0, erased.output
    assert "kept 1 agreement(s)" in erased.output
    with app.db.session() as s:
        account = s.scalars(select(Account)).one()
        assert account.status == "erased"
        assert s.scalar(select(func.count(Identity.id))) == 0
    shown = json.loads(run(app, "accounts", "show", "A-1001", "--format", "json").output)
    assert shown["status"] == "erased"
    assert shown["personal"]["full_name"] == ""


def test_retention_run_dry_run_then_real(app: App) -> None:
    with app.db.session() as s:
        old = make_account(s, app.personal, ref="OLD")
        old.updated_at = old.last_activity_at = datetime(2022, 1, 1, tzinfo=UTC)
        make_account(s, app.personal, ref="NEW").last_activity_at = NOW
    dry = run(app, "retention", "run", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines()[:2] == [
        "would purge 1 account(s) and 0 unbound conversation(s)",
        "  OLD",
    ]
    real = run(app, "retention", "run")
    assert real.output.splitlines()[0] == "purged 1 account(s) and 0 unbound conversation(s)"
    with app.db.session() as s:
        assert s.scalars(select(Account.account_ref)).all() == ["NEW"]


def test_accounts_set_legal_hold_and_profile_is_audited_and_honoured(app: App) -> None:
    with app.db.session() as s:
        old = make_account(s, app.personal, ref="OLD")
        old.updated_at = datetime(2020, 1, 1, tzinfo=UTC)
    held = run(app, "accounts", "set", "OLD", "--legal-hold", "--reason", "court order 12")
    assert held.exit_code == 0, held.output
    assert held.output == "OLD updated: under legal hold, profile us_reg_f\n"
    assert run(app, "retention", "run").output.splitlines() == [
        "purged 0 account(s) and 0 unbound conversation(s)",
        "kept under legal hold: OLD",
    ]
    cn = run(app, "accounts", "set", "OLD", "--profile", "cn")
    assert cn.output == "OLD updated: under legal hold, profile cn\n"
    doc = json.loads(run(app, "accounts", "show", "OLD", "--format", "json").output)
    assert (doc["legal_hold"], doc["compliance_profile"]) == (True, "cn")
    with app.db.session() as s:
        entries = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "account_settings")
            .order_by(AuditEntry.id)
        ).all()
        assert [e.details for e in entries] == [
            {"legal_hold": True, "reason": "court order 12"},
            {"compliance_profile": "cn", "reason": ""},
        ]
    released = run(app, "accounts", "set", "OLD", "--no-legal-hold", "--profile", "default")
    assert released.output == "OLD updated: not under legal hold, profile us_reg_f\n"
    nothing = run(app, "accounts", "set", "OLD")
    assert nothing.exit_code == 2
    assert "nothing to change" in nothing.output
