"""Verification: the account plus date of birth and/or ID last-4, before any debt detail.

The account comes from a bound identity, a deep link, or the reference the
debtor types. Every answer is collected before the result is known, and an
unknown account goes through the same questions and gets the same replies as
a wrong answer, so nobody can learn whether an account exists. Attempts are
limited per conversation (within a window) and per account per day; past the
limit the conversation is locked and escalated.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, func, select

from bot.dialog.turn import Said, TurnContext
from bot.escalations import Reason
from bot.scripts.vocabulary import UNVERIFIED_SUFFIX
from bot.store import identities
from bot.store.models import Account, Identity, VerificationAttempt
from bot.understanding.normalize import fold
from bot.understanding.third_parties import writes_for_someone_else
from bot.understanding.verification import parse_birth_date, parse_id_last4

# Said to a relative or friend who answers the identity check for the debtor (optional:
# else the question is asked again). Neutral: nothing about a debt.
SOMEONE_ELSE = "verify_someone_else"

_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{1,63}$")
_FIELD_CODES = {"date_of_birth": "dob", "id_last4": "id4"}
_IDENTITY = select(Identity.id).where(
    Identity.platform == bindparam("platform"), Identity.platform_user_id == bindparam("user_id")
)
_FAILED = select(func.count(VerificationAttempt.id)).where(
    VerificationAttempt.success.is_(False), VerificationAttempt.created_at >= bindparam("since")
)
_CONVERSATION_FAILURES = _FAILED.where(VerificationAttempt.conversation_id == bindparam("key"))
_ACCOUNT_FAILURES = _FAILED.where(VerificationAttempt.account_id == bindparam("key"))
_QUESTIONS = {
    "account_ref": "ask_account_ref",
    "date_of_birth": "ask_date_of_birth",
    "id_last4": "ask_id_last4",
}


def fields_of(turn: TurnContext) -> list[str]:
    """What the debtor must answer: the script's list, else the settings'."""
    script_fields = turn.script.verification_fields
    return list(script_fields or turn.engine.settings.verification.fields)


def first_step(turn: TurnContext) -> str:
    """The first question: the account reference when no account is known yet."""
    return "account_ref" if turn.conv.account_id is None else fields_of(turn)[0]


def question(turn: TurnContext) -> str:
    """The prompt key of the verification question to ask now."""
    step = turn.data.get("verify_step") or first_step(turn)
    return _QUESTIONS.get(step, "ask_date_of_birth")


def _candidate(turn: TurnContext) -> Account | None:
    if turn.conv.account_id is not None:
        return turn.account
    cid = turn.data.get("candidate")
    return turn.session.get(Account, int(cid)) if cid else None


# Time zones of the United States, where dates are written month first (12/02/1979).
_US_ZONES = re.compile(
    r"^(?:US/|America/(?:New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Juneau|Sitka"
    r"|Nome|Yakutat|Metlakatla|Adak|Boise|Detroit|Menominee|Indiana/|Kentucky/|North_Dakota/)"
    r"|Pacific/Honolulu$)"
)


def writes_month_first(timezone: str | None) -> bool:
    """True for a debtor in the United States (by their account's time zone)."""
    return bool(timezone and _US_ZONES.match(timezone))


def verify_identity(turn: TurnContext) -> str | None:
    """Take one answer.

    Returns:
        ``None`` while more answers are needed (the next question is asked),
        ``"retry"`` when the answer could not be read (a hint was sent), else
        ``"ok"``, ``"fail"`` or ``"locked"``.
    """
    said = turn.said
    text = said.text.strip() if said else ""
    fields = fields_of(turn)
    step = turn.data.get("verify_step") or first_step(turn)
    if step == "account_ref":
        if not _REF.match(text):
            return None
        account = turn.session.scalars(select(Account).where(Account.account_ref == text)).first()
        turn.data["candidate"] = account.id if account is not None else 0
        turn.data["verify_ok"] = True
        turn.data["verify_step"] = fields[0]
        return None
    if said is not None and writes_for_someone_else(said.folded):
        # "This is his mother, his birthday is …": not the person the check is for, whatever
        # the answer; nothing is checked, counted or disclosed.
        turn.log("verify_someone_else", {"step": step})
        turn.say(SOMEONE_ELSE if SOMEONE_ELSE in turn.script.prompts else question(turn))
        return "retry"
    if step == "date_of_birth":
        bound = _candidate(turn)
        born = parse_birth_date(
            text,
            roc=turn.locale == "zh_TW",
            month_first=bound is not None and writes_month_first(bound.timezone),
        )
        if born is None:
            if _asks_first(turn, text) or _hard_times(turn):
                return "retry"
            turn.say("verify_bad_date")
            return "retry"
        value, kind = born.isoformat(), "dob"
    else:
        last4 = parse_id_last4(text)
        if last4 is None:
            if _asks_first(turn, text) or _hard_times(turn):
                return "retry"
            turn.say("verify_bad_id")
            return "retry"
        value, kind = last4, "id_last4"
    account = _candidate(turn)
    stored = None
    if account is not None:
        stored = account.dob_hash if kind == "dob" else account.id_last4_hash
    ok = turn.engine.personal.matches(kind, value, stored)
    turn.data["verify_ok"] = bool(turn.data.get("verify_ok", True)) and ok
    later = fields[fields.index(step) + 1 :] if step in fields else []
    if later:
        turn.data["verify_step"] = later[0]
        return None
    return _conclude(turn, account, fields)


# A question or proposal about the debt ("how much do I owe?", "can I pay in instalments?")
# in place of the answer: not a badly written date.
_ABOUT_THE_DEBT = frozenset({"balance_question", "pay_in_full", "instalments", "counter_offer"})
_DIGIT = re.compile(r"\d")


def _asks_first(turn: TurnContext, text: str) -> bool:
    """Answer a question about the debt asked instead of the identity answer: it is
    answered once the debtor is verified, and the question is asked again. True when
    that was said."""
    said = turn.said
    if said is None or said.intent not in _ABOUT_THE_DEBT or _DIGIT.search(text):
        return False
    if "faq_verify_first" not in turn.script.prompts:
        return False
    turn.say("faq_verify_first")
    turn.say(question(turn))
    return True


# A message that is only the last four of an ID, with at most the words for it before.
_ID_ALONE = re.compile(
    r"^(?:[^\d]{0,12}?(?:\bid\b|\blast\s*(?:4|four)\b|身份|证件|尾号|后四|后4|末四|末4)[^\d]{0,12})?"
    r"[0-9x]{4}[\W_]*$"
)


def repeats_id(turn: TurnContext, said: Said) -> bool:
    """Whether a verified debtor sent the last four of their ID again ("8765", "ID 8765",
    身分證後四碼8765), as one used to a check that asked for it: not an amount. Only a
    message of those four characters that match the account's ID."""
    acc = turn.account
    if not turn.verified or acc is None or said.count or said.frequency or said.dates:
        return False
    folded = said.folded or fold(said.text).text
    if not _ID_ALONE.match(folded.strip()):
        return False
    last4 = parse_id_last4(said.text)
    return last4 is not None and turn.engine.personal.matches("id_last4", last4, acc.id_last4_hash)


def repeats_dob(turn: TurnContext, said: Said) -> bool:
    """Whether a verified debtor sent their date of birth again ("1988年5月20日" after
    "88年5月20号" was accepted): unsure it went through, not a plan's first day."""
    acc = turn.account
    if not turn.verified or acc is None or said.amounts or said.count or said.frequency:
        return False
    if not any(ch.isdigit() for ch in said.text):
        return False  # most messages: no date to read
    born = parse_birth_date(
        said.text, roc=turn.locale == "zh_TW", month_first=writes_month_first(acc.timezone)
    )
    if born is None or born.year > turn.today.year - 14:
        return False
    return turn.engine.personal.matches("dob", born.isoformat(), acc.dob_hash)


def _hard_times(turn: TurnContext) -> bool:
    """Hard times told in place of the answer ("I lost my job", "我失业了"): heard kindly,
    not as a badly written date, and the question asked again. Nothing may hint at a debt
    yet, so only the neutral ``hardship_intro_unverified`` is said (when the script has
    it); the smaller plans follow the verification. True when that was said."""
    said = turn.said
    if said is None or said.intent != "hardship":
        return False
    turn.data["hardship"] = True  # the hardship plans, once verified
    turn.log("hardship_unverified", {})
    turn.say(f"hardship_intro{UNVERIFIED_SUFFIX}")
    turn.say(question(turn))
    return True


def _conclude(turn: TurnContext, account: Account | None, fields: list[str]) -> str:
    success = bool(turn.data.pop("verify_ok", False)) and account is not None
    turn.data.pop("verify_step", None)
    code = "+".join(_FIELD_CODES[f] for f in fields)
    if success and account is not None and _account_locked(turn, account.id):
        success = False
    identities.insert_attempt(
        turn.conn,
        {
            "conversation_id": turn.conv.id,
            "account_id": account.id if account is not None else None,
            "field": code,
            "success": success,
            "created_at": turn.now,
        },
    )
    turn.log("verification", {"success": success})
    if success and account is not None:
        _bind(turn, account)
        turn.say("verified")
        return "ok"
    if _conversation_locked(turn) or (account is not None and _account_locked(turn, account.id)):
        turn.data["locked"] = True
        turn.data["escalation_reason"] = Reason.VERIFICATION_LOCKED.value
        turn.log("verification_locked", {})
        return "locked"
    turn.say("verify_failed")
    turn.data.pop("candidate", None)
    return "fail"


def _failures(turn: TurnContext, stmt: Select[int], key: int, since: datetime) -> int:
    return int(turn.conn.scalar(stmt, {"key": key, "since": since}) or 0)


def _conversation_locked(turn: TurnContext) -> bool:
    settings = turn.engine.settings.verification
    since = turn.now - timedelta(minutes=settings.window_minutes)
    return _failures(turn, _CONVERSATION_FAILURES, turn.conv.id, since) >= settings.max_attempts


def _account_locked(turn: TurnContext, account_id: int) -> bool:
    settings = turn.engine.settings.verification
    since = turn.now - timedelta(days=1)
    failures = _failures(turn, _ACCOUNT_FAILURES, account_id, since)
    return failures >= settings.max_attempts_per_account_per_day


def bind_identity(turn: TurnContext, account_id: int, *, verified: bool) -> None:
    """Bind this platform user to ``account_id`` (verified, or by deep link only)."""
    conv = turn.conv
    days = turn.engine.settings.verification.binding_days
    values = {
        "account_id": account_id,
        "chat_id": conv.chat_id,
        "expires_at": turn.now + timedelta(days=days),
        "verified_at": turn.now if verified else None,
    }
    s = turn.conn
    ident_id = s.scalar(_IDENTITY, {"platform": conv.platform, "user_id": conv.user_id})
    if ident_id is None:
        identities.insert_identity(
            s,
            {
                **values,
                "platform": conv.platform,
                "platform_user_id": conv.user_id,
                "bound_at": turn.now,
                "unreachable": False,
            },
        )
    else:
        identities.update_identity(s, ident_id, values)


def _bind(turn: TurnContext, account: Account) -> None:
    """Mark the conversation verified and bind the platform user to the account."""
    turn.data["verified"] = True
    turn.data.pop("candidate", None)
    turn.conv.account_id = account.id
    turn.account = account
    bind_identity(turn, account.id, verified=True)
