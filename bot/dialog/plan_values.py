"""The placeholders about an account's plan and how to pay, for a turn's prompts.

Kept apart from :mod:`bot.dialog.aftercare` so the turn can fill them without
importing the flow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.collection.paylink import PayLinks
from bot.collection.standing import Standing, standing_of
from bot.dialog.paying import Words, how_to_pay

if TYPE_CHECKING:
    from bot.dialog.turn import TurnContext


def links(turn: TurnContext) -> PayLinks:
    return PayLinks(turn.engine.settings.collection)


def words(turn: TurnContext) -> Words:
    assert turn.account is not None
    return Words(turn.engine, turn.compiled, turn.locale, turn.account.currency)


def pay_text(turn: TurnContext) -> str:
    """How to pay what is due next (the next instalment, else the balance)."""
    acc = turn.account
    assert acc is not None
    return _pay_text(turn, standing_of(turn.session, acc))


def _pay_text(turn: TurnContext, standing: Standing | None) -> str:
    acc = turn.account
    assert acc is not None
    amount = standing.next_amount if standing is not None and standing.next_due else acc.owed
    return how_to_pay(words(turn), links(turn), acc, amount, turn.now)


def values(turn: TurnContext) -> dict[str, Any]:
    """Placeholders about the active plan and how to pay."""
    acc = turn.account
    if acc is None:
        return {}
    standing = standing_of(turn.session, acc)
    out: dict[str, Any] = {"account_ref": acc.account_ref, "how_to_pay": _pay_text(turn, standing)}
    if standing is not None:
        out.update(paid=turn.money(standing.paid), plan_total=turn.money(standing.total))
        if standing.next_due is not None:
            out.update(
                next_amount=turn.money(standing.next_amount), next_date=turn.day(standing.next_due)
            )
    plan = turn.pending_plan()
    if plan is not None:
        out["plan"] = turn.plan_label(plan)
    return out
