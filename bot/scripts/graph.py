"""A dialog script's state machine drawn as a diagram (Graphviz → SVG).

States are boxes (the first one marked as the start, final ones with a double
border); each transition is an arrow labelled with the intent and the outcome
of its action (``answer → verify_identity: ok``). A note lists what the engine
handles in every state, since the script cannot route those.
"""

from __future__ import annotations

import shutil

import graphviz

from bot.scripts.model import N_
from bot.scripts.script import Script
from bot.scripts.vocabulary import DEBT_ACTIONS, ENGINE_INTENTS


class GraphError(Exception):
    """The diagram cannot be drawn (Graphviz missing or failing).

    ``msgid`` and ``params`` are the message's catalog id and values, so the
    console can show it in the admin's language; ``str()`` is the English text.
    """

    def __init__(self, msgid: str, **params: str) -> None:
        super().__init__(msgid % params if params else msgid)
        self.msgid = msgid
        self.params = params

    @property
    def dot_missing(self) -> bool:
        """Whether Graphviz's ``dot`` program is not installed (rather than failing)."""
        return self.msgid == NOT_INSTALLED


NOT_INSTALLED = N_("Graphviz is not installed: install the 'graphviz' package (it provides 'dot')")


def dot_installed() -> bool:
    """Whether Graphviz's ``dot`` program can be found (on ``PATH``), without running it."""
    return shutil.which("dot") is not None


def script_graph(script: Script) -> graphviz.Digraph:
    """The Graphviz description of ``script``'s states and transitions."""
    g = graphviz.Digraph(name=script.name)
    g.attr(rankdir="TB", fontname="Helvetica", labelloc="t", label=f"dialog script {script.name}")
    g.attr("node", shape="box", style="rounded,filled", fillcolor="#f4f6fb", fontname="Helvetica")
    g.attr("edge", fontname="Helvetica", fontsize="10")
    g.node("__start", label="", shape="point", width="0.15")
    g.edge("__start", script.initial)
    for st in script.states.values():
        lines = [st.name]
        if st.ask:
            lines.append(f"asks: {st.ask}")
        if st.say:
            lines.append("says: " + ", ".join(st.say))
        if st.enter:
            lines.append(f"does: {st.enter}")
        attrs = {"label": "\n".join(lines)}
        if st.final:
            attrs["peripheries"] = "2"
            attrs["fillcolor"] = "#e8f5e9"
        if st.enter in DEBT_ACTIONS or st.choices == "offers":
            attrs["color"] = "#8a6d00"
        g.node(st.name, **attrs)
        if st.next:
            g.edge(st.name, st.next, label="then", style="dashed")
        for rule in st.on.values():
            for outcome, dest in rule.outcomes.items():
                label = rule.intent
                if rule.action:
                    label += f" → {rule.action}"
                    if outcome != "next":
                        label += f": {outcome}"
                if rule.guard:
                    label += f" [if {rule.guard}]"
                g.edge(st.name, dest, label=label)
    g.node(
        "__engine",
        label="in every state (engine):\n" + ", ".join(sorted(ENGINE_INTENTS)),
        shape="note",
        fillcolor="#fff8e1",
    )
    return g


def render_svg(script: Script) -> str:
    """The diagram as SVG text.

    Raises:
        GraphError: Graphviz's ``dot`` is not installed or fails.
    """
    try:
        data: bytes = script_graph(script).pipe(format="svg")
    except graphviz.ExecutableNotFound:
        raise GraphError(NOT_INSTALLED) from None
    except graphviz.CalledProcessError as exc:
        raise GraphError(N_("Graphviz failed: %(error)s"), error=str(exc)) from None
    return data.decode("utf-8")
