"""Application logs never contain personal data, even at DEBUG level."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from bot.accounts.importer import import_accounts
from bot.app import App
from bot.config import Settings
from bot.store.db import Database
from bot.store.models import Conversation, Message
from tests.accounts.conftest import csv_text, row
from tests.compliance.test_guardrails import Chat, Clock

PERSONAL = {
    "full_name": "張淑芬",
    "date_of_birth": "1985-07-04",
    "id_last4": "9876",
    "phone": "+886 912 345 678",
    "email": "shufen@example.tw",
}
CARD = "4111 1111 1111 1111"
TYPED_NAME = "Zhang Shufen"


@pytest.fixture
def app(settings: Settings, db: Database) -> Iterator[App]:
    application = App(settings, clock=Clock())
    yield application
    application.stop()


def test_no_personal_data_in_logs_during_an_import_and_a_conversation(
    app: App, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")  # as with database.echo = true
    path = tmp_path / "accounts.csv"
    rows = [
        row(account_ref="P-1", **PERSONAL),
        row(account_ref="P-2", **{**PERSONAL, "currency": "XYZ"}),  # a rejected row
    ]
    path.write_text(csv_text(rows), encoding="utf-8")
    result = import_accounts(
        app.db, app.personal, path, now=datetime(2026, 3, 10, tzinfo=UTC), workers=0
    )
    assert result.inserted == 1 and result.rejected == 1
    chat = Chat(app, "logs")
    chat.start("P-1")
    chat.say(PERSONAL["date_of_birth"])
    chat.say(f"I am {TYPED_NAME}, my card is {CARD}, call {PERSONAL['phone']}")
    chat.say(PERSONAL["email"])
    logged = caplog.text
    assert "INSERT INTO messages" in logged, "the statement log is off: the test proves nothing"
    for value in (*PERSONAL.values(), CARD, "4111111111111111", TYPED_NAME):
        assert value not in logged


def test_database_errors_do_not_carry_the_values(app: App) -> None:
    typed = f"my card is {CARD}, I am {TYPED_NAME}"
    with app.db.session() as s:
        conv = Conversation(
            platform="telegram",
            chat_id="c",
            user_id="u",
            state="start",
            context={},
            locale="en",
            started_at=datetime(2026, 3, 10, tzinfo=UTC),
            updated_at=datetime(2026, 3, 10, tzinfo=UTC),
        )
        s.add(conv)
    message = {
        "conversation_id": conv.id,
        "platform": "telegram",
        "platform_message_id": "m-1",
        "direction": "in",
        "sender": "debtor",
        "text": typed,
        "created_at": datetime(2026, 3, 10, tzinfo=UTC),
    }
    with app.db.session() as s:
        s.add(Message(**message))
    with pytest.raises(IntegrityError) as err, app.db.session() as s:
        s.add(Message(**message))  # the same platform message id again
    assert CARD not in str(err.value) and TYPED_NAME not in str(err.value)
