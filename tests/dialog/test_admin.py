"""Script versions: edit → validate → activate → new conversations use it; rollback; guardrails."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.app import App
from bot.commands import cli
from bot.config import Settings
from bot.i18n_extract import extract_dialog_prompts
from bot.scripts.admin import VersionError, VersionService, with_translations
from bot.scripts.checks import BalanceRange, CheckOptions, review
from bot.scripts.script import parse_script
from bot.store.models import AuditEntry, Conversation
from tests.dialog.conftest import Chat, Clock, Debtor
from tests.factories import make_account

SOURCE = Path("dialogs/collections.yaml").read_text(encoding="utf-8")
OLD_ASK = 'choose_plan: "How would you like to pay?'
NEW_ASK = 'choose_plan: "Which plan suits you best?'
NEW_WORDING = SOURCE.replace(OLD_ASK, NEW_ASK) + (
    "translations:\n"
    "  zh_CN:\n"
    '    choose_plan: "哪个方案最适合您？您也可以告诉我您能负担的金额，例如“每月300”。"\n'
    "  zh_TW:\n"
    '    choose_plan: "哪個方案最適合您？您也可以告訴我您能負擔的金額，例如「每月300」。"\n'
)


def line_of(source: str, fragment: str) -> int:
    return next(i for i, ln in enumerate(source.splitlines(), start=1) if fragment in ln)


def problems(source: str, **options: object) -> list[str]:
    return [p.format("s.yaml") for p in review(source, CheckOptions(**options)).problems]  # type: ignore[arg-type]


def test_new_conversations_take_the_activated_version_running_ones_keep_theirs(
    app: App, clock: Clock, accounts: dict[str, Debtor], settings: Settings
) -> None:
    en = accounts["en"]
    old = Chat(app, clock, who="old")
    old.start(en.ref)  # imports the file as version 1 and starts on it
    service = VersionService(app)
    (v1,) = service.versions()
    assert v1.active and v1.version == 1

    assert service.validate(NEW_WORDING).ok
    v2 = service.create(NEW_WORDING, actor="alice", comment="friendlier question")
    assert (v2.version, v2.active, v2.created_by, v2.comment) == (
        2,
        False,
        "alice",
        "friendlier question",
    )
    assert "-  " + OLD_ASK in service.diff_against_active(NEW_WORDING)
    assert "+  " + NEW_ASK in service.diff_against_active(NEW_WORDING)
    # A second worker, already running (its own engine and caches) before the activation.
    other = App(settings, clock=clock)
    assert other.engine.scripts.active().version_id == v1.id
    service.activate(v2.id, actor="alice")

    new = Chat(app, clock, who="new")
    new.verify(en)
    assert "Which plan suits you best?" in new.text()
    old.say(en.dob)  # the running conversation stays on version 1
    assert "How would you like to pay?" in old.text()
    assert "Which plan" not in old.text()

    # The second worker sees the activation without a restart.
    try:
        assert other.engine.scripts.active().version_id == v2.id
        zh = Chat(other, clock, who="zh")
        zh.verify(accounts["zh_CN"])
        assert "哪个方案最适合您" in zh.text()
    finally:
        other.stop()
    with app.db.session() as s:
        versions = {
            c: v for c, v in s.execute(select(Conversation.chat_id, Conversation.script_version_id))
        }
    assert versions == {"chat-old": v1.id, "chat-new": v2.id, "chat-zh": v2.id}


def test_rollback_reactivates_the_previous_version_and_everything_is_audited(
    app: App, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    en = accounts["en"]
    Chat(app, clock, who="a").start(en.ref)
    service = VersionService(app)
    v2 = service.create(NEW_WORDING, actor="alice", comment="try new question")
    service.activate(v2.id, actor="alice")
    back = service.rollback(actor="bob")
    assert back.version == 1 and service.active() == back
    chat = Chat(app, clock, who="b")
    chat.verify(en)
    assert "How would you like to pay?" in chat.text()
    with app.db.session() as s:
        audit = [
            (e.actor, e.action, e.details["version"], e.details.get("previous_version"))
            for e in s.scalars(
                select(AuditEntry).where(AuditEntry.action.like("script.%")).order_by(AuditEntry.id)
            )
        ]
    assert audit == [
        ("alice", "script.create", 2, None),
        ("alice", "script.activate", 2, 1),
        ("bob", "script.activate", 1, 2),
    ]


def test_activation_checks_again_and_refuses_with_the_problems(app: App, db: object) -> None:
    service = VersionService(app)
    v1 = service.create(SOURCE, actor="alice")
    with app.db.session() as s:  # every open CNY account now owes less than CNY 100
        make_account(s, app.personal, ref="TINY", principal="60", interest="0", fees="0")
        make_account(s, app.personal, ref="SMALL", principal="99.99", interest="0", fees="0")
    with pytest.raises(VersionError) as info:
        service.activate(v1.id, actor="alice")
    (problem,) = info.value.problems
    assert problem.line == line_of(SOURCE, 'min_amount: {CNY: "100"')
    assert "minimum instalment 100 is above every open CNY balance (the largest is 99.99)" in (
        problem.message
    )
    assert service.active() is None


def test_small_balances_in_a_real_portfolio_warn_but_do_not_block(app: App, db: object) -> None:
    service = VersionService(app)
    v1 = service.create(SOURCE, actor="alice")
    with app.db.session() as s:  # small balances are normal: those debtors pay in full
        make_account(s, app.personal, ref="TINY", principal="60", interest="0", fees="0")
        make_account(s, app.personal, ref="BIG", principal="12000", interest="0", fees="0")
    checked = service.validate(SOURCE)
    assert checked.ok and checked.problems == []
    (warning,) = checked.warnings
    assert warning.line == line_of(SOURCE, 'min_amount: {CNY: "100"')
    assert "some open CNY balances are below the minimum instalment 100" in warning.message
    assert "the smallest is 60.00" in warning.message
    assert service.activate(v1.id, actor="alice").active


def test_saving_refuses_text_with_problems(app: App, db: object) -> None:
    service = VersionService(app)
    with pytest.raises(VersionError) as info:
        service.create(SOURCE.replace("do: make_offers", "do: make_ofers", 1), actor="alice")
    assert [p.message for p in info.value.problems] == ["unknown action 'make_ofers'"]
    assert service.versions() == []


DISCLOSURE = SOURCE[
    SOURCE.index("  disclosure:") : SOURCE.index("\n", SOURCE.index("  disclosure:"))
]


@pytest.mark.parametrize(
    ("old", "new", "anchor", "message"),
    [
        ("    say: [greeting]\n    next: verify", "    say: [greeting]\n    next: explain",
         "  explain:", "state 'explain' shows debt details but can be reached before verification"),
        (DISCLOSURE, '  disclosure: ""', "  disclosure:", "prompt 'disclosure' cannot be empty"),
        (DISCLOSURE + "\n", "", "prompts:", "missing prompt 'disclosure'"),
        ("      no: {next: offer}", "      stop: {next: agreed}", "      stop: {next: agreed}",
         "intent 'stop' is handled by the engine in every state"),
        ("      hardship: {do: make_hardship_offers, next: offer}\n      balance_question: "
         "{do: quote_balance, next: offer}", "      dispute: {next: offer}\n      hardship: "
         "{do: make_hardship_offers, next: offer}", "      dispute: {next: offer}",
         "intent 'dispute' is handled by the engine in every state"),
        ('opt_out_confirmed: "Understood.', 'opt_out_confirmed: "  "\n  x: "Understood.',
         "opt_out_confirmed:", "prompt 'opt_out_confirmed' cannot be empty"),
        ('handoff_notice: "I\'ve asked', 'handoff_notice: ""\n  y: "I\'ve asked',
         "handoff_notice:", "prompt 'handoff_notice' cannot be empty"),
        ("{hotline}", "the hotline", "distress_support:",
         "prompt 'distress_support' must keep {hotline}"),
        ("discount_percent: 5", "discount_percent: -5", "discount_percent: -5",
         "discount -5% must not be negative"),
        ("Hello, this is {sender}.", "Pay now or you will be arrested.",
         "greeting:", "prompt 'greeting': threatening or harassing wording 'arrested'"),
        ("Hello, this is {sender}.", "不还钱就起诉你家人。", "greeting:",
         "prompt 'greeting': threatening or harassing wording '起诉你家人'"),
    ],
)  # fmt: skip
def test_each_guardrail_rejection_names_its_line(
    old: str, new: str, anchor: str, message: str
) -> None:
    assert old in SOURCE
    edited = SOURCE.replace(old, new, 1)
    found = [p for p in problems(edited) if message in p]
    assert found, problems(edited)
    assert found[0].startswith(f"s.yaml:{line_of(edited, anchor)}:")


def test_minimum_instalment_above_every_balance() -> None:
    balances = {
        "TWD": BalanceRange(Decimal("20"), Decimal("499.99"), 2),  # no TWD debtor could split
        "CNY": BalanceRange(Decimal("100"), Decimal("100"), 1),  # exactly the minimum: fine
        "USD": BalanceRange(Decimal("3"), Decimal("9000"), 40),  # some small: a warning
    }
    checked = review(SOURCE, CheckOptions(balances=balances))
    line = line_of(SOURCE, "min_amount: {CNY")
    assert [p.format("s.yaml") for p in checked.problems] == [
        f"s.yaml:{line}:35: policy.instalments.min_amount.TWD: minimum instalment 500 is above "
        "every open TWD balance (the largest is 499.99): no debtor in TWD could be offered "
        "instalments"
    ]
    assert [p.format("s.yaml") for p in checked.warnings] == [
        f"s.yaml:{line}:47: policy.instalments.min_amount.USD: some open USD balances are below "
        "the minimum instalment 25 (the smallest is 3); those debtors are offered payment in full"
    ]


def test_banned_wording_in_a_translation_and_configured_extra_phrases() -> None:
    edited = NEW_WORDING.replace("哪个方案最适合您？", "不还就曝光你。")
    found = problems(edited)
    assert found == [
        f"s.yaml:{line_of(edited, '不还就曝光')}:18: translations.zh_CN.choose_plan: "
        "threatening or harassing wording '曝光'"
    ]
    assert any(
        "'greeting': threatening or harassing wording 'the right person'" in p
        for p in problems(SOURCE, extra_banned=("the right person",))
    )


def test_a_missing_translation_and_mismatched_placeholders_are_errors() -> None:
    changed = SOURCE.replace(OLD_ASK, NEW_ASK)
    assert problems(changed) == [
        f"s.yaml:{line_of(changed, 'choose_plan:')}:16: prompt 'choose_plan' has no {loc} "
        "translation"
        for loc in ("zh_CN", "zh_TW")
    ]
    assert problems(changed, locales=("en", "zh_TW")) == [
        f"s.yaml:{line_of(changed, 'choose_plan:')}:16: prompt 'choose_plan' has no zh_TW "
        "translation"
    ]
    bad = NEW_WORDING.replace("每月300”。", "每月{amount}”。")
    assert problems(bad) == [
        f"s.yaml:{line_of(bad, '每月{amount}')}:18: translations.zh_CN.choose_plan: "
        "translation has unknown {amount}"
    ]


def test_dialogs_check_fails_when_an_enabled_locale_lacks_a_prompt(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SOURCE.replace(OLD_ASK, NEW_ASK), encoding="utf-8")
    result = CliRunner().invoke(cli, ["dialogs", "check", str(path)])
    assert result.exit_code == 1
    line = line_of(SOURCE, "choose_plan:")
    assert result.stdout.splitlines() == [
        f"{path}:{line}:16: prompt 'choose_plan' has no zh_CN translation",
        f"{path}:{line}:16: prompt 'choose_plan' has no zh_TW translation",
    ]
    path.write_text(NEW_WORDING, encoding="utf-8")
    ok = CliRunner().invoke(cli, ["dialogs", "check", str(path)])
    assert (ok.exit_code, ok.stdout) == (0, f"{path}: ok\n")


def test_extraction_finds_the_prompts_of_a_saved_version() -> None:
    found = {
        msgid: comments
        for _line, _f, msgid, comments in extract_dialog_prompts(
            io.BytesIO(NEW_WORDING.encode()), [], [], {}
        )
    }
    text = next(m for m in found if m.startswith("Which plan suits you best?"))
    assert found[text] == ["prompt: choose_plan"]
    keys = {c[0].removeprefix("prompt: ") for c in found.values()}
    assert keys == set(parse_script(NEW_WORDING).prompts)


def test_translation_edits_keep_comments_and_key_order() -> None:
    edited = with_translations(SOURCE, {"zh_CN": {"greeting": "您好！"}})
    assert edited.startswith(SOURCE.rstrip("\n"))  # everything else untouched
    assert edited.endswith("translations:\n  zh_CN:\n    greeting: 您好！\n")
    again = with_translations(edited, {"zh_CN": {"greeting": "您好", "verified": "谢谢"}})
    assert again.endswith("translations:\n  zh_CN:\n    greeting: 您好\n    verified: 谢谢\n")
    assert with_translations(again, {"zh_CN": {"greeting": None, "verified": ""}}) == SOURCE


def test_cli_import_export_versions_activate(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner(env={"REPAYBOT_DATABASE__URL": db_url})
    env_args = ["--config", str(tmp_path / "none.toml")]
    (tmp_path / "none.toml").write_text(
        f'[database]\nurl = "{db_url}"\n[security]\nkey_file = "{tmp_path / "k.json"}"\n'
    )
    first = runner.invoke(cli, ["dialogs", "import", "--activate", *env_args])
    assert first.exit_code == 0, first.output
    assert "saved as collections@1" in first.stdout and "collections@1 is active" in first.stdout
    again = runner.invoke(cli, ["dialogs", "import", *env_args])
    assert "unchanged, already collections@1" in again.stdout
    new = tmp_path / "new.yaml"
    new.write_text(NEW_WORDING, encoding="utf-8")
    saved = runner.invoke(cli, ["dialogs", "import", str(new), "--comment", "new ask", *env_args])
    assert "saved as collections@2" in saved.stdout
    listing = runner.invoke(cli, ["dialogs", "versions", *env_args]).stdout.splitlines()
    assert listing[0].startswith("  collections@2") and listing[0].endswith("new ask")
    assert listing[1].startswith("* collections@1")
    assert runner.invoke(cli, ["dialogs", "activate", "2", *env_args]).stdout == (
        "collections@2 is active\n"
    )
    out = tmp_path / "out.yaml"
    runner.invoke(cli, ["dialogs", "export", "-o", str(out), *env_args])
    assert out.read_text(encoding="utf-8") == NEW_WORDING
    v1 = runner.invoke(cli, ["dialogs", "export", "--version", "1", *env_args])
    assert v1.stdout == SOURCE
    missing = runner.invoke(cli, ["dialogs", "activate", "9", *env_args])
    assert missing.exit_code == 2 and "script 'collections' has no version 9" in missing.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(SOURCE.replace("Hello,", "Pay or go to jail. Hello,"), encoding="utf-8")
    refused = runner.invoke(cli, ["dialogs", "import", str(bad), *env_args])
    assert refused.exit_code == 1
    assert f"{bad}:{line_of(SOURCE, 'greeting:')}:13: prompt 'greeting': threatening" in (
        refused.stdout
    )
