"""What a debtor's message says in the conversation it is part of: a button (pressed,
or its words typed), a command, or text read by :mod:`bot.understanding` together with
the choices on screen (a plan named by its number at the confirmation, "the cheapest").
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import Any

from bot.dialog import aftercare
from bot.dialog.languages import LANG_PREFIX, locale_named, locale_of_payload
from bot.dialog.offering import offered_plans, policy_of
from bot.dialog.turn import CHOOSE_PREFIX, NO_PAYLOAD, YES_PAYLOAD, Said, TurnContext
from bot.messages import Button, Incoming
from bot.understanding.choices import by_number
from bot.understanding.normalize import fold
from bot.understanding.superlatives import superlative


def understand(turn: TurnContext, incoming: Incoming) -> Said:
    """Turn the message (or button payload, or command) into a :class:`Said`."""
    payload = incoming.payload
    if incoming.command is not None:
        return _command(incoming.command, incoming.command_arg)
    if payload:
        if payload.startswith(CHOOSE_PREFIX) and payload[len(CHOOSE_PREFIX) :].isdigit():
            return Said("choose", text=payload, choice=int(payload[len(CHOOSE_PREFIX) :]))
        if payload in (YES_PAYLOAD, NO_PAYLOAD):
            return Said(payload, text=payload)
        if payload.startswith(LANG_PREFIX):
            return Said("language", text=payload, language=locale_of_payload(payload))
        collection_intent = aftercare.payload_intent(payload)
        if collection_intent is not None:
            return Said(collection_intent, text=payload)
    text = incoming.text or payload or ""
    if not text.strip():
        return Said("unknown", text=text)
    buttons = current_buttons(turn)
    labels = [b.label for b in buttons]
    typed = _typed_label(text, labels)
    if typed is not None:  # a button's own words, typed or pasted: the button
        return understand(turn, replace(incoming, payload=buttons[typed].payload, text=""))
    tz = turn.account.timezone if turn.account is not None else "UTC"
    u = turn.engine.understander.understand(
        text, locale=turn.locale, timezone=tz, now=turn.now, choices=labels
    )
    intent = u.intent
    plain = intent in ("unknown", "choose") or (
        intent in ("instalments", "counter_offer") and not (u.amounts or u.dates or u.count)
    )
    picked = _earlier_offer(turn, text, labels) if plain else None
    bare = not (u.amounts or u.dates or u.count or u.choice is not None)
    longest = smallest_asked(turn, u.folded, intent) if picked is None and bare else None
    if longest is not None:
        # "what's the lowest I can pay each month?", "I can only pay on payday": the
        # smallest plan the policy allows (its longest term), not the largest on offer.
        intent, u = "instalments", replace(u, count=longest, frequency="monthly")
    elif picked is None and plain and u.choice is None:
        picked = _most(turn, u.folded)
    if picked is not None:
        intent, u = "choose", replace(u, choice=picked)
    elif u.choice is not None and intent in ("unknown", "choose") and labels:
        intent = "choose"
        if 1 <= u.choice <= len(buttons) and buttons[u.choice - 1].payload in (
            YES_PAYLOAD,
            NO_PAYLOAD,
        ):
            # "yes please, record it" names the yes button: it is a yes, not a plan choice
            intent = buttons[u.choice - 1].payload
    if intent == "choose" and u.count is not None and not text.strip().isdigit():
        intent = "instalments"  # "3 months instead" is a counter-offer, not a button
    if intent == "unknown" and u.circumstances:
        # "我爸上个月走了 心里很乱", "my wife is in hospital since monday": a hard time told
        # and nothing else is heard as hardship (a kind word, the smaller plans), not
        # "sorry, I didn't understand".
        intent = "hardship"
    return Said(
        intent,
        text=text,
        confidence=float(u.confidence),
        triggers=tuple(u.triggers),
        choice=u.choice,
        amounts=tuple(u.amounts),
        dates=tuple(u.dates),
        count=u.count,
        frequency=u.frequency,
        language=u.language,
        proposal=u.proposal,
        circumstances=u.circumstances,
        folded=u.folded,
        past_date="past_date" in u.ambiguous,
    )


_NOT_WORD = re.compile(r"[\W_]+")


def _label_key(text: str) -> str:
    return _NOT_WORD.sub("", fold(text).text)


# Button labels are the bot's own words and recur from turn to turn: fold each once.
# (The debtor's text is folded afresh: it is not kept in memory.)
_button_key = functools.lru_cache(maxsize=4096)(_label_key)


def _typed_label(text: str, labels: list[str]) -> int | None:
    """The index of the button whose label ``text`` repeats (punctuation and case aside)."""
    key = _label_key(text)
    if not key:
        return None
    found = [i for i, label in enumerate(labels) if _button_key(label) == key]
    return found[0] if len(found) == 1 else None


def _earlier_offer(turn: TurnContext, text: str, labels: list[str]) -> int | None:
    """The plan picked by its number while yes/no is asked ("我要第三个方案", "option 2").

    At the confirmation the buttons are yes and no, but the plans offered just before
    are still the debtor's to choose from; a bare digit stays an answer to the buttons.
    """
    if turn.state.choices != "yes_no" or text.strip().isdigit():
        return None
    plans = offered_plans(turn)
    if len(plans) < 2:
        return None
    hit = by_number(fold(text).text, [turn.plan_label(p) for p in plans])
    if hit is None or hit.choice is None or hit.end - hit.start < 2:
        return None
    return hit.choice


# The least the debtor can pay, asked of the policy rather than of an option on screen
# ("what's the lowest I can pay each month?", 每个月最少还多少): no "one", "option", "plan".
_AN_OPTION = re.compile(
    r"\b(?:one|ones|option|options|plan|plans|choice)\b|那个|这个|哪个|方案|选项"
)
# Only on payday, no amount or day named: "I can only pay on payday", 我只能发工资那天还.
_PAYDAY_ONLY = re.compile(
    r"\b(?:only|just)\b.{0,30}\b(?:pay\s*day|when\s+i\s+(?:get|am)\s+paid|my\s+salary|my\s+wages)"
    r"|(?:只能|只有|等)[^，,。.!！?？]{0,6}(?:发工资|发薪|领薪|领工资|出粮)"
)
_WEEKS = re.compile(r"\bweek|周|星期|礼拜")


def smallest_asked(turn: TurnContext, folded: str, intent: str) -> int | None:
    """The policy's longest term in months, when the message asks for the smallest
    payments the policy allows; None otherwise (or while no plans are on the table)."""
    if not turn.verified or turn.state.choices not in ("offers", "yes_no"):
        return None
    if not offered_plans(turn) or _WEEKS.search(folded):
        return None
    smallest = superlative(folded) == "smallest_payments" and not _AN_OPTION.search(folded)
    payday = intent == "counter_offer" and _PAYDAY_ONLY.search(folded) is not None
    if not (smallest or payday):
        return None
    months = policy_of(turn).months(hardship=bool(turn.data.get("hardship")))
    if smallest and any(p.count >= months for p in offered_plans(turn)):
        return None  # on the screen already (after a pause, starting when it ends): picked there
    return months


def _most(turn: TurnContext, folded: str) -> int | None:
    """The plan picked by what sets it apart ("the smallest payments", "最便宜的")."""
    want = superlative(folded)
    plans = offered_plans(turn) if want is not None and turn.verified else []
    if len(plans) < 2:
        return None
    key: list[tuple[Any, ...]]
    if want == "smallest_payments":
        key = [(-p.count, max(i.amount for i in p.instalments)) for p in plans]
    elif want == "cheapest":
        key = [(p.total, p.count) for p in plans]
    else:
        key = [(p.last_date, p.total) for p in plans]
    best = min(key)
    return key.index(best) + 1 if key.count(best) == 1 else None


# Platform commands and the intent each stands for.
_COMMAND_INTENTS = {"stop": "stop", "unsubscribe": "stop", "help": "help", "agent": "human"}


def _command(command: str, arg: str | None) -> Said:
    """A platform command. Its argument is never understood as words: a deep-link
    token is random and can spell anything; only ``/language`` reads its argument,
    as a language name or code."""
    name = f"/{command}"
    if command == "language":
        if not arg:
            return Said("language_menu", text=name, triggers=(name,))
        return Said("language", text=name, triggers=(name,), language=locale_named(arg))
    return Said(_COMMAND_INTENTS.get(command, "unknown"), text=name, triggers=(name,))


def current_buttons(turn: TurnContext) -> tuple[Button, ...]:
    """The choices the current state offers."""
    choices = turn.state.choices
    if choices == "offers":
        if not turn.verified:
            return ()
        return tuple(
            Button(turn.plan_label(p), f"{CHOOSE_PREFIX}{i}")
            for i, p in enumerate(offered_plans(turn), start=1)
        )
    if choices == "yes_no":
        return (
            Button(turn.text("yes_label"), YES_PAYLOAD),
            Button(turn.text("no_label"), NO_PAYLOAD),
        )
    if choices == "plan":
        return aftercare.plan_buttons(turn)
    return ()
