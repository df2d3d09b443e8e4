"""Words the console shows: priority and reason labels, stored words, and ConsoleError.

Everything here is marked with ``N_`` for Babel and translated by the pages.
"""

from __future__ import annotations

from typing import Any

from bot.escalations import Reason


def N_(message: str) -> str:
    """Mark ``message`` for translation (Babel extracts ``N_``); pages translate it."""
    return message


NOT_YOURS = N_("This conversation is assigned to another agent.")
STOPPED = N_(
    "Not sent: the debtor asked us to stop messaging them here (%(date)s). "
    "Close the conversation when you are done."
)
PRIORITY_LABELS = {0: N_("urgent"), 1: N_("high"), 2: N_("normal")}
REASON_LABELS: dict[str, str] = {
    Reason.HUMAN_REQUESTED: N_("Asked for a person"),
    Reason.DISTRESS: N_("Distress or self-harm words"),
    Reason.DISPUTE: N_("Disputes the debt"),
    Reason.HARDSHIP: N_("Needs more hardship help than policy allows"),
    Reason.VERIFICATION_LOCKED: N_("Locked out of verification"),
    Reason.NEGOTIATION_STALLED: N_("Negotiation stalled past the maximum rounds"),
    Reason.NOT_UNDERSTOOD: N_("Not understood 3 times in a row"),
    Reason.ABUSE: N_("Abusive messages"),
    Reason.ALREADY_PAID: N_("Says the debt is already paid"),
    Reason.WRONG_PERSON: N_("Says they are the wrong person"),
    Reason.SCRIPT: N_("Handed over by the dialog script"),
    Reason.DATA_REQUEST: N_("Asks to see or delete their personal data"),
    Reason.BROKEN_PROMISE: N_("Missed two payments in a row"),
    Reason.SETTLEMENT_APPROVAL: N_("Offers a settlement that needs approval"),
    Reason.REPRESENTED: N_("A lawyer acts for them: deal with the lawyer, not the debtor"),
    Reason.OTHERS_TOLD: N_("Says someone else was told about the debt"),
}
# Circumstances a debtor told us about (bot.understanding.circumstances kinds).
CIRCUMSTANCE_LABELS: dict[str, str] = {
    "job_loss": N_("lost their job"),
    "income_loss": N_("lost their income"),
    "illness": N_("illness or hospital"),
    "bereavement": N_("a death in the family"),
    "divorce": N_("divorce or separation"),
    "accident": N_("an accident"),
    "pregnancy": N_("pregnancy or a new baby"),
    "disability": N_("disability"),
}


def circumstance_label(kind: str) -> str:
    """A circumstance kind in words (a msgid the pages translate)."""
    return CIRCUMSTANCE_LABELS.get(kind, kind.replace("_", " "))


# Stored words the pages show translated (``_(value)`` in the templates).
DISPLAY_WORDS = (
    # who wrote, conversation modes, channels
    N_("bot"), N_("agent"), N_("debtor"), N_("closed"), N_("web"), N_("telegram"), N_("wechat"),
    # delivery of a message
    N_("pending"), N_("sending"), N_("sent"), N_("delivered"), N_("failed"), N_("held"),
    N_("undeliverable"),
    # escalations, offers, agreements, accounts
    N_("open"), N_("claimed"), N_("proposed"), N_("accepted"), N_("declined"), N_("active"),
    N_("disputed"), N_("full"), N_("instalments"), N_("hardship"), N_("custom"),
    N_("settlement"),
    N_("weekly"), N_("biweekly"), N_("monthly"),
    # console roles
    N_("admin"), N_("analyst"),
)  # fmt: skip


class ConsoleError(Exception):
    """An action the user may not take; ``status`` is the HTTP status to answer.

    ``msgid`` is the untranslated message with ``%(name)s`` placeholders filled
    from ``params`` (pages translate both: a list or tuple parameter is a list
    of msgids, translated one by one); ``message`` is the English text.
    """

    def __init__(self, msgid: str, status: int = 400, **params: Any) -> None:
        self.msgid = msgid
        self.params = params
        self.status = status
        english = {k: "; ".join(v) if isinstance(v, list | tuple) else v for k, v in params.items()}
        self.message = msgid % english if params else msgid
        super().__init__(self.message)


def reason_choices() -> list[tuple[str, str]]:
    """Escalation reasons for the inbox filter: one entry per label, in label order."""
    seen: dict[str, str] = {}
    for key, label in REASON_LABELS.items():
        seen.setdefault(label, key)
    return sorted(((key, label) for label, key in seen.items()), key=lambda kv: kv[1])


def reason_aliases(reason: str) -> tuple[str, ...]:
    """Every stored reason shown with the same words as ``reason``."""
    label = REASON_LABELS.get(reason)
    return tuple(k for k, v in REASON_LABELS.items() if v == label) if label else ()


def reason_label(reason: str) -> str:
    """Why a conversation is in the queue, in words."""
    return REASON_LABELS.get(reason, reason.replace("_", " ").capitalize())


# Agents' presence, as shown next to their names.
PRESENCE_WORDS = (N_("online"), N_("away"), N_("offline"))

# Where the bot can take a chat back, in words (script states by their usual names).
STATE_LABELS = {
    "start": N_("From the start (greeting)"),
    "verify": N_("Check who the debtor is"),
    "explain": N_("Explain the balance"),
    "offer": N_("Offer repayment plans"),
    "confirm": N_("Confirm the chosen plan"),
    "stalled": N_("After negotiation stalled"),
    "locked_out": N_("After verification was locked"),
}
OTHER_STATE = N_("The script step “%(state)s”")


def state_label(state: str) -> tuple[str, dict[str, str]]:
    """A hand-back target in words: a msgid and its parameters (translate both)."""
    known = STATE_LABELS.get(state)
    return (known, {}) if known else (OTHER_STATE, {"state": state.replace("_", " ")})
