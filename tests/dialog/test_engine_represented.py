"""A debtor who stops us because a lawyer acts for them (Reg F 1006.6(b)(2)).

Every channel of the account stops, not only the one they wrote on; a colleague gets the
case to take up with the lawyer; the reply says so and does not invite more messages. A
lawyer only threatened is an ordinary opt-out.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.compliance.outbound import decide_outbound
from bot.store.models import Conversation, Escalation, OptOut
from tests.dialog.conftest import Chat, Debtor

SAID = {
    "en": ("Please stop messaging me, I've retained an attorney for this matter.",
           "a colleague will take this up with your lawyer"),
    "zh_CN": ("不要再给我发了，这件事我已经委托律师了，有事跟律师谈",
              "后续由同事直接与您的律师沟通"),
    "zh_TW": ("別再傳訊息給我了，我的律師會處理，請直接找他",
              "後續由同仁直接與您的律師聯繫"),
}  # fmt: skip

THREATENED = {
    "en": "stop texting me or I'll go and find a lawyer",
    "zh_CN": "别再发了，再发我就去找律师告你们",
    "zh_TW": "不要再傳了，再傳我就找律師告你們",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_lawyer_acting_stops_every_channel_and_goes_to_a_colleague(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, sees = SAID[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert len(replies) == 1 and sees in replies[0].text
    assert "write to us again" not in replies[0].text
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        stops = s.scalars(select(OptOut).where(OptOut.revoked_at.is_(None))).all()
        assert {o.platform for o in stops} >= {"telegram", "wechat", "sms", "email", "web"}
        assert {o.account_id for o in stops} == {conv.account_id}
        cases = s.scalars(select(Escalation).where(Escalation.status == "open")).all()
        assert [c.reason for c in cases] == ["represented"]
        # A reminder by SMS (another channel of the account) would be blocked.
        sms = Conversation(
            platform="sms", chat_id="+15550100", user_id="+15550100", account_id=conv.account_id,
            state="start", context={}, mode="bot", locale=locale, is_open=True,
            started_at=chat.clock(), updated_at=chat.clock(),
        )  # fmt: skip
        s.add(sms)
        s.flush()
        later = chat.clock() + timedelta(days=1, hours=6)
        decision = decide_outbound(s, sms, later, chat.app.settings.compliance)
        assert decision.decision == "blocked" and decision.rule == "opt_out"
        s.rollback()


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_lawyer_threatened_is_an_ordinary_opt_out(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    (reply,) = chat.say(THREATENED[locale])
    assert SAID[locale][1] not in reply.text
    with chat.app.db.session() as s:
        stops = s.scalars(select(OptOut)).all()
        assert [o.platform for o in stops] == ["telegram"]
        assert s.scalars(select(Escalation).where(Escalation.status == "open")).all() == []
