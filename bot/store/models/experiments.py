"""Experiments on wording and the arms a conversation is assigned to."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.models.base import Base

# -- analytics: experiments on script versions ----------------------------------


class Experiment(Base):
    """A comparison of script versions on a share of new conversations.

    The sample size per arm is fixed when it starts (from the baseline rate and
    the smallest lift worth finding), so nobody stops it early on a lucky look.
    ``status``: running → finished (by an admin).
    """

    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="running")
    baseline: Mapped[Decimal]
    min_effect: Mapped[Decimal]
    alpha: Mapped[Decimal]
    power: Mapped[Decimal]
    sample_size: Mapped[int] = mapped_column(Integer)
    started_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]

    arms: Mapped[list[ExperimentArm]] = relationship(order_by="ExperimentArm.position")


class ExperimentArm(Base):
    """One arm: a script version and its share of the traffic (the first is the control).

    ``status``: active, or stopped (by the safety rule or an admin; its
    accounts then get the control version and are no longer counted).
    """

    __tablename__ = "experiment_arms"
    __table_args__ = (UniqueConstraint("experiment_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(32))
    script_version_id: Mapped[int] = mapped_column(ForeignKey("script_versions.id"))
    # A named variant of the version's prompts ("choose_plan@firm" is said for
    # "choose_plan"); None: the prompts as they are.
    variant: Mapped[str | None] = mapped_column(String(32))
    share: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")
    stopped_reason: Mapped[str | None] = mapped_column(Text)
    stopped_at: Mapped[datetime | None]
