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
# A request, not a mention: "is my personal data kept safe?" and 我的资料会保密吗 ask about
# privacy (the faq answers them), so "my personal data" alone asks for nothing.
EXPORT_WORDS: tuple[str, ...] = (
    "what data do you have",
    "what data do you hold",
    "what data do you keep",
    "what personal data",
    "which personal data",
    "what information do you have",
    "what information do you hold",
    "what info do you have",
    "what do you know about me",
    "what do you have on me",
    "copy of my data",
    "copy of my personal data",
    "export my data",
    "send me my data",
    "send me my personal data",
    "give me my data",
    "give me my personal data",
    "see my personal data",
    "access my data",
    "access my personal data",
    "access to my data",
    "access to my personal data",
    "request my data",
    "request my personal data",
    "download my data",
    "data access request",
    "subject access request",
    "查询我的个人信息",
    "查看我的个人信息",
    "调取我的个人信息",
    "提供我的个人信息",
    "导出我的个人信息",
    "导出我的数据",
    "把我的个人信息发给我",
    "你们有我哪些",
    "你们有我什么信息",
    "你们掌握了我哪些",
    "你们存了我哪些",
    "查詢我的個人資料",
    "查看我的個人資料",
    "調閱我的個人資料",
    "提供我的個人資料",
    "匯出我的",
    "匯出給我",
    "你們有我哪些",
    "你們有我什麼資料",
    "你們掌握了我哪些",
    "你們存了我哪些",
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
