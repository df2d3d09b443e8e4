"""Reminders and follow-ups about instalments, each sent exactly once.

Two steps, each safe to run in several workers at once:

1. **plan** creates the reminder rows an instalment will need: ``before_due``
   (``collection.remind_days_before`` days ahead), ``due`` (on the due date) and
   ``missed`` (``collection.missed_after_days`` after it), each at
   ``collection.remind_at`` in the debtor's time zone. The unique
   ``<instalment id>:<kind>`` key makes a second worker's insert a no-op.
2. **send** claims due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite
   serialises writers) and moves each from ``pending`` to ``queued``,
   ``skipped`` or ``deferred`` in the same transaction that puts its message in
   the outbox. The outbox's compliance screening holds a message outside the
   contact window until it opens, and drops it for an opted-out or disputed
   account; the reminder row records what happened.

A missed instalment is marked ``missed``; when the one before it was missed
too (and not moved to the end), the agreement is ``broken`` and escalated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Table, exists, select
from sqlalchemy.orm import Session

from bot.collection.first_contact import FirstContact, neutral
from bot.collection.ledger import ACTIVE, BROKEN, MISSED, OPEN, PAID, PARTIAL, missed_before
from bot.collection.notices import (
    BEFORE_DUE,
    DEFAULT_TEMPLATE_FIELDS,
    DUE,
    FOLLOW_UP,
    Composer,
    Notice,
    RunResult,
    zone_of,
)
from bot.collection.queueing import Outgoing, enqueue_many
from bot.collection.reminder_times import PENDING, moments
from bot.config import CollectionSettings, ComplianceSettings
from bot.escalations import Priority, Reason, open_escalation
from bot.i18n import format_date, format_money
from bot.messages import Template
from bot.store import audit
from bot.store import reminders as reminder_rows
from bot.store.db import Database
from bot.store.destinations import reply_conversations, usable_conversations
from bot.store.models import (
    Account,
    Agreement,
    ContactChannel,
    Conversation,
    Instalment,
    Reminder,
)
from bot.store.outbox import last_inbound_by_chat

QUEUED, SKIPPED = "queued", "skipped"
_REMINDERS: Table = Reminder.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class _Claimed:
    """A claimed reminder row (what handling it needs)."""

    id: int
    key: str
    kind: str
    account_id: int
    agreement_id: int
    instalment_id: int


_CLAIMED = (Reminder.id, Reminder.key, Reminder.kind, Reminder.account_id,
            Reminder.agreement_id, Reminder.instalment_id)  # fmt: skip


@dataclass
class _Batch:
    """What one claimed batch reads once, and the reminder rows' new values by id."""

    instalments: dict[int, Instalment]
    agreements: dict[int, Agreement]
    accounts: dict[int, Account]
    chats: dict[int, Conversation]
    wechat_last_inbound: dict[str, datetime]
    #: Accounts with no conversation: their usable email/SMS address (first contact).
    reachable: dict[int, ContactChannel] = field(default_factory=dict)
    #: Conversations a neutral first-contact message already went to in this batch.
    neutral_sent: set[int] = field(default_factory=set)
    done: dict[int, dict[str, object]] = field(default_factory=dict)


