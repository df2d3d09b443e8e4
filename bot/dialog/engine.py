"""The dialog engine: one inbound message in, replies out, in one transaction.

:meth:`DialogEngine.process` dedupes on (platform, message id), locks the
conversation, understands the text, runs guardrails, fires the script's
machine, runs actions and stores the inbound message (masked), events,
replies (through the outbox) and the new state together.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot import escalations
from bot.dialog import flow, guardrails
from bot.dialog.actions import GUARDS, store_offers
from bot.dialog.context import ConversationContext
from bot.dialog.fastpath import HotStatement
from bot.dialog.replies import enqueue_replies
from bot.dialog.turn import TurnContext
from bot.messages import ChatRef, Incoming, Reply
from bot.negotiation.schedule import Plan
from bot.outbox import buttons_from_json, enqueue
from bot.scripts.versions import ScriptStore
from bot.store.models import Account, Conversation, Event, Message, OutboxItem

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.store.crypto import KeyMaterial, PersonalData
    from bot.store.db import Database

log = logging.getLogger(__name__)


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
    """

    replies: tuple[Reply, ...]
    outbox_ids: tuple[int, ...]
    conversation_id: int | None
    duplicate: bool = False


class DialogEngine:
    """Handles debtor messages and agent hand-backs for every platform."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        personal: PersonalData,
        keys: KeyMaterial,
        clock: Callable[[], datetime],
    ) -> None:
        from bot.i18n import Catalogs, format_date, format_money
        from bot.understanding.understand import Understander

        self.db = db
        self.settings = settings
        self.personal = personal
        self.keys = keys
        self.clock = clock
        dialog = settings.dialog
        self.catalogs = Catalogs(dialog.locales_dir)
        # Prompt templates by (script version, locale, key): versions and catalogs
        # do not change while the process runs.
        self.prompts: dict[tuple[int, str, str], str] = {}
        # Babel formatting is costly and the same amounts recur: cache per process.
        self.format_money = functools.lru_cache(maxsize=8192)(format_money)
        self.format_date = functools.lru_cache(maxsize=4096)(format_date)
        self.mask_transcripts = settings.compliance.mask_stored_transcripts
        self.understander = Understander(
            extra_distress=tuple(settings.compliance.extra_distress_words)
        )
        self.scripts = ScriptStore(db, dialog.script, GUARDS, self.clock)

    # -- public API ---------------------------------------------------------

    def warm_up(self) -> None:
        """Load what the first message would otherwise wait for (date and script data)."""
        self.understander.warm_up()

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Process ``incoming`` and return the replies."""
        return list(self.process(incoming).replies)

    def process(self, incoming: Incoming) -> Turn:
        """Process one debtor message in one database transaction."""
        incoming = _clean(incoming)
        for attempt in (1, 2):
            try:
                with self.db.session() as s, s.no_autoflush:
                    return self._process(s, incoming, recheck=attempt == 2)
            except IntegrityError:
                # A concurrent first message created the conversation, or this
                # very message was stored meanwhile (the unique (platform,
                # message id) caught it): the retry sees that work.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

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

    def close(self, conversation_id: int, *, actor: str) -> None:
        """Close the conversation; the debtor's next message starts a new one."""
        now = self.clock()
        with self.db.session() as s:
            conv = self._lock_by_id(s, conversation_id)
            turn = self._turn(s, conv, now, actor=actor)
            turn.log("closed", {"by": actor})
            self._close_escalations(s, conv, now)
            flow.close(s, conv, now)
            _INSERT_EVENT.run(s.connection(), turn.events)

    # -- internals ----------------------------------------------------------

    def _process(self, s: Session, incoming: Incoming, *, recheck: bool) -> Turn:
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
        conv, account, seen = self._load(s, incoming)
        if seen is not None:
            return self._stored_turn(s, seen)
        fresh = False
        if conv is not None and flow.is_over(self, s, conv, incoming):
            flow.close(s, conv, now)
            conv = None
        if conv is None:
            dup = self._duplicate(s, incoming)
            if dup is not None:
                return dup
            conv = self._new_conversation(s, chat, now, locale=incoming.locale_hint)
            fresh = True
        inbound_id = flow.store_inbound(
            s.connection(), conv, incoming, now, mask=self.mask_transcripts
        )
        turn = self._turn(s, conv, now, account=account)
        turn.inbound_id = inbound_id
        flow.handle_message(turn, incoming, fresh=fresh)
        conv.last_inbound_at = now
        return self._finish(turn, inbound_id)

    def _load(
        self, s: Session, incoming: Incoming
    ) -> tuple[Conversation | None, Account | None, int | None]:
        """The open conversation of the chat, its account, and the id of this
        message if it was stored before."""
        stmt = _LOAD_FOR_UPDATE if self.db.dialect == "postgresql" else _LOAD
        params = {
            "platform": incoming.chat.platform,
            "chat_id": incoming.chat.chat_id,
            "message_id": incoming.message_id or None,
        }
        row = s.execute(stmt, params).first()
        if row is None:
            return None, None, None
        conv, account, seen = row
        return conv, account, seen

    def _duplicate(self, s: Session, incoming: Incoming) -> Turn | None:
        if not incoming.message_id:
            return None
        seen = s.scalar(
            _SEEN, {"platform": incoming.chat.platform, "message_id": incoming.message_id}
        )
        return None if seen is None else self._stored_turn(s, seen)

    def _stored_turn(self, s: Session, inbound_id: int) -> Turn:
        """The replies stored the first time message ``inbound_id`` was handled."""
        conversation_id = s.scalar(select(Message.conversation_id).where(Message.id == inbound_id))
        rows = s.execute(
            select(Message.text, Message.buttons, OutboxItem.id)
            .join(OutboxItem, OutboxItem.message_id == Message.id, isouter=True)
            .where(Message.in_reply_to_id == inbound_id)
            .order_by(Message.id)
        ).all()
        replies = tuple(Reply(text, buttons_from_json(buttons)) for text, buttons, _ in rows)
        ids = tuple(i for _, _, i in rows if i is not None)
        return Turn(replies, ids, conversation_id, duplicate=True)

    def _open_conversation(
        self, s: Session, chat: ChatRef, *, lock: bool = False
    ) -> Conversation | None:
        q = select(Conversation).where(
            Conversation.platform == chat.platform,
            Conversation.chat_id == chat.chat_id,
            Conversation.is_open.is_(True),
        )
        if lock and self.db.dialect == "postgresql":
            q = q.with_for_update()
        return s.scalars(q).first()

    def _lock_by_id(self, s: Session, conversation_id: int) -> Conversation:
        q = select(Conversation).where(Conversation.id == conversation_id)
        if self.db.dialect == "postgresql":
            q = q.with_for_update()
        conv = s.scalars(q).first()
        if conv is None:
            raise EngineError(f"conversation {conversation_id} does not exist")
        return conv

    def _new_conversation(
        self,
        s: Session,
        chat: ChatRef,
        now: datetime,
        *,
        locale: str | None,
        account: Account | None = None,
    ) -> Conversation:
        compiled = self.scripts.active(session=s)
        conv = Conversation(
            platform=chat.platform,
            chat_id=chat.chat_id,
            user_id=chat.user_id,
            account_id=account.id if account is not None else None,
            state=compiled.machine.script.initial,
            context={},
            mode="bot",
            locale="",
            script_version_id=compiled.version_id,
            is_open=True,
            started_at=now,
            updated_at=now,
        )
        if account is None:
            flow.bind_known_identity(s, conv, now)
            if conv.account_id is not None:
                # A returning debtor: speak the account's language from the start.
                account = s.get(Account, conv.account_id)
        conv.locale = flow.pick_locale(self, account, locale)
        s.add(conv)
        s.flush()
        return conv

    def _turn(
        self,
        s: Session,
        conv: Conversation,
        now: datetime,
        *,
        actor: str = "bot",
        account: Account | None = None,
    ) -> TurnContext:
        compiled = (
            self.scripts.get(conv.script_version_id, s)
            if conv.script_version_id is not None
            else self.scripts.active(session=s)
        )
        if account is None or account.id != conv.account_id:
            account = s.get(Account, conv.account_id) if conv.account_id is not None else None
        return TurnContext(
            engine=self,
            session=s,
            conn=s.connection(),
            conv=conv,
            compiled=compiled,
            now=now,
            account=account,
            actor=actor,
            data=cast(ConversationContext, dict(conv.context or {})),
        )

    def _finish(
        self, turn: TurnContext, inbound_id: int | None, *, initiated: bool = False
    ) -> Turn:
        s, conv, now = turn.session, turn.conv, turn.now
        conv.context = dict(turn.data)
        conv.updated_at = now
        _INSERT_EVENT.run(turn.conn, turn.events)
        if initiated:
            # Nobody is waiting for these: the outbox screens them (contact window, caps).
            ids = [
                enqueue(
                    s, conv, r.text, now=now, buttons=r.buttons, initiated=True,
                    compliance=self.settings.compliance,
                )[1].id
                for r in turn.replies
            ]  # fmt: skip
        else:
            ids = enqueue_replies(turn.conn, conv, turn.replies, now=now, in_reply_to_id=inbound_id)
        self._save(turn, conv)
        return Turn(tuple(turn.replies), tuple(ids), conv.id, duplicate=False)

    def _save(self, turn: TurnContext, conv: Conversation) -> None:
        """Write the conversation snapshot with one UPDATE and take it out of the session.

        The ORM's flush would do the same (with the same version check) at
        several times the cost; other objects of the turn still flush on commit.
        """
        version = conv.version
        changed = _SAVE_CONVERSATION.run(
            turn.conn,
            [
                {
                    "conv_id": conv.id,
                    "old_version": version,
                    "version": version + 1,
                    "state": conv.state,
                    "context": conv.context,
                    "mode": conv.mode,
                    "locale": conv.locale,
                    "account_id": conv.account_id,
                    "is_open": conv.is_open,
                    "updated_at": conv.updated_at,
                    "last_inbound_at": conv.last_inbound_at,
                    "closed_at": conv.closed_at,
                }
            ],
        )
        if changed != 1:
            raise StaleDataError(f"conversation {conv.id} was changed by another transaction")
        turn.session.expunge(conv)
        conv.version = version + 1

    def _close_escalations(self, s: Session, conv: Conversation, now: datetime) -> None:
        escalations.close_open(s, [conv.id], now, why="", actor="", audit=False)


