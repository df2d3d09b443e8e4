"""A question asked beside a proposal, a choice or a yes ("can I pay 300 a month and will
this hurt my credit?", 每月还2000可以吗？会影响我的征信吗, 選3，會影響我的信用嗎): answered
first, then the message read as before (see :mod:`bot.dialog.faq` for questions on their own).
"""

from __future__ import annotations

import re

from bot.dialog.faq import CLAUSES, QUESTION, answer_key, values
from bot.dialog.turn import Said, TurnContext
from bot.scripts.faq import matcher
from bot.scripts.model import FaqTopic
from bot.understanding.normalize import fold
from bot.understanding.yes_no import yes_no

_DIGIT = re.compile(r"\d")
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]")
# Readings beside which a question is answered too (:func:`beside`), and the topics whose
# answer stands on its own there: facts about paying, the credit report, the law, us.
_PROPOSING = frozenset({"choose", "pay_in_full", "instalments", "counter_offer", "yes"})
BESIDE = frozenset(
    {
        "fees", "paying_early", "missed_payment", "reminders", "how_to_pay", "who_we_are",
        "bot", "hours", "privacy", "credit_report", "legitimacy", "legal_action",
    }
)  # fmt: skip


def beside(turn: TurnContext, said: Said) -> FaqTopic | None:
    """A question asked beside a proposal, a choice or a yes ("can I pay 300 a month and
    will this hurt my credit?", 每月还2000可以吗？会影响我的征信吗, 選3，會影響我的信用嗎).

    The message's own reading moves the negotiation on; a clause of it asked as a question,
    naming no figure, that finds one of the :data:`BESIDE` topics, is answered too (see
    :func:`answer_beside`). Verified debtors only: before that nothing is proposed.
    """
    if said.intent not in _PROPOSING or not turn.verified or not turn.script.faq:
        return None
    clauses = [c.strip() for c in CLAUSES.split(said.folded or fold(said.text).text)]
    clauses = [c for c in clauses if c]
    if said.intent == "yes" and not _plain_yes(clauses[0] if clauses else ""):
        return None  # "ok so will this hurt my credit?" agrees to nothing
    found = matcher(turn.script.sha256, turn.script.faq)
    for at, clause in enumerate(clauses):
        if _DIGIT.search(clause) or not QUESTION.search(clause):
            continue
        # The reading is carried by another clause: a plain yes first, or one with a
        # figure ("option 3", "300 a month"); "can I pay early?" alone is only the question.
        others = clauses[:at] + clauses[at + 1 :]
        if said.intent == "yes" and at == 0:
            continue
        if said.intent != "yes" and not any(_FIGURE.search(c) for c in others):
            continue
        topic = found.match(clause)
        if topic is not None and not said.amounts and said.intent in topic.asked_over:
            return None  # "逾期了三个月，会不会被抓去坐牢": only the question (topic_for)
        if topic is not None and topic.name in BESIDE and not topic.alone:
            return topic
    return None


def _plain_yes(clause: str) -> bool:
    """Whether ``clause`` (the first of a message) is a yes and asks nothing."""
    answer = yes_no(clause)
    return answer is not None and answer[0] == "yes" and not QUESTION.search(clause)


def answer_beside(turn: TurnContext, topic: FaqTopic) -> None:
    """Answer a question asked beside a proposal (:func:`beside`); the proposal's own
    replies follow."""
    key = answer_key(turn, topic)
    turn.log("faq", {"topic": topic.name, "verified": True, "beside": True})
    turn.say(key, **values(turn, key))
