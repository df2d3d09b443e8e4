"""How to pay, and reminders, in the debtor's language.

:class:`Words` renders prompts of a script version like a turn does, for code
that runs outside a conversation turn (the reminder scheduler).
:func:`how_to_pay` is the creditor's instructions plus the signed pay-now link;
:class:`NoticeWriter` puts a reminder into words with its date, amount and how
to pay.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from bot.collection.notices import BEFORE_DUE, DUE, FOLLOW_UP, Notice
from bot.collection.paylink import PayLinks
from bot.messages import Button
from bot.money import quantize
from bot.scripts.translations import prompt_text
from bot.scripts.versions import Compiled
from bot.store import circumstances
from bot.store.models import Account

if TYPE_CHECKING:
    from bot.dialog.engine import DialogEngine
    from bot.dialog.turn import EngineParts

FOLLOW_PAY = "collect:pay"
FOLLOW_MOVE = "collect:move"
FOLLOW_HUMAN = "collect:human"
HOW_TO_PAY = "how_to_pay"
CHANGE_PLAN = "change_plan"
GENTLE = "_gentle"
"""Suffix of a reminder's wording for a debtor who told us of hardship (job loss, illness …)."""

# Built-in wording for scripts that lack a collection prompt (older versions).
DEFAULTS = {
    "how_to_pay": "How to pay: {instructions} Please quote your reference {account_ref}.",
    "how_to_pay_default": "To pay, use the payment details {creditor} gave you and quote your reference {account_ref}.",  # noqa: E501
    "pay_link_line": "Pay now: {pay_link}",
    "reminder_before_due": "A reminder about your plan with {creditor}: {amount} is due on {date}.",
    "reminder_due": "Your payment of {amount} to {creditor} is due today, {date}.",
    "reminder_missed": "We haven't received your payment of {amount} that was due on {date}. You can pay now, move this payment to the end of your plan, or talk to a person.",  # noqa: E501
    "reminder_missed_no_move": "We haven't received your payment of {amount} that was due on {date}. You can pay now or talk to a person.",  # noqa: E501
    "reminder_broken": "We haven't received your last two payments, so your plan has ended. A colleague will contact you to find a way forward.",  # noqa: E501
    "pay_now_label": "Pay now",
    "move_label": "Move it to the end",
    "human_label": "Talk to a person",
    "how_to_pay_label": "How to pay",
    "change_plan_label": "Change my plan",
}


@dataclass
class Words:
    """Prompts of one script version in one locale, with money in one currency."""

    engine: EngineParts
    compiled: Compiled
    locale: str
    currency: str

    def text(self, key: str, **values: Any) -> str:
        """Prompt ``key`` in the locale, filled with ``values``."""
        script = self.compiled.machine.script
        cache_key = (self.compiled.version_id, self.locale, key)
        template = self.engine.prompts.get(cache_key)
        if template is None:
            if key in script.prompts:
                template = prompt_text(script, self.engine.catalogs, self.locale, key)
            else:
                template = self.engine.catalogs.gettext(self.locale, DEFAULTS.get(key, key))
            self.engine.prompts[cache_key] = template
        return template.format_map(defaultdict(str, values))

    def money(self, amount: Decimal) -> str:
        """``amount`` in the currency, for the locale."""
        return str(self.engine.format_money(amount, self.currency, self.locale))

    def day(self, d: date) -> str:
        """``d`` for the locale."""
        return str(self.engine.format_date(d, self.locale))


def how_to_pay(
    words: Words, links: PayLinks, account: Account, amount: Decimal, now: datetime
) -> str:
    """The creditor's payment instructions for ``amount``, and a pay-now link when configured."""
    amount_text = str(quantize(amount, account.currency))
    instructions = links.instructions(account.creditor, account.account_ref, amount_text)
    key = "how_to_pay" if instructions else "how_to_pay_default"
    text = words.text(
        key, instructions=instructions, account_ref=account.account_ref, creditor=account.creditor
    )
    link = links.link(account.account_ref, amount, account.currency, now)
    if link:
        text += "\n" + words.text("pay_link_line", pay_link=link)
    return text


class NoticeWriter:
    """The reminder scheduler's :class:`~bot.collection.reminders.Composer`."""

    def __init__(self, engine: DialogEngine, links: PayLinks) -> None:
        self.engine = engine
        self.links = links
        # The active script, looked up once per run (a run passes one ``now``).
        self._active: tuple[datetime, Compiled] | None = None

    def __call__(
        self, notice: Notice, now: datetime, session: Session
    ) -> tuple[str, tuple[Button, ...]]:
        """The reminder's text (date, amount, how to pay) and its buttons."""
        conv, account, inst = notice.conversation, notice.account, notice.instalment
        vid = conv.script_version_id
        compiled = self._script(vid, now, session)
        words = Words(self.engine, compiled, conv.locale or account.locale, account.currency)
        values = {
            "creditor": account.creditor,
            "amount": words.money(inst.remaining),
            "date": words.day(inst.due_date),
        }
        if notice.kind == "broken":
            return words.text("reminder_broken", **values), ()
        key = {
            BEFORE_DUE: "reminder_before_due",
            DUE: "reminder_due",
            FOLLOW_UP: "reminder_missed" if notice.can_move else "reminder_missed_no_move",
        }[notice.kind]
        gentle = f"{key}{GENTLE}"
        if gentle in compiled.machine.script.prompts and circumstances.of_account(
            session, account.id
        ):
            key = gentle  # they told us times are hard: the same facts, said more gently
        text = (
            words.text(key, **values)
            + "\n"
            + how_to_pay(words, self.links, account, inst.remaining, now)
        )
        buttons: tuple[Button, ...] = ()
        if notice.kind == FOLLOW_UP:
            buttons = (
                Button(words.text("pay_now_label"), FOLLOW_PAY),
                *((Button(words.text("move_label"), FOLLOW_MOVE),) if notice.can_move else ()),
                Button(words.text("human_label"), FOLLOW_HUMAN),
            )
        return text, buttons

    def _script(self, version_id: int | None, now: datetime, session: Session) -> Compiled:
        scripts = self.engine.scripts
        if version_id is not None:
            return scripts.get(version_id, session)
        if self._active is None or self._active[0] != now:
            self._active = (now, scripts.active(session=session))
        return self._active[1]
