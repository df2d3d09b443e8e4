"""Measure message understanding on the labelled corpus under tests/dialog/corpus/.

Prints, per language and overall: intent accuracy per intent, entity exact-match rates
(amounts, dates, choice, count, frequency, language), the most frequent confusion pairs
with examples, and warm latency per message (median, p99).

    python bench/understanding.py [--repeat N] [--show-errors]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from bot.understanding.classifier import Classifier
from bot.understanding.understand import Understander, Understanding

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "dialog" / "corpus"
# The ninth batch of training lines (80 crisis, 50 opt-out, 80 near misses per language),
# written without reading the code: in the corpus (trained and tuned on), also scored alone.
NINTH = "*.ninth.yaml"
# The eleventh (2026-12-07): two writers a language, each 60 crisis, 40 opt-out and 70 near
# misses, written without reading the code; scored once at first sight (crisis 326/360,
# opt-out 224/240, 31 of 420 near misses alarmed), then trained and tuned on.
ELEVENTH = "*.eleventh-*.yaml"
# The twelfth, the same day, four writers' files a language pair later (one set of longer
# messages, one of very short ones): first sight crisis 305/334, opt-out 185/197, 15 of 388
# near misses alarmed, then trained and tuned on.
TWELFTH = "*.twelfth-*.yaml"
# The thirteenth: more opt-outs (formal, elderly, non-native, indirect), voice-to-text and
# mixed-language messages. First sight crisis 304/326, opt-out 279/294, 21 of 403 near
# misses alarmed; then trained and tuned on.
THIRTEENTH = "*.thirteenth-*.yaml"
# The fourteenth: debtors in their own situations (a shop closed, wages run off with, loan
# apps) and replies to what the bot just asked. First sight crisis 325/359, opt-out 247/255,
# 13 of 413 near misses alarmed; then trained and tuned on.
FOURTEENTH = "*.fourteenth-*.yaml"
# The fifteenth (2026-12-07): writer I, indirect and euphemistic crises and their look-alikes;
# writer J, varieties of language and typing (regional Englishes, dialect-coloured Mandarin,
# Cantonese, 注音文, slang). First sight crisis 317/359, opt-out 220/227, 24 of 420 near
# misses alarmed; then trained and tuned on.
FIFTEENTH = "*.fifteenth-*.yaml"
# Crisis and opt-out phrasings never used to tune the word lists, scored on their own.
HELDOUT = CORPUS.parent / "heldout"
HELDOUT_SETS = (("crisis", "distress"), ("opt-out", "stop"), ("confirmation", "yes"))
# Written later with a tuning half (in the corpus) and this blind half, which neither the
# word lists nor the classifier have seen.
BLIND = CORPUS.parent / "blind"
BLIND_SETS = (("crisis", "distress"), ("opt-out", "stop"))
# A second blind set, written after the first one had been scored (and its opt-out misses
# seen) but before the opt-out examples that followed were added to the corpus.
BLIND2 = CORPUS.parent / "blind2"
# A third, written after the second had been scored (indirect crisis talk missed) and
# before the indirect warning signs that followed were added to the corpus.
BLIND3 = CORPUS.parent / "blind3"
# A fourth, written without reading the corpus, the word lists or the classifier. Its
# `other` messages (figures of speech, stopping a debit) must raise neither intent.
BLIND4 = CORPUS.parent / "blind4"
SAFETY_INTENTS = ("distress", "stop")
# A fifth, written by warning-sign category in one batch and split at random before any
# tuning: two thirds went into the corpus, this third never did. Its ``other`` messages
# ("these fees are killing me", "别催了") must raise neither intent. SEEN since its first
# scoring (crisis 107/115, opt-out 62/69, 6/58 false alarms): its misses were studied and
# fixed by general patterns, so it now guards against regressions, not generalisation.
HELDOUT5 = CORPUS.parent / "heldout5"
# A sixth, written without reading the corpus, the word lists, the classifier or the other
# held-out sets (seen since: its misses were read before a crisis in one clause of a
# longer message was made to count). Its `other` messages must raise neither intent, like
# the fourth's.
BLIND6 = CORPUS.parent / "blind6"
# A seventh, written the same way; half its crises come with an amount, a date or a plan.
BLIND7 = CORPUS.parent / "blind7"
# An eighth, written the same way (25 + 25 + 20 per language) after the last tuning of the
# seventh's themes; scored once, blind, before any change that follows it.
BLIND8 = CORPUS.parent / "blind8"
# A ninth and a tenth, each written (2026-12-07) by someone who read neither the code, the
# corpus nor the other sets: 25 crisis, 22 opt-out and 20 everyday messages per language.
BLIND9 = CORPUS.parent / "blind9"
BLIND10 = CORPUS.parent / "blind10"
# An eleventh, written the same way the same day, scored at first sight before the
# eleventh training batch went in.
BLIND11 = CORPUS.parent / "blind11"
# A twelfth, a third of it very short messages, scored after the twelfth training batch.
BLIND12 = CORPUS.parent / "blind12"
# A thirteenth (25 crisis, 25 opt-out, 20 everyday per language), scored first after the
# twelfth training batch, before the thirteenth.
BLIND13 = CORPUS.parent / "blind13"
# A fourteenth (25 crisis, 20 opt-out, 20 everyday per language, 2026-12-07), written by
# someone who read neither the code nor the data (5 short opt-outs per language that were
# already in the corpus or an earlier set were taken out unread); scored first before the
# fifteenth training batch went in: crisis 75/75, opt-out 60/60, 3 of 60 everyday alarmed.
BLIND14 = CORPUS.parent / "blind14"
# A fifteenth (25 crisis, 25 opt-out, 20 everyday per language, 2026-12-07, none shorter than
# four words or eight characters), written by someone who read neither the code nor the
# data; scored at first sight with the classifier and word lists it is still scored with:
# crisis 73/75, opt-out 74/75, 3 of 60 everyday alarmed.
BLIND15 = CORPUS.parent / "blind15"
# A seventeenth (25 crisis, 25 opt-out, 20 everyday per language, 2026-12-07, lines already
# in the corpus, the incoming batch or an earlier set taken out unread: 23 opt-outs per
# language and 19 everyday in zh_CN stay), written by someone who read neither the code nor
# the data; scored at first sight with the classifier and word lists of the fifteenth:
# crisis 70/75, opt-out 69/69, 0 of 59 everyday alarmed.
BLIND17 = CORPUS.parent / "blind17"
# An eighteenth batch, read and tuned on by concept (not trained on): not a held-out set.
# First sight: crisis 218/240, opt-out 74/75, 30 of 180 everyday alarmed.
EIGHTEENTH = CORPUS.parent / "eighteenth"
ENTITY_KEYS = ("amounts", "dates", "choice", "count", "frequency", "language")


@dataclass(frozen=True)
class Case:
    """One labelled message."""

    locale: str
    timezone: str
    now: datetime
    text: str
    intent: str
    choices: tuple[str, ...]
    expect: dict[str, Any] = field(default_factory=dict)


def load_corpus(directory: Path = CORPUS, pattern: str = "*.yaml") -> list[Case]:
    """Read every corpus file (those matching ``pattern``) into cases."""
    cases: list[Case] = []
    for path in sorted(directory.glob(pattern)):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        now = datetime.fromisoformat(str(data["now"]))
        offered = tuple(data.get("choices", ()))
        for intent, entries in data["intents"].items():
            for entry in entries:
                item = {"text": entry} if isinstance(entry, str) else dict(entry)
                text = str(item.pop("text"))
                choices = offered if item.pop("choices", False) else ()
                cases.append(
                    Case(data["locale"], data["timezone"], now, text, intent, choices, item)
                )
    return cases


def entity_mismatches(case: Case, got: Understanding) -> dict[str, tuple[Any, Any]]:
    """Compare the expected entities of ``case`` with ``got``; return the differing ones."""
    actual: dict[str, Any] = {
        "amounts": [a.value for a in got.amounts],
        "dates": list(got.dates),
        "choice": got.choice,
        "count": got.count,
        "frequency": got.frequency,
        "language": got.language,
    }
    wrong: dict[str, tuple[Any, Any]] = {}
    for key in ENTITY_KEYS:
        if key not in case.expect:
            continue
        want = case.expect[key]
        if key == "amounts":
            want = [Decimal(str(v)) for v in want]
        elif key == "dates":
            want = [date.fromisoformat(str(v)) for v in want]
        if want != actual[key]:
            wrong[key] = (want, actual[key])
    return wrong


def run(understander: Understander, case: Case) -> Understanding:
    """Understand one corpus case."""
    return understander.understand(
        case.text, locale=case.locale, timezone=case.timezone, now=case.now, choices=case.choices
    )


def _report(title: str, cases: list[Case], results: list[Understanding], show: bool) -> float:
    per_intent: dict[str, list[bool]] = defaultdict(list)
    confusions: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    entity_hits: dict[str, list[bool]] = defaultdict(list)
    errors = []
    for case, got in zip(cases, results, strict=True):
        ok = got.intent == case.intent
        per_intent[case.intent].append(ok)
        if not ok:
            confusions[(case.intent, got.intent)] += 1
            examples.setdefault((case.intent, got.intent), case.text)
            errors.append(f"  [{case.locale}] {case.text!r}: want {case.intent}, got {got.intent}")
        wrong = entity_mismatches(case, got)
        for key in ENTITY_KEYS:
            if key in case.expect:
                entity_hits[key].append(key not in wrong)
        for key, (want, have) in wrong.items():
            errors.append(f"  [{case.locale}] {case.text!r}: {key} want {want}, got {have}")
    total = sum(ok for oks in per_intent.values() for ok in oks)
    accuracy = total / len(cases)
    print(f"\n== {title}: {len(cases)} messages, intent accuracy {accuracy:.1%}")
    for intent in sorted(per_intent):
        oks = per_intent[intent]
        print(f"  {intent:17} {sum(oks):4}/{len(oks):<4} {sum(oks) / len(oks):7.1%}")
    print("  entities (exact match):")
    for key in ENTITY_KEYS:
        hits = entity_hits.get(key, [])
        if hits:
            print(f"    {key:10} {sum(hits):4}/{len(hits):<4} {sum(hits) / len(hits):7.1%}")
    if confusions:
        print("  confusion pairs (expected -> got):")
        for (want, have), n in confusions.most_common(12):
            print(f"    {want:>16} -> {have:16} {n:3}   e.g. {examples[(want, have)]!r}")
    if show and errors:
        print("  errors:")
        print("\n".join(errors))
    return accuracy


def heldout_report(
    understander: Understander,
    *,
    show: bool = False,
    directory: Path = HELDOUT,
    sets: tuple[tuple[str, str], ...] = HELDOUT_SETS,
    label: str = "held-out",
) -> dict[str, float]:
    """Score held-out sets (crisis, opt-out, ...) separately; return accuracy per set."""
    cases = load_corpus(directory)
    scores: dict[str, float] = {}
    for title, intent in sets:
        picked = [c for c in cases if c.intent == intent]
        results = [run(understander, c) for c in picked]
        hits = sum(r.intent == c.intent for c, r in zip(picked, results, strict=True))
        scores[title] = hits / len(picked)
        per_locale = [
            (
                loc,
                [
                    r.intent == c.intent
                    for c, r in zip(picked, results, strict=True)
                    if c.locale == loc
                ],
            )
            for loc in sorted({c.locale for c in picked})
        ]
        by_locale = ", ".join(f"{loc} {sum(oks)}/{len(oks)}" for loc, oks in per_locale)
        print(
            f"\n== {label} {title}: {hits}/{len(picked)} = {scores[title]:.1%} "
            f"(target >= 95%; {by_locale})"
        )
        for c, r in zip(picked, results, strict=True):
            if show and r.intent != c.intent:
                print(f"  [{c.locale}] {c.text!r}: got {r.intent}")
    return scores


def hard_negatives_report(
    understander: Understander,
    *,
    show: bool = False,
    directory: Path = BLIND4,
    label: str = "fourth blind",
) -> list[tuple[Case, str]]:
    """Everyday messages (intent ``other``) that must be read as neither a crisis nor an
    opt-out; print how many were, and return those misread with what they were read as."""
    picked = [c for c in load_corpus(directory) if c.intent == "other"]
    read = [(c, run(understander, c).intent) for c in picked]
    misread = [(c, got) for c, got in read if got in SAFETY_INTENTS]
    by_locale = ", ".join(
        f"{loc} {sum(c.locale == loc for c, _ in misread)}/{sum(c.locale == loc for c in picked)}"
        for loc in sorted({c.locale for c in picked})
    )
    print(
        f"\n== {label} hard negatives read as distress/stop: {len(misread)}/{len(picked)} "
        f"({by_locale})"
    )
    for c, got in misread if show else ():
        print(f"  [{c.locale}] {c.text!r}: got {got}")
    return misread


def faq_report(cases: list[Case], repeat: int) -> None:
    """The default script's faq topics: how many corpus messages ask one, and the latency
    the dialog adds per message to find it (folding plus matching every trigger)."""
    from bot.scripts.faq import FaqMatcher
    from bot.scripts.script import load_script
    from bot.understanding.normalize import fold

    script = Path(__file__).resolve().parent.parent / "dialogs" / "collections.yaml"
    matcher = FaqMatcher(load_script(script).faq)
    hits = Counter(t.name for c in cases if (t := matcher.match(fold(c.text).text)))
    heldout = YAML(typ="safe").load((CORPUS.parent / "faq_heldout.yaml").read_text("utf-8"))
    for locale in ("en", "zh_CN", "zh_TW"):
        asked = [(t, w) for t, by in heldout["topics"].items() for w in by.get(locale, [])]
        found = sum(
            (m := matcher.match(fold(w).text)) is not None and m.name == t for t, w in asked
        )
        print(f"== held-out faq questions [{locale}]: {found}/{len(asked)}")
    timings = []
    for _ in range(repeat):
        for case in cases:
            t = time.perf_counter_ns()
            matcher.match(fold(case.text).text)
            timings.append((time.perf_counter_ns() - t) / 1e6)
    timings.sort()
    print(
        f"\nfaq topics ({len(matcher.triggers)} triggers) found in {sum(hits.values())} corpus "
        f"messages; latency median {statistics.median(timings):.3f} ms, "
        f"p99 {timings[int(len(timings) * 0.99) - 1]:.3f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timing passes over the corpus")
    parser.add_argument("--show-errors", action="store_true", help="list every miss")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    understander = Understander()
    understander.warm_up()
    print(f"start-up with warm-up: {(time.perf_counter() - started) * 1000:.0f} ms")
    cases = load_corpus()
    first = time.perf_counter()
    run(understander, cases[0])
    print(f"first message after warm-up: {(time.perf_counter() - first) * 1000:.2f} ms")

    results = [run(understander, case) for case in cases]
    for locale in sorted({c.locale for c in cases}):
        picked = [(c, r) for c, r in zip(cases, results, strict=True) if c.locale == locale]
        _report(locale, [c for c, _ in picked], [r for _, r in picked], args.show_errors)
    _report("all", cases, results, show=False)
    ninth = load_corpus(CORPUS, NINTH)
    _report("ninth batch (in the corpus)", ninth, [run(understander, c) for c in ninth], show=False)
    later = (
        (ELEVENTH, "eleventh"), (TWELFTH, "twelfth"), (THIRTEENTH, "thirteenth"),
        (FOURTEENTH, "fourteenth"), (FIFTEENTH, "fifteenth"),
    )  # fmt: skip
    for pattern, title in later:
        batch = load_corpus(CORPUS, pattern)
        _report(f"{title} batch (in the corpus)", batch, [run(understander, c) for c in batch],
                show=False)  # fmt: skip
    heldout_report(understander, show=args.show_errors)
    heldout_report(understander, show=args.show_errors, directory=HELDOUT5, sets=BLIND_SETS,
                   label="fifth held-out")  # fmt: skip
    hard_negatives_report(understander, show=args.show_errors, directory=HELDOUT5,
                          label="fifth held-out")  # fmt: skip
    heldout_report(understander, show=args.show_errors, directory=BLIND, sets=BLIND_SETS,
                   label="blind")  # fmt: skip
    heldout_report(understander, show=args.show_errors, directory=BLIND2, sets=BLIND_SETS,
                   label="second blind")  # fmt: skip
    heldout_report(understander, show=args.show_errors, directory=BLIND3, sets=BLIND_SETS,
                   label="third blind")  # fmt: skip
    heldout_report(understander, show=args.show_errors, directory=BLIND4, sets=BLIND_SETS,
                   label="fourth blind")  # fmt: skip
    hard_negatives_report(understander, show=args.show_errors)
    heldout_report(understander, show=args.show_errors, directory=BLIND6, sets=BLIND_SETS,
                   label="sixth blind")  # fmt: skip
    hard_negatives_report(understander, show=args.show_errors, directory=BLIND6,
                          label="sixth blind")  # fmt: skip
    heldout_report(understander, show=args.show_errors, directory=BLIND7, sets=BLIND_SETS,
                   label="seventh blind")  # fmt: skip
    hard_negatives_report(understander, show=args.show_errors, directory=BLIND7,
                          label="seventh blind")  # fmt: skip
    heldout_report(understander, show=args.show_errors, directory=BLIND8, sets=BLIND_SETS,
                   label="eighth blind")  # fmt: skip
    hard_negatives_report(understander, show=args.show_errors, directory=BLIND8,
                          label="eighth blind")  # fmt: skip
    for directory, label in (
        (BLIND9, "ninth blind"), (BLIND10, "tenth blind"), (BLIND11, "eleventh blind"),
        (BLIND12, "twelfth blind"), (BLIND13, "thirteenth blind"), (BLIND14, "fourteenth blind"),
        (BLIND15, "fifteenth blind"), (BLIND17, "seventeenth blind"),
        (EIGHTEENTH, "eighteenth batch (tuned on, not trained on)"),
    ):  # fmt: skip
        heldout_report(understander, show=args.show_errors, directory=directory,
                       sets=BLIND_SETS, label=label)  # fmt: skip
        hard_negatives_report(understander, show=args.show_errors, directory=directory,
                              label=label)  # fmt: skip
    words_only = Understander(classifier=Classifier(["unknown"], [0.0], {}))
    for directory, label in (
        (BLIND, "blind"), (BLIND2, "second blind"), (BLIND3, "third blind"),
        (BLIND4, "fourth blind"), (BLIND6, "sixth blind"), (BLIND7, "seventh blind"),
        (BLIND8, "eighth blind"), (BLIND9, "ninth blind"), (BLIND10, "tenth blind"),
        (BLIND11, "eleventh blind"), (BLIND12, "twelfth blind"), (BLIND13, "thirteenth blind"),
        (BLIND14, "fourteenth blind"), (BLIND15, "fifteenth blind"),
        (BLIND17, "seventeenth blind"),
    ):  # fmt: skip
        heldout_report(words_only, directory=directory, sets=BLIND_SETS,
                       label=f"{label}, word lists alone,")  # fmt: skip
    hard_negatives_report(words_only, label="fourth blind, word lists alone,")
    hard_negatives_report(words_only, directory=BLIND6, label="sixth blind, word lists alone,")
    hard_negatives_report(words_only, directory=BLIND7, label="seventh blind, word lists alone,")
    hard_negatives_report(words_only, directory=BLIND8, label="eighth blind, word lists alone,")

    timings = []
    for _ in range(args.repeat):
        for case in cases:
            t = time.perf_counter_ns()
            run(understander, case)
            timings.append((time.perf_counter_ns() - t) / 1e6)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(
        f"\nlatency over {len(timings)} calls: median {statistics.median(timings):.3f} ms, "
        f"p99 {p99:.3f} ms, max {timings[-1]:.3f} ms"
    )
    faq_report(cases, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
