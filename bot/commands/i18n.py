"""``repaybot i18n extract|update|compile``: the translation workflow (Babel).

* ``extract`` writes ``<locales_dir>/messages.pot`` from the dialog script's
  prompts, ``_()``/``gettext()`` calls in ``bot/`` and the Jinja2 templates
  under ``bot/web/templates/``.
* ``update`` merges the template into ``<locale>/LC_MESSAGES/messages.po`` of
  every enabled locale (creating missing ones): translations are kept, changed
  source texts are matched fuzzily and marked fuzzy, removed ones become obsolete.
* ``compile`` writes ``messages.mo`` next to each ``.po`` (the bot itself reads
  the ``.po``), after checking that translations keep their placeholders.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po

import bot
from bot import __version__
from bot.commands.base import UserError, cli, config_option, friendly_errors, get_settings
from bot.i18n import DOMAIN, placeholder_mismatch
from bot.i18n_extract import ScriptSyntaxError

PROMPT_METHOD = "bot.i18n_extract:extract_dialog_prompts"
SOURCE_METHODS = [
    ("**.py", "python"),
    ("web/templates/**.html", "jinja2.ext:babel_extract"),
]
SOURCE_OPTIONS = {"web/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
COMMENT_TAGS = ("TRANSLATORS:",)


def _shown(path: Path | str) -> str:
    """A path relative to the working directory when it lies inside it."""
    p = Path(path).absolute()
    try:
        return p.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(p)


def build_template(scripts: Iterable[Path], source_dir: Path | None) -> Catalog:
    """The message template: every script prompt, then the messages in ``source_dir``.

    Raises:
        UserError: for a script that is missing or not valid YAML.
    """
    catalog = Catalog(
        project="repaybot", version=__version__, copyright_holder="repaybot", fuzzy=False
    )
    catalog.creation_date = datetime.now(UTC)
    for script in scripts:
        if not script.is_file():
            raise UserError(f"{script}: dialog script not found")
        try:
            found = extract_from_file(PROMPT_METHOD, str(script))
            for line, message, comments, context in found:
                catalog.add(
                    message, None, [(_shown(script), line)], auto_comments=comments, context=context
                )
        except ScriptSyntaxError as exc:
            raise UserError(str(exc)) from None
    if source_dir is not None:
        found_in_dir = extract_from_dir(
            source_dir,
            SOURCE_METHODS,
            SOURCE_OPTIONS,
            keywords=DEFAULT_KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        )
        for filename, line, message, comments, context in found_in_dir:
            where = (Path(source_dir.name) / filename).as_posix()
            catalog.add(message, None, [(where, line)], auto_comments=comments, context=context)
    return catalog


def _read(path: Path, locale: str | None = None) -> Catalog:
    try:
        with path.open("rb") as fileobj:
            return read_po(fileobj, locale=locale, abort_invalid=True)
    except PoFileError as exc:
        raise UserError(f"{path}:{exc.lineno + 1}: {exc}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"{path}: cannot read catalog: {exc}") from None


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("wb") as fileobj:
        write_po(fileobj, catalog, width=100, include_previous=True)
    os.replace(tmp, path)


def _counts(catalog: Catalog) -> str:
    messages = [m for m in catalog if m.id]
    done = sum(1 for m in messages if m.string and not m.fuzzy and all(m.string))
    fuzzy = sum(1 for m in messages if m.fuzzy)
    return f"{done}/{len(messages)} translated, {fuzzy} fuzzy, {len(catalog.obsolete)} obsolete"


def mismatches(path: Path, catalog: Catalog) -> Iterator[str]:
    """``file:line: problem`` for translations whose placeholders differ from the source."""
    for message in catalog:
        if not (isinstance(message.id, str) and isinstance(message.string, str)):
            continue
        if message.id and message.string and not message.fuzzy:
            issue = placeholder_mismatch(message.id, message.string)
            if issue:
                yield f"{path}:{message.lineno}: {issue} in {message.id!r}"


@cli.group("i18n")
def i18n_group() -> None:
    """Translation catalogs: extract messages, update .po files, compile .mo files."""


def _locales(chosen: tuple[str, ...], enabled: list[str]) -> list[str]:
    unknown = [loc for loc in chosen if loc not in enabled]
    if unknown:
        raise UserError(f"locale {unknown[0]} is not enabled (enabled: {', '.join(enabled)})")
    return list(chosen) or list(enabled)


@i18n_group.command("extract")
@config_option
@click.option(
    "--script",
    "scripts",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Dialog script to take prompts from (repeatable; default: dialog.script).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Default: <locales>/messages.pot."
)
@click.option("--no-sources", is_flag=True, help="Only the dialog script prompts, not bot/.")
@click.pass_context
@friendly_errors
def extract(
    ctx: click.Context, scripts: tuple[str, ...], output: str | None, no_sources: bool
) -> None:
    """Write the message template from the dialog script prompts, Python code and templates."""
    settings = get_settings(ctx)
    paths = [Path(s) for s in scripts] or [Path(settings.dialog.script)]
    source_dir = None if no_sources else Path(bot.__file__).parent
    catalog = build_template(paths, source_dir)
    target = Path(output) if output else Path(settings.dialog.locales_dir) / f"{DOMAIN}.pot"
    _write(target, catalog)
    click.echo(f"{target}: {len(catalog)} messages")


@i18n_group.command("update")
@config_option
@click.option(
    "-i",
    "--input",
    "template",
    type=click.Path(dir_okay=False),
    help="Default: <locales>/messages.pot.",
)
@click.option("-l", "--locale", "chosen", multiple=True, help="Only this locale (repeatable).")
@click.option(
    "--no-fuzzy-matching", is_flag=True, help="Do not guess translations of changed texts."
)
@click.pass_context
@friendly_errors
def update(
    ctx: click.Context, template: str | None, chosen: tuple[str, ...], no_fuzzy_matching: bool
) -> None:
    """Merge the template into each enabled locale's messages.po, keeping translations."""
    settings = get_settings(ctx)
    root = Path(settings.dialog.locales_dir)
    pot = Path(template) if template else root / f"{DOMAIN}.pot"
    if not pot.is_file():
        raise UserError(f"{pot}: template not found; run `repaybot i18n extract` first")
    source = _read(pot)
    for locale in _locales(chosen, settings.dialog.enabled_locales):
        path = root / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            catalog = _read(path, locale)
            catalog.update(source, no_fuzzy_matching=no_fuzzy_matching, update_header_comment=False)
            action = "updated"
        else:
            catalog = _read(pot, locale)
            catalog.revision_date = datetime.now(UTC)
            catalog.fuzzy = False
            action = "created"
        _write(path, catalog)
        click.echo(f"{path}: {action}, {_counts(catalog)}")


@i18n_group.command("compile")
@config_option
@click.option("-l", "--locale", "chosen", multiple=True, help="Only this locale (repeatable).")
@click.pass_context
@friendly_errors
def compile_(ctx: click.Context, chosen: tuple[str, ...]) -> None:
    """Check each enabled locale's messages.po and write messages.mo (fuzzy entries left out)."""
    settings = get_settings(ctx)
    root = Path(settings.dialog.locales_dir)
    catalogs = []
    problems: list[str] = []
    for locale in _locales(chosen, settings.dialog.enabled_locales):
        path = root / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not path.is_file():
            raise UserError(f"{path}: catalog not found; run `repaybot i18n update` first")
        catalog = _read(path, locale)
        problems += mismatches(path, catalog)
        catalogs.append((path, catalog))
    if problems:
        for problem in problems[:-1]:
            click.echo(problem, err=True)
        raise UserError(problems[-1])
    for path, catalog in catalogs:
        target = path.with_suffix(".mo")
        with target.open("wb") as fileobj:
            write_mo(fileobj, catalog, use_fuzzy=False)
        click.echo(f"{target}: {_counts(catalog)}")
