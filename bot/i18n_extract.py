"""A Babel extractor for the prompts of a dialog script (YAML).

A script's top-level ``prompts:`` mapping holds ``key: "source text with
{placeholders}"``. The source text is the msgid; the prompt key and its
placeholders go to the translators as automatic comments (``#. prompt: key``),
and the location is the script file and the line of the key.

Use it as the Babel extraction method ``bot.i18n_extract:extract_dialog_prompts``
(``repaybot i18n extract`` does), e.g. in a ``pybabel`` mapping file::

    [bot.i18n_extract:extract_dialog_prompts: dialogs/**.yaml]
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from bot.i18n import RenderError, placeholders


class ScriptSyntaxError(ValueError):
    """A dialog script that is not valid YAML; the message names ``file:line:column``."""


def load_yaml(text: str, filename: str = "<script>") -> Any:
    """Parse YAML keeping key line numbers (round-trip mode).

    Raises:
        ScriptSyntaxError: naming ``file:line:column`` of the problem.
    """
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{filename}:{mark.line + 1}:{mark.column + 1}" if mark else filename
        raise ScriptSyntaxError(f"{where}: {exc.problem or exc.context}") from None
    except YAMLError as exc:
        raise ScriptSyntaxError(f"{filename}: {exc}") from None


def prompts_with_lines(data: Any, key: str = "prompts") -> Iterator[tuple[str, int, str]]:
    """``(prompt key, 1-based line, source text)`` for each string prompt of a loaded script."""
    if not isinstance(data, Mapping):
        return
    prompts = data.get(key)
    if not isinstance(prompts, Mapping):
        return
    lines = getattr(prompts, "lc", None)
    for name, text in prompts.items():
        if not isinstance(text, str) or not text.strip():
            continue
        line = lines.key(name)[0] + 1 if lines is not None else 0
        yield str(name), line, str(text)


def extract_dialog_prompts(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method: one message per prompt of a dialog script.

    Args:
        fileobj: The script, opened in binary mode.
        keywords: Ignored (prompts are not function calls).
        comment_tags: Ignored.
        options: ``encoding`` (default utf-8) and ``key`` (default ``prompts``).

    Yields:
        ``(line, None, source text, ["prompt: key", "placeholders: ..."])``.

    Raises:
        ScriptSyntaxError: if the file is not valid YAML.
    """
    raw = fileobj.read()
    text = raw.decode(options.get("encoding", "utf-8")) if isinstance(raw, bytes) else raw
    filename = str(getattr(fileobj, "name", "<script>"))
    data = load_yaml(text, filename)
    for name, line, source in prompts_with_lines(data, options.get("key", "prompts")):
        comments = [f"prompt: {name}"]
        try:
            names = list(dict.fromkeys(placeholders(source)))
        except RenderError:
            names = []
        if names:
            comments.append("placeholders: " + ", ".join(f"{{{n}}}" for n in names))
        yield line, None, source, comments