class Reminders:
    """Plans and sends reminders; ``run_once`` is what ``repaybot reminders run`` does."""

    def __init__(
        self,
        db: Database,
        settings: CollectionSettings,
        compliance: ComplianceSettings,
        compose: Composer,
        clock: Callable[[], datetime],
        *,
        wechat_window_hours: int = 48,
        channel_order: Sequence[str] = (),
        first_contact: FirstContact | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.compliance = compliance
        self.compose = compose
        self.clock = clock
        self.wechat_window = timedelta(hours=wechat_window_hours)
        self.channel_order = tuple(channel_order)
        self.first_contact = first_contact

    def run_once(self, *, batch: int = 500) -> RunResult:
        """Plan what is new, then send everything due now, batch by batch."""
        result = RunResult()
        now = self.clock()
        result.planned = self.plan(now)
        while self.send(now, result, batch=batch) == batch:
            pass
        return result

    # -- planning -------------------------------------------------------------

    def plan(self, now: datetime) -> int:
        """Create the reminder rows of instalments due soon; return how many are new."""
        horizon = (now + timedelta(days=self.settings.remind_days_before + 2)).date()
        rows: list[dict[str, object]] = []
        with self.db.session() as s:
            q = (
                select(
                    Instalment.id, Instalment.due_date, Agreement.id, Agreement.account_id,
                    Agreement.created_at, Account.timezone,
                )
                .join(Agreement, Agreement.id == Instalment.agreement_id)
                .join(Account, Account.id == Agreement.account_id)
                .where(
                    Agreement.status == ACTIVE,
                    Instalment.closed_at.is_(None),
                    Instalment.status.in_((OPEN, PARTIAL)),
                    Instalment.due_date <= horizon,
                    ~exists().where(_REMINDERS.c.instalment_id == Instalment.id),
                )
            )  # fmt: skip
            for inst_id, due, agreement_id, account_id, created_at, tz in s.execute(q):
                for kind, when in self._moments(due, tz or "UTC"):
                    if when < created_at:
                        continue  # the plan was made after this reminder's time
                    rows.append(
                        {
                            "key": f"{inst_id}:{kind}",
                            "kind": kind,
                            "account_id": account_id,
                            "agreement_id": agreement_id,
                            "instalment_id": inst_id,
                            "status": PENDING,
                            "due_at": when,
                            "created_at": now,
                        }
                    )
            if not rows:
                return 0
            return reminder_rows.insert_new(s, rows)

    def _moments(self, due: date, tz: str) -> list[tuple[str, datetime]]:
        return moments(self.settings, due, tz)

    # -- sending ----------------------------------------------------------------

    def send(self, now: datetime, result: RunResult, *, batch: int = 500) -> int:
        """Claim up to ``batch`` due reminders and handle them in one transaction.

        Returns:
            How many were claimed (fewer than ``batch``: nothing more is due).
        """
        with self.db.session() as s:
            q = (
                select(*_CLAIMED)
                .where(Reminder.status == PENDING, Reminder.due_at <= now)
                .order_by(Reminder.due_at, Reminder.id)
                .limit(batch)
            )
            if s.get_bind().dialect.name == "postgresql":
                q = q.with_for_update(skip_locked=True)
            claimed = [_Claimed(*row) for row in s.execute(q)]
            if not claimed:
                return 0
            self._handle(s, claimed, now, result)
            return len(claimed)

    def _handle(
        self, s: Session, claimed: Sequence[_Claimed], now: datetime, result: RunResult
    ) -> None:
        inst_ids = {r.instalment_id for r in claimed}
        instalments = {
            i.id: i for i in s.scalars(select(Instalment).where(Instalment.id.in_(inst_ids)))
        }
        agreements = {
            a.id: a
            for a in s.scalars(
                select(Agreement).where(Agreement.id.in_({r.agreement_id for r in claimed}))
            )
        }
        accounts = {
            a.id: a
            for a in s.scalars(
                select(Account).where(Account.id.in_({r.account_id for r in claimed}))
            )
        }
        # The channel the debtor last wrote on if it can be used, else the first usable one.
        chats = reply_conversations(s, set(accounts), self.channel_order)
        wechat = {c.chat_id for c in chats.values() if c.platform == "wechat"}
        batch = _Batch(
            instalments, agreements, accounts, chats, last_inbound_by_chat(s, "wechat", wechat)
        )
        if self.first_contact is not None:
            usable = usable_conversations(s, list(chats.values()), set(chats))
            cut_off = {a for a in accounts if a not in chats or not usable(chats[a])}
            batch.reachable = self.first_contact.addresses(s, cut_off, now)
        sends: list[tuple[_Claimed, Outgoing]] = []
        for reminder in claimed:
            send = self._one(s, reminder, batch, now, result)
            if send is not None:
                sends.append((reminder, send))
        queued = enqueue_many(s, [o for _, o in sends], now, self.compliance)
        for (reminder, _), done in zip(sends, queued, strict=True):
            batch.done[reminder.id].update(
                outbox_id=done.outbox_id,
                status=QUEUED,
                note=done.status if done.status != "pending" else None,
            )
            result.queued += 1
            if done.status == "held":
                result.held += 1
        reminder_rows.record_done(s, batch.done)

    def _one(
        self, s: Session, reminder: _Claimed, batch: _Batch, now: datetime, result: RunResult
    ) -> Outgoing | None:
        """Decide on one reminder: what to send (None when it is skipped)."""
        inst = batch.instalments[reminder.instalment_id]
        agreement = batch.agreements[reminder.agreement_id]
        account = batch.accounts[reminder.account_id]
        batch.done[reminder.id] = {"done_at": now, "outbox_id": None, "note": None}
        reason = self._nothing_to_send(reminder, inst, agreement, account, now)
        if reason is not None:
            self._skip(s, reminder, batch, reason, result, now)
            return None
        kind = reminder.kind
        if kind == FOLLOW_UP:
            inst.status = MISSED
            if missed_before(agreement, inst):
                kind = BROKEN
                self._break(s, agreement, account, batch.chats.get(account.id), now)
                result.broken += 1
        conv = batch.chats.get(account.id)
        address = batch.reachable.pop(account.id, None)
        if address is not None and self.first_contact is not None:
            # No conversation can carry it: open one on the debtor's email or SMS address.
            conv = self.first_contact.open(s, account, address, now)
            batch.chats[account.id] = conv
        if conv is None:
            self._skip(s, reminder, batch, "no chat with this debtor", result, now)
            return None
        if self.first_contact is not None and neutral(conv):
            # Not verified on this channel: nothing about the debt, one message per run.
            if conv.id in batch.neutral_sent:
                reason = "a first-contact message went to this debtor in this run"
                self._skip(s, reminder, batch, reason, result, now)
                return None
            batch.neutral_sent.add(conv.id)
            return Outgoing(conv, self.first_contact.text(account, conv, now), ())
        template_id = ""
        if conv.platform == "wechat" and self._wechat_window_closed(batch, conv, now):
            ids = self.settings.wechat_template_ids
            template_id = ids.get(kind) or self.settings.wechat_template_id
            if not template_id:
                reason = "WeChat window closed and no template message configured"
                self._skip(s, reminder, batch, reason, result, now)
                return None
        can_move = kind == FOLLOW_UP and agreement.moves_used < self.settings.moves_per_plan
        notice = Notice(kind, account, agreement, inst, conv, can_move=can_move)
        text, buttons = self.compose(notice, now, s)
        if not template_id:
            return Outgoing(conv, text, buttons)
        # Outside WeChat's service window only a template message may go.
        return Outgoing(conv, text, (), self._template(template_id, notice, text))

    def _template(self, template_id: str, notice: Notice, text: str) -> Template:
        """The WeChat template message for a reminder: configured fields, filled."""
        account, inst = notice.account, notice.instalment
        locale = notice.conversation.locale or account.locale or "en"
        values = {
            "account_ref": account.account_ref,
            "amount": format_money(inst.remaining, account.currency, locale),
            "due_date": format_date(inst.due_date, locale),
            "creditor": account.creditor,
            "text": text,
        }
        fields = self.settings.wechat_template_fields or DEFAULT_TEMPLATE_FIELDS
        filled = tuple((name, pattern.format_map(values)) for name, pattern in fields.items())
        return Template(template_id, filled)

    def _nothing_to_send(
        self,
        reminder: _Claimed,
        inst: Instalment,
        agreement: Agreement,
        account: Account,
        now: datetime,
    ) -> str | None:
        if agreement.status != ACTIVE:
            return f"the plan is {agreement.status}"
        if inst.closed_at is not None:
            return "the instalment was moved or closed"
        if inst.status == PAID:
            return "the instalment is paid"
        if account.status != ACTIVE:
            return f"the account is {account.status}"
        if account.legal_hold:
            return "the account is under legal hold"
        local_today = now.astimezone(zone_of(account.timezone)).date()
        if reminder.kind == BEFORE_DUE and local_today >= inst.due_date:
            return "too late: the due date has come (the due-date reminder says it)"
        if reminder.kind == DUE and local_today > inst.due_date:
            return "too late: the due date has passed"
        if reminder.kind == FOLLOW_UP and local_today <= inst.due_date:
            return "not missed: the due date has not passed (the payment was moved)"
        return None

    def _skip(
        self,
        s: Session,
        reminder: _Claimed,
        batch: _Batch,
        reason: str,
        result: RunResult,
        now: datetime,
    ) -> None:
        batch.done[reminder.id].update(status=SKIPPED, note=reason[:200])
        result.skipped += 1
        audit.record(
            s,
            actor="scheduler",
            action="reminder.skipped",
            account_id=reminder.account_id,
            details={"reminder": reminder.key, "kind": reminder.kind, "reason": reason},
            now=now,
        )

    def _break(
        self,
        s: Session,
        agreement: Agreement,
        account: Account,
        conv: Conversation | None,
        now: datetime,
    ) -> None:
        agreement.status = BROKEN
        agreement.closed_at = now
        audit.record(
            s,
            actor="scheduler",
            action="agreement.broken",
            account_id=account.id,
            conversation_id=conv.id if conv is not None else None,
            details={"agreement_id": agreement.id, "reason": "two missed instalments in a row"},
            now=now,
        )
        if conv is not None:
            open_escalation(
                s,
                conversation_id=conv.id,
                account_id=account.id,
                reason=Reason.BROKEN_PROMISE,
                priority=Priority.HIGH,
                now=now,
            )

    def _wechat_window_closed(self, batch: _Batch, conv: Conversation, now: datetime) -> bool:
        last = batch.wechat_last_inbound.get(conv.chat_id)
        return last is None or now - last > self.wechat_window
