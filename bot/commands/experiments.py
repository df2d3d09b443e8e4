"""``repaybot experiments``: compare script versions (or prompt variants) on live traffic."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

import click
from sqlalchemy import select

from bot.analytics import experiments as exps
from bot.analytics.results import arm_of, results, safety_check
from bot.commands.base import UserError, cli, config_option, friendly_errors, get_app
from bot.store.models import Experiment


def _arm(value: str) -> exps.ArmSpec:
    name, eq, rest = value.partition("=")
    label, colon, share = rest.rpartition(":")
    version, slash, variant = label.partition("/")
    if not eq or not colon or not name or not share.isdigit() or (slash and not variant):
        raise UserError(
            f"--arm {value!r}: expected NAME=SCRIPT@VERSION[/VARIANT]:SHARE, "
            "e.g. b=collections@2:50 or b=collections@2/firm:50"
        )
    return exps.ArmSpec(name, version, int(share), variant or None)


def _decimal(value: str, option: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise UserError(f"{option} {value!r}: expected a number like 0.05") from None


@cli.group()
def experiments() -> None:
    """Experiments between saved script versions (sticky per account)."""


@experiments.command("start")
@click.argument("name")
@click.option(
    "--arm",
    "arms",
    multiple=True,
    required=True,
    help="NAME=SCRIPT@VERSION[/VARIANT]:SHARE; the first is the control. Twice or more.",
)
@click.option("--baseline", required=True, help="The control's expected agreement rate, e.g. 0.20.")
@click.option("--min-effect", required=True, help="Smallest lift worth finding, e.g. 0.05.")
@click.option("--alpha", default="0.05", show_default=True, help="Significance level.")
@click.option("--power", default="0.8", show_default=True, help="Chance to find the lift.")
@config_option
@click.pass_context
@friendly_errors
def start(
    ctx: click.Context, name: str, arms: tuple[str, ...], baseline: str, min_effect: str,
    alpha: str, power: str,
) -> None:  # fmt: skip
    """Start an experiment; prints the sample size each arm needs before a verdict."""
    app = get_app(ctx)
    specs = [_arm(a) for a in arms]
    try:
        with app.db.session() as s:
            exp = exps.start(
                s, name, specs,
                baseline=_decimal(baseline, "--baseline"),
                min_effect=_decimal(min_effect, "--min-effect"),
                alpha=_decimal(alpha, "--alpha"), power=_decimal(power, "--power"),
                actor="cli", now=app.clock(),
                variants_of=lambda v: app.engine.scripts.get(v.id, s).machine.script.variants(),
            )  # fmt: skip
            size = exp.sample_size
            s.flush()
    except exps.ExperimentError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"experiment {name} started: {size} contacted accounts per arm before a verdict")


def _find(s: object, name: str) -> Experiment:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    exp = s.scalars(select(Experiment).where(Experiment.name == name)).first()
    if exp is None:
        raise UserError(f"no experiment named {name!r}")
    return exp


@experiments.command("results")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@config_option
@click.pass_context
@friendly_errors
def show_results(ctx: click.Context, name: str, fmt: str) -> None:
    """Per-arm rates with intervals, tests against the control, and the verdict."""
    app = get_app(ctx)
    with app.db.session() as s:
        exp = _find(s, name)
        for notice in safety_check(s, exp, app.clock()):
            click.echo(notice, err=True)
        s.flush()
        res = results(s, exp, app.clock())
    if fmt == "json":
        click.echo(json.dumps(res.as_json(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{res.experiment}: {res.verdict}")
    for arm in res.arms:
        click.echo(f"  {arm.name} ({arm.status}): {arm.accounts} accounts, "
                   f"{arm.conversations} conversations")  # fmt: skip
        for r in arm.rates.values():
            rate = "–" if r.rate is None else f"{r.rate:.1%}"
            line = f"    {r.name}: {rate} [{r.low:.1%}, {r.high:.1%}]"
            if r.versus_control is not None:
                vs = r.versus_control
                line += (f"; vs control {vs.diff:+.1%} [{vs.low:+.1%}, {vs.high:+.1%}], "
                         f"p = {vs.p_value:.4f} ({vs.test})")  # fmt: skip
            click.echo(line)
        for cur, amt in arm.collected.items():
            shown = amt.as_json()
            line = f"    collected per contacted account: {cur} {shown['mean']}"
            if shown["versus_control"] is not None:
                vs_json = shown["versus_control"]
                line += (f"; vs control {vs_json['difference']} "
                         f"[{vs_json['interval'][0]}, {vs_json['interval'][1]}], "
                         f"p = {vs_json['p_value']:.4f} ({vs_json['test']})")  # fmt: skip
            click.echo(line)


@experiments.command("check")
@config_option
@click.pass_context
@friendly_errors
def check(ctx: click.Context) -> None:
    """Apply the safety rule to the running experiment (run it from cron)."""
    app = get_app(ctx)
    with app.db.session() as s:
        exp = exps.running(s)
        notices = safety_check(s, exp, app.clock()) if exp is not None else []
        s.flush()
    for notice in notices:
        click.echo(notice)
    if not notices:
        click.echo("no arm stopped")


@experiments.command("stop-arm")
@click.argument("name")
@click.argument("arm")
@click.option("--reason", required=True, help="Why (kept in the audit log).")
@config_option
@click.pass_context
@friendly_errors
def stop(ctx: click.Context, name: str, arm: str, reason: str) -> None:
    """Stop one arm: its accounts get the control's version from now on."""
    app = get_app(ctx)
    with app.db.session() as s:
        exp = _find(s, name)
        try:
            found = arm_of(exp, arm)
        except KeyError:
            raise UserError(f"experiment {name} has no arm {arm!r}") from None
        exps.stop_arm(s, found, reason, actor="cli", now=app.clock())
        s.flush()
    click.echo(f"arm {arm} of {name} stopped")


@experiments.command("finish")
@click.argument("name")
@config_option
@click.pass_context
@friendly_errors
def finish(ctx: click.Context, name: str) -> None:
    """End the experiment: new conversations take the active version again."""
    app = get_app(ctx)
    with app.db.session() as s:
        exps.finish(s, _find(s, name), actor="cli", now=app.clock())
        s.flush()
    click.echo(f"experiment {name} finished")
