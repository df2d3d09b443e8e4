"""What a debtor means: one intent with its trigger words, plus amounts, dates and choices.

Intents are decided by a fixed precedence, safety first::

    distress > stop > wrong_person > dispute > already_paid > human > pause
    > settlement or split (a counter-offer) > hardship > think > language > balance_question
    > choose > pay_in_full > instalments > counter_offer > abuse > menu > help > greeting
    > yes / no > unknown

When the grammar finds nothing, a small statistical classifier
(:mod:`bot.understanding.classifier`) gives a second opinion;
:mod:`bot.understanding.second_opinion` says when it may speak and what it may overrule.
Crisis and opt-out need less certainty from it than anything else (a false alarm costs a
kind word, a miss far more); below its thresholds the message stays ``unknown`` and the
dialog asks.

so "I lost my job and want to kill myself" is distress, "fuck off, stop texting me" is
stop, and "ok 500 next week" is a counter-offer (entities beat a bare yes). Weak hardship
("can't afford", "手头紧") gives way to a counter-offer when the message names an amount
or a date; hardship words the debtor disowns ("I'm not unemployed", "我没有失业", "my
friend lost his job") are no hardship. A pay-in-full phrase under negation ("can't pay it
all", "不能一次性还清") asks for instalments; a pay-in-full phrase with only "instead", "a plan"
or instalments turned down ("pay it all next friday instead", "不分期了，下周五全还") is a
payment in full. "Let me think" (``think``) gives way to a
message that names an amount. A sum "and we call it settled" ("一次性还五千，就当结清了行吗")
is a settlement offer, not a payment already made. The menu asked for by name ("send me the
menu one more time", 选单) beats a counter-offer that names no amount or date ("more time").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.understanding import date_fallback as _dates
from bot.understanding import normalize as _normalize
from bot.understanding import safety as _safety
from bot.understanding.amounts import Amount
from bot.understanding.choices import by_number, by_words
from bot.understanding.circumstances import circumstances as _circumstances
from bot.understanding.circumstances import stated as _stated
from bot.understanding.classifier import Classifier, shipped
from bot.understanding.entities import extract, parse_amount
from bot.understanding.language import language_target
from bot.understanding.lexicon import compile_lexicon, phrase_patterns
from bot.understanding.normalize import fold
from bot.understanding.numerals import format_amount_zh
from bot.understanding.offer_cues import CALENDAR, PAY_WORD, instalments_wanted, just_today, negated
from bot.understanding.proposals import NOTHING, Proposal, read_proposal, settlement_asked
from bot.understanding.refusals import drop_refused
from bot.understanding.second_opinion import SAFETY_GUESSES, SecondOpinion
from bot.understanding.typos import correct_typos
from bot.understanding.verification import parse_birth_date, parse_id_last4
from bot.understanding.yes_no import yes_no

__all__ = [
    "INTENTS",
    "Amount",
    "Understander",
    "Understanding",
    "format_amount_zh",
    "parse_amount",
    "parse_birth_date",
    "parse_id_last4",
]

INTENTS = ("yes", "no", "choose", "pay_in_full", "instalments", "counter_offer", "pause", "human",
           "stop", "dispute", "already_paid", "hardship", "distress", "wrong_person", "help",
           "greeting", "language", "balance_question", "abuse", "menu", "think",
           "how_to_pay", "change_plan", "unknown")  # fmt: skip

# Intents decided from the lexicon alone, in precedence order (see the module docstring).
_SAFETY = ("distress", "stop", "wrong_person", "dispute", "already_paid", "human")
# Intents only a crisis reading of the whole message outranks, not one of a clause: a
# change of mind says its regret in a clause of its own ("等一下，我後悔了，可以改嗎").
_READ_WHOLE = frozenset({*_SAFETY, "change_plan"})
_MAX_CHARS = 2000  # longer messages are read by their start


@dataclass(frozen=True, slots=True)
class Understanding:
    """The meaning of one debtor message.

    Attributes:
        intent: One of :data:`INTENTS`.
        confidence: 0..1; below about 0.6 the dialog should rather ask.
        triggers: The words and phrases (folded) that decided the intent.
        amounts: Money amounts in order of appearance.
        dates: Days named, resolved in the debtor's timezone, never before today.
        choice: The 1-based option picked, for ``choose`` (and when a pay-in-full or
            instalment message also names an offered option).
        count: Number of instalments named ("3 months", "分6期").
        frequency: ``weekly`` | ``biweekly`` | ``monthly``.
        language: Target locale for ``language``: ``en`` | ``zh_CN`` | ``zh_TW``.
        ambiguous: What is unclear, for the dialog to ask: ``amount_or_date``, ``choice``,
            ``past_date``, ``date_format``.
        proposal: A settlement, a split in two payments or a pause the message asks for.
        circumstances: Hardship or vulnerability the message states (``job_loss``,
            ``illness``, ``bereavement`` …; see :mod:`bot.understanding.circumstances`).
        folded: The message as it was read (folded: lower case, Traditional turned
            Simplified), for later matching without folding it again.
    """

    intent: str
    confidence: float
    triggers: tuple[str, ...]
    amounts: tuple[Amount, ...] = ()
    dates: tuple[date, ...] = ()
    choice: int | None = None
    count: int | None = None
    frequency: str | None = None
    language: str | None = None
    ambiguous: tuple[str, ...] = ()
    proposal: Proposal = NOTHING
    circumstances: tuple[str, ...] = ()
    folded: str = ""


class Understander:
    """Reads debtor messages. Build once at start-up, call :meth:`warm_up`, share freely.

    Args:
        extra_distress: Additional crisis phrases (from configuration), matched literally.
        extra_stop: Additional opt-out phrases (from configuration), matched literally.
    """

    def __init__(
        self,
        extra_distress: Sequence[str] = (),
        extra_stop: Sequence[str] = (),
        classifier: Classifier | None = None,
    ) -> None:
        self._opinion = SecondOpinion(classifier if classifier is not None else shipped())
        extra: dict[str, Iterable[str]] = {"distress": extra_distress, "stop": extra_stop}
        self._patterns = compile_lexicon(extra)
        # Configured phrases are also matched before typo repair, which knows only
        # the built-in words ("blue whale game" must not become "blue whole game").
        self._extra = {
            name: re.compile("|".join(parts))
            for name, phrases in extra.items()
            if (parts := phrase_patterns(phrases))
        }

    def warm_up(self) -> None:
        """Load converters and date data now, so the first real message is fast."""
        _normalize.warm_up()
        _dates.warm_up()
        now = datetime(2025, 1, 1, 12, 0, tzinfo=_dates.zone("UTC"))
        for sample in ("I can pay 500 on Dec 5", "下週五先還兩千", "第二个", "stop"):
            self.understand(sample, locale="en", timezone="UTC", now=now, choices=("a", "b"))

    def understand(
        self,
        text: str,
        *,
        locale: str,
        timezone: str,
        now: datetime,
        choices: Sequence[str] = (),
    ) -> Understanding:
        """Understand one message.

        Args:
            text: The message as typed (any of English, Simplified, Traditional, mixed).
            locale: The debtor's locale (``en`` | ``zh_CN`` | ``zh_TW``).
            timezone: The debtor's IANA timezone; dates resolve in it.
            now: Aware current time.
            choices: Labels of the options on offer, in order.

        Returns:
            The intent, its triggers and the entities.
        """
        said = self._read(text, locale=locale, timezone=timezone, now=now, choices=choices)
        if said.intent in ("distress", "unknown"):
            return said
        guess = self._opinion.overrule(
            said.intent, said.folded, heard_safety=said.intent in _READ_WHOLE
        )
        if guess is None:
            return said
        return replace(said, intent=guess.intent, confidence=0.7, triggers=guess.evidence)

    def _read(
        self,
        text: str,
        *,
        locale: str,
        timezone: str,
        now: datetime,
        choices: Sequence[str] = (),
    ) -> Understanding:
        """What the word lists and the grammar make of one message (see :meth:`understand`)."""
        folded = fold(text[:_MAX_CHARS])
        today = now.astimezone(_dates.zone(timezone)).date()
        picked = by_number(folded.text, choices)
        masked = folded.text
        if picked is not None:
            for start, end in ((picked.start, picked.end), *picked.turned_down):
                masked = masked[:start] + " " * (end - start) + masked[end:]
        ents = extract(folded, today, masked)
        # Amounts the debtor says are beyond them ("I can't pay 2200") are no offer; with
        # nothing else offered, neither is the day named beside them.
        ents, beyond = drop_refused(folded.text, ents)
        days = ents.dates
        if not days and "past_date" not in ents.ambiguous:
            extra = _dates.fallback_date(
                ents.masked,
                now.astimezone(_dates.zone(timezone)),
                timezone,
                _dates.dateparser_languages(text),
            )
            days = (extra,) if extra else ()

        proposal = read_proposal(
            folded.text,
            today,
            amounts=len(ents.amounts),
            amount_spans=ents.amount_spans,
            count=ents.count,
            frequency=ents.frequency,
        )
        stated = _circumstances(folded.text)
        lex = correct_typos(folded.text)
        corrected = lex != folded.text
        found = {name: lexeme.matches(lex) for name, lexeme in self._patterns.items()}
        for name, p in self._extra.items():
            found[name] += [m.group(0).strip() for m in p.finditer(folded.text)]
        found = {
            name: [w for w in words if w] or ([""] if words else [])
            for name, words in found.items()
        }
        # "I'm not unemployed", "我没有失业", "my friend lost his job": no hardship of theirs.
        heard_hardship = bool(found["hardship"])
        found["hardship"] = [w for w in found["hardship"] if not w or _stated(lex, w)]
        # Death words only inside a figure of speech ("these fees are killing me"), opt-out
        # words only inside a channel or hour asked for ("don't call me, text is fine").
        for name in ("distress", "stop"):
            if found[name] and _safety.only_inside(found[name], lex, name):
                found[name] = []
        # Whether we are genuine, asked ("is this a scam?", 你们是不是骗子): no dispute, no insult.
        if (found["dispute"] or found["abuse"]) and _safety.DOUBTS_US.search(lex):
            for name in ("dispute", "abuse"):
                found[name] = [w for w in found[name] if not _safety.DOUBT_WORDS.search(w)]
        # A channel or hour asked for ("call my mobile instead"): its "instead" is no plan.
        preference = _safety.asks_for_channel(folded.text)
        if preference:
            found["instalments"] = [w for w in found["instalments"] if w != "instead"]
        offer = bool(ents.amounts or days or "past_date" in ents.ambiguous)
        if offer and just_today(lex, days, today, ents.amounts, found):
            offer = False  # "so tired today, worked till midnight": a day told, not offered
        if offer and not ents.amounts and CALENDAR.search(lex) and not PAY_WORD.search(lex):
            offer = False  # "what day is today?", 12月14号是星期几: the calendar asked about
        if found["no_offer"]:
            # "bye, talk tomorrow", "will reply in 10", 晚点回你: when the chat goes on, no offer.
            said = " ".join(found["no_offer"])
            found["counter_offer"] = [w for w in found["counter_offer"] if w not in said]
            if not PAY_WORD.search(lex) and all(a.text in said for a in ents.amounts):
                offer = False

        def result(
            intent: str,
            confidence: float,
            triggers: Sequence[str],
            *,
            choice: int | None = None,
            language: str | None = None,
            ambiguous: tuple[str, ...] | None = None,
        ) -> Understanding:
            others = [n for n in _SAFETY if found[n] and n != intent]
            if intent in _SAFETY and others:
                confidence -= 0.1
            if corrected:
                confidence -= 0.1
            return Understanding(
                intent=intent,
                confidence=round(max(0.05, min(confidence, 0.99)), 2),
                triggers=tuple(dict.fromkeys(t for t in triggers if t)),
                amounts=ents.amounts,
                dates=days,
                choice=choice,
                count=ents.count,
                frequency=ents.frequency,
                language=language,
                ambiguous=ents.ambiguous if ambiguous is None else ambiguous,
                proposal=proposal,
                circumstances=stated,
                folded=folded.text,
            )

        for intent in _SAFETY:
            if intent == "already_paid" and settlement_asked(folded.text, proposal):
                continue  # "一次性还五千，就当结清了行吗": an offer, not a payment made
            if found[intent]:
                return result(
                    intent, 0.95 if intent in ("distress", "stop") else 0.9, found[intent]
                )
        if beyond and not ents.amounts:
            return result("hardship", 0.85, [*found["hardship"], *found["hardship_weak"], *beyond])

        if proposal.pause:
            return result("pause", 0.85, [*found["hardship"], *ents.words])
        if proposal.settle or proposal.split or proposal.payments:
            return result("counter_offer", 0.9, [*found["counter_offer"], *ents.words])
        if found["hardship"]:
            return result("hardship", 0.9, [*found["hardship"], *ents.words])
        if found["hardship_weak"] and not offer and not found["pay_in_full"]:
            return result("hardship", 0.75, found["hardship_weak"])

        # A change of mind names no plan: "I changed my mind, option 2" is option 2.
        if picked is not None:
            found["change_mind"] = []
        found["change_plan"] += found["change_mind"]
        if found["think"] and not ents.amounts and not ents.count and not found["change_plan"]:
            return result("think", 0.85, found["think"])

        target = language_target(folded.text)
        if target is not None:
            if target == "zh":
                target = "zh_TW" if folded.traditional or locale == "zh_TW" else "zh_CN"
            return result("language", 0.9, [target], language=target)

        named = " ".join(found["change_plan_named"])
        if named and all(a.text in named for a in ents.amounts):
            # "change my payment date to the 20th", "6期改成10期": a date or count it names
            # is the change asked for, not an offer.
            return result("change_plan", 0.8, found["change_plan_named"])
        # "option 3. how do I pay?": the option named by its number is the answer (the
        # dialog answers the question beside it).
        numbered = picked is not None and picked.how == "number" and picked.choice is not None
        if found["how_to_pay"] and not ents.amounts and not found["instalments"] and not numbered:
            return result("how_to_pay", 0.85, found["how_to_pay"])  # bot.dialog.aftercare
        if found["change_plan"] and not (offer or ents.count or ents.frequency):
            return result("change_plan", 0.8, found["change_plan"])  # bot.dialog.aftercare
        if found["balance_question"]:
            return result("balance_question", 0.85, found["balance_question"])

        full = bool(found["pay_in_full"]) and not negated(lex, found["pay_in_full"])
        if picked is None and choices:
            picked = by_words(folded.text, ents.count, ents.frequency, full, choices)
        choice = picked.choice if picked else None
        ambiguous = ents.ambiguous + (("choice",) if picked and picked.ambiguous else ())
        if picked is not None and choice is not None and picked.how == "words" and offer:
            # Dates or amounts that the option's own label names ("today") add nothing.
            label = fold(choices[choice - 1]).text
            offer = not all(w in label for w in ents.words)
        if picked is not None and choice is not None and (picked.how == "number" or not offer):
            trigger = (
                folded.text[picked.start : picked.end] if picked.how == "number" else folded.text
            )
            confidence = 0.95 if picked.how == "number" else 0.8
            return result(
                "choose", confidence, [trigger.strip()], choice=choice, ambiguous=ambiguous
            )

        if full and not instalments_wanted(lex, found["instalments"]):
            # "pay it all next friday instead", "不分期了，下周五全还": no instalments of
            # their own, so the payment in full stands.
            return result(
                "pay_in_full",
                0.9,
                [*found["pay_in_full"], *ents.words],
                choice=choice,
                ambiguous=ambiguous,
            )
        plan = bool(found["instalments"] or found["pay_in_full"] or ents.count or ents.frequency)
        if plan and not ents.amounts:
            words = found["instalments"] + found["pay_in_full"] + list(ents.words)
            return result("instalments", 0.85, words, choice=choice, ambiguous=ambiguous)
        if found["menu"] and not offer and picked is None:
            # "send me the menu one more time": the menu, not a plea for "more time".
            return result("menu", 0.85, found["menu"])
        if offer or found["counter_offer"] or found["hardship_weak"]:
            confidence = (
                0.9 if offer and (found["counter_offer"] or plan) else 0.8 if offer else 0.7
            )
            words = found["counter_offer"] + found["hardship_weak"] + list(ents.words)
            return result("counter_offer", confidence, words, choice=choice, ambiguous=ambiguous)
        if picked is not None and picked.ambiguous:
            return result("unknown", 0.4, [], ambiguous=ambiguous)

        for intent in ("abuse", "menu", "help", "greeting"):
            if found[intent]:
                return result(intent, 0.85, found[intent])
        # A channel or hour asked for, or a debit to stop (别打我座机，打我手机就行), is no answer.
        answer = None if preference else yes_no(ents.masked)
        if answer is not None:
            return result(answer[0], 0.9, [answer[1]])
        guess = self._opinion.fallback(folded.text, disowned_hardship=heard_hardship)
        if guess is not None:
            # Safety guesses keep a confidence the dialog acts on; others stay modest.
            safe = guess.intent in SAFETY_GUESSES
            confidence = 0.7 if safe else 0.6 * guess.probability
            return result(guess.intent, confidence, guess.evidence)
        return result("unknown", 0.2, [])
