"""Whatever a debtor types, the engine answers and never crashes."""

from __future__ import annotations

from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import App
from bot.store.crypto import PersonalData
from tests.dialog.conftest import Chat, Debtor
from tests.factories import make_account

_who = count()

TEXT = st.one_of(
    st.text(max_size=200),
    st.text(
        alphabet="0123456789 ,.-/月日年元块万千百十一二三四五六七八九每周下先付还", max_size=30
    ),
    st.sampled_from(["", " ", "1", "99", "0", "-1", "yes", "no", "是", "否", "/start", "9" * 40]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT, stage=st.sampled_from(["verify", "offer", "confirm"]))
def test_random_text_always_gets_a_reply(
    app: App, accounts: dict[str, Debtor], personal: PersonalData, text: str, stage: str
) -> None:
    # A fresh account per example: an earlier example's text may rightly have opted its
    # account out or raised a crisis, after which no plan is offered on it.
    n = next(_who)
    debtor = accounts["zh_CN"]
    with app.db.session() as s:
        make_account(s, personal, ref=f"P-{n}", dob=debtor.dob, id_last4=debtor.id_last4)
    chat = Chat(app, app.clock, who=f"p{n}")  # type: ignore[arg-type]
    chat.start(f"P-{n}")
    if stage != "verify":
        chat.say(debtor.dob)
    if stage == "confirm":
        chat.press(2)
    replies = chat.say(text)
    assert replies
    assert all(r.text.strip() for r in replies)
