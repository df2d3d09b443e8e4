"""Paths in settings resolved against the config file's folder, never the working directory.

* A relative path written in a config file (``dialog.script``, ``dialog.locales_dir``,
  ``console.canned_replies``, ``security.key_file``, a SQLite ``database.url``) is
  relative to the folder of that file.
* With a config file, the default SQLite database and key file live beside it.
  Without one, the key file lives beside the SQLite database file.
* The default script, canned replies and catalogs are the ones installed with the
  package (:mod:`bot.paths`).
* ``security.key_file`` may name a folder: the key file is ``repaybot.keys`` in it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from bot.config import Settings

KEY_FILE_NAME = "repaybot.keys"
# (section, key) of settings that name a file or folder.
PATH_KEYS = (
    ("dialog", "script"),
    ("dialog", "locales_dir"),
    ("console", "canned_replies"),
    ("email", "smtp_ca_file"),
)


def resolve_paths(settings: Settings, config_dir: Path | None, given: Set[str]) -> Settings:
    """Return ``settings`` with every path absolute.

    Args:
        settings: settings as loaded (relative paths as written).
        config_dir: the folder of the config file, or None without one.
        given: ``section.key`` names set in the file or the environment; a key
            from the environment resolves against the working directory.
    """
    in_file = config_dir is not None
    base = config_dir if config_dir is not None else Path.cwd()
    changes: dict[str, object] = {}
    for section, key in PATH_KEYS:
        value = getattr(getattr(settings, section), key)
        if f"{section}.{key}" in given and value:
            changes.setdefault(section, {})[key] = str(_absolute(value, base))  # type: ignore[index]
    url = _sqlite_url(settings.database.url, base)
    database = dataclasses.replace(settings.database, url=url)
    key_file = settings.security.key_file
    if "security.key_file" in given or in_file:
        key_path = _absolute(key_file, base)
    else:
        key_path = _beside_database(url) or _absolute(key_file, base)
    if key_path.is_dir():
        key_path = key_path / KEY_FILE_NAME
    security = dataclasses.replace(settings.security, key_file=str(key_path))
    sections: dict[str, object] = {"database": database, "security": security}
    for section, values in changes.items():
        sections[section] = dataclasses.replace(getattr(settings, section), **values)  # type: ignore[arg-type]
    return dataclasses.replace(settings, **sections)  # type: ignore[arg-type]


def _absolute(value: str, base: Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _sqlite_url(url: str, base: Path) -> str:
    """A SQLite URL whose file is relative made absolute against ``base``."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url  # the loader's own check reports it
    if parsed.get_backend_name() != "sqlite":
        return url
    name = parsed.database or ""
    if not name or name == ":memory:" or name.startswith("file:") or Path(name).is_absolute():
        return url
    return parsed.set(database=str(base / name)).render_as_string(hide_password=False)


def _beside_database(url: str) -> Path | None:
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    return Path(name).parent / KEY_FILE_NAME
