"""Experiments on script versions: start, sticky assignment, stop, finish.

An admin compares two or more saved versions of one dialog script, or named
variants of its prompts (``choose_plan@firm`` is said for ``choose_plan`` to
the accounts of an arm that names ``firm``), each with a share of the new
conversations. An account always gets the same arm of an
experiment: the arm is picked from a SHA-256 hash of the experiment id and the
account id, so every worker agrees without shared state. The arm is recorded on
the conversation and audited. Compliance rules live in the engine, not in the
script, so no arm can change them.

At most one experiment runs at a time. An arm stopped (by the safety rule or an
admin) no longer takes conversations: its accounts get the control (first) arm's
version and are not counted in the results.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.analytics.stats import sample_size_per_arm
from bot.store import audit
from bot.store import experiments as experiment_rows
from bot.store.models import Conversation, Experiment, ExperimentArm, ScriptVersion

RUNNING = "running"
FINISHED = "finished"
ACTIVE = "active"
STOPPED = "stopped"


class ExperimentError(ValueError):
    """A request an admin can correct; the message says what to change."""


@dataclass(frozen=True)
class ArmSpec:
    """An arm to start: a name, a script version label (``name@version``), a share.

    ``variant`` names a variant of the version's prompts (None: the prompts as they are).
    """

    name: str
    version: str
    share: int
    variant: str | None = None


def bucket(experiment_id: int, account_id: int, total: int) -> int:
    """The account's sticky position in ``[0, total)`` for this experiment."""
    digest = hashlib.sha256(f"{experiment_id}:{account_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % total


def _version(session: Session, label: str) -> ScriptVersion:
    name, _, number = label.rpartition("@")
    if not name or not number.isdigit():
        raise ExperimentError(f"arm version {label!r}: expected name@version, e.g. collections@2")
    row = session.scalars(
        select(ScriptVersion).where(
            ScriptVersion.name == name, ScriptVersion.version == int(number)
        )
    ).first()
    if row is None:
        raise ExperimentError(f"arm version {label!r}: no such saved script version")
    return row


def start(
    session: Session,
    name: str,
    arms: list[ArmSpec],
    *,
    baseline: Decimal,
    min_effect: Decimal,
    alpha: Decimal = Decimal("0.05"),
    power: Decimal = Decimal("0.8"),
    actor: str,
    now: datetime,
    variants_of: Callable[[ScriptVersion], set[str]] | None = None,
) -> Experiment:
    """Start an experiment (audited); the first arm is the control.

    Args:
        variants_of: the prompt variants a saved version has (needed when an
            arm names a variant).

    Raises:
        ExperimentError: fewer than two arms, a bad share, version or variant,
            versions of different scripts, two arms alike, a repeated name, or
            one already running.
    """
    if len(arms) < 2:
        raise ExperimentError("an experiment needs at least two arms")
    if any(a.share <= 0 for a in arms):
        raise ExperimentError("every arm needs a share above 0")
    if len({a.name for a in arms}) != len(arms):
        raise ExperimentError("arm names must differ")
    if session.scalar(select(Experiment.id).where(Experiment.status == RUNNING)) is not None:
        raise ExperimentError("an experiment is already running; finish it first")
    if session.scalar(select(Experiment.id).where(Experiment.name == name)) is not None:
        raise ExperimentError(f"an experiment named {name!r} exists already")
    versions = [_version(session, a.version) for a in arms]
    if len({v.name for v in versions}) != 1:
        raise ExperimentError("all arms must be versions of the same script")
    if len({(v.id, a.variant) for a, v in zip(arms, versions, strict=True)}) != len(arms):
        raise ExperimentError("two arms have the same version and variant")
    for a, v in zip(arms, versions, strict=True):
        if a.variant is not None and (variants_of is None or a.variant not in variants_of(v)):
            raise ExperimentError(
                f"arm {a.name}: {a.version} has no prompt variant {a.variant!r} "
                f"(prompts named like choose_plan@{a.variant})"
            )
    try:
        size = sample_size_per_arm(float(baseline), float(min_effect), float(alpha), float(power))
    except ValueError as exc:
        raise ExperimentError(str(exc)) from None
    exp = Experiment(
        name=name,
        status=RUNNING,
        baseline=baseline,
        min_effect=min_effect,
        alpha=alpha,
        power=power,
        sample_size=size,
        started_by=actor,
        started_at=now,
    )
    exp.arms = [
        ExperimentArm(
            position=i,
            name=a.name,
            script_version_id=v.id,
            variant=a.variant,
            share=a.share,
            status=ACTIVE,
        )
        for i, (a, v) in enumerate(zip(arms, versions, strict=True))
    ]
    experiment_rows.add_experiment(session, exp)
    audit.record(
        session,
        actor=actor,
        action="experiment.start",
        details={
            "experiment": name,
            "arms": [
                {"name": a.name, "version": a.version, "variant": a.variant, "share": a.share}
                for a in arms
            ],
            "sample_size_per_arm": size,
        },
        now=now,
    )
    return exp


def running(session: Session) -> Experiment | None:
    """The running experiment, if any."""
    return session.scalars(select(Experiment).where(Experiment.status == RUNNING)).first()


def pick_arm(exp: Experiment, account_id: int) -> ExperimentArm | None:
    """The account's arm, or ``None`` when it falls in a stopped arm."""
    total = sum(a.share for a in exp.arms)
    at = bucket(exp.id, account_id, total)
    for arm in exp.arms:
        if at < arm.share:
            return arm if arm.status == ACTIVE else None
        at -= arm.share
    return None  # pragma: no cover - the shares add up to total


def assign(session: Session, conv: Conversation, now: datetime) -> int | None:
    """Put a new conversation in the running experiment; the script version id to use.

    Returns ``None`` (use the active version) when nothing runs, the account
    is not known yet, or the account falls in a stopped arm (it then gets the
    control's version, unrecorded).
    """
    if conv.account_id is None:
        return None
    exp = running(session)
    if exp is None:
        return None
    arm = pick_arm(exp, conv.account_id)
    if arm is None:
        return exp.arms[0].script_version_id
    conv.experiment_arm_id = arm.id
    audit.record(
        session,
        actor="system",
        action="experiment.assign",
        account_id=conv.account_id,
        details={"experiment": exp.name, "arm": arm.name},
        now=now,
    )
    return arm.script_version_id


def arm_variant(session: Session, arm_id: int) -> str | None:
    """The prompt variant experiment arm ``arm_id`` names, if any."""
    return session.scalar(select(ExperimentArm.variant).where(ExperimentArm.id == arm_id))


def stop_arm(
    session: Session, arm: ExperimentArm, reason: str, *, actor: str, now: datetime
) -> None:
    """Stop one arm (audited): it takes no more conversations."""
    arm.status = STOPPED
    arm.stopped_reason = reason
    arm.stopped_at = now
    audit.record(
        session,
        actor=actor,
        action="experiment.arm_stopped",
        details={"experiment_id": arm.experiment_id, "arm": arm.name, "reason": reason},
        now=now,
    )


def finish(session: Session, exp: Experiment, *, actor: str, now: datetime) -> None:
    """End the experiment (audited): new conversations take the active version again."""
    exp.status = FINISHED
    exp.finished_at = now
    audit.record(
        session,
        actor=actor,
        action="experiment.finish",
        details={"experiment": exp.name},
        now=now,
    )
