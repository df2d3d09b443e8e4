"""One turn of a conversation: what the engine knows while handling one message.

A :class:`TurnContext` carries the session, the locked conversation, the
account (once known), the compiled script and the clock's ``now``; it renders
prompts in the conversation's locale and collects the replies. The guardrail
that nothing about the debt is said before verification, and that the
collection disclosure comes first, is enforced here in :meth:`say`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from bot.dialog.context import ConversationContext
from bot.messages import Button, Reply
from bot.negotiation.schedule import Plan
from bot.scripts.script import Script, State
from bot.scripts.translations import prompt_text
from bot.scripts.versions import Compiled, ScriptStore
from bot.scripts.vocabulary import (
    COLLECTION_FIELDS,
    DUE_TODAY_SUFFIX,
    ENGINE_STATES,
    INTRODUCTIONS,
    OPTIONAL_PROMPTS,
    SINGLE_SUFFIX,
    UNPAID_SUFFIX,
    UNVERIFIED_SUFFIX,
)
from bot.store.models import Account, Agreement, Conversation
from bot.understanding.proposals import NOTHING, Proposal

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.i18n import Catalogs
    from bot.store.crypto import KeyMaterial, PersonalData
    from bot.understanding.understand import Understander

# Prompts that tell the debtor a person will answer (their ``_unverified`` variants too):
# what a refused hand-over takes back (:attr:`TurnContext.promised`).
PROMISES_A_PERSON = frozenset(
    {"handoff_notice", "agent_waiting", "dispute_notice", "already_paid_notice"}
)
# Said instead when a hand-over of a debtor not yet verified is refused (the web chat's
# cap per client address); a script without it says its ``help_unverified``.
HANDOFF_REFUSED = "handoff_refused"

YES_PAYLOAD = "yes"
NO_PAYLOAD = "no"
CHOOSE_PREFIX = "choose:"


class EngineParts(Protocol):
    """What a turn uses of the engine that runs it (the engine implements it)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def personal(self) -> PersonalData: ...

    @property
    def keys(self) -> KeyMaterial: ...

    @property
    def catalogs(self) -> Catalogs: ...

    @property
    def prompts(self) -> dict[tuple[int, str, str], str]: ...

    @property
    def scripts(self) -> ScriptStore: ...

    @property
    def understander(self) -> Understander: ...

    def format_money(self, amount: Decimal, currency: str, locale: str) -> str: ...

    def format_date(self, value: date, locale: str) -> str: ...


@dataclass
class Said:
    """What the debtor said, as the engine uses it."""

    intent: str
    text: str = ""
    confidence: float = 1.0
    triggers: tuple[str, ...] = ()
    choice: int | None = None
    amounts: tuple[Any, ...] = ()
    dates: tuple[date, ...] = ()
    count: int | None = None
    frequency: str | None = None
    language: str | None = None
    proposal: Proposal = NOTHING
    circumstances: tuple[str, ...] = ()
    folded: str = ""
    """The text as understanding read it (folded); empty when it was not read."""
    past_date: bool = False
    """The message names a day that has already gone by."""


