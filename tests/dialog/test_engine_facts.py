"""The funnel facts the engine's writes leave on each conversation are what its rows say."""

from __future__ import annotations

from typing import Any

from tests.dialog.conftest import Chat, Clock, Debtor
from tests.store import facts


def test_facts_stored_by_scripted_conversations_match_their_rows(
    new_chat: Any, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    agreed: Chat = new_chat("agrees")
    agreed.verify(accounts["en"])
    agreed.press(2)
    clock.advance(minutes=1)
    agreed.say("yes")

    disputed: Chat = new_chat("disputes", platform="wechat")
    disputed.start(accounts["zh_CN"].ref)
    disputed.say("2001-01-01")  # a wrong date of birth first
    clock.advance(minutes=1)
    disputed.say(accounts["zh_CN"].dob)
    disputed.say("金额不对")

    distressed: Chat = new_chat("distress")
    distressed.verify(accounts["zh_TW"])
    clock.advance(minutes=1)
    distressed.say("我想死")

    # The same account again later: it stops, which also counts for the open chat above.
    clock.advance(hours=2)
    stops: Chat = new_chat("stops")
    stops.verify(accounts["zh_CN"])
    stops.say("退订")

    human: Chat = new_chat("human")
    human.verify(accounts["en"])
    human.say("talk to a person")

    silent: Chat = new_chat("silent")
    silent.start(accounts["zh_TW"].ref)

    anonymous: Chat = new_chat("anonymous")
    anonymous.start()
    anonymous.say("hello")

    with agreed.app.db.session() as s:
        kept, rows = facts.stored(s), facts.derived(s)
    assert kept == rows

    def of(c: Chat) -> dict[str, int]:
        assert c.conversation_id is not None
        return kept[c.conversation_id]

    assert of(agreed)["agreed"] == 1
    assert of(disputed)["disputed"] == 1
    assert of(disputed)["opted_out"] == 1
    assert of(distressed)["distressed"] == 1
    assert of(stops)["opted_out"] == 1
    assert of(human)["escalated"] == 1
    assert of(silent)["replied"] == 0
    assert of(silent)["contacted"] == 1
    seen = {f for row in kept.values() for f, v in row.items() if v}
    assert seen == set(facts.FACTS) - {"complained"}
