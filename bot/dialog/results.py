"""What the dialog engine returns and the small rules around a message it takes in."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.messages import Incoming, Reply
from bot.store import conversations as store
from bot.store.outbox import Delivery

__all__ = ["UNFOLLOWED", "EngineError", "Passive", "Turn", "clean", "stored_turn"]

UNFOLLOWED = "the debtor unfollowed; the platform cannot deliver messages to them"
# How many leading replies a synchronous answer (a passive WeChat reply) takes;
# if none fits whole, the first one's text may be cut: (head, tail).
Passive = Callable[[Sequence[Reply]], tuple[int, tuple[str, str] | None]]


class EngineError(Exception):
    """A request the engine cannot carry out (unknown conversation, unverified debtor)."""


@dataclass(frozen=True)
class Turn:
    """What one call to the engine produced.

    Attributes:
        replies: what the debtor is sent, in order.
        outbox_ids: the outbox items holding those replies.
        conversation_id: the conversation the message belongs to.
        duplicate: True when the message was seen before (replies are the stored ones).
        passive: the replies given to the synchronous answer (stored as sent), in order.
        passive_ids: their outbox items.
        promised: the outbox items of the replies that told a debtor not yet
            verified that a person will answer.
        refused: what to tell that debtor instead if the hand-over is refused
            (see :func:`bot.console.lanes.refuse_handoff`).
        leased: the replies claimed in the turn's transaction for the caller's
            delivery core to send (``process(lease_seconds=...)``).
    """

    replies: tuple[Reply, ...]
    outbox_ids: tuple[int, ...]
    conversation_id: int | None
    duplicate: bool = False
    passive: tuple[Reply, ...] = ()
    passive_ids: tuple[int, ...] = ()
    promised: tuple[int, ...] = ()
    refused: str = ""
    leased: tuple[Delivery, ...] = ()


def clean(incoming: Incoming) -> Incoming:
    """Drop NUL and the other control characters (C0 but newline and tab, and DEL).

    PostgreSQL cannot store NUL in text, and none of them means anything to
    understanding; this runs before anything is stored or understood.
    """
    text = incoming.text
    if text and _CONTROL.search(text):
        return dataclasses.replace(incoming, text=_CONTROL.sub("", text))
    return incoming


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def stored_turn(s: Session, inbound_id: int) -> Turn:
    """The replies stored the first time message ``inbound_id`` was handled.

    For a retried or duplicated synchronous request: exactly the replies the
    first answer carried (none if it came too late), so that whichever answer
    the platform takes, each reply reaches the debtor once; the rest go by
    message.
    """
    conversation_id, rows = store.stored_replies(s, inbound_id)
    given = [r for r in rows if r.passive and r.item_id is not None]
    return Turn(
        tuple(r.reply for r in rows),
        tuple(r.item_id for r in rows if r.item_id),
        conversation_id,
        duplicate=True,
        passive=tuple(r.reply for r in given),
        passive_ids=tuple(r.item_id for r in given if r.item_id),
    )
