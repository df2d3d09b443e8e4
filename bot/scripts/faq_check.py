"""Validating the ``faq`` section of a dialog script (its format: :mod:`bot.scripts.faq`).

Every problem is reported with the line of the key or value at fault: unknown keys, a
missing or unknown answer prompt, placeholders an answer may not use (before verification
only neutral ones), triggers without words or without the script's source language,
``outranks`` naming no other topic, ``asked_over`` naming a safety reading, and
``<answer>_in_<state>`` prompts naming no state of the script.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from bot.scripts.faq import trigger_parts
from bot.scripts.model import N_, FaqTopic, placeholders
from bot.scripts.vocabulary import (
    COLLECTION_FIELDS,
    DUE_TODAY_SUFFIX,
    FAQ_FIELDS,
    FAQ_NEUTRAL_FIELDS,
    FAQ_VERIFY_FIRST,
    IN_STATE,
    NO_MOVE_SUFFIX,
    ON_THE_DAY_SUFFIX,
    PLAN_SUFFIX,
    SINGLE_SUFFIX,
    UNVERIFIED_SUFFIX,
)

TOPIC_KEYS = {"answer", "triggers", "neutral", "alone", "outranks", "asked_over"}
# Readings a topic may be answered over (``asked_over``): what the debtor states or asks
# for beside the question, never a safety reading (crisis, opt-out, dispute, wrong
# person, already paid) nor a request for a person.
ASKABLE_OVER = ("hardship", "pause", "choose", "counter_offer", "instalments",
                "pay_in_full", "how_to_pay", "think")  # fmt: skip
Err = Callable[..., None]
Pos = Callable[..., tuple[int, int]]


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
            # "<answer>_in_confirm_due_today" is the due-today variant of its state's answer,
            # "<answer>_in_confirm_single" its one-payment variant.
            state = key[len(f"{answer}{IN_STATE}") :].removesuffix(DUE_TODAY_SUFFIX)
            state = state.removesuffix(SINGLE_SUFFIX)
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
            if not isinstance(phrase, str) or not trigger_parts(phrase):
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
