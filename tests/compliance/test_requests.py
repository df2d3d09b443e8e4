from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.compliance.requests import find_data_request, record_data_request
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import AuditEntry, Escalation
from tests.compliance.conftest import make_debtor

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Please DELETE my data", "erase"),
        ("I want my right to be forgotten", "erase"),
        ("请删除我的个人信息", "erase"),
        ("請刪除我的資料", "erase"),
        ("What data do you hold about me?", "export"),
        ("send me a copy of my data", "export"),
        ("你们有我哪些信息？", "export"),
        ("I can pay 300 a month", None),
        ("我下个月还款", None),
        ("the data plan on my phone", None),
        ("send me a copy of my personal data", "export"),
        ("I want access to my personal data", "export"),
        ("请提供我的个人信息", "export"),
        ("我想查詢我的個人資料", "export"),
        # naming one's data asks for nothing: the privacy answer comes instead
        ("is my personal data kept safe?", None),
        ("我的个人信息会不会泄露？", None),
        ("我的個人資料安全嗎？", None),
    ],
)
def test_requests_recognised_in_english_and_chinese(text: str, kind: str | None) -> None:
    assert find_data_request(text) == kind


def test_request_is_audited_and_escalated_once(db: Database, personal: PersonalData) -> None:
    with db.session() as s:
        account, conv = make_debtor(s, personal, NOW, platform="wechat")
        first = record_data_request(s, conv, "erase", NOW)
        again = record_data_request(s, conv, "export", NOW + timedelta(minutes=1))
        assert again.id == first.id
    with db.session() as s:
        (esc,) = s.scalars(select(Escalation)).all()
        assert (esc.reason, esc.priority, esc.status, esc.account_id) == (
            "data_request",
            2,
            "open",
            account.id,
        )
        details = s.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "data_request")
        ).all()
        assert details == [
            {"kind": "erase", "channel": "wechat"},
            {"kind": "export", "channel": "wechat"},
        ]
