"""An opt-out the classifier is sure of stands beside a dispute the word lists heard ("not my
debt … and leave me alone", 我在走更生程序…): the debtor is no longer messaged, and a person
still looks at the account. Before, only a crisis could outrank a dispute, and an opt-out
said in other words than the lists' was lost (four of the unread sets' opt-outs)."""

from __future__ import annotations

from typing import Any

from bot.understanding.classifier import Guess
from bot.understanding.second_opinion import SecondOpinion


class _Sure:
    """A classifier sure of one intent, whatever it reads."""

    def __init__(self, intent: str) -> None:
        self.intent = intent

    def guess(self, folded: str, ignore: Any = ()) -> Guess:
        return Guess(self.intent, 0.95, ("leave", "alone"))

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


def test_a_sure_opt_out_outranks_a_dispute_heard() -> None:
    opinion = SecondOpinion(_Sure("stop"))  # type: ignore[arg-type]
    said = "this was never my loan and i want all of you out of my life"
    guess = opinion.overrule("dispute", said, heard_safety=True)
    assert guess is not None and guess.intent == "stop"


def test_a_sure_opt_out_does_not_outrank_other_safety_readings() -> None:
    """A wrong person or an "already paid" keeps its own reading (the dialog answers it and
    stops writing to a stranger anyway)."""
    opinion = SecondOpinion(_Sure("stop"))  # type: ignore[arg-type]
    said = "you have the wrong person and i want all of you out of my life"
    assert opinion.overrule("wrong_person", said, heard_safety=True) is None
