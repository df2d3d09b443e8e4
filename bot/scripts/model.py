"""The parsed form of a dialog script: states, rules, prompts and problems.

These are plain frozen data; :mod:`bot.scripts.script` reads YAML into them and
:mod:`bot.scripts.script_check` validates while it builds them.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.scripts.vocabulary import (
    DEBT_FIELDS,
)

if TYPE_CHECKING:
    from bot.negotiation.policy import PolicyProblem


def N_(message: str) -> str:
    """Mark ``message`` for translation (Babel extracts ``N_``); the console shows it translated."""
    return message


IMPORTED = N_("imported from %(path)s")
TRANSLATIONS_EDITED = N_("translations edited (from %(label)s)")
SYSTEM_COMMENTS = (IMPORTED, TRANSLATIONS_EDITED)
"""Version comments the system writes: stored in English, shown in the admin's language."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a script, at a 1-based line and column.

    ``message`` is the English text (the command line prints it); ``template``
    and ``values`` are its catalog message id and the values filled into it
    (``%(name)s``), so the console can show the problem in the admin's language.
    ``key`` is the dotted key path a problem is about (the policy's), which the
    console shows before the translated text, as ``message`` does.
    """

    line: int
    column: int
    message: str
    template: str = ""
    values: tuple[tuple[str, str], ...] = ()
    key: str = ""

    @classmethod
    def of(cls, where: tuple[int, int], template: str, **values: object) -> Problem:
        """A problem at ``where`` whose message is ``template % values``."""
        shown = {k: str(v) for k, v in values.items()}
        text = template % shown if shown else template
        return cls(where[0], where[1], text, template, tuple(sorted(shown.items())))

    @classmethod
    def keyed(cls, where: tuple[int, int], problem: PolicyProblem) -> Problem:
        """A policy problem at ``where``: ``"<key path>: <message>"``."""
        text = f"{problem.path}: {problem.message}"
        return cls(where[0], where[1], text, problem.template, problem.values, problem.path)

    @property
    def msgid(self) -> str:
        """The catalog message id (the English text when there is no template)."""
        return self.template or self.message

    @property
    def params(self) -> dict[str, str]:
        """The values filled into :attr:`msgid`."""
        return dict(self.values)

    def format(self, filename: str) -> str:
        """``FILE:LINE:COL: message``."""
        return f"{filename}:{self.line}:{self.column}: {self.message}"


class ScriptError(Exception):
    """A script that cannot be used; ``problems`` says why, with positions."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = problems
        super().__init__("\n".join(p.format(filename) for p in problems))


@dataclass(frozen=True, slots=True)
class Rule:
    """What a state does with one intent."""

    intent: str
    action: str | None
    outcomes: dict[str, str]
    guard: str | None = None

    def target(self, outcome: str) -> str | None:
        """The state an action outcome leads to (``next`` is the fallback)."""
        return self.outcomes.get(outcome) or self.outcomes.get("next")


@dataclass(frozen=True, slots=True)
class State:
    """One state of a dialog script."""

    name: str
    say: tuple[str, ...] = ()
    ask: str | None = None
    choices: str | None = None
    enter: str | None = None
    next: str | None = None
    on: dict[str, Rule] = field(default_factory=dict)
    resume: str | None = None
    rephrase: str | None = None
    final: bool = False
    # The short question said when the bot comes back to this state's question
    # (after an answer, a help text or a misunderstanding) instead of the whole menu.
    again: str | None = None


@dataclass(frozen=True, slots=True)
class FaqTopic:
    """A question the bot answers in any state (the script's ``faq`` section).

    ``triggers`` maps a locale to the phrasings that mark the topic; ``answer`` is
    the prompt said after verification; its ``<answer>_unverified`` prompt, when
    the script has one, is said before; a ``neutral`` topic's answer says
    nothing about a debt and is said before verification too. Other topics are
    not answered before verification (``faq_verify_first`` is said instead).
    An ``alone`` topic (a thank-you) is matched only when one of its phrasings is
    the whole message, and its answer is an acknowledgement, not an answer.
    ``outranks`` names topics this one wins over when both are found in a message
    (a question about the credit report that mentions a late payment).
    ``asked_over`` names readings of a message this topic is answered over when the
    message is asked as a question and names no amount ("will you sue me? I lost my
    job" is a legal question, not a statement of hardship).
    """

    name: str
    answer: str
    triggers: dict[str, tuple[str, ...]]
    neutral: bool = False
    alone: bool = False
    outranks: tuple[str, ...] = ()
    asked_over: tuple[str, ...] = ()


@dataclass(frozen=True)
class Script:
    """A validated dialog script."""

    name: str
    source_locale: str
    initial: str
    states: dict[str, State]
    prompts: dict[str, str]
    policy: dict[str, Any]
    verification_fields: tuple[str, ...] | None
    source: str
    sha256: str
    # locale -> prompt key -> text: this version's own translations, which take
    # precedence over the .po catalogs (checked by bot.scripts.checks).
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # Questions answered in any state, in the script's order.
    faq: tuple[FaqTopic, ...] = ()

    def prompt_fields(self, key: str) -> set[str]:
        """The placeholders used by prompt ``key``."""
        return placeholders(self.prompts.get(key, ""))

    def shows_debt(self, key: str) -> bool:
        """True when prompt ``key`` reveals something about the debt."""
        return bool(self.prompt_fields(key) & DEBT_FIELDS)

    def variants(self) -> set[str]:
        """Names of the prompt variants this script has (``choose_plan@firm`` → ``firm``)."""
        return {key.partition(VARIANT_SEP)[2] for key in self.prompts if VARIANT_SEP in key}

    def variant_key(self, key: str, variant: str | None) -> str:
        """The prompt said for ``key`` in ``variant``: its variant when the script has one."""
        if variant:
            named = f"{key}{VARIANT_SEP}{variant}"
            if named in self.prompts:
                return named
        return key


#: Separates a prompt key from a variant name: ``choose_plan@firm`` is the variant
#: ``firm`` of ``choose_plan``, said instead of it to the accounts of an experiment
#: arm that names ``firm`` (its placeholders must be among the prompt's own).
VARIANT_SEP = "@"


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in ``text`` (raises ValueError if malformed)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def sha256_text(source: str) -> str:
    """The hash that identifies a script version's text."""
    return hashlib.sha256(source.encode()).hexdigest()