_INSERT_EVENT = HotStatement(insert(Event.__table__))  # type: ignore[arg-type]
_SEEN = select(Message.id).where(
    Message.platform == bindparam("platform"),
    Message.platform_message_id == bindparam("message_id"),
)
_LOAD = (
    select(Conversation, Account, _SEEN.scalar_subquery())
    .outerjoin(Account, Account.id == Conversation.account_id)
    .where(
        Conversation.platform == bindparam("platform"),
        Conversation.chat_id == bindparam("chat_id"),
        Conversation.is_open.is_(True),
    )
)
_LOAD_FOR_UPDATE = _LOAD.with_for_update(of=Conversation)
_CONVERSATIONS: Table = Conversation.__table__  # type: ignore[assignment]
_SAVE_CONVERSATION = HotStatement(
    update(_CONVERSATIONS)
    .where(
        _CONVERSATIONS.c.id == bindparam("conv_id"),
        _CONVERSATIONS.c.version == bindparam("old_version"),
    )
    .values(
        {
            name: bindparam(name)
            for name in (
                "version", "state", "context", "mode", "locale", "account_id", "is_open",
                "updated_at", "last_inbound_at", "closed_at",
            )
        }
    )
)  # fmt: skip


def _clean(incoming: Incoming) -> Incoming:
    """Drop NUL and the other control characters (C0 but newline and tab, and DEL).

    PostgreSQL cannot store NUL in text, and none of them means anything to
    understanding; this runs before anything is stored or understood.
    """
    text = incoming.text
    if text and _CONTROL.search(text):
        return dataclasses.replace(incoming, text=_CONTROL.sub("", text))
    return incoming


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
