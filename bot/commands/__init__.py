"""The ``repaybot`` command: every click command lives in this package.

Each module adds its commands to :data:`bot.commands.base.cli`; importing them
here registers them all.
"""

from __future__ import annotations

import sys

from bot.commands import (  # noqa: F401  (each module registers its commands)
    accounts,
    chat,
    compliance,
    db,
    demo,
    dialogs,
    experiments,
    i18n,
    links,
    payments,
    report,
    serve,
)
from bot.commands.base import (
    UserError,
    cli,
    config_option,
    friendly_errors,
    get_app,
    get_settings,
)

__all__ = [
    "UserError",
    "cli",
    "config_option",
    "friendly_errors",
    "get_app",
    "get_settings",
    "main",
]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``repaybot`` console script."""
    try:
        cli.main(args=argv, prog_name="repaybot", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.exit(130)
