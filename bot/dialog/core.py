"""The dialog engine's internals: turns, conversations and how a turn is stored.

:class:`EngineCore` holds what every entry point of
:class:`bot.dialog.engine.DialogEngine` shares: the settings, catalogs and script
versions it reads, finding, locking and opening conversations, building a
:class:`~bot.dialog.turn.TurnContext` and storing a finished turn (events,
replies and their outbox rows, the snapshot) in the caller's transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import escalations
from bot.analytics import experiments
from bot.dialog import flow
from bot.dialog.actions import GUARDS
from bot.dialog.context import ConversationContext
from bot.dialog.results import EngineError, Passive, Turn, stored_turn
from bot.dialog.turn import TurnContext
from bot.messages import ChatRef, Incoming, Reply
from bot.outbox import enqueue
from bot.scripts.versions import ScriptStore
from bot.store import conversations as store
from bot.store.models import Account, Conversation
from bot.store.outbox import Delivery
from bot.store.replies import add_replies

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.store.crypto import KeyMaterial, PersonalData
    from bot.store.db import Database


class EngineCore:
    """State and internals shared by the engine's entry points."""

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
        # experiment arm id -> the prompt variant it names (arms never change it).
        self._arm_variants: dict[int, str | None] = {}
        # Babel formatting is costly and the same amounts recur: cache per process.
        self.format_money = functools.lru_cache(maxsize=8192)(format_money)
        self.format_date = functools.lru_cache(maxsize=4096)(format_date)
        self.mask_transcripts = settings.compliance.mask_stored_transcripts
        self.understander = Understander(
            extra_distress=tuple(settings.compliance.extra_distress_words)
        )
        self.scripts = ScriptStore(db, dialog.script, GUARDS, self.clock)

    def warm_up(self) -> None:
        """Load what the first message would otherwise wait for (date and script data)."""
        self.understander.warm_up()

    def _load(self, s: Session, incoming: Incoming) -> store.Loaded:
        chat = incoming.chat
        return store.load(
            s, platform=chat.platform, chat_id=chat.chat_id,
            message_id=incoming.message_id or None, user_id=chat.user_id,
        )  # fmt: skip

    def _duplicate(self, s: Session, incoming: Incoming) -> Turn | None:
        if not incoming.message_id:
            return None
        inbound_id = store.seen(s, incoming.chat.platform, incoming.message_id)
        return None if inbound_id is None else self._stored_turn(s, inbound_id)

    def stored(self, incoming: Incoming) -> Turn | None:
        """What was stored for ``incoming`` if it was handled already (reads only)."""
        with self.db.session() as s:
            return self._duplicate(s, incoming)

    def _stored_turn(self, s: Session, inbound_id: int) -> Turn:
        return stored_turn(s, inbound_id)

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
        spoken: str | None = None,
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
        picked = experiments.assign(s, conv, now)  # a running experiment's sticky arm
        if picked is not None:
            conv.script_version_id = picked
            conv.state = self.scripts.get(picked, s).machine.script.initial
        conv.locale = flow.pick_locale(self, account, locale, spoken)
        return store.add_conversation(s, conv)

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
            variant=self._variant(s, conv.experiment_arm_id),
        )

    def _variant(self, s: Session, arm_id: int | None) -> str | None:
        """The prompt variant named by experiment arm ``arm_id`` (cached)."""
        if arm_id is None:
            return None
        if arm_id not in self._arm_variants:
            self._arm_variants[arm_id] = experiments.arm_variant(s, arm_id)
        return self._arm_variants[arm_id]

    def _finish(
        self,
        turn: TurnContext,
        inbound_id: int | None,
        *,
        initiated: bool = False,
        passive: Passive | None = None,
        gone: str | None = None,
        lease: float | None = None,
    ) -> Turn:
        s, conv, now = turn.session, turn.conv, turn.now
        conv.context = dict(turn.data)
        conv.updated_at = now
        store.add_events(s, turn.events)
        given: tuple[Reply, ...] = ()
        leased: tuple[Delivery, ...] = ()
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
            taken, cut = passive(turn.replies) if passive and turn.replies else (0, None)
            rows, given = store.reply_rows(turn.replies, taken, cut, gone)
            until = None if lease is None else now + timedelta(seconds=lease)
            ids = add_replies(s, conv, rows, now=now, in_reply_to_id=inbound_id, lease_until=until)
            if until is not None:
                leased = store.leased(conv, rows, ids, inbound_id)
        # The ORM writes the snapshot; version_id_col makes a concurrent change fail.
        s.flush()
        promised: tuple[int, ...] = ()
        refused = ""
        if turn.promised and not turn.verified and len(ids) == len(turn.replies):
            promised = tuple(ids[i] for i in turn.promised)
            refused = turn.refused_text()
        return Turn(
            tuple(turn.replies), tuple(ids), conv.id, duplicate=False,
            passive=given, passive_ids=tuple(ids[: len(given)]),
            promised=promised, refused=refused, leased=leased,
        )  # fmt: skip

    def _close_escalations(self, s: Session, conv: Conversation, now: datetime) -> None:
        escalations.close_open(s, [conv.id], now, why="", actor="", audit=False)
