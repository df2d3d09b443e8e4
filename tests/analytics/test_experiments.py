"""Experiments: validation, sticky assignment through the engine, results, safety stop."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bot.analytics import experiments as exps
from bot.analytics.results import results, safety_check
from bot.app import App
from bot.config import Settings
from bot.messages import ChatRef
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import (
    Account,
    Agreement,
    AuditEntry,
    Conversation,
    Experiment,
    Message,
    Offer,
    OptOut,
    ScriptVersion,
)
from tests.analytics import history
from tests.factories import make_account, make_agreement

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


@pytest.fixture
def app(settings: Settings) -> Iterator[App]:
    application = App(settings, clock=lambda: NOW)
    yield application
    application.stop()


@pytest.fixture
def versions(app: App) -> tuple[int, int]:
    """collections@1 (active) and collections@2, a saved copy."""
    v1 = app.engine.scripts.active()
    with app.db.session() as s:
        row = s.get(ScriptVersion, v1.version_id)
        assert row is not None
        s.add(ScriptVersion(name=row.name, version=2, source=row.source, sha256=row.sha256,
                            active=False, created_by="admin", created_at=NOW))  # fmt: skip
        s.flush()
        v2 = s.scalars(select(ScriptVersion.id).where(ScriptVersion.version == 2)).one()
    return v1.version_id, v2


def start(s: Session, shares: tuple[int, int] = (50, 50), **kw: str) -> Experiment:
    arms = [exps.ArmSpec("a", "collections@1", shares[0]),
            exps.ArmSpec("b", "collections@2", shares[1])]  # fmt: skip
    return exps.start(s, kw.get("name", "wording"), arms, baseline=Decimal("0.2"),
                      min_effect=Decimal("0.1"), actor="admin", now=NOW)  # fmt: skip


def test_start_refuses_what_cannot_be_compared(app: App, versions: tuple[int, int]) -> None:
    with app.db.session() as s:
        with pytest.raises(exps.ExperimentError, match="at least two arms"):
            exps.start(s, "x", [exps.ArmSpec("a", "collections@1", 1)], baseline=Decimal("0.2"),
                       min_effect=Decimal("0.1"), actor="admin", now=NOW)  # fmt: skip
        with pytest.raises(exps.ExperimentError, match="no such saved script version"):
            exps.start(s, "x", [exps.ArmSpec("a", "collections@1", 1),
                                exps.ArmSpec("b", "collections@9", 1)],
                       baseline=Decimal("0.2"), min_effect=Decimal("0.1"), actor="admin",
                       now=NOW)  # fmt: skip
        exp = start(s)
        assert exp.sample_size == 294  # 20% → 30%, alpha 0.05, power 0.8
        with pytest.raises(exps.ExperimentError, match="already running"):
            start(s, name="second")
        actions = s.scalars(select(AuditEntry.action)).all()
        assert actions == ["experiment.start"]


def test_assignment_is_sticky_follows_the_shares_and_is_recorded(
    app: App, versions: tuple[int, int], personal: PersonalData
) -> None:
    v1, v2 = versions
    with app.db.session() as s:
        exp = start(s, shares=(70, 30))
        s.flush()
        picks = Counter(exps.pick_arm(exp, account_id).name for account_id in range(1, 4001))  # type: ignore[union-attr]
    assert 0.67 <= picks["a"] / 4000 <= 0.73
    with app.db.session() as s:
        make_account(s, personal, ref="A-1")
        s.flush()
    engine = app.engine
    seen = set()
    for n in range(3):  # three conversations of one account: always the same arm
        engine.greet(ChatRef("telegram", f"c{n}", f"u{n}"), account_ref="A-1")
    with app.db.session() as s:
        convs = s.scalars(select(Conversation)).all()
        seen = {(c.experiment_arm_id, c.script_version_id) for c in convs}
        assert len(seen) == 1
        arm_id, version = seen.pop()
        assert arm_id is not None
        assert version in (v1, v2)
        audits = s.scalars(select(AuditEntry).where(AuditEntry.action == "experiment.assign"))
        assert len(audits.all()) == 3


def _population(
    s: Session, personal: PersonalData, exp: Experiment, n: int, agree: dict[str, float],
    opt_out: dict[str, float], seed: int,
) -> None:  # fmt: skip
    """``n`` accounts, one contacted conversation each, in the arm the hash gives them."""
    rng = random.Random(seed)
    base = make_account(s, personal, ref="P-0")
    rows = [{**{c: getattr(base, c) for c in ("full_name_enc", "creditor", "currency",
             "principal", "interest", "fees", "due_date", "status", "locale", "timezone",
             "row_hash", "created_at", "updated_at")}, "account_ref": f"P-{i}"}
            for i in range(1, n)]  # fmt: skip
    s.execute(insert(Account), rows)
    accounts = s.scalars(select(Account.id)).all()
    for i, account_id in enumerate(accounts):
        arm = exps.pick_arm(exp, account_id)
        assert arm is not None
        conv = Conversation(platform="telegram", chat_id=f"c{i}", user_id=f"u{i}",
                            account_id=account_id, state="offer", context={}, locale="en",
                            script_version_id=arm.script_version_id, experiment_arm_id=arm.id,
                            started_at=NOW, updated_at=NOW)  # fmt: skip
        s.add(conv)
        s.flush()
        s.add(Message(conversation_id=conv.id, platform="telegram", direction="out",
                      sender="bot", text="hi", created_at=NOW))  # fmt: skip
        if rng.random() < agree[arm.name]:
            offer = Offer(conversation_id=conv.id, account_id=account_id, kind="full",
                          currency="CNY", total=Decimal(100), discount=Decimal(0), schedule=[],
                          created_at=NOW)  # fmt: skip
            s.add(offer)
            s.flush()
            s.add(Agreement(account_id=account_id, conversation_id=conv.id, offer_id=offer.id,
                            currency="CNY", total=Decimal(100), discount=Decimal(0),
                            script_version="collections@1", created_at=NOW))  # fmt: skip
        if rng.random() < opt_out[arm.name]:
            s.add(OptOut(account_id=account_id, platform="telegram", platform_user_id=f"u{i}",
                         source="typed", created_at=NOW + timedelta(minutes=1)))  # fmt: skip
    s.flush()


def test_b_truly_better_is_shown_ahead_with_a_correct_interval(
    db: Database, app: App, versions: tuple[int, int], personal: PersonalData
) -> None:
    with app.db.session() as s:
        exp = start(s)
        _population(s, personal, exp, 900, {"a": 0.20, "b": 0.35}, {"a": 0.0, "b": 0.0}, 11)
        res = results(s, exp, NOW)
    a, b = res.arms
    assert res.complete
    assert a.accounts + b.accounts == 900
    vs = b.rates["agreement"].versus_control
    assert vs is not None
    assert vs.test == "z"
    assert vs.low > 0 and vs.low < 0.15 < vs.high
    assert vs.p_value < 0.05
    assert res.verdict == "b agrees significantly more often than a"


def test_no_verdict_before_the_planned_sample(
    db: Database, app: App, versions: tuple[int, int], personal: PersonalData
) -> None:
    with app.db.session() as s:
        exp = start(s)
        # A big true difference, but only about 100 accounts per arm of the 294 planned.
        _population(s, personal, exp, 200, {"a": 0.1, "b": 0.6}, {"a": 0.0, "b": 0.0}, 5)
        res = results(s, exp, NOW)
    assert not res.complete
    assert res.verdict.startswith("collecting: ")
    assert "no conclusion" in res.verdict


def test_an_arm_with_more_opt_outs_is_stopped_audited_and_loses_its_traffic(
    db: Database, app: App, versions: tuple[int, int], personal: PersonalData
) -> None:
    v1, _v2 = versions
    with app.db.session() as s:
        exp = start(s)
        _population(s, personal, exp, 600, {"a": 0.2, "b": 0.2}, {"a": 0.01, "b": 0.12}, 3)
        notices = safety_check(s, exp, NOW)
        s.flush()
        assert len(notices) == 1
        assert "arm b stopped: opt-out rate" in notices[0]
        assert [a.status for a in exp.arms] == ["active", "stopped"]
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "experiment.arm_stopped"))
        assert audit.one().details["arm"] == "b"
        # An account of arm b now gets the control's version and is not counted.
        account_b = next(a for a in s.scalars(select(Account.id)) if exps.pick_arm(exp, a) is None)
        conv = Conversation(account_id=account_b)
        assert exps.assign(s, conv, NOW) == v1
        assert conv.experiment_arm_id is None
        # The control is never stopped, and a second look stops nothing more.
        assert safety_check(s, exp, NOW) == []


def test_results_show_kept_rate_and_amount_collected_per_contacted_account(
    db: Database, app: App, versions: tuple[int, int], personal: PersonalData
) -> None:
    with app.db.session() as s:
        exp = start(s)
        s.flush()
        # Four contacted accounts per arm; payments as the ledger applies them.
        plans = {"a": [("100.00", True), ("50.00", False)],
                 "b": [("100.00", True), ("200.00", True)]}  # fmt: skip
        for arm in exp.arms:
            for i in range(4):
                acc = history.account(s, personal, f"{arm.name}-{i}", "Bank", currency="CNY")
                c = history.chat(s, acc, NOW - timedelta(days=9), user=f"{arm.name}{i}").bot()
                c.conv.experiment_arm_id = arm.id
                if i >= len(plans[arm.name]):
                    continue
                amount, paid = plans[arm.name][i]
                make_agreement(s, acc, c.conv.id, schedule=[(date(2026, 3, 5), amount)],
                               created_at=c.tick(), currency="CNY")  # fmt: skip
                if paid:
                    history.pay(s, acc, amount, datetime(2026, 3, 4, 9, tzinfo=UTC))
        s.flush()
        res = results(s, exp, NOW)
        body = res.as_json()
    a, b = body["arms"]
    assert (a["rates"]["kept"]["count"], a["rates"]["kept"]["rate"]) == (1, 0.5)
    assert (b["rates"]["kept"]["count"], b["rates"]["kept"]["rate"]) == (2, 1.0)
    assert a["collected_per_contacted"]["CNY"]["accounts"] == 4
    assert a["collected_per_contacted"]["CNY"]["mean"] == "25.00"
    assert a["collected_per_contacted"]["CNY"]["versus_control"] is None
    cny = b["collected_per_contacted"]["CNY"]
    assert cny["mean"] == "75.00"
    vs = cny["versus_control"]
    assert vs["difference"] == "50.00" and vs["test"] == "welch"
    # Welch: variances 2500 and 9166.67 over 4 accounts each (t = 0.926, df ≈ 4.7).
    assert 0.3 < vs["p_value"] < 0.5
    low, high = (Decimal(x) for x in vs["interval"])
    assert low < 0 < 50 < high
