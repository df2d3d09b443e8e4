"""Someone who said we had the wrong person and then asks a question ("is this a scam?",
你们是不是骗子？, 這是詐騙嗎？) or says thanks is answered in their own language, and nothing
more: no greeting, no request for an account reference, and their opt-out stays in force.
If they then write that it is them after all, the check starts as usual. Default script,
every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.store.models import OptOut
from tests.dialog.conftest import Chat

CASES = {
    "en": ("you have the wrong person", "is this a scam?", "You're right to be careful.",
           "ok thanks", "You're welcome!", "sorry, actually it is me, I do owe money",
           "account reference"),
    "zh_CN": ("你们找错人了", "你们是不是骗子？", "您谨慎一点是对的。", "谢谢", "不客气！",
              "不好意思，其实就是我，我确实欠钱", "账户编号"),
    "zh_TW": ("打錯了", "這是詐騙嗎？", "您謹慎一點是對的。", "謝謝", "不客氣！",
              "不好意思，其實就是我，我確實有欠款", "帳戶編號"),
}  # fmt: skip


def _in_force(chat: Chat) -> int:
    with chat.app.db.session() as s:
        return s.scalar(select(func.count(OptOut.id)).where(OptOut.revoked_at.is_(None))) or 0


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_question_after_wrong_person_is_answered_and_nothing_more(
    chat: Chat, locale: str
) -> None:
    wrong, scam, careful, thanks, welcome, me_after_all, reference = CASES[locale]
    chat.start(None, locale=locale)
    chat.say(wrong)
    assert _in_force(chat) == 1
    replies = chat.say(scam)
    assert [r.text[: len(careful)] for r in replies] == [careful]
    assert [r.text for r in chat.say(thanks)] == [welcome]
    assert _in_force(chat) == 1
    replies = chat.say(me_after_all)
    assert reference in replies[-1].text
    assert _in_force(chat) == 0
