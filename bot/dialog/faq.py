"""Answers to the script's ``faq`` questions in any state, then back to the question.

A debtor who asks "what are these fees?" or "你们是哪家公司？" gets the answer of
the topic (:mod:`bot.scripts.faq` finds it), filled with the account's own
figures, and then only the short question the bot was asking (the state's
``again`` prompt), not the whole menu again.

Neutral until verified: before verification a topic is answered only by its
``<answer>_unverified`` prompt, or its answer when the topic is ``neutral`` (who
we are in neutral words, are you a bot, the team's hours, privacy); any other
topic gets ``faq_verify_first``, and its answer follows the verification.

A question never replaces what must come first: safety (distress, stop,
dispute, wrong person, already paid), hardship, a pause, a proposal with an amount, a
choice, "let me think", and the engine's own "how do I pay", unless its topic names that
reading in ``asked_over`` and the message is a question without an amount ("逾期三个月了，
会被起诉吗" is a legal question, not three instalments). "Are you a bot?" beats "talk to a
person" only when it is asked as a question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from bot.dialog.hours import agent_eta, opening_hours
from bot.dialog.turn import Said, TurnContext
from bot.messages import Incoming
from bot.scripts.faq import matcher, neutral_key
from bot.scripts.model import FaqTopic
from bot.scripts.vocabulary import (
    CALENDAR_FIELDS,
    EARLY_FIELDS,
    FAQ_VERIFY_FIRST,
    HOURS_FIELDS,
    IN_STATE,
    MISSED_FIELDS,
    NO_MOVE_SUFFIX,
    ON_THE_DAY_SUFFIX,
    PLAN_SUFFIX,
)
from bot.understanding.normalize import fold

Step = Callable[[TurnContext], None]

# Intents an answer never replaces.
_NEVER = frozenset(
    {
        "distress", "stop", "wrong_person", "dispute", "already_paid", "abuse", "hardship",
        "language", "language_menu", "think", "menu", "choose", "how_to_pay", "pay_now",
        "move_to_end", "change_plan", "pause",
    }
)  # fmt: skip
# A message asked as a question (folded text: Simplified Chinese, lower case).
QUESTION = re.compile(
    r"[?？]|(?:^|[,.;:!，。；：！]\s*)(?:what|whats|what's|why|how|when|where|who|whos|who's|which"
    r"|can|could|may|is|are|am|do|does|did|will|would|should|have|has|r\s+u|are\s+u)\b"
    r"|吗|嘛|么|呢|什么|怎么|怎样|为什么|为何|哪|几点|几号|(?:星期|礼拜|周)几|多少|是否|能不能|可不可以|有没有|是不是|会不会"
)
# Asking to be let off part of the debt ("can you waive the fees", "利息能免掉吗") is a
# negotiation, not a question about the fees.
_WAIVE = re.compile(r"\bwaiv|\bwrite\s+off\b|\bforgive|\bcancel\s+the\b|免|减掉|去掉|少收|不收")
# Asking for a person ("can I speak to a real person", "能不能找个真人跟我说") is a hand-over,
# even when asked as a question; "is there a real person?" is answered.
_WANTS_PERSON = re.compile(
    r"\b(?:talk|speak|chat)\s+(?:to|with)\b|\b(?:get|connect|transfer|put)\s+me\b"
    r"|\bi\s+(?:want|need|would\s+like|wanna)\b|找|转|跟.{0,6}(?:说|讲|谈|聊)|要(?:真人|人工)|换人"
)
# Intents that answer the bot's question or make a proposal: a topic's words in them
# ("I'll pay early next month") are an answer, unless the message is a question.
# "What happens if I don't pay on time?", "不还会怎么样": a question about what would
# happen, not a statement of hardship.
_WHAT_IF = re.compile(
    r"\bwhat\s+(?:happens|will\s+happen|would\s+happen|if)\b|\bwhat'?ll\s+happen\b"
    r"|\bwhat\s+are\s+the\s+consequences\b|\bwhat\s+then\b|(?:^|[,.;:!]\s*)(?:and\s+)?if\s+i\b"
    r"|(?:如果|要是|万一|假如)[^，,。.!！]{0,12}(?:会|怎么办|怎样)|会(?:怎么样|怎样|有什么后果|有什么影响)"
)
# "What if I miss one payment?", "what if I skip one payment?": a question, not hardship, a
# pause or the one-payment plan chosen by its words.
_WHAT_IF_ASKS = frozenset({"hardship", "pause", "choose"})
_ANSWERS = frozenset({"pay_in_full", "instalments", "counter_offer", "yes", "no", "answer"})
# The topics answered at once while a colleague has the chat (:func:`while_waiting`): what
# frightens (the law, the credit report, whether we are genuine, whether family is told) and who
# we are; how to pay
# and the rest wait for the colleague ("怎么还没人回" is no question of how to pay).
WHILE_WAITING = frozenset(
    {
        "legal_action",
        "credit_report",
        "legitimacy",
        "privacy",
        "third_parties",
        "who_we_are",
        "bot",
        "fees",
    }
)
# Where a message divides into clauses that may each ask something.
CLAUSES = re.compile(
    r"(?<=[?？])|[,.;!，。；！\n]+|\s+(?:and|also|plus|btw|but)\s+|另外|还有|顺便问一?下|顺便|而且|但是|不过"
)


def topic_for(turn: TurnContext, said: Said, incoming: Incoming) -> FaqTopic | None:
    """The faq topic this message asks about, or None when something else comes first."""
    script = turn.script
    if not script.faq or incoming.command or incoming.payload:
        return None
    folded = said.folded or fold(said.text).text
    question = QUESTION.search(folded) is not None
    match = functools.cache(lambda: matcher(script.sha256, script.faq).match(folded))
    if question and not said.amounts and any(said.intent in t.asked_over for t in script.faq):
        # A topic answered over the message's reading (its ``asked_over``): "逾期三个月了，会不会
        # 被抓去坐牢" names three months (an instalment count), "If I can't pay this month, will
        # I get taken to court?" says it cannot pay; both are legal questions.
        found = match()
        if found is not None and said.intent in found.asked_over:
            return found
    if said.intent in _NEVER and not (said.intent in _WHAT_IF_ASKS and _WHAT_IF.search(folded)):
        return None
    if (said.amounts or said.count or said.frequency) and said.intent != "balance_question":
        return None  # a proposal ("can I pay 300 a month?"), not "why so much? I borrowed 10,000"
    if said.dates and not question:
        return None
    if said.intent in ("human", *_ANSWERS) and not question:
        return None  # "I want a real person, not a bot"; "I'll pay early next month"
    if _WAIVE.search(folded) or (said.intent == "human" and _WANTS_PERSON.search(folded)):
        return None
    if said.proposal.settle:
        return None  # "和解的話最低要繳多少": the least a settlement can be, not what is owed
    return match()


def while_waiting(turn: TurnContext, said: Said) -> bool:
    """A question of the :data:`WHILE_WAITING` topics asked while a colleague has the chat ("will I
    go to jail?", 会影响征信吗): answered at once (neutrally before verification, when
    the topic has such an answer); the colleague still sees it. False when there was none."""
    folded = said.folded or fold(said.text).text
    if not turn.script.faq or not QUESTION.search(folded):
        return False
    topic = matcher(turn.script.sha256, turn.script.faq).match(folded)
    if topic is None or topic.name not in WHILE_WAITING or topic.alone:
        return False
    if turn.verified or (topic.neutral and neutral_key(topic) not in turn.script.prompts):
        key = answer_key(turn, topic)
    elif neutral_key(topic) in turn.script.prompts:
        key = neutral_key(topic)
    else:
        return False
    turn.log("faq", {"topic": topic.name, "verified": turn.verified, "with_agent": True})
    turn.say(key, **values(turn, key))
    return True


def named(turn: TurnContext, name: str) -> FaqTopic | None:
    """The script's faq topic called ``name``, if it has one."""
    return next((t for t in turn.script.faq if t.name == name), None)


