"""Stored script versions as detached records, with version errors, diffs and translation edits."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from io import StringIO

from ruamel.yaml import YAML

from bot.scripts.model import SYSTEM_COMMENTS
from bot.scripts.script import Problem
from bot.store.models import ScriptVersion


class VersionError(Exception):
    """A request about script versions that cannot be carried out; safe to show."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Words:
    """A message as its catalog id and the values filled into it (the console translates it)."""

    msgid: str
    params: dict[str, str]


def _comment_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", template)
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(parts)),
        re.S,
    )


@dataclass(frozen=True)
class VersionInfo:
    """One stored version, detached from the session."""

    id: int
    name: str
    version: int
    source: str
    sha256: str
    comment: str
    active: bool
    created_by: str
    created_at: datetime

    @property
    def label(self) -> str:
        """``name@version``."""
        return f"{self.name}@{self.version}"

    @property
    def system_comment(self) -> Words | None:
        """The comment as catalog words when the system wrote it (else None: an admin's own)."""
        for template in SYSTEM_COMMENTS:
            found = _comment_pattern(template).fullmatch(self.comment)
            if found is not None:
                return Words(template, found.groupdict())
        return None

    @classmethod
    def of(cls, row: ScriptVersion) -> VersionInfo:
        """Copy a row."""
        return cls(
            row.id,
            row.name,
            row.version,
            row.source,
            row.sha256,
            row.comment or "",
            bool(row.active),
            row.created_by,
            row.created_at,
        )


def unified_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """A unified diff of two script texts (empty when they are equal)."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=old_label,
            tofile=new_label,
        )
    )


def with_translations(source: str, changes: Mapping[str, Mapping[str, str | None]]) -> str:
    """``source`` with its ``translations:`` entries set (or removed when None or empty).

    The text is edited round-trip (ruamel.yaml), so comments, key order and
    the rest of the admin's formatting are kept.
    """
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    data = yaml.load(source)
    if not hasattr(data, "keys"):
        raise VersionError("the script is not a YAML mapping")
    table = data.get("translations")
    if table is None:
        from ruamel.yaml.comments import CommentedMap

        table = CommentedMap()
    for locale, entries in changes.items():
        section = table.get(locale)
        for key, text in entries.items():
            if text is not None and text.strip():
                if section is None:
                    from ruamel.yaml.comments import CommentedMap

                    section = table[locale] = CommentedMap()
                section[key] = text
            elif section is not None and key in section:
                del section[key]
        if section is not None and not section and locale in table:
            del table[locale]
    if table and "translations" not in data:
        data["translations"] = table
    elif not table and "translations" in data:
        del data["translations"]
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()
