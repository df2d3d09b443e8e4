"""What every faq topic's engine tests check: the answer then only the short question, and
nothing about a debt before verification (the answer follows it)."""

from __future__ import annotations

from collections.abc import Callable

from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_faq import SEES
from tests.dialog.test_engine_neutral import DEBT_WORDS


def answered_then_short_question(
    new_chat: Callable[[str], Chat], debtor: Debtor, locale: str, asked: list[str],
    answer: list[str], tag: str,
) -> None:  # fmt: skip
    """Each of ``asked``, from a verified debtor, gets ``answer`` (all its parts), then only
    the short question; the options offered stay as they were."""
    for i, words in enumerate(asked):
        chat = new_chat(f"{tag}-{locale}-{i}")
        chat.verify(debtor)
        offered = [b.label for b in chat.buttons]
        replies = chat.say(words)
        assert len(replies) == 2, (words, [r.text for r in replies])
        assert all(part in replies[0].text for part in answer), (words, replies[0].text)
        assert replies[1].text.startswith(SEES[locale]["again"])
        assert [b.label for b in chat.buttons] == offered


def answered_after_verification(
    new_chat: Callable[[str], Chat], debtor: Debtor, locale: str, asked: str,
    answer: list[str], tag: str,
) -> None:  # fmt: skip
    """``asked`` before verification gets nothing about a debt; the answer follows the check."""
    chat = new_chat(f"{tag}-first-{locale}")
    chat.start(debtor.ref, locale=locale)
    chat.say(asked)
    text = chat.text()
    assert DEBT_WORDS.search(text.lower()) is None, text
    assert not any(part in text for part in answer)
    chat.say(debtor.dob)
    assert all(part in chat.text() for part in answer), chat.text()
