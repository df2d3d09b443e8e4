"""Extracting dialog-script prompts, and the ``repaybot i18n`` workflow."""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

import bot.commands.i18n  # noqa: F401  (registers the commands)
from bot.commands import cli
from bot.commands.i18n import build_template
from bot.i18n import Catalogs
from bot.i18n_extract import extract_dialog_prompts, load_yaml, prompts_with_lines

SCRIPT = """\
script: sample
states:
  start: {say: [greeting]}
prompts:
  greeting: "Hello, I'm the repayment assistant."
  balance_summary: "You owe {total} to {creditor}, due {due_date}."
  # a comment line does not shift the numbers
  confirm_schedule: |
    Here is the plan:
    {schedule}
  folded: >-
    A long line
    folded into one.
  empty: ""
  not_text: 3
"""

EXPECTED = [
    (5, "Hello, I'm the repayment assistant.", ["prompt: greeting"]),
    (
        6,
        "You owe {total} to {creditor}, due {due_date}.",
        ["prompt: balance_summary", "placeholders: {total}, {creditor}, {due_date}"],
    ),
    (
        8,
        "Here is the plan:\n{schedule}\n",
        ["prompt: confirm_schedule", "placeholders: {schedule}"],
    ),
    (11, "A long line folded into one.", ["prompt: folded"]),
]


def test_extractor_yields_every_prompt_with_key_and_line() -> None:
    found = [
        (line, message, comments)
        for line, message, comments, _ctx in extract(
            extract_dialog_prompts, BytesIO(SCRIPT.encode())
        )
    ]
    assert found == EXPECTED


def test_extractor_ignores_scripts_without_prompts() -> None:
    assert list(extract(extract_dialog_prompts, BytesIO(b"script: x\n"))) == []
    assert list(extract(extract_dialog_prompts, BytesIO(b"- a list\n"))) == []


def test_default_script_prompts_are_all_extracted() -> None:
    path = Path(__file__).parents[1] / "dialogs" / "collections.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"), str(path))
    expected = [(line, text) for _key, line, text in prompts_with_lines(data)]
    assert expected, "the default script has prompts"
    with path.open("rb") as fileobj:
        found = [(m[0], m[1]) for m in extract(extract_dialog_prompts, fileobj)]
    assert found == expected


def run(args: list[str], config: Path) -> Result:
    return CliRunner().invoke(cli, [*args, "--config", str(config)])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dialogs").mkdir()
    (tmp_path / "dialogs" / "collections.yaml").write_text(SCRIPT, encoding="utf-8")
    (tmp_path / "config.toml").write_text(
        '[dialog]\nscript = "dialogs/collections.yaml"\nlocales_dir = "locales"\n'
        'enabled_locales = ["en", "zh_CN", "zh_TW"]\n',
        encoding="utf-8",
    )
    return tmp_path


def test_extract_writes_the_template_with_locations_and_keys(project: Path) -> None:
    result = run(["i18n", "extract"], project / "config.toml")
    assert result.exit_code == 0, result.output
    pot = (project / "locales" / "messages.pot").read_text(encoding="utf-8")
    assert (
        "#. prompt: balance_summary\n"
        "#. placeholders: {total}, {creditor}, {due_date}\n"
        "#: dialogs/collections.yaml:6\n"
        "#, python-brace-format\n"
        'msgid "You owe {total} to {creditor}, due {due_date}."\n'
    ) in pot
    with (project / "locales" / "messages.pot").open("rb") as fileobj:
        template = read_po(fileobj)
    ids = [m.id for m in template if m.id]
    assert ids[:4] == [text for _line, text, _c in EXPECTED]


def test_extract_reads_python_and_templates(tmp_path: Path) -> None:
    source = tmp_path / "bot"
    (source / "web" / "templates").mkdir(parents=True)
    (source / "mod.py").write_text(
        "from gettext import gettext as _\n\n"
        "# TRANSLATORS: a button\n"
        "LABEL = _('Talk to a person')\n",
        encoding="utf-8",
    )
    (source / "web" / "templates" / "page.html").write_text(
        "<h1>{{ _('Open chats') }}</h1>\n{% trans %}Hello{% endtrans %}\n", encoding="utf-8"
    )
    script = tmp_path / "script.yaml"
    script.write_text(SCRIPT, encoding="utf-8")
    catalog = build_template([script], source)
    found = {m.id: (m.locations, m.auto_comments) for m in catalog if m.id}
    assert found["Talk to a person"] == ([("bot/mod.py", 4)], ["a button"])
    assert found["Open chats"] == ([("bot/web/templates/page.html", 1)], [])
    assert found["Hello"][0] == [("bot/web/templates/page.html", 2)]


