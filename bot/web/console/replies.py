"""What an agent writes in the console: replies to the debtor and internal notes.

A reply goes through the outbox on the channel the debtor last used; one whose
wording may read as a threat or harassment is held, and so is one to a debtor who
said STOP on that channel. Notes are never shown to the debtor. Both need the
claim, and both are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.compliance.outbound import active_opt_out
from bot.compliance.outbound_rules import is_started
from bot.compliance.phrases import find_banned
from bot.config import ComplianceSettings
from bot.outbox import enqueue
from bot.store import events as event_rows
from bot.store.db import Database
from bot.store.destinations import last_used
from bot.store.replies import HELD
from bot.web.console.auth import Principal
from bot.web.console.service import audit, open_conversation, require_claim
from bot.web.console.words import N_, STOPPED, ConsoleError

MAX_REPLY_LENGTH = 4000
# An agent reply after the debtor has been silent this long is a message nobody
# is waiting for: compliance rules for initiated contact apply to it.
INITIATED_AFTER = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Sent:
    """Where an agent's reply went."""

    message_id: int
    conversation_id: int
    platform: str
    held_until: datetime | None = None


def reply(
    db: Database,
    principal: Principal,
    conversation_id: int,
    text: str,
    now: datetime,
    compliance: ComplianceSettings | None = None,
) -> Sent:
    """Send ``text`` to the debtor through the outbox, on the channel they last used.

    That is this conversation's channel, unless the debtor has since written in
    another conversation of the same account on a channel that still works (an
    SMS after an email thread): the reply then goes there, and is stored in
    that conversation.

    A reply with threatening or harassing wording (the banned-phrase list plus
    ``[compliance] extra_banned_phrases``) is held: nothing is sent, the agent is
    told which words to change, and the hold is audited.

    A reply sent outside the hours we may contact the debtor (their profile's
    window, in their own time) waits for those hours, unless the debtor wrote in
    the last 15 minutes: a debtor writing now is answered now.

    Returns:
        The stored message, the conversation and channel it went in, and when a
        held reply goes out.

    Raises:
        ConsoleError: the text is empty, too long or held for its tone, the
            debtor has opted out (STOP) on this channel, or the claim is missing.
    """
    compliance = compliance or ComplianceSettings()
    text = text.strip()
    if not text:
        raise ConsoleError(N_("Write a reply first."))
    if len(text) > MAX_REPLY_LENGTH:
        raise ConsoleError(N_("A reply can be at most %(n)s characters."), n=MAX_REPLY_LENGTH)
    banned = find_banned(text, compliance.extra_banned_phrases)
    if banned:
        with db.session() as s:
            conv, _esc = require_claim(s, principal, conversation_id)
            audit(s, principal, "reply.held_tone", now, conversation=conv, phrases=banned)
        words = ", ".join(f"“{w}”" for w in banned)
        raise ConsoleError(
            N_(
                "Not sent: this reply may read as a threat or harassment (%(words)s). "
                "Please reword it."
            ),
            words=words,
        )
    stopped: datetime | None = None
    with db.session() as s:
        # STOP first: it also closes the claim, and the agent must hear why nothing was sent.
        # A channel the debtor wrote on since (and that still works) takes the reply instead.
        conv, _seen = open_conversation(s, principal, conversation_id)
        elsewhere = last_used(s, conv)
        stop = None if elsewhere is not None else active_opt_out(s, conv)
        if stop is None:
            conv, _esc = require_claim(s, principal, conversation_id, lock=True)
            elsewhere = last_used(s, conv)
            stop = None if elsewhere is not None else active_opt_out(s, conv)
        if stop is not None:  # the hold is committed before the agent is told
            stopped = stop.created_at
            audit(s, principal, "reply.held_opt_out", now, conversation=conv)
        else:
            to = elsewhere or conv
            msg, item = enqueue(
                s,
                to,
                text,
                now=now,
                sender="agent",
                author_user_id=principal.user_id,
                initiated=is_started(to, now, compliance, INITIATED_AFTER),
                compliance=compliance,
            )
            moved = {"sent_in": to.id} if elsewhere is not None else {}
            audit(s, principal, "reply", now, conversation=conv, message_id=msg.id,
                  channel=to.platform, **moved)  # fmt: skip
            held = item.next_attempt_at if item.status == HELD else None
            sent = Sent(msg.id, to.id, to.platform, held)
    if stopped is not None:
        raise ConsoleError(STOPPED, 409, date=f"{stopped:%Y-%m-%d}")
    return sent


def add_note(
    db: Database, principal: Principal, conversation_id: int, text: str, now: datetime
) -> None:
    """Add an internal note (never shown to the debtor), stored as an Event row."""
    text = text.strip()
    if not text:
        raise ConsoleError(N_("Write a note first."))
    with db.session() as s:
        conv, _ = require_claim(s, principal, conversation_id)
        event_rows.add_event(
            s,
            conversation_id=conv.id,
            account_id=conv.account_id,
            kind="note",
            data={"text": text[:MAX_REPLY_LENGTH], "user_id": principal.user_id},
            actor=principal.name,
            now=now,
        )
        audit(s, principal, "note", now, conversation=conv)
