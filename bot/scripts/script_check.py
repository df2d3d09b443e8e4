"""Validation of a parsed dialog script, with the line and column of every problem.

:class:`Checker` walks the round-trip YAML from :func:`bot.scripts.script.parse_script`,
collects :class:`~bot.scripts.script.Problem` entries and builds the
:class:`~bot.scripts.script.Script` when there are none.
"""

from __future__ import annotations

from typing import Any

from bot.scripts.faq_check import check_faq
from bot.scripts.model import (
    N_,
    Problem,
    Rule,
    Script,
    State,
    placeholders,
    sha256_text,
)
from bot.scripts.script_flow import check_graph, check_prompts
from bot.scripts.vocabulary import (
    ACTION_OUTCOMES,
    CHOICE_SOURCES,
    ENGINE_INTENTS,
    GUARDS,
    OUTCOME_KEYS,
    SCRIPT_INTENTS,
)

STATE_KEYS = {
    "say", "ask", "choices", "do", "next", "on", "resume", "rephrase", "final", "again",
}  # fmt: skip
RULE_KEYS = {"do", "if", "next", *OUTCOME_KEYS}
TOP_KEYS = {
    "script",
    "source_locale",
    "policy",
    "verification",
    "states",
    "prompts",
    "translations",
    "faq",
}
VERIFY_FIELDS = {"date_of_birth", "id_last4"}


