"""Debtor data rights: export, erasure, and purging records past retention.

The work is split by concern; this module keeps the public names in one place:

- :func:`export_account` (:mod:`bot.compliance.export`) returns everything held
  about one account as plain JSON data (personal fields decrypted: it is for
  the debtor).
- :func:`erase_account` (:mod:`bot.compliance.erasure`) deletes or anonymises
  personal data. What the law requires us to keep stays: while the account is
  under legal hold or inside its retention period, agreements with their
  instalments and offers, the audit log and the bare transcript structure
  (texts become ``[erased]``).
- :func:`retention_run` (:mod:`bot.compliance.retention`) purges accounts (and
  unbound chats) whose retention period has ended, unless they are under legal
  hold.
"""

from __future__ import annotations

from bot.compliance.activity import last_activity, must_keep
from bot.compliance.erasure import ERASED, ErasureReport, erase_account
from bot.compliance.export import export_account
from bot.compliance.retention import RetentionReport, retention_run

__all__ = [
    "ERASED",
    "ErasureReport",
    "RetentionReport",
    "erase_account",
    "export_account",
    "last_activity",
    "must_keep",
    "retention_run",
]
