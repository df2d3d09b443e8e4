"""Train the intent classifier that ships in ``bot/data/understanding/classifier.json``.

    python -m tests.dialog.classifier_training          # write the weights
    python -m tests.dialog.classifier_training --check  # exit 1 if they are stale

Trained on the labelled corpus (every file in ``tests/dialog/corpus/``, the ninth and
eleventh batches ``*.ninth.yaml`` and ``*.eleventh-*.yaml`` included) only: the held-out folders
(``heldout/``, ``blind/``) are never seen. Logistic regression with a fixed solver is
deterministic; the weights are rounded so the file is stable across machines.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bot.understanding.classifier import MODEL_RESOURCE, Classifier, features
from bot.understanding.normalize import fold

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "dialog" / "corpus"
SHIPPED = ROOT / "bot" / MODEL_RESOURCE
DIGITS = 2  # weights are rounded to this many decimals
KEEP = 0.1  # smaller weights are dropped (keeps the file near 500 KiB)
# Each intent weighs (largest intent's count / its count) ** BALANCE: crisis and opt-out,
# the most written intents, must not win everyday messages merely by being common.
BALANCE = 0.3


def examples(directory: Path = CORPUS) -> list[tuple[str, str]]:
    """(folded text, intent) for every corpus message."""
    sys.path.insert(0, str(ROOT / "bench"))
    from understanding import load_corpus  # the benchmark's corpus reader

    return [(fold(c.text).text, c.intent) for c in load_corpus(directory)]


def train(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Fit the weights; return them as the JSON-ready model."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([features(text) for text, _ in pairs])
    y = [intent for _, intent in pairs]
    counts = Counter(y)
    largest = max(counts.values())
    weight = {intent: (largest / n) ** BALANCE for intent, n in counts.items()}
    model = LogisticRegression(C=8.0, max_iter=5000, solver="lbfgs", class_weight=weight)
    model.fit(x, y)
    classes = [str(c) for c in model.classes_]
    weights: dict[str, dict[str, float]] = {}
    for j, name in enumerate(vectorizer.get_feature_names_out()):
        column = {
            intent: round(float(model.coef_[k][j]), DIGITS) for k, intent in enumerate(classes)
        }
        kept = {intent: w for intent, w in column.items() if abs(w) >= KEEP}
        if kept:
            weights[str(name)] = kept
    intercept = [round(float(b), DIGITS) for b in model.intercept_]
    return {"classes": classes, "intercept": intercept, "weights": weights}


# Training on another machine's floating point (its BLAS kernels) moves a few weights by
# one unit of the last kept decimal: the same corpus, not a stale file.
TOLERANCE = 2 * 10**-DIGITS + 1e-9


def differ(shipped: dict[str, Any], trained: dict[str, Any]) -> list[str]:
    """What sets ``shipped`` apart from ``trained`` beyond rounding; empty if nothing.

    A weight dropped on one side (below ``KEEP``) must be near ``KEEP`` on the other.
    """
    if shipped["classes"] != trained["classes"]:
        return [f"classes {shipped['classes']} != {trained['classes']}"]
    out = [
        f"intercept of {name}: {a} != {b}"
        for name, a, b in zip(
            shipped["classes"], shipped["intercept"], trained["intercept"], strict=True
        )
        if abs(a - b) > TOLERANCE
    ]
    old, new = shipped["weights"], trained["weights"]
    for feature in sorted(set(old) | set(new)):
        a, b = old.get(feature, {}), new.get(feature, {})
        for intent in sorted(set(a) | set(b)):
            if intent in a and intent in b:
                moved = abs(a[intent] - b[intent]) > TOLERANCE
            else:
                moved = abs(a.get(intent, b.get(intent, 0.0))) > KEEP + TOLERANCE
            if moved:
                out.append(f"{feature} {intent}: {a.get(intent)} != {b.get(intent)}")
    return out


def dump(model: dict[str, Any]) -> str:
    """The model as the file's text (one feature per line, sorted: small diffs)."""
    lines = [
        "{",
        f'"classes": {json.dumps(model["classes"])},',
        f'"intercept": {json.dumps(model["intercept"])},',
        '"weights": {',
    ]
    rows = [
        f"{json.dumps(name, ensure_ascii=False)}: {json.dumps(w, ensure_ascii=False)}"
        for name, w in sorted(model["weights"].items())
    ]
    lines.append(",\n".join(rows))
    lines += ["}", "}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped file is stale")
    args = parser.parse_args(argv)
    text = dump(train(examples()))
    Classifier.from_json(text)  # it must load
    if args.check:
        shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
        differences = differ(shipped, json.loads(text))
        if differences:
            print(f"{SHIPPED} is stale: run python -m tests.dialog.classifier_training")
            for line in differences[:10]:
                print(f"  {line}")
            return 1
        print(f"{SHIPPED} matches the corpus")
        return 0
    SHIPPED.parent.mkdir(parents=True, exist_ok=True)
    SHIPPED.write_text(text, encoding="utf-8")
    print(f"wrote {SHIPPED} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
