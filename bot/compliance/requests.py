"""Data-rights requests a debtor makes in the chat: "what data do you hold", "delete my data".

The bot does not export or erase by itself (the debtor must be verified and an
export holds personal data): it recognises the request, records it in the audit
log and opens an escalation so a person answers it with
``repaybot accounts export-data`` / ``erase`` (or the console). Matching follows
:mod:`bot.compliance.phrases`: case-insensitive, whole words for Latin text,
anywhere for Chinese.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from bot.compliance.phrases import find_phrases
from bot.escalations import Priority, Reason, join_or_open
from bot.store import audit
from bot.store.models import Conversation, Escalation

RequestKind = Literal["export", "erase"]

# Normal priority: the law gives weeks, not minutes (GDPR one month, PIPL 15 working days).
PRIORITY = Priority.NORMAL
REASON = Reason.DATA_REQUEST

ERASE_WORDS: tuple[str, ...] = (
    "delete my data",
    "delete my personal data",
    "delete my information",
    "erase my data",
    "remove my data",
    "right to be forgotten",
    "forget me",
    "删除我的数据",
    "删除我的个人信息",
    "删除我的信息",
    "刪除我的資料",
    "刪除我的個人資料",
    "刪除我的數據",
)
EXPORT_WORDS: tuple[str, ...] = (
    "what data do you have",
    "what data do you hold",
    "what information do you have",
    "what do you know about me",
    "copy of my data",
    "export my data",
    "my personal data",
    "data access request",
    "subject access request",
    "我的数据",
    "我的个人信息",
    "我的資料",
    "我的個人資料",
    "你们有我哪些信息",
    "你們有我哪些資料",
)


def find_data_request(text: str) -> RequestKind | None:
    """The data-rights request in ``text``, if any (erasure wins over export)."""
    if find_phrases(text, ERASE_WORDS):
        return "erase"
    if find_phrases(text, EXPORT_WORDS):
        return "export"
    return None


def record_data_request(
    session: Session, conversation: Conversation, kind: RequestKind, now: datetime
) -> Escalation:
    """Audit the request and open an escalation for a person to answer it.

    A request while the conversation already has an open escalation (an
    earlier request, or an agent has the chat) adds an audit entry but no
    second escalation: whoever has the chat answers it.
    """
    audit.record(
        session,
        actor="debtor",
        action="data_request",
        account_id=conversation.account_id,
        conversation_id=conversation.id,
        details={"kind": kind, "channel": conversation.platform},
        now=now,
    )
    return join_or_open(
        session,
        conversation_id=conversation.id,
        account_id=conversation.account_id,
        reason=REASON,
        priority=PRIORITY,
        now=now,
    )
