"""CLI: ``repaybot dialogs import|export|versions|activate|graph``.

Scripts live as versions in the database; these commands move them between
the database and files (for teams that keep scripts in git) and draw them.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from bot.commands.base import UserError, config_option, friendly_errors, get_app, get_settings
from bot.commands.chat import dialogs_group


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _read(path: Path) -> str:
    if not path.exists():
        raise UserError(f"{path}: file not found")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {exc}") from None


def _fail(ctx: click.Context, filename: str, exc: object) -> None:
    from bot.scripts.admin import VersionError

    assert isinstance(exc, VersionError)
    for problem in exc.problems:
        click.echo(problem.format(filename))
    click.echo(f"error: {exc}", err=True)
    ctx.exit(1)


@dialogs_group.command("import")
@click.argument("file", required=False)
@click.option("--comment", default="", help="Why this version exists (shown in the history).")
@click.option("--activate", is_flag=True, help="Also make it the active version.")
@config_option
@click.pass_context
@friendly_errors
def import_command(ctx: click.Context, file: str | None, comment: str, activate: bool) -> None:
    """Save a script file (default: the configured one) as a new version.

    The text is checked first (as `dialogs check` does); a file identical to an
    existing version is not saved twice.
    """
    from bot.scripts.admin import VersionError, VersionService
    from bot.scripts.script import ScriptError, parse_script

    path = Path(file) if file else Path(get_settings(ctx).dialog.script)
    source = _read(path)
    service = VersionService(get_app(ctx))
    try:
        same = service.find_same(source, parse_script(source, str(path)).name)
    except ScriptError:
        same = None
    try:
        if same is not None:
            info = same
            click.echo(f"{path}: unchanged, already {info.label}")
        else:
            info = service.create(source, actor=_actor(), comment=comment or f"imported {path}")
            click.echo(f"{path}: saved as {info.label}")
        if activate:
            info = service.activate(info.id, actor=_actor())
            click.echo(f"{info.label} is active")
    except VersionError as exc:
        _fail(ctx, str(path), exc)


@dialogs_group.command("export")
@click.option(
    "--version", "number", type=int, default=None, help="Version number (default: active)."
)
@click.option("--script", "name", default=None, help="Script name (default: the configured one).")
@click.option("-o", "--output", default=None, help="Write to this file instead of stdout.")
@config_option
@click.pass_context
@friendly_errors
def export_command(
    ctx: click.Context, number: int | None, name: str | None, output: str | None
) -> None:
    """Print a version's text exactly as it was saved (default: the active one)."""
    from bot.scripts.admin import VersionError, VersionService

    service = VersionService(get_app(ctx))
    try:
        if number is None:
            info = service.active(name or service.default_name())
            if info is None:
                raise UserError("no active version yet (use `repaybot dialogs import`)")
        else:
            info = service.by_number(number, name)
    except VersionError as exc:
        raise UserError(str(exc)) from None
    if output is None:
        click.echo(info.source, nl=False)
        return
    try:
        Path(output).write_text(info.source, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{output}: cannot write: {exc.strerror}") from None
    click.echo(f"{info.label} written to {output}", err=True)


@dialogs_group.command("versions")
@click.option("--script", "name", default=None, help="Only this script.")
@config_option
@click.pass_context
@friendly_errors
def versions_command(ctx: click.Context, name: str | None) -> None:
    """List saved versions, newest first; the active one is marked with *."""
    from bot.scripts.admin import VersionService

    rows = VersionService(get_app(ctx)).versions(name)
    if not rows:
        click.echo("no versions yet (use `repaybot dialogs import`)")
        return
    for v in rows:
        mark = "*" if v.active else " "
        when = v.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{mark} {v.label:<20} {when}  {v.created_by:<16} {v.comment}")


@dialogs_group.command("activate")
@click.argument("number", type=int)
@click.option("--script", "name", default=None, help="Script name (default: the configured one).")
@config_option
@click.pass_context
@friendly_errors
def activate_command(ctx: click.Context, number: int, name: str | None) -> None:
    """Make version NUMBER active for new conversations (also how to roll back)."""
    from bot.scripts.admin import VersionError, VersionService

    service = VersionService(get_app(ctx))
    try:
        info = service.by_number(number, name)
        info = service.activate(info.id, actor=_actor())
    except VersionError as exc:
        if exc.problems:
            _fail(ctx, f"version {number}", exc)
        raise UserError(str(exc)) from None
    click.echo(f"{info.label} is active")


@dialogs_group.command("graph")
@click.argument("file", required=False)
@click.option("-o", "--output", required=True, help="The SVG file to write.")
@config_option
@click.pass_context
@friendly_errors
def graph_command(ctx: click.Context, file: str | None, output: str) -> None:
    """Draw a script's states and transitions as SVG (default: the configured script)."""
    from bot.scripts.graph import GraphError, render_svg
    from bot.scripts.script import ScriptError, parse_script

    path = Path(file) if file else Path(get_settings(ctx).dialog.script)
    try:
        script = parse_script(_read(path), str(path))
    except ScriptError as exc:
        for problem in exc.problems:
            click.echo(problem.format(str(path)))
        ctx.exit(1)
    try:
        svg = render_svg(script)
    except GraphError as exc:
        raise UserError(str(exc)) from None
    try:
        Path(output).write_text(svg, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{output}: cannot write: {exc.strerror}") from None
    click.echo(f"{output}: {len(script.states)} states")