@dataclass
class TurnContext:
    """State of one turn; actions and guardrails read and change it."""

    engine: EngineParts
    session: Session
    conn: Connection  # the session's connection, for Core statements (no ORM overhead)
    conv: Conversation
    compiled: Compiled
    now: datetime
    account: Account | None = None
    inbound_id: int | None = None
    actor: str = "bot"
    said: Said | None = None
    replies: list[Reply] = field(default_factory=list)
    # Rows for the events table, inserted together when the turn ends.
    events: list[dict[str, Any]] = field(default_factory=list)
    data: ConversationContext = field(default_factory=lambda: ConversationContext())
    # The prompt variant of the conversation's experiment arm, if it names one.
    variant: str | None = None
    # Indexes in ``replies`` of the prompts that told the debtor a person will answer.
    promised: list[int] = field(default_factory=list)
    # The active agreement of an account as this turn knows it, by account id: read
    # once (:func:`bot.dialog.plan_values.active_agreement`), kept up to date by the
    # turn's own writes.
    agreements: dict[int, Agreement | None] = field(default_factory=dict)

    @property
    def script(self) -> Script:
        return self.compiled.machine.script

    @property
    def state(self) -> State:
        return self.script.states[self.conv.state]

    @property
    def locale(self) -> str:
        return self.conv.locale

    @property
    def verified(self) -> bool:
        return bool(self.data.get("verified")) and self.account is not None

    @property
    def today(self) -> date:
        """The debtor's local date (account timezone, else the server's UTC date)."""
        tz = self.account.timezone if self.account is not None else "UTC"
        return self.now.astimezone(_zone(tz)).date()

    # -- output -------------------------------------------------------------

    def text(self, key: str, **values: Any) -> str:
        """Prompt ``key`` translated into the conversation's locale and filled.

        An experiment arm's variant of the prompt (``key@variant``) is said
        instead when the script has one.
        """
        key = self.script.variant_key(key, self.variant)
        cache = self.engine.prompts
        cache_key = (self.compiled.version_id, self.locale, key)
        translated = cache.get(cache_key)
        if translated is None:
            translated = prompt_text(self.script, self.engine.catalogs, self.locale, key)
            cache[cache_key] = translated
        if not values and "{" not in translated:
            return translated
        return translated.format_map(defaultdict(str, values))

    def say(self, key: str, buttons: tuple[Button, ...] = (), **values: Any) -> None:
        """Send prompt ``key``; debt details only after verification and disclosure.

        When the plan under discussion is a single payment, the prompt's one-payment
        variant (``<key>_single``, when the script has one) is said instead; while the
        active plan has nothing paid yet, its ``<key>_unpaid`` variant. Before
        verification a prompt's neutral variant (``<key>_unverified``, when the
        script has one) is said instead, and the bot names itself only by the neutral
        sender name. The ``verified`` prompt names the collector and the creditor, and
        the disclosure follows it.
        """
        before = len(self.replies)
        self._say(key, buttons, **values)
        if key in PROMISES_A_PERSON:
            self.promised.extend(range(before, len(self.replies)))

    def refused_text(self) -> str:
        """What to say instead of the promises of a person when the hand-over of a
        debtor not yet verified is refused ("" when the script has nothing to say)."""
        for key in (HANDOFF_REFUSED, f"help{UNVERIFIED_SUFFIX}"):
            if key in self.script.prompts:
                return self.text(key, **self.sender_values())
        return ""

    def _say(self, key: str, buttons: tuple[Button, ...] = (), **values: Any) -> None:
        single = f"{key}{SINGLE_SUFFIX}"
        if single in self.script.prompts and self.verified and self._single_payment():
            key = single  # one payment: no "first payment" of one
        unpaid = f"{key}{UNPAID_SUFFIX}"
        if unpaid in self.script.prompts and self.verified and self._nothing_paid():
            key = unpaid  # "no payments recorded yet", not "$0.00 paid so far"
        due_today = f"{key}{DUE_TODAY_SUFFIX}"
        if due_today in self.script.prompts and self.verified and self._due_today():
            key = due_today  # "due today", not "I'll remind you before it's due"
        neutral = f"{key}{UNVERIFIED_SUFFIX}"
        if not self.verified and neutral in self.script.prompts:
            key = neutral
        elif key not in self.script.prompts and key in OPTIONAL_PROMPTS:
            fallback = OPTIONAL_PROMPTS[key][1]
            if fallback is None:
                return
            key = fallback
        values = {**self.sender_values(), **values}
        if key in INTRODUCTIONS and self.verified:
            values = {**self.debt_values(), **values}
            self.replies.append(Reply(self.text(key, **values), buttons))
            self.disclose()
            return
        if self.script.shows_debt(key):
            if not self.verified:
                self.log("guardrail", {"blocked_prompt": key, "rule": "verify_first"})
                return
            self.disclose()
            values = {**self.debt_values(), **values}
            if self.script.prompt_fields(key) & COLLECTION_FIELDS:
                from bot.dialog.plan_values import values as plan_values

                values = {**plan_values(self), **values}
        self.replies.append(Reply(self.text(key, **values), buttons))

    def _single_payment(self) -> bool:
        """Whether the plan spoken of is one payment: the plan being agreed, or (in the
        plan state) the active plan."""
        if self.account is not None and self.conv.state == ENGINE_STATES[0]:
            from bot.dialog.plan_values import standing

            now = standing(self)
            if now is not None:
                return len(now.agreement.instalments) == 1
        plan = self.pending_plan()
        return plan is not None and plan.count == 1

    def _due_today(self) -> bool:
        """Whether the payment spoken of is due today: the first of the plan being agreed,
        or (in the plan state) the next of the active plan."""
        if self.account is None:
            return False
        if self.conv.state != ENGINE_STATES[0]:
            plan = self.pending_plan()
            return plan is not None and plan.first_date == self.today
        from bot.dialog.plan_values import standing

        now = standing(self)
        return now is not None and now.next_due == self.today

    def _nothing_paid(self) -> bool:
        """Whether the account has an active plan and nothing is paid towards it yet."""
        if self.account is None:
            return False
        from bot.dialog.plan_values import standing

        now = standing(self)
        return now is not None and now.paid <= 0

    def sender_values(self) -> dict[str, str]:
        """``sender`` (the neutral name) and, once verified, ``collector``."""
        names = self.engine.settings.sender
        values = {"sender": _for_locale(names.name, self.locale)}
        if self.verified:
            values["collector"] = _for_locale(names.collector, self.locale)
        return values

    def reply(self, text: str, buttons: tuple[Button, ...] = ()) -> None:
        """Send already rendered ``text``."""
        self.replies.append(Reply(text, buttons))

    def disclose(self) -> None:
        """Send the collection disclosure once per conversation, before any debt detail."""
        if not self.data.get("disclosed"):
            self.data["disclosed"] = True
            self.replies.append(Reply(self.text("disclosure")))
            self.log("disclosure", {})

    def log(self, kind: str, data: dict[str, Any]) -> None:
        """Append an event to the conversation's log."""
        self.events.append(
            {
                "conversation_id": self.conv.id,
                "account_id": self.conv.account_id,
                "kind": kind,
                "data": data,
                "actor": self.actor,
                "created_at": self.now,
            }
        )

    # -- values -------------------------------------------------------------

    def money(self, amount: Any) -> str:
        assert self.account is not None
        return self.engine.format_money(amount, self.account.currency, self.locale)

    def day(self, d: date) -> str:
        return self.engine.format_date(d, self.locale)

    def debt_values(self) -> dict[str, Any]:
        """Placeholders about the account and the plan under discussion."""
        acc = self.account
        if acc is None:
            return {}
        values: dict[str, Any] = {
            "total": self.money(acc.owed),  # what is still owed, after payments
            "balance": self.money(acc.owed),
            "creditor": acc.creditor,
            "principal": self.money(acc.principal),
            "interest": self.money(acc.interest),
            "fees": self.money(acc.fees),
            "due_date": self.day(acc.due_date),
            "days_overdue": max(0, (self.today - acc.due_date).days),
        }
        plan = self.pending_plan()
        if plan is not None:
            values.update(
                plan=self.plan_label(plan),  # the plan in one sentence, to confirm
                schedule=self.schedule_text(plan),
                total_due=self.money(plan.total),
                first_amount=self.money(plan.first_amount),
                first_date=self.day(plan.first_date),
                discount=self.money(plan.discount),
            )
        return values

    def pending_plan(self) -> Plan | None:
        raw = self.data.get("pending_plan")
        return Plan.from_json(raw) if raw else None

    def schedule_text(self, plan: Plan) -> str:
        return "\n".join(
            self.text(
                "schedule_line", number=i, date=self.day(x.due_date), amount=self.money(x.amount)
            )
            for i, x in enumerate(plan.instalments, start=1)
        )

    def plan_label(self, plan: Plan) -> str:
        """A one-line description of ``plan`` that matches its schedule exactly."""
        from bot.dialog.labels import plan_label

        return plan_label(self, plan)


_ZONES: dict[str, ZoneInfo] = {}


def _for_locale(texts: dict[str, str], locale: str) -> str:
    return texts.get(locale) or texts.get("en") or next(iter(texts.values()), "")


def _zone(name: str) -> ZoneInfo:
    zone = _ZONES.get(name)
    if zone is None:
        try:
            zone = ZoneInfo(name)
        except (KeyError, ValueError):
            zone = ZoneInfo("UTC")
        _ZONES[name] = zone
    return zone


def local_now(now: datetime, tz: str) -> datetime:
    """``now`` in the timezone ``tz`` (UTC when unknown)."""
    return now.astimezone(_zone(tz))
