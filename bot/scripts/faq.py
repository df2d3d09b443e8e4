"""The ``faq`` section of a dialog script: questions answered in any state.

Each topic names its answer prompt and, per language, the phrasings that mark
it::

    faq:
      fees:
        answer: faq_fees
        triggers:
          en: [fee, interest, charge]
          zh_CN: [手续费, 利息, 费用]
          zh_TW: [手續費, 利息, 費用]

A trigger matches a message when its words appear in it in order, other words
between them allowed ("pay early" matches "can I pay this off early?"); English
words match their plural and -ed/-ing forms, Chinese matches by characters, and
Traditional and Simplified match each other (both are folded first). Of the
topics that match, a topic wins over those it names in ``outranks``, then the one with the
most evidence (the lengths of its phrasings found, a phrasing inside a longer one of its
topic not counted again). A topic's ``asked_over`` names readings of the message it is
answered over when the message is a question without an amount (a legal question that
also says the debtor lost their job); never a safety reading (:data:`ASKABLE_OVER`).

Neutral until verified: a topic is answered before verification only by its
``<answer>_unverified`` prompt, or by its answer when the topic says
``neutral: true``; both may use only neutral placeholders (the team's hours,
the neutral sender name). Other topics get ``faq_verify_first`` then. A
topic with ``alone: true`` (a thank-you) matches only a message that is one of its
phrasings and nothing else (punctuation and emoji aside), before any other topic. An
``<answer>_no_move`` prompt is said instead of the answer when a plan may not move
a missed payment to its end, an ``<answer>_on_the_day`` prompt when reminders come only
on the due day (none before it). An ``<answer>_plan`` prompt is said instead while a plan
is active with a payment still to come; it may also use where the plan stands
(``{next_amount}``, ``{next_date}``, ``{paid}``, ``{plan_total}``). An
``<answer>_in_<state>`` prompt is said instead while the conversation is in that state
(what comes next, asked while a plan waits to be confirmed).

:func:`check_faq` validates the section while the script is parsed;
:func:`matcher` compiles a script's triggers once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from bot.scripts.model import N_, FaqTopic, placeholders
from bot.scripts.vocabulary import (
    COLLECTION_FIELDS,
    FAQ_FIELDS,
    FAQ_NEUTRAL_FIELDS,
    FAQ_VERIFY_FIRST,
    IN_STATE,
    NO_MOVE_SUFFIX,
    ON_THE_DAY_SUFFIX,
    PLAN_SUFFIX,
    UNVERIFIED_SUFFIX,
)
from bot.understanding.normalize import fold

TOPIC_KEYS = {"answer", "triggers", "neutral", "alone", "outranks", "asked_over"}
# Readings a topic may be answered over (``asked_over``): what the debtor states or asks
# for beside the question, never a safety reading (crisis, opt-out, dispute, wrong
# person, already paid) nor a request for a person.
ASKABLE_OVER = ("hardship", "pause", "choose", "counter_offer", "instalments",
                "pay_in_full", "how_to_pay", "think")  # fmt: skip
# Other words allowed between two parts of a trigger (characters).
_GAP = 40
_WORD = re.compile(r"[a-z0-9][a-z0-9'’]*")
_HAN = re.compile(r"[\u3400-\u9fff]")

Err = Callable[..., None]
Pos = Callable[..., tuple[int, int]]


def neutral_key(topic: FaqTopic) -> str:
    """The prompt said for ``topic`` before verification (when the script has it)."""
    return f"{topic.answer}{UNVERIFIED_SUFFIX}"


def check_faq(
    node: Any,
    prompts: dict[str, str],
    source_locale: str,
    err: Err,
    pos: Pos,
    *,
    states: Collection[str] = (),
) -> tuple[FaqTopic, ...]:
    """Validate the ``faq`` mapping; report problems through ``err(where, template, **values)``.

    ``states`` are the script's states: an ``<answer>_in_<state>`` prompt must name one."""
    if node is None:
        return ()
    if not hasattr(node, "keys"):
        err(pos(node), N_("faq must map topic names to an answer and triggers"))
        return ()
    topics: list[FaqTopic] = []
    needs_verify_first = False
    for name, spec in node.items():
        where = pos(node, name)
        topic = repr(str(name))
        if not hasattr(spec, "keys"):
            err(
                where,
                N_("faq topic %(topic)s must be a mapping with answer and triggers"),
                topic=topic,
            )
            continue
        for key in spec:
            if key not in TOPIC_KEYS:
                err(
                    pos(spec, key),
                    N_("faq topic %(topic)s: unknown key %(key)s"),
                    topic=topic,
                    key=repr(key),
                )
        answer = spec.get("answer")
        if not isinstance(answer, str) or not answer:
            err(where, N_("faq topic %(topic)s needs an answer (a prompt key)"), topic=topic)
            continue
        if answer not in prompts:
            err(
                pos(spec, "answer", value=True),
                N_("faq topic %(topic)s: missing prompt %(key)s"),
                topic=topic,
                key=repr(answer),
            )
            continue
        is_neutral = spec.get("neutral", False)
        if not isinstance(is_neutral, bool):
            err(
                pos(spec, "neutral", value=True),
                N_("faq topic %(topic)s: neutral must be true or false"),
                topic=topic,
            )
            is_neutral = False
        at = pos(spec, "answer", value=True)
        if is_neutral:
            _check_fields(answer, prompts, FAQ_NEUTRAL_FIELDS, topic, err, at, before=True)
        else:
            _check_fields(answer, prompts, FAQ_FIELDS, topic, err, at)
        if f"{answer}{PLAN_SUFFIX}" in prompts:
            with_plan = FAQ_FIELDS | COLLECTION_FIELDS
            _check_fields(f"{answer}{PLAN_SUFFIX}", prompts, with_plan, topic, err, at)
        for suffix in (NO_MOVE_SUFFIX, ON_THE_DAY_SUFFIX):
            if f"{answer}{suffix}" in prompts:
                _check_fields(f"{answer}{suffix}", prompts, FAQ_FIELDS, topic, err, at)
        for key in [k for k in prompts if k.startswith(f"{answer}{IN_STATE}")]:
            state = key[len(f"{answer}{IN_STATE}") :]
            if states and state not in states:
                err(
                    at,
                    N_("faq topic %(topic)s: prompt %(key)s names state %(state)s, which the "
                       "script does not have"),
                    topic=topic, key=repr(key), state=repr(state),
                )  # fmt: skip
                continue
            _check_fields(key, prompts, FAQ_FIELDS, topic, err, at)
        neutral = f"{answer}{UNVERIFIED_SUFFIX}"
        if neutral in prompts:
            _check_fields(neutral, prompts, FAQ_NEUTRAL_FIELDS, topic, err, at, before=True)
        elif not is_neutral:
            needs_verify_first = True
        alone = spec.get("alone", False)
        if not isinstance(alone, bool):
            err(
                pos(spec, "alone", value=True),
                N_("faq topic %(topic)s: alone must be true or false"),
                topic=topic,
            )
            alone = False
        triggers = _triggers(spec.get("triggers"), topic, source_locale, err, pos, where)
        outranks = _outranks(spec, str(name), [str(n) for n in node], topic, err, pos)
        asked_over = _asked_over(spec, topic, err, pos)
        topics.append(
            FaqTopic(str(name), answer, triggers, is_neutral, alone, outranks, asked_over)
        )
    if needs_verify_first and FAQ_VERIFY_FIRST not in prompts:
        err(
            pos(node),
            N_(
                "faq: missing prompt %(key)s (said before verification for a topic "
                "without an <answer>_unverified prompt)"
            ),
            key=repr(FAQ_VERIFY_FIRST),
        )
    return tuple(topics)


