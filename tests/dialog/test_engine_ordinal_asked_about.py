"""An ordinal inside a question about a plan's payments picks no plan.

"Whats the last one?" asked of a plan waiting for a yes is its last payment, not the last
option: read as a choice, the debtor who had asked for $600 a month found the option with
the largest payments recorded when they said yes. "Can the first one be on the 20th?" asks
to move the first payment. Neither raises a crisis ("the last" is no farewell here). A
plain "the last one" still picks the last option. English only: the Chinese ordinals of a
plan's payments (最后一期, 第一期) were never read as options.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_after_agreement import _active

CRISIS = "988"


@pytest.mark.parametrize(
    "asked", ["wait how many payments is that and whats the last one", "how much is the last one?"]
)
def test_the_last_one_asked_about_keeps_the_plan_waiting_for_a_yes(
    chat: Chat, accounts: dict[str, Debtor], asked: str
) -> None:
    chat.verify(accounts["en"])
    chat.say("I can pay 500 a month")
    waiting = chat.say("actually make it 600")[-1].text
    assert "4 monthly payments of $600.00 and a last of $345.75" in waiting
    text = "\n".join(r.text for r in chat.say(asked))
    assert CRISIS not in text and "$915.25" not in text, text
    chat.say("yes")
    (plan,) = _active(chat.app.db)
    assert [amount for _day, amount in plan] == [Decimal("600.00")] * 4 + [Decimal("345.75")]


def test_the_first_one_moved_is_a_start_date_asked_for_not_an_option(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    text = "\n".join(r.text for r in chat.say("can the first one be after payday, like the 20th?"))
    assert CRISIS not in text and "first on Mar 20, 2026" in text, text


def test_the_last_one_on_its_own_still_picks_the_last_option(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    labels = [b.label for b in chat.verify(accounts["en"])[-1].buttons]
    text = chat.say("I'll take the last one")[-1].text
    assert labels[-1].split(",")[0] in text, (labels, text)
    chat.say("yes")
    (plan,) = _active(chat.app.db)
    assert plan[0][0] >= date(2026, 3, 10)