def thanks(turn: TurnContext, said: Said) -> FaqTopic | None:
    """The topic said on its own ("ok thanks", 好的谢谢) that ``said`` names, if any, whatever
    its intent."""
    script = turn.script
    if not script.faq:
        return None
    found = matcher(script.sha256, script.faq).match(said.folded or fold(said.text).text)
    return found if found is not None and found.alone else None


def answer(turn: TurnContext, topic: FaqTopic, *, fresh: bool, start: Step, again: Step) -> None:
    """Answer ``topic`` (neutrally before verification), then go back to the question."""
    if turn.verified or (topic.neutral and neutral_key(topic) not in turn.script.prompts):
        key = answer_key(turn, topic)
    elif neutral_key(topic) in turn.script.prompts:
        key = neutral_key(topic)
    else:
        key = FAQ_VERIFY_FIRST
    turn.log("faq", {"topic": topic.name, "verified": turn.verified})
    turn.say(key, **values(turn, key))
    if topic.alone:
        # A thank-you: acknowledged, neither understood nor not (the count stays).
        if fresh:
            start(turn)
        else:
            _still_open(turn, again)
        return
    if key == FAQ_VERIFY_FIRST:
        turn.data["faq_after_verify"] = topic.name  # answered once verified
    elif (other := _also_asked(turn, topic)) is not None:
        # "what happens if I miss one? and does this go on my credit report?": both answered
        other_key = answer_key(turn, other) if turn.verified else neutral_key(other)
        turn.log("faq", {"topic": other.name, "verified": turn.verified, "also": True})
        turn.say(other_key, **values(turn, other_key))
    turn.data["not_understood"] = 0
    if fresh:
        start(turn)
    else:
        _back(turn, again)