def _outranks(
    spec: Any, name: str, names: list[str], topic: str, err: Err, pos: Pos
) -> tuple[str, ...]:
    """The topics ``outranks`` names: a list of other topics of the section."""
    node = spec.get("outranks")
    if node is None:
        return ()
    if not isinstance(node, list) or not all(isinstance(n, str) for n in node):
        err(
            pos(spec, "outranks", value=True),
            N_("faq topic %(topic)s: outranks must be a list of topic names"),
            topic=topic,
        )
        return ()
    kept = []
    for i, other in enumerate(node):
        if other == name or other not in names:
            err(
                pos(node, i),
                N_("faq topic %(topic)s: outranks names %(other)s, which is not another topic"),
                topic=topic,
                other=repr(other),
            )
            continue
        kept.append(other)
    return tuple(kept)


def _asked_over(spec: Any, topic: str, err: Err, pos: Pos) -> tuple[str, ...]:
    """The readings ``asked_over`` names: a list of :data:`ASKABLE_OVER` intents."""
    node = spec.get("asked_over")
    if node is None:
        return ()
    if not isinstance(node, list) or not all(isinstance(n, str) for n in node):
        err(
            pos(spec, "asked_over", value=True),
            N_("faq topic %(topic)s: asked_over must be a list of intents"),
            topic=topic,
        )
        return ()
    kept = []
    for i, intent in enumerate(node):
        if intent not in ASKABLE_OVER:
            err(
                pos(node, i),
                N_(
                    "faq topic %(topic)s: asked_over names %(intent)s; a question may be "
                    "answered over %(allowed)s only"
                ),
                topic=topic,
                intent=repr(intent),
                allowed=", ".join(ASKABLE_OVER),
            )
            continue
        kept.append(intent)
    return tuple(kept)


