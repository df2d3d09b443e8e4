"""The population of a report and the breakdowns (``--by``) as SQL expressions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, String, and_, cast, literal
from sqlalchemy.sql import expression as sx

from bot.analytics.metrics import BALANCE_BUCKETS, DIMENSIONS, DPD_BUCKETS, bucket_label
from bot.analytics.sql import SCALE, bucket, days_between, minor_units, period_start
from bot.store.models import Account, Conversation, ScriptVersion

#: The group name used when no breakdown is asked for.
ALL = "all"

AnySelect = Select[*tuple[Any, ...]]
_S = TypeVar("_S", bound=AnySelect)


@dataclass(frozen=True)
class Period:
    """``[since, until)`` in UTC; ``as_of`` is when "due" and "now" are judged."""

    since: datetime | None
    until: datetime | None
    as_of: datetime
    arms: tuple[int, ...] = ()

    def where(self) -> list[ColumnElement[bool]]:
        """Conditions on :class:`Conversation` that put it in the period."""
        conds: list[ColumnElement[bool]] = [Conversation.account_id.is_not(None)]
        if self.arms:
            conds.append(Conversation.experiment_arm_id.in_(self.arms))
        if self.since is not None:
            conds.append(Conversation.started_at >= self.since)
        if self.until is not None:
            conds.append(Conversation.started_at < self.until)
        return conds

    @property
    def end(self) -> datetime:
        """The end of the period, or ``as_of`` when it is open or still running."""
        return min(self.until, self.as_of) if self.until is not None else self.as_of


def _buckets(value: ColumnElement[Any], bounds: tuple[int, ...], scale: int = 1) -> Any:
    labels = ["negative", *(bucket_label(bounds, i) for i in range(len(bounds)))]
    return bucket(value, [b * scale for b in bounds], labels)


def group_expr(by: str | None) -> ColumnElement[str]:
    """The text each row is grouped by (``"all"`` without a breakdown).

    Queries using it select from :class:`Conversation` joined to :class:`Account`;
    ``version`` also needs :func:`with_version`.
    """
    if by is None:
        return literal(ALL, String)
    if by == "arm":  # experiments: the arm's id
        return cast(Conversation.experiment_arm_id, String)
    if by not in DIMENSIONS:
        raise ValueError(f"unknown breakdown {by!r}; use one of {', '.join(DIMENSIONS)}")
    if by == "version":
        label = ScriptVersion.name + literal("@") + cast(ScriptVersion.version, String)
        return sx.func.coalesce(label, literal("unknown"))
    if by == "creditor":
        return Account.creditor.expression
    if by == "language":
        return Conversation.locale.expression
    if by == "channel":
        return Conversation.platform.expression
    if by == "dpd":
        return _buckets(days_between(Account.due_date, Conversation.started_at), DPD_BUCKETS)  # type: ignore[no-any-return]
    if by == "balance":
        total = (
            minor_units(Account.principal)
            + minor_units(Account.interest)
            + minor_units(Account.fees)
        )
        return _buckets(total, BALANCE_BUCKETS, SCALE)  # type: ignore[no-any-return]
    return period_start(Conversation.started_at.expression, by)


def with_version(q: _S, by: str | None) -> _S:
    """Join the script version when the breakdown needs it."""
    if by != "version":
        return q
    return q.outerjoin(ScriptVersion, ScriptVersion.id == Conversation.script_version_id)


#: Breakdowns read from the account (the others from the conversation and its version).
ACCOUNT_DIMENSIONS = ("creditor", "dpd", "balance")


def in_period(q: _S, period: Period, by: str | None) -> _S:
    """Keep conversations of the period; join the account (or version) when ``by`` needs it.

    Every conversation of the period has an account (``account_id`` is a foreign
    key and the period keeps only bound conversations), so the join only adds
    the account's columns.
    """
    if by in ACCOUNT_DIMENSIONS:
        q = q.join(Account, Account.id == Conversation.account_id)
    return with_version(q, by).where(and_(*period.where()))