def _also_asked(turn: TurnContext, answered: FaqTopic) -> FaqTopic | None:
    """A second topic asked in a clause of its own of the same message, other than the one
    ``answered`` (before verification, only one with a neutral answer)."""
    said = turn.said
    if said is None:
        return None
    found = matcher(turn.script.sha256, turn.script.faq)
    for clause in CLAUSES.split(said.folded or fold(said.text).text):
        if not clause.strip() or not QUESTION.search(clause):
            continue
        topic = found.match(clause)
        if topic is None or topic.name == answered.name or topic.alone:
            continue
        if turn.verified or neutral_key(topic) in turn.script.prompts:
            return topic
    return None


def _back(turn: TurnContext, again: Step) -> None:
    """After an answer: the open question's short prompt, never its menu again.

    A state with choices and no short prompt (the plan's "how to pay / change my
    plan" after the agreement) says its question without the choices: they are
    still where they were shown.
    """
    state = turn.state
    if state.again is None and state.choices and state.ask is not None:
        turn.say(state.ask)
        return
    again(turn)


def _still_open(turn: TurnContext, again: Step) -> None:
    """After an acknowledgement: the open question's short prompt, never its menu again.

    A state with choices and no short prompt (the plan's "how to pay / change my
    plan") still shows them where they were: nothing more is said.
    """
    state = turn.state
    if state.ask is None or (state.again is None and state.choices):
        return
    again(turn)


def answer_pending(turn: TurnContext) -> None:
    """Right after verification: the answer to a question asked before it."""
    name = turn.data.pop("faq_after_verify", None)
    topic = next((t for t in turn.script.faq if t.name == name), None)
    if topic is not None and turn.verified:
        turn.log("faq", {"topic": topic.name, "verified": True, "asked_before": True})
        key = answer_key(turn, topic)
        turn.say(key, **values(turn, key))


