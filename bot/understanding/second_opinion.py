"""The classifier's second opinion: when it may speak, and what it may overrule.

The word lists and the grammar decide first (see :mod:`bot.understanding.understand`).
The statistical classifier (:mod:`bot.understanding.classifier`) then

* overrules them only towards safety: a confident crisis reading outranks any other
  reading, a confident opt-out reading outranks anything but a safety intent;
* reads each clause of a longer message on its own for a crisis ("能还500 不过可能等不到
  那天了": the offer dilutes a crisis the whole message's reading would miss);
* speaks where the grammar heard nothing, crisis and opt-out needing less certainty
  than the rest (a false alarm costs a kind word, a miss far more).

Its crisis or opt-out guess stands only if it still holds without the commonest words
(我, 了, "i", "my") or, in a longer Chinese message, the model is very sure of it; and
never on a figure of speech, a channel asked for or a plain goodbye
(:mod:`bot.understanding.safety`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.understanding import safety as _safety
from bot.understanding.classifier import Classifier, Guess
from bot.understanding.normalize import HAN

# How sure the classifier must be before its guess replaces "unknown": safety intents
# err towards caution, everything else must be clearly likelier than not.
SAFETY_GUESSES = {"distress": 0.35, "stop": 0.4, "wrong_person": 0.5, "dispute": 0.5}
_OTHERS = 0.7
# How sure it must be to overrule what the grammar heard (only ever towards safety).
_OVERRIDES = {"distress": 0.6, "stop": 0.6}
# How sure it must be of a Chinese message of at least so many Han characters for its
# reading to stand without the check that leaves out the commonest characters (see
# ``SecondOpinion._holds``); short ones ("我决定了", "我不想等了") stay checked. Chosen by
# scoring each later writer batch with a model trained without it (tests/dialog/batch_out.py).
_SURE_IN_HAN = 0.8
_LONG_IN_HAN = 8
# A request the grammar heard for the menu, help, a language or the figures is no opt-out
# ("麻烦把选单再发我一次" asks to be sent something); a crisis still outranks it.
_ASKED = frozenset({"menu", "help", "language", "how_to_pay", "balance_question"})
# A dispute the grammar heard: a crisis or an opt-out the classifier is sure of outranks it.
_DISPUTED = frozenset({"dispute"})
# A short greeting the grammar heard is never overruled ("good evening").
_SHORT_ANSWERS = frozenset({"greeting"})


def _short(folded: str) -> bool:
    """Three Latin words or six Han characters at most."""
    return len(folded.split()) <= 3 and len(HAN.findall(folded)) <= 6


# Where a message divides into clauses read one by one for a crisis: punctuation, a
# "but", and (between Han characters) a space.
_CLAUSE = re.compile(
    r"[,，。.!！?？;；:：\n~～…]+|\s+(?:but|though|although|tbh|honestly)\s+"
    r"|不过|但是|可是|只是|说实话|說實話|其实|其實|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])"
)
_MIN_CLAUSE = 4


class SecondOpinion:
    """Consults one classifier on folded messages.

    Args:
        classifier: The model (the shipped one unless a test gives another).
    """

    def __init__(self, classifier: Classifier) -> None:
        self._classifier = classifier

    def overrule(self, heard: str, folded: str, *, heard_safety: bool) -> Guess | None:
        """A crisis or opt-out reading that replaces what the grammar ``heard``, or None.

        Args:
            heard: The grammar's intent (neither ``distress`` nor ``unknown``).
            folded: The folded message.
            heard_safety: Whether ``heard`` is a safety intent (opt-out, dispute …):
                then only a crisis outranks it ("我把银行卡密码都留给家人了，以后不用找我了"
                is a farewell, not an opt-out; a person is alerted, nothing else is lost).
        """
        if heard in _SHORT_ANSWERS and _short(folded):
            return None  # "good evening": the word lists hear any crisis in it
        guess = self._classifier.guess(folded)
        if heard in _DISPUTED:
            # "I'm in a debt restructuring, don't message me again": the opt-out stands
            # beside the dispute (a person still looks at the account)
            wanted: tuple[str, ...] = ("distress", "stop")
        elif heard_safety or heard in _ASKED:
            wanted = ("distress",)
        else:
            wanted = tuple(_OVERRIDES)
        if guess.intent in wanted and self._sure(guess, folded, guess.intent):
            return guess
        if heard_safety:
            return None
        return self._crisis_clause(folded)

    def fallback(self, folded: str, *, disowned_hardship: bool = False) -> Guess | None:
        """The classifier's reading of a message the grammar did not recognise, if sure
        enough for its intent; None leaves the message ``unknown`` (the dialog asks).

        Args:
            disowned_hardship: The message's hardship words were disowned ("I'm not
                unemployed"): a hardship guess is not taken.
        """
        guess = self._classifier.guess(folded)
        if guess.intent == "unknown" or (disowned_hardship and guess.intent == "hardship"):
            return None
        if guess.probability < SAFETY_GUESSES.get(guess.intent, _OTHERS):
            return None
        if not _safety.model_may_say(guess.intent, folded):
            return None
        # In Latin script the commonest words are function words ("i", "with"): a guess the
        # grammar did not back must stay as sure without them ("who am i speaking with").
        # Han ones (想, 要, 会) carry meaning, so there the guess need only stay on top.
        least = 0.0 if HAN.search(folded) else SAFETY_GUESSES.get(guess.intent, 0.0)
        if guess.intent in _OVERRIDES and not self._holds(guess, folded, least):
            return None
        return replace(guess, evidence=guess.evidence or ("?",))

    def _sure(self, guess: Guess, folded: str, intent: str) -> bool:
        return (
            guess.probability >= _OVERRIDES[intent]
            and bool(guess.evidence)  # words, not letter fragments, overrule the grammar
            and self._holds(guess, folded)
            and _safety.model_may_say(intent, folded)
        )

    def _crisis_clause(self, folded: str) -> Guess | None:
        """A clause of a longer message the classifier reads as a crisis on its own (unless
        the whole message is a figure of speech or asks for another channel)."""
        clauses = [c for c in _CLAUSE.split(folded) if len(c.strip()) >= _MIN_CLAUSE]
        if len(clauses) < 2 or not _safety.model_may_say("distress", folded):
            return None
        for clause in clauses:
            guess = self._classifier.guess(clause)
            if guess.intent == "distress" and self._sure(guess, clause, "distress"):
                return guess
        return None

    def _holds(self, guess: Guess, folded: str, least: float = 0.0) -> bool:
        """Whether a crisis or opt-out guess still stands without the commonest words (and,
        where the grammar heard nothing, still as sure as a guess must be to be taken)."""
        if guess.probability >= _SURE_IN_HAN and len(HAN.findall(folded)) >= _LONG_IN_HAN:
            # In Chinese the commonest characters are half of a crisis said plainly (不想
            # 活了, 就剩这条命了, 我就上天台了): left out, the rest is too short to hold
            # the reading. One the model is this sure of stands as it is.
            return True
        bare = self._classifier.guess(folded, ignore=_safety.COMMON)
        return bare.intent == guess.intent and bare.probability >= least
