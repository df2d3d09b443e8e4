"""A conversation's life around the script: which language it speaks, the account it
is bound to, when a message starts a new one, closing it, and storing what the debtor
wrote.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from bot.compliance.outbound_rules import is_started
from bot.dialog.turn import EngineParts, TurnContext
from bot.messages import Incoming
from bot.store import conversations
from bot.store.models import Account, Conversation, Identity


def pick_locale(
    engine: EngineParts, account: Account | None, hint: str | None, spoken: str | None = None
) -> str:
    """Account locale, else the platform's hint, else the language of the chat's
    conversation just closed (``spoken``: WeChat gives no hint), else the default."""
    from bot.i18n import normalize_locale

    settings = engine.settings.dialog
    enabled = settings.enabled_locales
    for candidate in (account.locale if account is not None else None, hint, spoken):
        if candidate:
            loc = normalize_locale(candidate)
            if loc is not None and loc in enabled:
                return loc
    return str(settings.default_locale)


def bind_known_identity(s: Session, conv: Conversation, now: datetime) -> None:
    """Attach the account of an identity this platform user has already bound."""
    ident = s.scalars(
        select(Identity).where(
            Identity.platform == conv.platform, Identity.platform_user_id == conv.user_id
        )
    ).first()
    if ident is not None and (ident.expires_at is None or ident.expires_at > now):
        conv.account_id = ident.account_id


def is_over(engine: EngineParts, s: Session, conv: Conversation, incoming: Incoming) -> bool:
    """Whether ``incoming`` must start a new conversation instead."""
    if conv.mode == "closed" or (incoming.command == "start" and conv.mode != "agent"):
        return True
    if conv.mode == "agent":
        return False
    vid = conv.script_version_id
    compiled = engine.scripts.get(vid, s) if vid is not None else None
    state = compiled.machine.script.states.get(conv.state) if compiled else None
    return state is None or state.final


def close(s: Session, conv: Conversation, now: datetime) -> None:
    """Close ``conv``: it keeps its history; the chat may open a new one."""
    conv.is_open = None
    conv.mode = "closed"
    conv.closed_at = now
    conv.updated_at = now
    s.flush()


def store_inbound(
    conn: Connection, conv: Conversation, incoming: Incoming, now: datetime, *, mask: bool = True
) -> int:
    """Store the debtor's message; return its id.

    Card, ID and phone numbers are masked unless ``mask`` is false
    (``compliance.mask_stored_transcripts``). A redelivered message violates
    the unique (platform, message id) here.
    """
    from bot.compliance.redact import mask_personal_data

    text = incoming.text
    if incoming.command:
        text = f"/{incoming.command}" + (" …" if incoming.command_arg else "")
    row = {
        "conversation_id": conv.id,
        "platform": conv.platform,
        "platform_message_id": incoming.message_id or None,
        "direction": "in",
        "sender": "debtor",
        "text": mask_personal_data(text) if mask else text,
        "payload": incoming.payload,
        "buttons": [],
        "created_at": now,
    }
    return conversations.insert_inbound(conn, row)


def debtor_quiet(turn: TurnContext) -> bool:
    """True when the debtor has not written for a while (a message now is bot-initiated).

    Outside the hours we may contact them (their own time) a quarter of an hour
    is a while: a plan a colleague sends then waits for the debtor's morning.
    """
    pause = timedelta(minutes=turn.engine.settings.dialog.resume_after_minutes)
    return is_started(turn.conv, turn.now, turn.engine.settings.compliance, pause)