def answer_key(turn: TurnContext, topic: FaqTopic) -> str:
    """The topic's answer; its ``_in_<state>`` variant in that state, its ``_plan`` variant
    while a plan has a payment to come, its
    ``_no_move`` variant when no payment may be moved, its ``_on_the_day`` variant when
    no reminder comes before a due date."""
    in_state = f"{topic.answer}{IN_STATE}{turn.conv.state}"
    if in_state in turn.script.prompts:
        return in_state
    with_plan = f"{topic.answer}{PLAN_SUFFIX}"
    if with_plan in turn.script.prompts and _next_due(turn):
        return with_plan
    no_move = f"{topic.answer}{NO_MOVE_SUFFIX}"
    settings = turn.engine.settings.collection
    if settings.moves_per_plan <= 0 and no_move in turn.script.prompts:
        return no_move
    on_the_day = f"{topic.answer}{ON_THE_DAY_SUFFIX}"
    if settings.remind_days_before <= 0 and on_the_day in turn.script.prompts:
        return on_the_day
    return topic.answer


def _next_due(turn: TurnContext) -> bool:
    """Whether the account's active plan has a payment still to come."""
    from bot.dialog.plan_values import standing

    now = standing(turn) if turn.account is not None else None
    return now is not None and now.next_due is not None


def values(turn: TurnContext, key: str) -> dict[str, Any]:
    """The placeholders prompt ``key`` uses that only an answer fills (hours, paying early).

    The account's figures, who we are and how to pay are filled by the turn as
    for any prompt (and only after verification).
    """
    fields = turn.script.prompt_fields(key)
    out: dict[str, Any] = {}
    if fields & HOURS_FIELDS:
        out.update(opening_hours(turn))
        if "agent_eta" in fields:
            out["agent_eta"] = agent_eta(turn)
    if fields & EARLY_FIELDS and turn.verified:
        out.update(_early(turn))
    if fields & MISSED_FIELDS and turn.verified:
        out.update(_missed(turn))
    if fields & CALENDAR_FIELDS:
        from babel.dates import format_date

        said = turn.said
        day = said.dates[0] if said is not None and said.dates else turn.today
        out["day"] = format_date(day, format="full", locale=turn.locale)
    return out


def _missed(turn: TurnContext) -> dict[str, Any]:
    """Reminders and a missed payment, from ``[collection]``: how long before a due date
    the reminder comes, the missed-payment reminder's delay, their local time, and how
    often a plan may move a missed payment to its end."""
    from datetime import time

    from babel.dates import format_time
    from babel.units import format_unit

    settings = turn.engine.settings.collection
    zh = turn.locale.startswith("zh")
    days = format_unit(settings.missed_after_days, "duration-day", locale=turn.locale)
    ahead = format_unit(settings.remind_days_before, "duration-day", locale=turn.locale)
    at = time.fromisoformat(settings.remind_at)  # checked when the settings are read
    moves = settings.moves_per_plan
    times = f"{moves}次" if zh else {1: "once", 2: "twice"}.get(moves, f"{moves} times")
    return {
        "remind_before": ahead.replace(" ", "") if zh else ahead,
        "missed_after": days.replace(" ", "") if zh else days,
        "remind_at": format_time(at, "HH:mm" if zh else "h:mm a", locale=turn.locale),
        "moves": times,
    }


def _early(turn: TurnContext) -> dict[str, Any]:
    """Paying everything early: the discount and its last day, from the policy."""
    from datetime import timedelta

    from bot.dialog.offering import policy_of
    from bot.negotiation.offers import pay_in_full

    acc = turn.account
    assert acc is not None
    policy = policy_of(turn)
    until = turn.today + timedelta(days=policy.pay_in_full_within_days)
    out: dict[str, Any] = {
        "discount_percent": f"{policy.pay_in_full_discount_percent:g}",
        "early_until": turn.day(until),
        "early_total": turn.money(acc.owed),
        "early_saving": turn.money(0),
    }
    if acc.owed > 0:
        plan = pay_in_full(acc.owed, acc.currency, policy, turn.today, until)
        out.update(early_total=turn.money(plan.total), early_saving=turn.money(plan.discount))
    return out
