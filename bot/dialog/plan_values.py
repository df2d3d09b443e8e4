"""The placeholders about an account's plan and how to pay, for a turn's prompts.

Kept apart from :mod:`bot.dialog.aftercare` so the turn can fill them without
importing the flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.collection import ledger
from bot.collection.paylink import PayLinks
from bot.collection.standing import Standing, standing_for
from bot.dialog.paying import Words, how_to_pay
from bot.store.models import Agreement, Instalment

if TYPE_CHECKING:
    from bot.dialog.turn import TurnContext


def active_agreement(turn: TurnContext, *, lock: bool = False) -> Agreement | None:
    """The account's active agreement, read from the database once per turn.

    ``lock``: always read (and on PostgreSQL lock) it, to change it.
    """
    acc = turn.account
    assert acc is not None
    known = turn.agreements
    if lock or acc.id not in known:
        known[acc.id] = ledger.active_agreement(turn.session, acc.id, lock=lock)
    return known[acc.id]


def recorded(
    turn: TurnContext,
    account_id: int,
    agreement: dict[str, Any] | None,
    instalments: Sequence[dict[str, Any]] = (),
) -> None:
    """What the turn just wrote: the account's active agreement is now ``agreement``
    (the row inserted, ``id`` included, with its instalment rows), or none."""
    if agreement is None:
        turn.agreements[account_id] = None
        return
    # Not added to the session: only read, as the stored rows would be.
    turn.agreements[account_id] = Agreement(
        **agreement, closed_at=None,
        instalments=[Instalment(**row, paid_at=None, closed_at=None) for row in instalments],
    )  # fmt: skip


def standing(turn: TurnContext) -> Standing | None:
    """Where the account's active plan stands (None without one)."""
    agreement = active_agreement(turn)
    return None if agreement is None else standing_for(agreement)


def links(turn: TurnContext) -> PayLinks:
    return PayLinks(turn.engine.settings.collection)


def words(turn: TurnContext) -> Words:
    assert turn.account is not None
    return Words(turn.engine, turn.compiled, turn.locale, turn.account.currency)


def pay_text(turn: TurnContext) -> str:
    """How to pay what is due next (the next instalment, else the balance)."""
    acc = turn.account
    assert acc is not None
    return _pay_text(turn, standing(turn))


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
    now = standing(turn)
    out: dict[str, Any] = {"account_ref": acc.account_ref, "how_to_pay": _pay_text(turn, now)}
    if now is not None:
        out.update(paid=turn.money(now.paid), plan_total=turn.money(now.total))
        if now.next_due is not None:
            out.update(next_amount=turn.money(now.next_amount), next_date=turn.day(now.next_due))
    plan = turn.pending_plan()
    if plan is not None:
        out["plan"] = turn.plan_label(plan)
    return out
