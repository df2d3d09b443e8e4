"""repaybot: negotiates debt repayments with debtors on WeChat and Telegram."""

__version__ = "0.1.0"
