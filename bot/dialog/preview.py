"""Chat with a draft script as a sample debtor, touching nothing real.

Each preview runs the real engine against a throwaway SQLite database in a
temporary directory, created for the request, seeded with the demo sample
accounts and deleted afterwards; the draft is that database's only script
version. A separate database rather than a rolled-back transaction because the
engine commits each turn in transactions of its own: with its own database no
code path can reach real conversations, agreements, the outbox or the audit
log, and no platform adapter is involved.

The page sends the whole list of the admin's messages each time; they are
replayed from the start, so the preview needs no server-side state and works
behind several workers.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.messages import ChatRef, Incoming, Reply

if TYPE_CHECKING:
    from bot.accounts.samples import DemoAccount
    from bot.config import Settings
    from bot.store.crypto import KeyMaterial

MAX_MESSAGES = 40


@dataclass(frozen=True)
class PreviewLine:
    """One message of the preview chat."""

    sender: str  # "bot" or "debtor"
    text: str
    buttons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Preview:
    """The preview transcript and the sample debtor it used."""

    lines: list[PreviewLine]
    sample: DemoAccount


def _bot(replies: Sequence[Reply]) -> list[PreviewLine]:
    return [PreviewLine("bot", r.text, tuple(b.label for b in r.buttons)) for r in replies]


def run_preview(
    settings: Settings,
    keys: KeyMaterial,
    clock: Callable[[], datetime],
    source: str,
    messages: Sequence[str],
    locale: str,
) -> Preview:
    """Greet a sample debtor in ``locale`` with the draft ``source``, then send ``messages``.

    The draft must pass :func:`bot.scripts.script.parse_script` (the caller
    checks first); ``messages`` beyond :data:`MAX_MESSAGES` are ignored.
    """
    from bot.accounts.samples import create_demo_data
    from bot.dialog.engine import DialogEngine
    from bot.store.crypto import PersonalData
    from bot.store.db import Database
    from bot.store.models import Base

    with tempfile.TemporaryDirectory(prefix="repaybot-preview-") as tmp:
        script_path = Path(tmp) / "draft.yaml"
        script_path.write_text(source, encoding="utf-8")
        scratch = dataclasses.replace(
            settings,
            database=dataclasses.replace(
                settings.database, url=f"sqlite:///{Path(tmp) / 'preview.db'}", echo=False
            ),
            dialog=dataclasses.replace(settings.dialog, script=str(script_path)),
        )
        db = Database(scratch.database.url)
        personal = PersonalData(keys)
        try:
            Base.metadata.create_all(db.engine)
            samples = create_demo_data(db, personal, clock)
            sample = next((a for a in samples if a.locale == locale), samples[-1])
            chat = ChatRef("web", "admin-preview", "admin-preview")
            engine = DialogEngine(db, scratch, personal, keys, clock)
            lines = _bot(engine.greet(chat, account_ref=sample.account_ref, locale=locale).replies)
            for i, text in enumerate(messages[:MAX_MESSAGES], start=1):
                lines.append(PreviewLine("debtor", text))
                turn = engine.process(
                    Incoming(chat=chat, message_id=f"preview-{i}", text=text, timestamp=clock())
                )
                lines += _bot(turn.replies)
        finally:
            db.stop()
    return Preview(lines, sample)
