"""How the delivery core decides: backoff per kind of failure, and which replies go together.

:class:`RetryPolicy` holds one :class:`Backoff` per kind of failure a channel
reports (``network``, ``server``, ``rate_limited``) and when to give up;
:func:`join_turns` joins a chat's consecutive replies of one turn into one
platform message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.messages import Outbound, Retry
from bot.store.outbox import Delivery

JOIN = "\n\n"
BLOCKED = -1.0  # a chat's "wait" when the debtor blocked the bot: drop the rest


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff: ``base * factor ** (attempt - 1)``, at most ``cap`` seconds."""

    base: float
    cap: float
    factor: float = 2.0

    def delay(self, attempts: int) -> float:
        """The wait before the next attempt after ``attempts`` attempts."""
        return min(self.cap, self.base * self.factor ** max(0, attempts - 1))


@dataclass(frozen=True)
class RetryPolicy:
    """One backoff per kind of failure and when to give up.

    Attributes:
        network: the platform could not be reached (timeouts, resets).
        server: the platform answered with a server error.
        rate_limited: a rate limit without a stated wait.
        max_attempts: attempts before an item is dead-lettered.
    """

    network: Backoff = Backoff(2.0, 300.0)
    server: Backoff = Backoff(10.0, 3600.0)
    rate_limited: Backoff = Backoff(1.0, 60.0)
    max_attempts: int = 10

    def delay(self, retry: Retry, attempts: int) -> float | None:
        """Seconds to wait before trying again, or None to give up."""
        if retry.after is not None and retry.kind == "rate_limited":
            return retry.after  # the platform said how long; that is not a failed attempt
        if attempts >= self.max_attempts:
            return None
        backoff = {"server": self.server, "rate_limited": self.rate_limited}.get(
            retry.kind, self.network
        )
        return backoff.delay(attempts)


@dataclass
class Metrics:
    """Counters of one delivery loop (``claimed``, ``sent``, ``messages``, ``retried``,
    ``dead_lettered``, ``gone``, ``blocked``, ``released``)."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, name: str, n: int = 1) -> None:
        """Count ``n`` more of ``name``."""
        self.counts[name] += n


@dataclass
class Group:
    """Items sent as one platform message."""

    items: list[Delivery]
    message: Outbound


def join_turns(items: Sequence[Delivery], max_text: int) -> list[Group]:
    """Join consecutive items of one chat and one turn into platform messages.

    A reply with buttons ends its message (the buttons go on the last part);
    an agent's messages and template messages are never joined; nothing is
    joined past ``max_text``.
    """
    groups: list[Group] = []
    current: list[Delivery] = []

    def close() -> None:
        if current:
            text = JOIN.join(d.text for d in current)
            last = current[-1]
            msg = Outbound(
                chat_id=last.chat_id,
                text=text,
                buttons=last.buttons,
                item_ids=tuple(d.id for d in current),
                attempts=max(d.attempts for d in current),
                template=last.template,
            )
            groups.append(Group(list(current), msg))
            current.clear()

    for item in items:
        if current:
            prev = current[-1]
            size = sum(len(d.text) for d in current) + len(JOIN) * len(current) + len(item.text)
            if (
                prev.buttons
                or prev.template is not None
                or item.template is not None
                or item.sender != "bot"
                or prev.sender != "bot"
                or item.in_reply_to_id != prev.in_reply_to_id
                or size > max_text
            ):
                close()
        current.append(item)
    close()
    return groups