def _check_fields(
    key: str,
    prompts: dict[str, str],
    allowed: frozenset[str],
    topic: str,
    err: Err,
    where: tuple[int, int],
    *,
    before: bool = False,
) -> None:
    try:
        bad = placeholders(prompts[key]) - allowed
    except ValueError:
        return  # the prompt check reports it
    if not bad:
        return
    names = ", ".join("{" + n + "}" for n in sorted(bad))
    if before:
        err(
            where,
            N_(
                "faq topic %(topic)s: prompt %(key)s is said before verification and "
                "cannot use %(names)s"
            ),
            topic=topic,
            key=repr(key),
            names=names,
        )
    else:
        err(
            where,
            N_("faq topic %(topic)s: prompt %(key)s: the engine cannot fill %(names)s"),
            topic=topic,
            key=repr(key),
            names=names,
        )


def _triggers(
    node: Any, topic: str, source_locale: str, err: Err, pos: Pos, where: tuple[int, int]
) -> dict[str, tuple[str, ...]]:
    if not hasattr(node, "keys") or not node:
        err(
            where,
            N_("faq topic %(topic)s needs triggers: a list of phrasings per language"),
            topic=topic,
        )
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for locale, phrases in node.items():
        at = pos(node, locale)
        if isinstance(phrases, str):
            phrases = [phrases]
        if not isinstance(phrases, list) or not phrases:
            err(
                at,
                N_("faq topic %(topic)s: triggers.%(locale)s must be a list of phrasings"),
                topic=topic,
                locale=locale,
            )
            continue
        kept: list[str] = []
        for i, phrase in enumerate(phrases):
            if not isinstance(phrase, str) or not _parts(phrase):
                err(
                    pos(phrases, i),
                    N_("faq topic %(topic)s: trigger %(trigger)s has no words"),
                    topic=topic,
                    trigger=repr(phrase),
                )
                continue
            kept.append(phrase)
        out[str(locale)] = tuple(kept)
    if source_locale not in out:
        err(
            where,
            N_("faq topic %(topic)s has no %(locale)s triggers"),
            topic=topic,
            locale=source_locale,
        )
    return out


# -- matching ---------------------------------------------------------------


def _parts(phrase: str) -> list[str]:
    """The folded words (English) and character runs (Chinese) of a trigger, in order."""
    text = fold(phrase).text
    out: list[str] = []
    for chunk in re.split(r"[\s,，。？?!！、]+", text):
        if not chunk:
            continue
        out += [m.group(0) for m in re.finditer(r"[\u3400-\u9fff]+|[a-z0-9][a-z0-9'’]*", chunk)]
    return out


