"""Whole-script checks of a dialog script: reachability, verification first, prompts filled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.scripts.model import N_, VARIANT_SEP, State, placeholders
from bot.scripts.vocabulary import (
    DEBT_ACTIONS,
    DEBT_FIELDS,
    DUE_TODAY_SUFFIX,
    ENGINE_PROMPTS,
    ENGINE_STATES,
    OPTIONAL_PROMPTS,
    SINGLE_SUFFIX,
    STATE_FIELDS,
    UNPAID_SUFFIX,
)

Err = Callable[..., None]
Pos = Callable[..., tuple[int, int]]


def check_graph(
    data: Any,
    states: dict[str, State],
    initial: str,
    prompts: dict[str, str],
    err: Err,
    pos: Pos,
) -> None:
    """Report states unreachable from ``initial`` and debt details shown before verification."""
    spec = data["states"]
    reached = _reachable(states, initial, through_verification=True)
    verifies = any(r.action == "verify_identity" for n in reached for r in states[n].on.values())
    if verifies:
        for entered in ENGINE_STATES:  # the engine enters them once the debtor is verified
            if entered in states and entered not in reached:
                reached |= _reachable(states, entered, through_verification=True)
    for name in states:
        if name not in reached:
            err(
                pos(spec, name),
                N_("state %(state)s is unreachable from %(start)s"),
                state=repr(name),
                start=repr(initial),
            )
    before = _reachable(states, initial, through_verification=False)
    for name in before:
        st = states[name]
        keys = [*st.say, *([st.ask] if st.ask else [])]
        debt = [k for k in keys if placeholders(prompts.get(k, "")) & DEBT_FIELDS]
        if debt or st.choices == "offers" or st.enter in DEBT_ACTIONS:
            err(
                pos(spec, name),
                N_("state %(state)s shows debt details but can be reached before verification"),
                state=repr(name),
            )


def check_prompts(
    data: Any, states: dict[str, State], prompts: dict[str, str], err: Err, pos: Pos
) -> None:
    """Report prompts that are missing or have placeholders the engine cannot fill."""
    spec = data["states"]
    pnode = data.get("prompts")
    for name, st in states.items():
        sn = spec[name]
        used: list[tuple[str, tuple[int, int]]] = []
        for i, key in enumerate(st.say):
            say = sn.get("say")
            used.append((key, pos(say, i) if isinstance(say, list) else pos(sn, "say")))
        for attr in ("ask", "resume", "rephrase", "again"):
            key = getattr(st, attr)
            if key is not None:
                used.append((str(key), pos(sn, attr, value=True)))
        for key, where in used:
            if key not in prompts:
                err(where, N_("missing prompt %(key)s"), key=repr(key))
                continue
            bad = placeholders(prompts[key]) - STATE_FIELDS
            if bad and key not in ENGINE_PROMPTS:
                _unfillable(err, pos(pnode, key, value=True), key, bad)
    for key, allowed in ENGINE_PROMPTS.items():
        if key not in prompts:
            if pnode is not None:
                err(pos(data, "prompts"), N_("missing prompt %(key)s"), key=repr(key))
            continue
        bad = placeholders(prompts[key]) - allowed - {"sender"}
        if bad:
            _unfillable(err, pos(pnode, key, value=True), key, bad)
    for key, text in prompts.items():
        base, sep, name = key.partition(VARIANT_SEP)
        if not sep:
            continue
        if base not in prompts or not name.isidentifier():
            err(pos(pnode, key), N_("missing prompt %(key)s"), key=repr(base))
            continue
        bad = placeholders(text) - placeholders(prompts[base])
        if bad:
            _unfillable(err, pos(pnode, key, value=True), key, bad)
    for key, text in prompts.items():
        base = key.removesuffix(SINGLE_SUFFIX)
        if base == key or VARIANT_SEP in key:
            continue
        if base not in prompts:
            err(pos(pnode, key), N_("missing prompt %(key)s"), key=repr(base))
            continue
        # A one-payment variant may use what its prompt uses and the plan's own figures.
        bad = placeholders(text) - placeholders(prompts[base]) - STATE_FIELDS
        if bad:
            _unfillable(err, pos(pnode, key, value=True), key, bad)
    for key, text in prompts.items():
        base = key.removesuffix(UNPAID_SUFFIX)
        if base == key:
            base = key.removesuffix(DUE_TODAY_SUFFIX)
        if base == key or VARIANT_SEP in key:
            continue
        if base not in prompts:
            err(pos(pnode, key), N_("missing prompt %(key)s"), key=repr(base))
            continue
        # Nothing paid yet: it may use what its prompt uses.
        bad = placeholders(text) - placeholders(prompts[base])
        if bad:
            _unfillable(err, pos(pnode, key, value=True), key, bad)
    for key, (allowed, _) in OPTIONAL_PROMPTS.items():
        bad = placeholders(prompts[key]) - allowed - {"sender"} if key in prompts else set()
        if bad:
            _unfillable(err, pos(pnode, key, value=True), key, bad)


def _unfillable(err: Err, where: tuple[int, int], key: str, bad: set[str]) -> None:
    err(where, N_("prompt %(key)s: the engine cannot fill %(names)s"), key=repr(key),
        names=_names(bad))  # fmt: skip


def _names(names: set[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names))


def _reachable(states: dict[str, State], initial: str, *, through_verification: bool) -> set[str]:
    seen = {initial}
    todo = [initial]
    while todo:
        st = states.get(todo.pop())
        if st is None:
            continue
        targets: list[str] = [st.next] if st.next else []
        for rule in st.on.values():
            for outcome, target in rule.outcomes.items():
                verified_path = rule.action == "verify_identity" and outcome in ("ok", "next")
                if verified_path and not through_verification:
                    continue
                targets.append(target)
        for t in targets:
            if t in states and t not in seen:
                seen.add(t)
                todo.append(t)
    return seen
