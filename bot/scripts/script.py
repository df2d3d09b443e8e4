"""Dialog scripts: load the YAML an admin edits and validate it with line numbers.

A script is data: states with prompts, transitions on intents naming actions
and guards from the fixed sets the engine provides, the negotiation policy and
the prompts' English source text (the gettext msgids). :func:`parse_script`
returns every problem found as ``line:column: message`` so ``repaybot dialogs
check`` can print them all at once.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from bot.scripts.model import (
    N_,
    Problem,
    Rule,
    Script,
    ScriptError,
    State,
    placeholders,
    sha256_text,
)
from bot.scripts.script_check import Checker

__all__ = [
    "Problem",
    "Rule",
    "Script",
    "ScriptError",
    "State",
    "load_script",
    "parse_script",
    "placeholders",
    "sha256_text",
]


def load_script(path: str | Path) -> Script:
    """Read and validate the script file at ``path``.

    Raises:
        ScriptError: unreadable file or any validation problem.
    """
    p = Path(path)
    try:
        source = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScriptError(
            str(p), [Problem.of((1, 1), N_("cannot read: %(reason)s"), reason=exc.strerror)]
        ) from None
    return parse_script(source, str(p))


def parse_script(source: str, filename: str = "<script>") -> Script:
    """Parse and validate script text.

    The same text parses to the same (immutable) script, so a valid one is kept:
    the round-trip YAML parser takes a noticeable part of a second per script, and
    the editor and each new script version would otherwise pay it on every request.

    Raises:
        ScriptError: with every problem found.
    """
    return _parse_valid(source, filename)


@functools.lru_cache(maxsize=16)
def _parse_valid(source: str, filename: str) -> Script:
    # lru_cache keeps results only: a ScriptError is raised again on every call.
    return check_loaded(source, load_yaml(source, filename), filename)


def load_yaml(source: str, filename: str = "<script>") -> Any:
    """The script text as round-trip YAML data (which remembers lines and columns).

    Raises:
        ScriptError: the text is not valid YAML (with its line and column).
    """
    try:
        return YAML(typ="rt").load(source)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ScriptError(
            filename,
            [Problem.of((line, col), N_("not valid YAML: %(problem)s"), problem=exc.problem)],
        ) from None


def check_loaded(source: str, data: Any, filename: str = "<script>") -> Script:
    """Validate YAML data loaded by :func:`load_yaml` from ``source`` (not changed).

    Raises:
        ScriptError: with every problem found.
    """
    checker = Checker(source, data)
    script = checker.run()
    if checker.problems or script is None:
        raise ScriptError(filename, sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return script
