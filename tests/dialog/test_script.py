"""Dialog script validation: every error with its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.commands import cli
from bot.scripts.script import ScriptError, load_script, parse_script

SOURCE = Path("dialogs/collections.yaml").read_text(encoding="utf-8")
LINES = SOURCE.splitlines()


def _line(fragment: str) -> int:
    """1-based number of the first line of the default script containing ``fragment``."""
    return next(i for i, line in enumerate(LINES, start=1) if fragment in line)


def _errors(source: str) -> list[str]:
    with pytest.raises(ScriptError) as info:
        parse_script(source, "s.yaml")
    return str(info.value).splitlines()


def test_the_default_script_is_valid() -> None:
    script = load_script("dialogs/collections.yaml")
    assert script.initial == "start"
    assert {"verify", "offer", "confirm", "agreed"} <= set(script.states)


@pytest.mark.parametrize(
    ("old", "new", "anchor", "message"),
    [
        ("do: verify_identity", "do: verify_identiy", "do: verify_identity",
         "unknown action 'verify_identiy'"),
        ("choose: {do: accept_offer", "chose: {do: accept_offer", "choose: {do: accept_offer",
         "unknown intent 'chose'"),
        ("ok: confirm, fail: offer}", "ok: confirmm, fail: offer}", "choose: {do: accept_offer",
         "unknown state 'confirmm'"),
        ("no: {next: offer}", "no: {next: offer, if: lucky}", "no: {next: offer}",
         "unknown guard 'lucky'"),
        ("say: [agreement_summary", "say: [agreement_summry", "say: [agreement_summary",
         "missing prompt 'agreement_summry'"),
        ("min_amount: {CNY: \"100\"", "min_amount: {CNY: \"-100\"", "min_amount: {CNY: \"100\"",
         "minimum -100 must not be negative"),
        ("standard_months: [3, 6]", "standard_months: [3, 60]", "standard_months: [3, 6]",
         "60 months is outside 1..12"),
    ],
)  # fmt: skip
def test_each_error_is_reported_at_its_line(old: str, new: str, anchor: str, message: str) -> None:
    errors = _errors(SOURCE.replace(old, new, 1))
    hit = [e for e in errors if message in e]
    assert hit, errors
    assert hit[0].startswith(f"s.yaml:{_line(anchor)}:")


def test_placeholders_the_engine_cannot_fill() -> None:
    source = SOURCE.replace("First payment: {first_amount}", "First payment: {frist_amount}")
    (error,) = [e for e in _errors(source) if "cannot fill" in e]
    assert error.startswith(f"s.yaml:{_line('agreement_summary: ')}:")
    assert "{frist_amount}" in error


def test_unreachable_state_and_state_with_no_way_out() -> None:
    source = SOURCE.replace("  agreed:\n", "  orphan:\n    ask: choose_plan\n  agreed:\n")
    errors = _errors(source)
    assert any(f":{_line('  agreed:')}:3: state 'orphan' is unreachable" in e for e in errors)
    assert any("state 'orphan' has no way out" in e for e in errors)


def test_states_the_engine_enters_after_verification_are_reachable() -> None:
    """The state "done" (nothing left to pay) is entered by the engine, not by a rule: it is not
    reported; what only it leads to is reachable too, and a true orphan still is not."""
    assert "next: done" not in SOURCE
    source = SOURCE.replace(
        "  done:\n    final: true\n",
        "  done:\n    say: [account_settled]\n    next: bye\n  bye:\n    final: true\n"
        "  orphan:\n    final: true\n",
    )
    errors = _errors(source)
    assert [e for e in errors if "unreachable" in e] == [
        f"s.yaml:{_line('  done:') + 5}:3: state 'orphan' is unreachable from 'start'"
    ]


def test_debt_detail_before_verification_is_refused() -> None:
    source = SOURCE.replace(
        "    say: [greeting]\n    next: verify", "    say: [greeting]\n    next: explain"
    )
    errors = _errors(source)
    assert any(
        e.startswith(f"s.yaml:{_line('  explain:')}:3:")
        and "shows debt details but can be reached before verification" in e
        for e in errors
    ), errors


def test_guardrail_intents_cannot_be_scripted() -> None:
    source = SOURCE.replace("      no: {next: offer}\n", "      stop: {next: offer}\n", 1)
    errors = _errors(source)
    assert any("intent 'stop' is handled by the engine in every state" in e for e in errors)


def test_engine_prompts_are_required() -> None:
    source = "\n".join(line for line in LINES if not line.startswith("  disclosure:"))
    assert any("missing prompt 'disclosure'" in e for e in _errors(source))


def test_bad_yaml_has_a_position() -> None:
    errors = _errors("states: [\n")
    assert errors[0].startswith("s.yaml:2:1: not valid YAML")


def test_dialogs_check_command(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["dialogs", "check", "dialogs/collections.yaml"])
    assert ok.exit_code == 0 and ok.stdout.strip() == "dialogs/collections.yaml: ok"
    bad = tmp_path / "bad.yaml"
    bad.write_text(SOURCE.replace("do: make_offers", "do: make_ofers", 1), encoding="utf-8")
    result = runner.invoke(cli, ["dialogs", "check", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == f"{bad}:{_line('do: make_offers')}:9: unknown action 'make_ofers'\n"
    missing = runner.invoke(cli, ["dialogs", "check", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and "file not found" in missing.output


def test_a_one_payment_variant_is_checked_like_its_prompt() -> None:
    unfillable = SOURCE.replace("one payment of {first_amount}", "one payment of {first_amout}")
    (error,) = [e for e in _errors(unfillable) if "cannot fill" in e]
    assert error.startswith(f"s.yaml:{_line('agreement_summary_single: ')}:")
    assert "{first_amout}" in error
    orphan = SOURCE.replace("  agreement_summary_single:", "  agreement_sumary_single:")
    assert any("missing prompt 'agreement_sumary'" in e for e in _errors(orphan))


def test_a_nothing_paid_yet_variant_uses_only_what_its_prompt_uses() -> None:
    more = SOURCE.replace("{plan_total} in all, no payments", "{balance} in all, no payments")
    (error,) = [e for e in _errors(more) if "cannot fill" in e]
    assert error.startswith(f"s.yaml:{_line('plan_status_unpaid: ')}:")
    assert "{balance}" in error
    orphan = SOURCE.replace("  plan_status_unpaid:", "  plan_statsu_unpaid:")
    assert any("missing prompt 'plan_statsu'" in e for e in _errors(orphan))