PO_BEFORE = """\
msgid ""
msgstr ""
"Language: zh_CN\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Hello, I'm the repayment assistant."
msgstr "您好，我是还款助手。"

msgid "You owe {total} to {creditor}, due on {due_date}."
msgstr "您欠{creditor}{total}，到期日为{due_date}。"
"""


def test_update_keeps_translations_and_marks_changed_text_fuzzy(project: Path) -> None:
    po = project / "locales" / "zh_CN" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO_BEFORE, encoding="utf-8")
    assert run(["i18n", "extract", "--no-sources"], project / "config.toml").exit_code == 0
    result = run(["i18n", "update"], project / "config.toml")
    assert result.exit_code == 0, result.output
    assert (
        "locales/zh_CN/LC_MESSAGES/messages.po: updated, 1/4 translated, 1 fuzzy" in result.output
    )
    assert "locales/zh_TW/LC_MESSAGES/messages.po: created, 0/4 translated" in result.output
    with po.open("rb") as fileobj:
        catalog = read_po(fileobj)
    kept = catalog.get("Hello, I'm the repayment assistant.")
    assert (kept.string, kept.fuzzy) == ("您好，我是还款助手。", False)
    changed = catalog.get("You owe {total} to {creditor}, due {due_date}.")
    assert (changed.string, changed.fuzzy) == ("您欠{creditor}{total}，到期日为{due_date}。", True)
    catalogs = Catalogs(project / "locales")
    assert (
        catalogs.gettext("zh_CN", "Hello, I'm the repayment assistant.") == "您好，我是还款助手。"
    )
    assert catalogs.gettext("zh_CN", changed.id) == changed.id  # fuzzy: source text
    assert (project / "locales" / "en" / "LC_MESSAGES" / "messages.po").is_file()


def test_compile_writes_mo_files(project: Path) -> None:
    po = project / "locales" / "zh_CN" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO_BEFORE, encoding="utf-8")
    result = run(["i18n", "compile", "--locale", "zh_CN"], project / "config.toml")
    assert result.exit_code == 0, result.output
    with po.with_suffix(".mo").open("rb") as fileobj:
        translations = gettext.GNUTranslations(fileobj)
    assert translations.gettext("Hello, I'm the repayment assistant.") == "您好，我是还款助手。"


def test_compile_rejects_a_translation_with_other_placeholders(project: Path) -> None:
    po = project / "locales" / "zh_CN" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO_BEFORE.replace("{due_date}。", "{date}。"), encoding="utf-8")
    result = run(["i18n", "compile", "--locale", "zh_CN"], project / "config.toml")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: {po}:9: translation lacks {{due_date}} and has "
        "unknown {date} in 'You owe {total} to {creditor}, due on {due_date}.'"
    ]
    assert not po.with_suffix(".mo").exists()


@pytest.mark.parametrize(
    ("args", "script", "message"),
    [
        (
            ["i18n", "extract", "--script", "nope.yaml"],
            None,
            "Error: nope.yaml: dialog script not found",
        ),
        (
            ["i18n", "extract"],
            "prompts:\n  a: [unclosed\n",
            "Error: {project}/dialogs/collections.yaml:3:1: ",
        ),
        (["i18n", "update"], None, "Error: {project}/locales/messages.pot: template not found"),
        (
            ["i18n", "compile"],
            None,
            "Error: {project}/locales/en/LC_MESSAGES/messages.po: catalog not found",
        ),
        (["i18n", "update", "-l", "fr"], None, "Error: locale fr is not enabled"),
    ],
)
def test_mistakes_are_one_line_errors(
    project: Path, args: list[str], script: str | None, message: str
) -> None:
    if script is not None:
        (project / "dialogs" / "collections.yaml").write_text(script, encoding="utf-8")
    if args[1] == "update" and "-l" in args:
        run(["i18n", "extract", "--no-sources"], project / "config.toml")
    result = run(args, project / "config.toml")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(message.replace("{project}", str(project)))
