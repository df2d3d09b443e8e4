"""Leave-one-batch-out scores of the classifier's second opinion on the safety intents.

    python -m tests.dialog.batch_out [--models DIR] [--show]

The later training batches (eleventh to fourteenth) were each written independently by
other people. For each batch, the classifier is trained on the corpus without that batch's
files, loaded into the full Understander, and the batch is read: crisis recall (distress
lines read as distress), opt-out recall (stop lines read as stop) and alarms (lines of any
other intent read as distress or stop). The word lists were tuned on these batches, so
this measures mainly how well the classifier carries to messages it has not been trained
on: what to compare feature and threshold choices by. Only the corpus is read.

``--models DIR`` keeps the per-batch weights there and reuses them on the next run (delete
the folder after changing features or training), so second-opinion thresholds can be
compared without training again.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.understanding.classifier import Classifier
from bot.understanding.normalize import fold
from bot.understanding.understand import Understander
from tests.dialog import classifier_training
from tests.dialog.test_understanding_corpus import BENCH

BATCHES = (("eleventh", BENCH.ELEVENTH), ("twelfth", BENCH.TWELFTH),
           ("thirteenth", BENCH.THIRTEENTH), ("fourteenth", BENCH.FOURTEENTH),
           ("fifteenth", BENCH.FIFTEENTH))  # fmt: skip
SAFETY = ("distress", "stop")


@dataclass
class Score:
    """One batch's safety figures (hits and totals)."""

    crisis: int = 0
    crises: int = 0
    opt_out: int = 0
    opt_outs: int = 0
    alarms: int = 0
    others: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self, title: str) -> str:
        return (
            f"{title:11} crisis {self.crisis:4}/{self.crises:<4} "
            f"opt-out {self.opt_out:4}/{self.opt_outs:<4} alarms {self.alarms:3}/{self.others}"
        )


def _model_text(pattern: str) -> str:
    """The weights trained on the corpus without the files matching ``pattern``."""
    held = {p.name for p in classifier_training.CORPUS.glob(pattern)}
    cases = [
        c
        for path in sorted(classifier_training.CORPUS.glob("*.yaml"))
        if path.name not in held
        for c in BENCH.load_corpus(classifier_training.CORPUS, path.name)
    ]
    pairs = [(fold(c.text).text, c.intent) for c in cases]
    return classifier_training.dump(classifier_training.train(pairs))


def _models(directory: Path | None) -> dict[str, str]:
    """One model text per batch: read from ``directory`` if kept there, else trained."""
    found: dict[str, str] = {}
    if directory is not None:
        for title, _ in BATCHES:
            path = directory / f"{title}.json"
            if path.exists():
                found[title] = path.read_text(encoding="utf-8")
    missing = [(title, pattern) for title, pattern in BATCHES if title not in found]
    with ProcessPoolExecutor(max_workers=2) as pool:
        texts = pool.map(_model_text, [pattern for _, pattern in missing])
        for (title, _), text in zip(missing, texts, strict=True):
            found[title] = text
            if directory is not None:
                directory.mkdir(parents=True, exist_ok=True)
                (directory / f"{title}.json").write_text(text, encoding="utf-8")
    return found


def score(understander: Understander, cases: list[Any], show: bool = False) -> Score:
    """Read ``cases`` and count the safety hits, misses and alarms."""
    s = Score()
    for case in cases:
        got = BENCH.run(understander, case).intent
        if case.intent == "distress":
            s.crises += 1
            s.crisis += got == "distress"
        elif case.intent == "stop":
            s.opt_outs += 1
            s.opt_out += got == "stop"
        else:
            s.others += 1
            s.alarms += got in SAFETY
        wrong = got != case.intent if case.intent in SAFETY else got in SAFETY
        if show and wrong:
            print(f"    [{case.locale}] {case.intent} -> {got}: {case.text}")
    return s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, help="keep and reuse the per-batch weights here")
    parser.add_argument("--show", action="store_true", help="list every miss and alarm")
    parser.add_argument("--words-only", action="store_true", help="score the word lists alone")
    args = parser.parse_args(argv)
    models = {} if args.words_only else _models(args.models)
    total = Score()
    for title, pattern in BATCHES:
        classifier = (
            Classifier(["unknown"], [0.0], {})
            if args.words_only
            else Classifier.from_json(models[title])
        )
        understander = Understander(classifier=classifier)
        if args.show:
            print(f"  {title}:")
        cases = BENCH.load_corpus(classifier_training.CORPUS, pattern)
        s = score(understander, cases, args.show)
        print(s.line(title))
        total.add(s)
    print(total.line("sum"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
