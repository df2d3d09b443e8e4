"""One-letter slips in the key English words ("unsubscibe" → "unsubscribe")."""

from __future__ import annotations

import re

TYPO_VOCABULARY = (
    "unsubscribe", "installment", "installments", "instalment", "instalments", "monthly", "weekly",
    "biweekly", "fortnightly", "payment", "payments", "dispute", "human", "person", "agent",
    "representative", "operator", "interest", "already", "hardship", "unemployed", "english",
    "chinese", "mandarin", "traditional", "simplified", "tomorrow", "friday", "monday", "tuesday",
    "wednesday", "thursday", "saturday", "sunday", "contact", "messaging", "texting", "suicide",
    "myself", "please", "hello", "second", "third", "fourth", "first", "stupid", "customer",
    "service", "borrowed", "recognise", "recognize", "afford", "struggling", "hospital", "settle",
    "everything", "whole", "amount", "balance", "charges", "months", "weeks", "understand",
    "options", "manager", "supervisor", "employed", "redundant", "laid", "unable", "paid",
    "scammer", "scammers", "tired", "living", "harassing", "calling", "number", "wrong", "mistake",
)  # fmt: skip

# Real words one letter from a word above: they are what was meant, never slips ("send me
# the contract" is no "contact", "I tried to pay" no "tired", "back and forth" no "fourth").
REAL_WORDS = frozenset(
    (
        "contract", "contracts", "contacts", "intact", "internet", "interests", "prison", "parson",
        "persona", "borrower", "borrowers", "burrowed", "giving", "diving", "loving", "liking",
        "lining", "tried", "tires", "tiled", "timed", "fired", "hired", "wired", "tiered", "whale",
        "while", "whose", "whore", "moths", "mouths", "weeds", "weeps", "seeks", "reeks", "geeks",
        "peeks", "setter", "settee", "nettle", "kettle", "culling", "falling", "galling", "calming",
        "calving", "walling", "wring", "wrung", "prong", "hells", "cello", "jello", "hallo",
        "numbed", "lumber", "mount", "forth", "fourths", "managed", "manages", "manger", "employer",
        "employee", "employees", "scammed", "scamper", "scanner", "testing", "tenting", "massaging",
        "weakly", "meekly", "usable", "enable", "charged", "charger", "balanced", "servile",
        "humane", "humans", "thirds",
    )
)  # fmt: skip


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_TYPO_INDEX: dict[str, set[str]] = {}
for _word in TYPO_VOCABULARY:
    for _key in {_word, *_deletes(_word)}:
        _TYPO_INDEX.setdefault(_key, set()).add(_word)
_VOCAB = frozenset(TYPO_VOCABULARY)
_WORD = re.compile(r"[a-z]{5,}")


def _fix(m: re.Match[str]) -> str:
    word = m.group(0)
    if word in _VOCAB or word in REAL_WORDS or word + "s" in _VOCAB or word[:-1] in _VOCAB:
        return word
    candidates: set[str] = set(_TYPO_INDEX.get(word, ()))
    for key in _deletes(word):
        candidates |= _TYPO_INDEX.get(key, set())
    if len(candidates) == 1:
        fixed = candidates.pop()
        # "manage" is a word, not a slip for "manager": never just complete a word.
        return word if fixed.startswith(word) else fixed
    return word


def correct_typos(text: str) -> str:
    """Repair one-letter slips in the key English words ("unsubscibe" → "unsubscribe")."""
    return _WORD.sub(_fix, text)