def _word_pattern(word: str) -> str:
    """A word with its usual English endings (fee → fees, charge → charged, pay → paying)."""
    if _HAN.match(word):
        return re.escape(word)
    forms = [re.escape(word) + r"(?:s|es|'s|d|ed|ing)?"]
    if word.endswith("e") and len(word) > 2:
        forms.append(re.escape(word[:-1]) + "ing")
    if word.endswith("y") and len(word) > 2:
        forms.append(re.escape(word[:-1]) + "(?:ies|ied)")
    return r"(?<![a-z0-9])(?:" + "|".join(forms) + r")(?![a-z0-9])"


@dataclass(frozen=True, slots=True)
class _Trigger:
    topic: str
    pattern: re.Pattern[str]
    weight: int


# Whole-message phrasings weigh more than any other could.
_ALONE_WEIGHT = 1000
# What may surround a phrasing that must be the whole message: spaces, punctuation, emoji.
_AROUND = r"[\W_]*"


class FaqMatcher:
    """The compiled triggers of one script's ``faq`` section (every language at once)."""

    def __init__(self, topics: tuple[FaqTopic, ...]) -> None:
        self.topics = {t.name: t for t in topics}
        compiled: list[_Trigger] = []
        seen: set[tuple[str, str]] = set()
        for topic in topics:
            for phrases in topic.triggers.values():
                for phrase in phrases:
                    parts = _parts(phrase)
                    key = (topic.name, " ".join(parts))
                    if not parts or key in seen:
                        continue
                    seen.add(key)
                    gap = _AROUND if topic.alone else rf".{{0,{_GAP}}}?"
                    body = gap.join(_word_pattern(p) for p in parts)
                    if topic.alone:
                        body = rf"^{_AROUND}{body}{_AROUND}$"
                    weight = sum(len(p) for p in parts) + (_ALONE_WEIGHT if topic.alone else 0)
                    compiled.append(_Trigger(topic.name, re.compile(body, re.S), weight))
        # Whole-message phrasings first, then longest first: the first match found is
        # the most specific.
        self.triggers = sorted(compiled, key=lambda t: -t.weight)

    def match(self, folded_text: str) -> FaqTopic | None:
        """The topic ``folded_text`` asks about (text folded by :func:`fold`), or None.

        A whole-message phrasing wins outright, and a topic found beside one it ``outranks``
        wins over it; otherwise the topic with the most evidence:
        the lengths of the phrasings found, added up per topic ("晚几天还会影响我的个人信用报告吗"
        names a late payment once and the credit report twice: a credit question). On a
        tie, the topic of the longest phrasing.
        """
        found: dict[str, list[tuple[int, int, int]]] = {}
        for trigger in self.triggers:
            hit = trigger.pattern.search(folded_text)
            if hit is not None:
                if trigger.weight >= _ALONE_WEIGHT:
                    return self.topics[trigger.topic]
                found.setdefault(trigger.topic, []).append((*hit.span(), trigger.weight))
        if not found:
            return None
        # A topic found beside one it outranks wins over it (a credit question that mentions
        # a late payment).
        beaten = {o for topic in found for o in self.topics[topic].outranks}
        found = {topic: hits for topic, hits in found.items() if topic not in beaten} or found
        # A phrasing found inside a longer one of its topic (晚几天还 in 晚几天还会) adds nothing.
        evidence = {
            topic: sum(
                w for s, e, w in hits
                if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in hits)
            )
            for topic, hits in found.items()
        }  # fmt: skip
        # dicts keep insertion order: the first topic found has the longest phrasing
        return self.topics[max(evidence, key=lambda name: evidence[name])]


_MATCHERS: dict[str, FaqMatcher] = {}


def matcher(sha256: str, topics: tuple[FaqTopic, ...]) -> FaqMatcher:
    """The matcher of the script version with text hash ``sha256`` (built once)."""
    found = _MATCHERS.get(sha256)
    if found is None:
        found = _MATCHERS[sha256] = FaqMatcher(topics)
    return found
