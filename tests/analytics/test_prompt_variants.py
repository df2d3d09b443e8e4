"""Experiments between named variants of one prompt: checked, sticky, said, audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.analytics import experiments as exps
from bot.analytics.results import results
from bot.app import App
from bot.commands import cli
from bot.config import Settings
from bot.messages import ChatRef
from bot.scripts.model import sha256_text
from bot.scripts.script import ScriptError, parse_script
from bot.store.crypto import PersonalData
from bot.store.models import AuditEntry, Conversation, ScriptVersion
from tests.analytics.test_experiments_command import config_file  # noqa: F401  (fixture)
from tests.factories import make_account

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
SOURCE = Path("dialogs/collections.yaml").read_text(encoding="utf-8")
WARM = "Hi! {sender} here. A quick check first so I know I'm talking to the right person."


def with_prompt(line: str) -> str:
    """The default script with one more prompt line."""
    return SOURCE.replace("\nprompts:\n", f"\nprompts:\n  {line}\n", 1)


def _errors(source: str) -> list[str]:
    with pytest.raises(ScriptError) as info:
        parse_script(source, "s.yaml")
    return str(info.value).splitlines()


def test_a_script_may_name_variants_of_its_prompts() -> None:
    script = parse_script(with_prompt(f'greeting@warm: "{WARM}"'))
    assert script.variants() == {"warm"}
    assert script.variant_key("greeting", "warm") == "greeting@warm"
    assert script.variant_key("greeting", None) == "greeting"
    assert script.variant_key("choose_plan", "warm") == "choose_plan"  # no variant: as it is


def test_a_variant_needs_its_prompt_and_only_the_prompt_s_placeholders() -> None:
    assert any("missing prompt 'greting'" in e for e in _errors(with_prompt('greting@warm: "Hi"')))
    extra = _errors(with_prompt('greeting@warm: "Hi, you owe {balance}"'))
    assert any("prompt 'greeting@warm': the engine cannot fill {balance}" in e for e in extra)


@pytest.fixture
def app(settings: Settings) -> Iterator[App]:
    application = App(settings, clock=lambda: NOW)
    yield application
    application.stop()


@pytest.fixture
def version_with_variant(app: App) -> str:
    """collections@2: the default script plus ``greeting@warm``."""
    v1 = app.engine.scripts.active()
    with app.db.session() as s:
        row = s.get(ScriptVersion, v1.version_id)
        assert row is not None
        source = with_prompt(f'greeting@warm: "{WARM}"')
        s.add(ScriptVersion(name=row.name, version=2, source=source, sha256=sha256_text(source),
                            active=False, created_by="admin", created_at=NOW))  # fmt: skip
    return "collections@2"


def _start(app: App, version: str, variant: str | None = "warm") -> None:
    arms = [exps.ArmSpec("plain", version, 50), exps.ArmSpec("warm", version, 50, variant)]
    with app.db.session() as s:
        exps.start(
            s, "greeting", arms, baseline=Decimal("0.2"), min_effect=Decimal("0.1"),
            actor="admin", now=NOW,
            variants_of=lambda v: app.engine.scripts.get(v.id, s).machine.script.variants(),
        )  # fmt: skip


def test_each_arm_hears_its_variant_and_keeps_it(
    app: App, version_with_variant: str, personal: PersonalData
) -> None:
    _start(app, version_with_variant)
    with app.db.session() as s:
        for i in range(12):
            make_account(s, personal, ref=f"V-{i}", locale="en")
    first_words: dict[int, str] = {}  # conversation id -> the bot's first message
    for i in range(12):
        for n in range(2):  # two conversations per account: the same arm, the same words
            turn = app.engine.greet(ChatRef("telegram", f"c{i}-{n}", f"u{i}-{n}"),
                                    account_ref=f"V-{i}")  # fmt: skip
            first_words[turn.conversation_id] = turn.replies[0].text
    with app.db.session() as s:
        exp = exps.running(s)
        assert exp is not None
        arm_names = {a.id: a.name for a in exp.arms}
        convs = s.scalars(select(Conversation)).all()
        arm_of_account: dict[int | None, set[str]] = {}
        said: dict[str, set[str]] = {"plain": set(), "warm": set()}
        for c in convs:
            assert c.experiment_arm_id is not None
            arm = arm_names[c.experiment_arm_id]
            arm_of_account.setdefault(c.account_id, set()).add(arm)
            said[arm].add(first_words[c.id][:4])
        assert all(len(arms) == 1 for arms in arm_of_account.values())  # sticky
        assert said == {"plain": {"Hell"}, "warm": {"Hi! "}}
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "experiment.start")).one()
        assert audit.details["arms"][1] == {
            "name": "warm", "version": "collections@2", "variant": "warm", "share": 50,
        }  # fmt: skip
        body = results(s, exp, NOW).as_json()
    assert [(a["name"], a["variant"]) for a in body["arms"]] == [("plain", None), ("warm", "warm")]


def test_an_unknown_variant_or_two_arms_alike_are_refused(
    app: App, version_with_variant: str
) -> None:
    with pytest.raises(exps.ExperimentError, match="has no prompt variant 'firm'"):
        _start(app, version_with_variant, "firm")
    with pytest.raises(exps.ExperimentError, match="same version and variant"):
        _start(app, version_with_variant, None)


def test_the_command_line_takes_a_variant_after_the_version(
    config_file: Path,  # noqa: F811
) -> None:
    def run(*args: str) -> tuple[int, str]:
        r = CliRunner().invoke(cli, ["experiments", *args, "--config", str(config_file)])
        return r.exit_code, r.output

    code, out = run("start", "w", "--arm", "a=collections@2:50", "--arm", "b=collections@2/warm:50",
                    "--baseline", "0.2", "--min-effect", "0.1")  # fmt: skip
    assert code != 0 and "Traceback" not in out
    assert "collections@2 has no prompt variant 'warm'" in out
    code, out = run("start", "w", "--arm", "a=collections@2:50", "--arm", "b=collections@2/:50",
                    "--baseline", "0.2", "--min-effect", "0.1")  # fmt: skip
    assert code != 0 and "NAME=SCRIPT@VERSION[/VARIANT]:SHARE" in out
