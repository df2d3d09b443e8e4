"""Where the data files that ship with the package live.

The default dialog script, the canned replies and the gettext catalogs are
installed inside the package (``bot/data/``), so a command finds them whatever
folder it runs from. In a clone, ``bot/data/dialogs`` and ``bot/data/locales``
point at the top-level ``dialogs/`` and ``locales/`` that admins edit.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def packaged(relative: str) -> Path:
    """The installed copy of a data file, e.g. ``packaged("dialogs/collections.yaml")``.

    Args:
        relative: a path under ``bot/data/`` with forward slashes.

    Returns:
        A filesystem path (the package is installed as files, never zipped).
    """
    return Path(str(resources.files("bot").joinpath("data", *relative.split("/"))))


DEFAULT_SCRIPT = "dialogs/collections.yaml"
DEFAULT_CANNED_REPLIES = "dialogs/canned_replies.yaml"
DEFAULT_LOCALES = "locales"
