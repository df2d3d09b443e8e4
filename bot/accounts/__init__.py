"""Debtor accounts: the CSV import and the ``repaybot accounts`` commands."""

from bot.accounts.importer import ImportFileError, ImportResult, Rejection, import_accounts

__all__ = ["ImportFileError", "ImportResult", "Rejection", "import_accounts"]
