"""What a reminder is about and what a reminder run did: the reminder kinds, the
:class:`Notice` a composer puts into words, :class:`RunResult`, and the debtor's
local time a reminder is sent at."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.messages import Button
from bot.store.models import Account, Agreement, Conversation, Instalment

BEFORE_DUE = "before_due"
DUE = "due"
FOLLOW_UP = "missed"
KINDS = (BEFORE_DUE, DUE, FOLLOW_UP)
# A WeChat template message's fields when ``collection.wechat_template_fields`` is empty.
DEFAULT_TEMPLATE_FIELDS = {"first": "{text}", "keyword1": "{amount}", "keyword2": "{due_date}"}


@dataclass(frozen=True)
class Notice:
    """What one reminder is about, for the composer to put into words.

    Attributes:
        kind: before_due, due, missed, or broken (two misses in a row).
        account: The debtor's account.
        agreement: The plan.
        instalment: The instalment it is about.
        conversation: Where it goes.
        can_move: Whether the follow-up may offer to move the instalment to the end.
    """

    kind: str
    account: Account
    agreement: Agreement
    instalment: Instalment
    conversation: Conversation
    can_move: bool = False


class Composer(Protocol):
    """Turns a :class:`Notice` into the message text and buttons (in the debtor's language)."""

    def __call__(
        self, notice: Notice, now: datetime, session: Session
    ) -> tuple[str, tuple[Button, ...]]: ...


@dataclass
class RunResult:
    """What one run did (counts of reminders)."""

    planned: int = 0
    queued: int = 0
    held: int = 0
    skipped: int = 0
    broken: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line for the terminal and the log."""
        return (
            f"planned {self.planned}, queued {self.queued} ({self.held} held for the contact "
            f"window), skipped {self.skipped}, broken plans {self.broken}"
        )


def zone_of(tz: str | None) -> ZoneInfo:
    """The time zone ``tz`` (UTC when unknown or empty)."""
    try:
        return ZoneInfo(tz or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def local_moment(day: date, at: time, tz: str) -> datetime:
    """``day`` at ``at`` in the time zone ``tz`` (UTC when unknown), as an aware datetime."""
    return datetime.combine(day, at, tzinfo=zone_of(tz))
