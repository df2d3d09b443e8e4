"""A second opinion for messages the word lists do not recognise.

A linear model over words, word pairs and character n-grams of the folded text
(Traditional already turned Simplified), trained on the labelled corpus under
``tests/dialog/corpus/`` and shipped as plain weights in
``bot/data/understanding/classifier.json``: no pickle, no numerical library at run
time, and the same text always gives the same answer. ``tests/dialog/classifier_training.py``
trains it (with scikit-learn) and a test checks that the shipped weights are what the
corpus trains.

The model only speaks when the grammar found nothing (see ``Understander``), and its
safety intents need less certainty than the rest: a false alarm costs a kind word and a
person's look, a miss costs far more.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_TOKEN = re.compile(r"[a-z0-9']+|[\u4e00-\u9fff]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")

MODEL_RESOURCE = "data/understanding/classifier.json"


def features(folded: str) -> dict[str, float]:
    """The model's features of a folded message, L2-normalised (binary before that).

    Latin words give the word, each pair of neighbouring words and the character
    trigrams of the word padded with spaces; runs of Han characters give their
    characters, pairs and triples.
    """
    seen: set[str] = set()
    tokens = _TOKEN.findall(folded)
    previous = ""
    for token in tokens:
        if _HAN.match(token):
            for n in (1, 2, 3):
                for i in range(len(token) - n + 1):
                    seen.add(f"h{n}:{token[i : i + n]}")
            previous = ""
            continue
        seen.add(f"w:{token}")
        if previous:
            seen.add(f"b:{previous}_{token}")
        previous = token
        padded = f" {token} "
        for i in range(len(padded) - 2):
            seen.add(f"c:{padded[i : i + 3]}")
    if not seen:
        return {}
    weight = 1.0 / math.sqrt(len(seen))
    return dict.fromkeys(sorted(seen), weight)


def _ignored(name: str, ignore: frozenset[str]) -> bool:
    kind, _, token = name.partition(":")
    if kind in ("w", "h1"):
        return token in ignore
    if kind == "b":
        return all(part in ignore for part in token.split("_"))
    return False


@dataclass(frozen=True, slots=True)
class Guess:
    """The model's answer for one message."""

    intent: str
    probability: float
    evidence: tuple[str, ...]


class Classifier:
    """Linear weights per intent over :func:`features`.

    Args:
        classes: The intents, in the order of each weight vector.
        intercept: One bias per intent.
        weights: Feature → intent → weight (an intent left out weighs nothing).
    """

    def __init__(
        self,
        classes: list[str],
        intercept: list[float],
        weights: dict[str, dict[str, float]],
    ) -> None:
        index = {intent: k for k, intent in enumerate(classes)}
        if len(intercept) != len(classes):
            raise ValueError("classifier intercepts do not match its classes")
        self.classes = tuple(classes)
        self.intercept = tuple(intercept)
        self.weights: dict[str, tuple[tuple[int, float], ...]] = {}
        for name, row in weights.items():
            unknown = set(row) - set(index)
            if unknown:
                raise ValueError(f"classifier feature {name!r} names unknown intents {unknown}")
            self.weights[name] = tuple((index[intent], w) for intent, w in row.items())

    @classmethod
    def from_json(cls, text: str) -> Classifier:
        """Read weights written by the training script."""
        data = json.loads(text)
        return cls(data["classes"], data["intercept"], data["weights"])

    def guess(self, folded: str, ignore: frozenset[str] = frozenset()) -> Guess:
        """The likeliest intent of a folded message, with its probability.

        Args:
            ignore: words (Latin) and single Han characters whose own features are left
                out, to see whether a guess holds without them.
        """
        x = features(folded)
        if ignore:
            x = {name: v for name, v in x.items() if not _ignored(name, ignore)}
        scores = list(self.intercept)
        for name, value in x.items():
            for k, w in self.weights.get(name, ()):
                scores[k] += w * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        best = max(range(len(scores)), key=scores.__getitem__)
        probability = exps[best] / sum(exps)
        contributions = sorted(
            (
                (w * value, name)
                for name, value in x.items()
                if not name.startswith("c:")
                for k, w in self.weights.get(name, ())
                if k == best
            ),
            reverse=True,
        )
        evidence = tuple(
            name.split(":", 1)[1].replace("_", " ") for c, name in contributions[:2] if c > 0
        )
        return Guess(self.classes[best], probability, evidence)


@cache
def shipped() -> Classifier:
    """The classifier that ships inside the package."""
    text = resources.files("bot").joinpath(MODEL_RESOURCE).read_text(encoding="utf-8")
    return Classifier.from_json(text)