def _pos(node: Any, key: Any = None, *, value: bool = False) -> tuple[int, int]:
    """1-based (line, column) of ``node`` or of its ``key`` (or that key's value)."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return (1, 1)
    try:
        if key is None:
            return (lc.line + 1, lc.col + 1)
        if isinstance(key, int) and not hasattr(node, "keys"):
            line, col = lc.item(key)
        else:
            line, col = lc.value(key) if value else lc.key(key)
        return (line + 1, col + 1)
    except (KeyError, IndexError, TypeError, AttributeError):
        return (lc.line + 1, lc.col + 1)


class Checker:
    """Walks the parsed YAML, collecting problems and building the Script."""

    def __init__(self, source: str, data: Any) -> None:
        self.source = source
        self.data = data
        self.problems: list[Problem] = []

    def err(self, where: tuple[int, int], template: str, **values: object) -> None:
        self.problems.append(Problem.of(where, template, **values))

    def run(self) -> Script | None:
        data = self.data
        if not hasattr(data, "keys"):
            self.err((1, 1), N_("a dialog script must be a mapping with states and prompts"))
            return None
        for key in data:
            if key not in TOP_KEYS:
                self.err(_pos(data, key), N_("unknown top-level key %(key)s"), key=repr(key))
        name = data.get("script")
        if not isinstance(name, str) or not name:
            self.err(
                _pos(data, "script") if "script" in data else (1, 1), N_("missing script name")
            )
            name = "collections"
        prompts = self.prompts(data.get("prompts"))
        states = self.states(data.get("states"))
        policy = data.get("policy")
        if not hasattr(policy, "keys"):
            self.err(_pos(data, "policy") if "policy" in data else (1, 1), N_("missing policy"))
            policy = {}
        self.check_policy(policy, _pos(data, "policy"))
        fields = self.verification(data.get("verification"))
        if not states:
            return None
        initial = next(iter(states))
        check_graph(data, states, initial, prompts, self.err, _pos)
        check_prompts(data, states, prompts, self.err, _pos)
        source_locale = str(data.get("source_locale") or "en")
        faq = check_faq(data.get("faq"), prompts, source_locale, self.err, _pos, states=states)
        return Script(
            name=name,
            source_locale=source_locale,
            initial=initial,
            states=states,
            prompts=prompts,
            policy=_plain(policy),
            verification_fields=fields,
            source=self.source,
            sha256=sha256_text(self.source),
            translations=_translations(data.get("translations")),
            faq=faq,
        )

    def prompts(self, node: Any) -> dict[str, str]:
        if not hasattr(node, "keys"):
            self.err(
                _pos(self.data, "prompts") if node is not None else (1, 1), N_("missing prompts")
            )
            return {}
        out: dict[str, str] = {}
        for key, text in node.items():
            if not isinstance(text, str):
                self.err(
                    _pos(node, key, value=True), N_("prompt %(key)s must be text"), key=repr(key)
                )
                continue
            try:
                placeholders(text)
            except ValueError as exc:
                self.err(
                    _pos(node, key, value=True),
                    N_("prompt %(key)s: %(problem)s"),
                    key=repr(key),
                    problem=exc,
                )
                continue
            out[str(key)] = text
        return out

    def verification(self, node: Any) -> tuple[str, ...] | None:
        if node is None:
            return None
        fields = node.get("fields") if hasattr(node, "keys") else None
        if not isinstance(fields, list) or not fields:
            self.err(_pos(self.data, "verification"), N_("verification needs a list of fields"))
            return None
        for i, f in enumerate(fields):
            if f not in VERIFY_FIELDS:
                self.err(_pos(fields, i), N_("unknown verification field %(field)s"), field=repr(f))
        return tuple(str(f) for f in fields if f in VERIFY_FIELDS)

    def check_policy(self, policy: Any, where: tuple[int, int]) -> None:
        from bot.negotiation.policy import Policy, PolicyError

        try:
            parsed = Policy.from_mapping(policy)
        except PolicyError as exc:
            self.problems.append(Problem.keyed(self.key_pos(exc.keys, where), exc.problem))
            return
        for problem in parsed.checks():
            pos = self.key_pos(tuple(problem.path.split(".")), where)
            self.problems.append(Problem.keyed(pos, problem))

    def key_pos(self, keys: tuple[str, ...], fallback: tuple[int, int]) -> tuple[int, int]:
        """Position of the value at a dotted key path such as ``policy.instalments.x``."""
        node: Any = self.data
        pos = fallback
        for key in keys:
            k: Any = int(key) if key.isdigit() and isinstance(node, list) else key
            try:
                if isinstance(node, list) or (hasattr(node, "keys") and k in node):
                    pos, node = _pos(node, k), node[k]
                else:
                    break
            except (IndexError, KeyError):
                break
        return pos

    def states(self, node: Any) -> dict[str, State]:
        if not hasattr(node, "keys") or not node:
            self.err(
                _pos(self.data, "states") if node is not None else (1, 1), N_("missing states")
            )
            return {}
        names = {str(k) for k in node}
        out: dict[str, State] = {}
        for name, spec in node.items():
            if not hasattr(spec, "keys"):
                self.err(
                    _pos(node, name, value=True),
                    N_("state %(state)s must be a mapping"),
                    state=repr(name),
                )
                continue
            out[str(name)] = self.state(str(name), spec, names)
        return out

    def state(self, name: str, spec: Any, names: set[str]) -> State:
        for key in spec:
            if key not in STATE_KEYS:
                self.err(
                    _pos(spec, key),
                    N_("state %(state)s: unknown key %(key)s"),
                    state=repr(name),
                    key=repr(key),
                )
        say = spec.get("say") or []
        if isinstance(say, str):
            say = [say]
        enter = spec.get("do")
        if enter is not None and enter not in ACTION_OUTCOMES:
            self.err(
                _pos(spec, "do", value=True), N_("unknown action %(action)s"), action=repr(enter)
            )
        choices = spec.get("choices")
        if choices is not None and choices not in CHOICE_SOURCES:
            self.err(
                _pos(spec, "choices", value=True),
                N_("unknown choices %(choices)s (use %(known)s)"),
                choices=repr(choices),
                known=" or ".join(sorted(CHOICE_SOURCES)),
            )
        nxt = spec.get("next")
        if nxt is not None and nxt not in names:
            self.err(_pos(spec, "next", value=True), N_("unknown state %(state)s"), state=repr(nxt))
        rules = self.rules(name, spec.get("on"), names)
        final = bool(spec.get("final", False))
        if not final and not rules and nxt is None:
            self.err(
                _pos(spec),
                N_("state %(state)s has no way out (no 'on', no 'next', not final)"),
                state=repr(name),
            )
        return State(
            name=name,
            say=tuple(str(s) for s in say),
            ask=spec.get("ask"),
            choices=choices,
            enter=enter,
            next=nxt,
            on=rules,
            resume=spec.get("resume"),
            rephrase=spec.get("rephrase"),
            final=final,
            again=spec.get("again"),
        )

    def rules(self, state: str, node: Any, names: set[str]) -> dict[str, Rule]:
        if node is None:
            return {}
        if not hasattr(node, "keys"):
            self.err(
                _pos(node),
                N_("state %(state)s: 'on' must map intents to transitions"),
                state=repr(state),
            )
            return {}
        out: dict[str, Rule] = {}
        for intent, spec in node.items():
            where = _pos(node, intent)
            intent = str(intent) if not isinstance(intent, bool) else ("yes" if intent else "no")
            if intent in ENGINE_INTENTS:
                self.err(
                    where,
                    N_("intent %(intent)s is handled by the engine in every state"),
                    intent=repr(intent),
                )
                continue
            if intent not in SCRIPT_INTENTS:
                self.err(where, N_("unknown intent %(intent)s"), intent=repr(intent))
                continue
            if isinstance(spec, str):
                spec = {"next": spec}
            if not hasattr(spec, "keys"):
                self.err(
                    where,
                    N_("intent %(intent)s: expected a state or a mapping"),
                    intent=repr(intent),
                )
                continue
            for key in spec:
                if key not in RULE_KEYS:
                    self.err(_pos(spec, key), N_("unknown transition key %(key)s"), key=repr(key))
            action = spec.get("do")
            guard = spec.get("if")
            if guard is not None and guard not in GUARDS:
                self.err(
                    _pos(spec, "if", value=True), N_("unknown guard %(guard)s"), guard=repr(guard)
                )
            outcomes = {k: str(v) for k, v in spec.items() if k in OUTCOME_KEYS or k == "next"}
            for key, target in outcomes.items():
                if target not in names:
                    self.err(
                        _pos(spec, key, value=True),
                        N_("unknown state %(state)s"),
                        state=repr(target),
                    )
            if action is not None:
                if action not in ACTION_OUTCOMES:
                    self.err(
                        _pos(spec, "do", value=True),
                        N_("unknown action %(action)s"),
                        action=repr(action),
                    )
                else:
                    missing = (
                        [o for o in ACTION_OUTCOMES[action] if o not in outcomes]
                        if "next" not in outcomes
                        else []
                    )
                    if missing:
                        self.err(
                            _pos(spec, "do", value=True),
                            N_("action %(action)s needs a target for: %(outcomes)s"),
                            action=repr(action),
                            outcomes=", ".join(missing),
                        )
            elif not outcomes:
                self.err(where, N_("intent %(intent)s: no target state"), intent=repr(intent))
            out[intent] = Rule(intent, action, outcomes, guard)
        return out


def _translations(node: Any) -> dict[str, dict[str, str]]:
    """The ``translations:`` mapping as plain dicts of non-empty strings."""
    if not hasattr(node, "keys"):
        return {}
    out: dict[str, dict[str, str]] = {}
    for locale, table in node.items():
        if hasattr(table, "keys"):
            out[str(locale)] = {
                str(k): v for k, v in table.items() if isinstance(v, str) and v.strip()
            }
    return out


def _plain(node: Any) -> Any:
    """ruamel's round-trip containers as plain dicts and lists."""
    if hasattr(node, "keys"):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node
