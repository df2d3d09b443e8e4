"""What the debtor asked for, read from the understood message: the request a plan is
built from ("300 a month", "200 today and then 200 every friday"), a wish that names no
terms ("can I pay less?"), the one sum said alone ("fine, 2000 then").
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from bot.dialog.turn import Said, TurnContext
from bot.negotiation.counter import CounterRequest


def counter_request(turn: TurnContext) -> CounterRequest:
    """What the debtor asked for, from the understood message."""
    said = turn.said
    assert said is not None
    amount = Decimal(str(said.amounts[0].value)) if said.amounts else None
    first = said.dates[0] if said.dates else None
    if first is None and said.past_date:
        # A day that has gone by ("on 2026-03-01"): said so, not silently replaced.
        first = turn.today - timedelta(days=1)
    lump = said.intent == "pay_in_full" or (
        amount is not None and first is not None and said.frequency is None and said.count is None
    )
    if amount is not None and said.proposal.first_then_rest and len(said.amounts) == 1:
        # "3000 now, the rest over 3 months", 先还5000，剩下的分6期: a first payment, then the
        # rest in the instalments named (the count is of those after the first payment).
        lump = True
        first = said.proposal.first_day or (first if said.dates else None)
    count = said.count
    # "200 today and then 200 every friday", "今天先还2000，剩下的每周五还1000": the first
    # payment (the first sum) on its day, the weekly ones (the last sum) from the next day named.
    then = first_amount = None
    weekly = said.frequency in ("weekly", "biweekly") and count is None
    if weekly and len(said.dates) >= 2 and said.dates[1] > said.dates[0]:
        then = said.dates[1]
        if len(said.amounts) >= 2 and said.amounts[0].value != said.amounts[-1].value:
            first_amount = amount
            amount = Decimal(str(said.amounts[-1].value))
    if said.frequency == "monthly" and count is None and _first_then_monthly(said):
        # "500 now then 200 a month after that", 先还3000，之后每月1000: the first sum once (today
        # for "now"), the second every month from a month after it.
        first_amount = amount
        amount = Decimal(str(said.amounts[-1].value))
        lump = False
        if first is None and _NOW.search(said.folded or ""):
            first = turn.today
    return CounterRequest(
        amount=amount, count=count, frequency=said.frequency, first_date=first, lump_sum=lump,
        then_from=then, first_amount=first_amount,
    )  # fmt: skip


# What comes between a first payment and the monthly ones ("then", "after that", 之后).
_THEN = re.compile(r"\bthen\b|\bafter\b|\bafterwards\b|\bthereafter\b|之后|然后|以后|剩下|再")
_NOW = re.compile(r"\bnow\b|\btoday\b|\bright\s+away\b|现在|今天|马上|先")


def _first_then_monthly(said: Said) -> bool:
    """Two different sums, the second said after "then" (a first payment, then a monthly one)."""
    if len(said.amounts) != 2 or said.amounts[0].value == said.amounts[1].value:
        return False
    text = said.folded or said.text.casefold()
    first, second = text.find(said.amounts[0].text), text.find(said.amounts[1].text)
    if first < 0 or second <= first:
        return False
    return _THEN.search(text, first + len(said.amounts[0].text), second) is not None


def asks_without_terms(said: Said) -> bool:
    """A counter-offer that names no amount, day, count, frequency or shape of plan."""
    p = said.proposal
    return (
        said.intent == "counter_offer"
        and not (said.amounts or said.dates or said.past_date)
        and said.count is None
        and said.frequency is None
        and not (p.settle or p.split or p.half or p.pause or p.payments)
    )


def bare_sum(said: Said) -> Decimal | None:
    """The one sum said, when nothing else shapes it (no count, frequency, day, split or
    payments of its own): "那四萬呢", "fine, 2000 then"."""
    if len(said.amounts) != 1 or said.count or said.frequency or said.dates:
        return None
    if said.proposal.split or said.proposal.payments:
        return None
    return Decimal(str(said.amounts[0].value))


def request_json(req: CounterRequest) -> dict[str, Any]:
    """The request as logged with the counter-offer event."""
    return {
        "amount": None if req.amount is None else str(req.amount),
        "count": req.count,
        "frequency": req.frequency,
        "first_date": None if req.first_date is None else req.first_date.isoformat(),
        "lump_sum": req.lump_sum,
        "then_from": None if req.then_from is None else req.then_from.isoformat(),
        "first_amount": None if req.first_amount is None else str(req.first_amount),
    }
