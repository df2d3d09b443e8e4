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
also says the debtor lost their job); never a safety reading.

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

:func:`bot.scripts.faq_check.check_faq` validates the section while the script is parsed;
:func:`matcher` compiles a script's triggers once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.scripts.model import FaqTopic
from bot.scripts.vocabulary import UNVERIFIED_SUFFIX
from bot.understanding.normalize import fold

# Other words allowed between two parts of a trigger (characters).
_GAP = 40
_HAN = re.compile(r"[\u3400-\u9fff]")


def neutral_key(topic: FaqTopic) -> str:
    """The prompt said for ``topic`` before verification (when the script has it)."""
    return f"{topic.answer}{UNVERIFIED_SUFFIX}"


# -- matching ---------------------------------------------------------------


def trigger_parts(phrase: str) -> list[str]:
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
                    parts = trigger_parts(phrase)
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
