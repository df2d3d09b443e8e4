"""One ``transitions`` machine per script version; conversations attach per message.

The machine is built once (``model=None``) from a validated :class:`Script`.
Its triggers are ``"<intent>.<outcome>"`` (``"answer.ok"``, ``"choose.fail"``)
plus ``"_next"`` for states that move on by themselves. Guards named in the
script become transition conditions evaluated on the turn's context. For each
message the engine hands the machine a :class:`Cursor` holding the
conversation's state and fires one trigger through ``machine.events``; the
machine keeps no models, so thousands of conversations share one machine
without the per-message cost of ``add_model``/``remove_model`` (which bind
every trigger and state helper onto the model).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from transitions import EventData, Machine, MachineError

from bot.scripts.script import Script

NEXT = "_next"

GuardFn = Callable[[Any], bool]


class Cursor:
    """The object attached to the machine for one message: it only holds a state."""

    state: str

    def __init__(self) -> None:
        self.state = ""


def trigger_name(intent: str, outcome: str) -> str:
    """The machine trigger for ``intent`` ending with ``outcome``."""
    return f"{intent}.{outcome}"


class DialogMachine:
    """A compiled script: the shared machine plus lookups the engine needs."""

    def __init__(self, script: Script, guards: dict[str, GuardFn]) -> None:
        self.script = script
        transitions: list[dict[str, Any]] = []
        for st in script.states.values():
            if st.next:
                transitions.append({"trigger": NEXT, "source": st.name, "dest": st.next})
            for rule in st.on.values():
                cond = _condition(guards[rule.guard]) if rule.guard else None
                outcomes = dict(rule.outcomes)
                for outcome, dest in outcomes.items():
                    t: dict[str, Any] = {
                        "trigger": trigger_name(rule.intent, outcome),
                        "source": st.name,
                        "dest": dest,
                    }
                    if cond is not None:
                        t["conditions"] = [cond]
                    transitions.append(t)
        self.machine = Machine(
            model=None,
            states=list(script.states),
            transitions=transitions,
            initial=script.initial,
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
        )
        self._triggers = {s: set(self.machine.get_triggers(s)) for s in script.states}

    def can(self, state: str, trigger: str) -> bool:
        """Whether ``trigger`` is defined from ``state``."""
        return trigger in self._triggers.get(state, set())

    def fire(self, state: str, trigger: str, context: Any) -> str:
        """Run ``trigger`` from ``state`` and return the new state.

        ``context`` is passed to guards. Returns ``state`` unchanged when a guard
        refuses or the trigger is not defined there.
        """
        if not self.can(state, trigger):
            return state
        cursor = Cursor()
        cursor.state = state
        # Event.trigger reads and writes the state on the object it is given;
        # nothing in the shared machine changes, so no lock is needed.
        with contextlib.suppress(MachineError):
            self.machine.events[trigger].trigger(cursor, context=context)
        return cursor.state


def _condition(fn: GuardFn) -> Callable[[EventData], bool]:
    def check(event: EventData) -> bool:
        return bool(fn(event.kwargs.get("context")))

    return check
