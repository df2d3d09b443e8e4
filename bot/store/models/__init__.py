"""Database models.

Record, don't overwrite: messages, events, offers, agreements, verification
attempts and audit entries are appended; a conversation row is the current
snapshot beside that log. Personal data is stored only encrypted (name, phone,
email) or as keyed hashes (date of birth, ID last-4); see :mod:`bot.store.crypto`.
"""

from __future__ import annotations

from bot.store.models.base import NAMING, Base
from bot.store.models.chats import (
    Conversation,
    Escalation,
    Event,
    InboxEvent,
    LinkToken,
    Message,
    OptOut,
    OutboxItem,
)
from bot.store.models.console import (
    ApiToken,
    AuditEntry,
    ConsoleSession,
    KeyFingerprint,
    KeyValue,
    LoginThrottle,
    RateCounter,
    ScriptVersion,
    User,
)
from bot.store.models.experiments import Experiment, ExperimentArm
from bot.store.models.people import (
    Account,
    Circumstance,
    ContactChannel,
    Identity,
    VerificationAttempt,
)
from bot.store.models.plans import Agreement, Instalment, Offer, Payment, Reminder

__all__ = [
    "NAMING",
    "Account",
    "Agreement",
    "ApiToken",
    "AuditEntry",
    "Base",
    "Circumstance",
    "ConsoleSession",
    "ContactChannel",
    "Conversation",
    "Escalation",
    "Event",
    "Experiment",
    "ExperimentArm",
    "Identity",
    "InboxEvent",
    "Instalment",
    "KeyFingerprint",
    "KeyValue",
    "LinkToken",
    "LoginThrottle",
    "Message",
    "Offer",
    "OptOut",
    "OutboxItem",
    "Payment",
    "RateCounter",
    "Reminder",
    "ScriptVersion",
    "User",
    "VerificationAttempt",
]
