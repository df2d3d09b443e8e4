"""Settings written back as TOML (for ``repaybot config show``), secrets masked.

The output is a valid config file: ``tomllib`` reads it back to the same values
(secrets read back as ``**********``, so it cannot leak them).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from bot.config import Settings

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def settings_toml(settings: Settings) -> str:
    """The effective settings as a TOML document, with a comment naming their source."""
    lines = [f"# effective settings from {settings.source} (secrets masked)"]
    for section, values in settings.masked().items():
        tables = {k: v for k, v in values.items() if isinstance(v, Mapping)}
        lines.append("")
        lines.append(f"[{_key(section)}]")
        lines.extend(f"{_key(k)} = {_value(v)}" for k, v in values.items() if k not in tables)
        for name, table in tables.items():
            lines.append("")
            lines.append(f"[{_key(section)}.{_key(name)}]")
            lines.extend(f"{_key(k)} = {_value(v)}" for k, v in table.items())
    return "\n".join(lines) + "\n"


def _key(name: str) -> str:
    return name if name and set(name) <= _BARE_KEY else _string(name)


def _string(text: str) -> str:
    # A JSON string is a valid TOML basic string for everything JSON escapes.
    return json.dumps(text, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")  # pragma: no cover
