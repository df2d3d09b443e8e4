"""Fixtures shared with the dialog transcripts and the accounts commands."""

from tests.accounts.test_commands import config_file  # noqa: F401
from tests.dialog.conftest import accounts, app, chat, clock  # noqa: F401
