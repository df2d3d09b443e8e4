"""The dialog engine: one inbound message in, replies out, in one transaction.

:meth:`DialogEngine.process` dedupes on (platform, message id), locks the
conversation, understands the text, runs guardrails, fires the script's
machine, runs actions and stores the inbound message (masked), events,
replies (through the outbox) and the new state together.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.collection.first_contact import MARK as FIRST_CONTACT
from bot.dialog import approval, flow, guardrails
from bot.dialog.actions import store_offers
from bot.dialog.core import EngineCore
from bot.dialog.reach import clear_blocked, record_blocked
from bot.dialog.results import UNFOLLOWED, EngineError, Passive, Turn, clean
from bot.messages import Blocked, ChatRef, Incoming, Reply, Unblocked, Unfollowed
from bot.negotiation.schedule import Plan
from bot.store import conversations as store
from bot.store.models import Account
from bot.store.replies import PENDING, SENT, add_replies

if TYPE_CHECKING:
    pass

__all__ = ["UNFOLLOWED", "DialogEngine", "EngineError", "Passive", "Turn"]

log = logging.getLogger(__name__)


class DialogEngine(EngineCore):
    """Handles debtor messages and agent hand-backs for every platform."""

    # -- public API ---------------------------------------------------------

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Process ``incoming`` and return the replies."""
        return list(self.process(incoming).replies)

    def process(
        self,
        incoming: Incoming,
        *,
        passive: Passive | None = None,
        undeliverable: str | None = None,
        lease_seconds: float | None = None,
    ) -> Turn:
        """Process one debtor message in one database transaction.

        Dedupe, lifting a block (the debtor writes again), the new state, the
        replies and their outbox items are written together.

        Args:
            passive: the platform answers this request synchronously: the
                replies it takes are stored as already sent (``Turn.passive``).
            undeliverable: nothing can reach the debtor (they unfollowed): the
                replies are stored undeliverable for this reason.
            lease_seconds: the caller's delivery core sends the replies itself:
                they are claimed in this transaction for that long
                (``Turn.leased``), unless earlier replies of the conversation
                are still undelivered (then the delivery core claims them in order).
        """
        incoming = clean(incoming)
        for attempt in (1, 2):
            try:
                with self.db.session() as s, s.no_autoflush:
                    return self._process(
                        s, incoming, recheck=attempt == 2, passive=passive, gone=undeliverable,
                        lease=lease_seconds,
                    )  # fmt: skip
            except IntegrityError:
                # A concurrent first message created the conversation, or this
                # very message was stored meanwhile (the unique (platform,
                # message id) caught it): the retry sees that work.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def record(self, event: Blocked | Unblocked | Unfollowed) -> Turn | None:
        """Record what a platform reported about a chat, the same way for every platform.

        ``Blocked``: the debtor is opted out and unreachable, open escalations
        close (:mod:`bot.dialog.reach`). ``Unblocked``: reachable again.
        ``Unfollowed``: handled as the debtor's stop (opt-out recorded and
        confirmed), the confirmation stored undeliverable.
        """
        if isinstance(event, Unfollowed):
            incoming = Incoming(
                chat=event.chat, message_id=event.message_id, command="stop",
                timestamp=event.timestamp,
            )  # fmt: skip
            return self.process(incoming, undeliverable=UNFOLLOWED)
        now = self.clock()
        with self.db.session() as s:
            chat = event.chat
            if isinstance(event, Blocked):
                record_blocked(s, chat.user_id, chat.chat_id, now, chat.platform)
            else:
                clear_blocked(s, chat.user_id, now, chat.platform)
        return None

    def note_answered(
        self, incoming: Incoming, answer: str | None, *, queued: bool = False
    ) -> bool:
        """Store a message the channel answered by itself (an SMS HELP) and that answer.

        Both go into the chat's open conversation (a new one if there is none),
        the answer stored as already sent (``queued``: left for the delivery core,
        where the channel cannot answer in its response), so agents see the
        exchange; the dialog's state does not change. False when the message was
        stored before (nothing is queued again).
        """
        incoming = clean(incoming)
        now = self.clock()
        try:
            with self.db.session() as s:
                chat, mid = incoming.chat, incoming.message_id
                if mid and store.seen(s, chat.platform, mid) is not None:
                    return False
                conv = self._open_conversation(s, incoming.chat, lock=True)
                if conv is None:
                    conv = self._new_conversation(
                        s, incoming.chat, now, locale=incoming.locale_hint
                    )
                inbound_id = flow.store_inbound(
                    s.connection(), conv, incoming, now, mask=self.mask_transcripts
                )
                if answer:
                    status, sent_id = (PENDING, None) if queued else (SENT, store.PASSIVE)
                    rows = [(answer, (), status, sent_id)]
                    add_replies(s, conv, rows, now=now, in_reply_to_id=inbound_id)
                conv.last_inbound_at = conv.updated_at = now
        except IntegrityError:
            return False  # the same message, stored at the same moment by another request
        return True

    def greet(
        self, chat: ChatRef, *, account_ref: str | None = None, locale: str | None = None
    ) -> Turn:
        """Start a new conversation in which the bot speaks first.

        ``account_ref`` binds the conversation to that account as a deep link
        would; the verification questions are still asked.
        """
        now = self.clock()
        with self.db.session() as s:
            account = None
            if account_ref is not None:
                account = s.scalars(
                    select(Account).where(Account.account_ref == account_ref)
                ).first()
            old = self._open_conversation(s, chat)
            if old is not None:
                flow.close(s, old, now)
            conv = self._new_conversation(s, chat, now, locale=locale, account=account)
            chosen = flow.pick_locale(self, None, locale) if locale else None
            if chosen is not None:
                conv.locale = chosen  # an explicit choice beats the account's locale
            turn = self._turn(s, conv, now)
            flow.start(turn)
            return self._finish(turn, None)

    def resume(self, conversation_id: int, state: str, *, actor: str) -> Turn:
        """Hand the conversation back to the bot at ``state`` and send its prompts."""
        now = self.clock()
        with self.db.session() as s:
            conv = self._lock_by_id(s, conversation_id)
            turn = self._turn(s, conv, now, actor=actor)
            if state not in turn.script.states:
                raise EngineError(f"the dialog script has no state {state!r}")
            if guardrails.disputed(turn):
                # Collection stays paused: the debtor hears so, and a person keeps the chat.
                turn.log("resume_refused", {"state": state, "by": actor, "reason": "disputed"})
                turn.say("collection_paused")
                return self._finish(turn, None, initiated=flow.debtor_quiet(turn))
            conv.mode = "bot"
            self._close_escalations(s, conv, now)
            turn.data.pop(flow.AGENT_PLAN, None)
            turn.data.pop("settlement_awaiting", None)  # handed back undecided
            turn.log("resume", {"state": state, "by": actor})
            turn.data["not_understood"] = 0
            flow.enter(turn, state, trigger="resume")
            return self._finish(turn, None, initiated=flow.debtor_quiet(turn))

    def propose_plan(self, conversation_id: int, plan: Plan, *, actor: str) -> Turn:
        """An agent's plan: offer it and show the schedule for the debtor to confirm.

        The chat stays with the agent (mode ``agent``, escalation open): the
        engine handles only the debtor's yes (the agreement is recorded and the
        escalation closes) or no (the agent follows up).
        """
        now = self.clock()
        with self.db.session() as s:
            conv = self._lock_by_id(s, conversation_id)
            turn = self._turn(s, conv, now, actor=actor)
            if not turn.verified:
                raise EngineError("the debtor has not been verified in this conversation")
            (offer_id,) = store_offers(turn, [plan], made_by=actor)
            turn.log("plan_proposed", {"offer_id": offer_id, "by": actor})
            flow.ask_to_confirm(turn, offer_id, plan.to_json())
            return self._finish(turn, None, initiated=flow.debtor_quiet(turn))

    def decide_settlement(self, conversation_id: int, *, approve: bool, actor: str) -> Turn:
        """A colleague approves or declines the settlement offer waiting for approval.

        Approved, it is recorded as the agreement; declined, the usual plans are
        offered. The debtor is told in their language, the bot has the chat again
        and the escalation is closed (:mod:`bot.dialog.approval`).
        """
        now = self.clock()
        with self.db.session() as s:
            conv = self._lock_by_id(s, conversation_id)
            turn = self._turn(s, conv, now, actor=actor)
            if guardrails.disputed(turn):
                raise EngineError("the account is disputed: collection is paused")
            try:
                approval.decide(turn, approve=approve)
            except approval.NothingToDecide as exc:
                raise EngineError(str(exc)) from None
            return self._finish(turn, None, initiated=flow.debtor_quiet(turn))

    def close(self, conversation_id: int, *, actor: str) -> None:
        """Close the conversation; the debtor's next message starts a new one."""
        now = self.clock()
        with self.db.session() as s:
            conv = self._lock_by_id(s, conversation_id)
            turn = self._turn(s, conv, now, actor=actor)
            turn.log("closed", {"by": actor})
            self._close_escalations(s, conv, now)
            flow.close(s, conv, now)
            store.add_events(s, turn.events)

    # -- the hot path -------------------------------------------------------

    def _process(
        self,
        s: Session,
        incoming: Incoming,
        *,
        recheck: bool,
        passive: Passive | None = None,
        gone: str | None = None,
        lease: float | None = None,
    ) -> Turn:
        # The hot path: one SELECT finds (and on PostgreSQL locks) the open
        # conversation with its account and whether this message was seen; the
        # unique (platform, message id) on the inbound insert catches a
        # duplicate that raced past it, and the retry (recheck) answers it.
        chat = incoming.chat
        now = self.clock()
        if recheck:
            dup = self._duplicate(s, incoming)
            if dup is not None:
                return dup
        found = self._load(s, incoming)
        conv, account = found.conversation, found.account
        if found.seen is not None:
            return self._stored_turn(s, found.seen)
        if found.blocked or (conv is None and store.is_blocked(s, chat.platform, chat.user_id)):
            # Writing again lifts a block, in this same transaction.
            clear_blocked(s, chat.user_id, now, chat.platform)
        fresh = False
        spoken: str | None = None  # the language of the conversation this one follows
        if conv is not None and flow.is_over(self, s, conv, incoming):
            flow.close(s, conv, now)
            spoken, conv = conv.locale, None
        if conv is None:
            dup = self._duplicate(s, incoming)
            if dup is not None:
                return dup
            conv = self._new_conversation(
                s, chat, now, locale=incoming.locale_hint, spoken=spoken or None
            )
            fresh = True
        elif conv.last_inbound_at is None and (conv.context or {}).get(FIRST_CONTACT):
            fresh = True  # the debtor answers a reminder's first contact: greet, verify
        inbound_id = flow.store_inbound(
            s.connection(), conv, incoming, now, mask=self.mask_transcripts
        )
        turn = self._turn(s, conv, now, account=account)
        turn.inbound_id = inbound_id
        flow.handle_message(turn, incoming, fresh=fresh)
        conv.last_inbound_at = now
        if found.waiting and conv is found.conversation:
            lease = None  # earlier replies go first: the delivery core claims in order
        return self._finish(turn, inbound_id, passive=passive, gone=gone, lease=lease)
