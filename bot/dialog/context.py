"""What a conversation remembers between messages: its typed context.

The context is stored as JSON on the conversation row and read into each turn.
Every key the engine uses is declared here, so a misspelt key is a type error,
not a silent fresh start.
"""

from __future__ import annotations

from typing import Any, TypedDict


class ConversationContext(TypedDict, total=False):
    """The keys a conversation's context may hold (all optional)."""

    verified: bool
    """The debtor passed the identity check in this conversation."""
    linked: bool
    """The web chat was opened through a signed link made for the conversation's account."""
    disclosed: bool
    """The collection disclosure was sent (it precedes the first debt detail)."""
    candidate: int
    """The account the identity answers are checked against (0: none matched)."""
    verify_step: str
    """The identity field asked for next (``dob`` or ``id_last4``)."""
    verify_ok: bool
    """Whether every identity answer so far matched."""
    locked: bool
    """Too many failed identity answers: verification is locked."""
    offers: list[list[Any]]
    """The plans on offer, as ``[offer id, plan JSON]`` pairs, in the order shown."""
    pending_offer_id: int
    """The offer the debtor chose and is asked to confirm."""
    pending_plan: dict[str, Any]
    """That offer's plan, as JSON."""
    agent_offer_id: int
    """A plan an agent proposed, waiting for the debtor's yes or no."""
    settlement_awaiting: list[Any]
    """``[offer id, plan JSON]`` of the debtor's settlement offer waiting for a colleague's
    approval (bot.dialog.approval)."""
    rounds: int
    """Counter-offers made so far in this negotiation."""
    countered: bool
    """The first of the offers is the bot's counter-offer, just made: a yes takes it."""
    last_counter: str
    """The last counter-offer's plan, as said: the same again is "the best I can do"."""
    hardship: bool
    """The debtor is on hardship terms."""
    pause_resumes: str
    """The day payments resume after the pause last offered (ISO date): asked about again
    without a length, the same pause is restated."""
    remembered: bool
    """The debtor was told we remember the hard times they told us about before."""
    not_understood: int
    """Messages in a row the bot did not understand."""
    escalation_reason: str
    """Why the script's next hand-over happens (a :class:`bot.escalations.Reason` value)."""
    opted_out: bool
    """The debtor opted out in this conversation."""
    agreement_id: int
    """The agreement recorded in this conversation."""
    # after the agreement (bot.dialog.aftercare)
    after_verify: str
    """What to tell the debtor once verified (``how_to_pay``: they asked before)."""
    faq_after_verify: str
    """A faq topic asked before verification, answered once verified (bot.dialog.faq)."""
    moving_payment: bool
    """The debtor was asked which day one payment of their plan should move to
    (bot.dialog.moving): a day named next moves it."""
    superseding: int
    """The active agreement a new plan will replace once one is confirmed."""
    recapped: list[Any]
    """``[offer id, ISO time]`` of the last recap of a pending offer."""
    acked_at: str
    """When the debtor was last told when a colleague will answer (ISO 8601)."""
