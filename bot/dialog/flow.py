"""How one message moves a conversation: guardrails first, then the script.

The order in :func:`handle_message`: agent mode (store only, except stop and
distress), guardrail intents, greeting/resume, the state's scripted rule,
else "not understood". :func:`enter` sends a state's prompts, runs its action
and follows ``next`` until a state waits for the debtor.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from bot import links
from bot.dialog import aftercare, faq, guardrails, identity, thinking, waiting
from bot.dialog.actions import ACTIONS
from bot.dialog.languages import LANG_PREFIX, language_buttons, locale_named, locale_of_payload
from bot.dialog.offering import offered_plans
from bot.dialog.turn import CHOOSE_PREFIX, NO_PAYLOAD, YES_PAYLOAD, EngineParts, Said, TurnContext
from bot.escalations import Reason
from bot.messages import Button, Incoming
from bot.scripts.machine import NEXT, trigger_name
from bot.scripts.vocabulary import ENGINE_INTENTS
from bot.store import agreements, circumstances, conversations
from bot.store.models import Account, Conversation, Identity
from bot.understanding.choices import by_number
from bot.understanding.normalize import fold
from bot.understanding.superlatives import superlative

# Guardrail intents honoured while an agent has the conversation.
AGENT_MODE_INTENTS = {"stop", "distress"}
MAX_HOPS = 20
# The offer an agent proposed that the debtor is asked to confirm (in agent mode).
AGENT_PLAN: Final = "agent_offer_id"


def pick_locale(engine: EngineParts, account: Account | None, hint: str | None) -> str:
    """Account locale, else the platform's hint, else the default."""
    from bot.i18n import normalize_locale

    settings = engine.settings.dialog
    enabled = settings.enabled_locales
    for candidate in (account.locale if account is not None else None, hint):
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


def understand(turn: TurnContext, incoming: Incoming) -> Said:
    """Turn the message (or button payload, or command) into a :class:`Said`."""
    payload = incoming.payload
    if incoming.command is not None:
        return _command(incoming.command, incoming.command_arg)
    if payload:
        if payload.startswith(CHOOSE_PREFIX) and payload[len(CHOOSE_PREFIX) :].isdigit():
            return Said("choose", text=payload, choice=int(payload[len(CHOOSE_PREFIX) :]))
        if payload in (YES_PAYLOAD, NO_PAYLOAD):
            return Said(payload, text=payload)
        if payload.startswith(LANG_PREFIX):
            return Said("language", text=payload, language=locale_of_payload(payload))
        collection_intent = aftercare.payload_intent(payload)
        if collection_intent is not None:
            return Said(collection_intent, text=payload)
    text = incoming.text or payload or ""
    if not text.strip():
        return Said("unknown", text=text)
    buttons = current_buttons(turn)
    labels = [b.label for b in buttons]
    typed = _typed_label(text, labels)
    if typed is not None:  # a button's own words, typed or pasted: the button
        return understand(turn, replace(incoming, payload=buttons[typed].payload, text=""))
    tz = turn.account.timezone if turn.account is not None else "UTC"
    u = turn.engine.understander.understand(
        text, locale=turn.locale, timezone=tz, now=turn.now, choices=labels
    )
    intent = u.intent
    plain = intent in ("unknown", "choose") or (
        intent in ("instalments", "counter_offer") and not (u.amounts or u.dates or u.count)
    )
    picked = _earlier_offer(turn, text, labels) if plain else None
    if picked is None and plain and u.choice is None:
        picked = _most(turn, u.folded)
    if picked is not None:
        intent, u = "choose", replace(u, choice=picked)
    elif u.choice is not None and intent in ("unknown", "choose") and labels:
        intent = "choose"
        if 1 <= u.choice <= len(buttons) and buttons[u.choice - 1].payload in (
            YES_PAYLOAD,
            NO_PAYLOAD,
        ):
            # "yes please, record it" names the yes button: it is a yes, not a plan choice
            intent = buttons[u.choice - 1].payload
    if intent == "choose" and u.count is not None and not text.strip().isdigit():
        intent = "instalments"  # "3 months instead" is a counter-offer, not a button
    return Said(
        intent,
        text=text,
        confidence=float(u.confidence),
        triggers=tuple(u.triggers),
        choice=u.choice,
        amounts=tuple(u.amounts),
        dates=tuple(u.dates),
        count=u.count,
        frequency=u.frequency,
        language=u.language,
        proposal=u.proposal,
        circumstances=u.circumstances,
        folded=u.folded,
        past_date="past_date" in u.ambiguous,
    )


_NOT_WORD = re.compile(r"[\W_]+")


def _label_key(text: str) -> str:
    return _NOT_WORD.sub("", fold(text).text)


# Button labels are the bot's own words and recur from turn to turn: fold each once.
# (The debtor's text is folded afresh: it is not kept in memory.)
_button_key = functools.lru_cache(maxsize=4096)(_label_key)


def _typed_label(text: str, labels: list[str]) -> int | None:
    """The index of the button whose label ``text`` repeats (punctuation and case aside)."""
    key = _label_key(text)
    if not key:
        return None
    found = [i for i, label in enumerate(labels) if _button_key(label) == key]
    return found[0] if len(found) == 1 else None


def _earlier_offer(turn: TurnContext, text: str, labels: list[str]) -> int | None:
    """The plan picked by its number while yes/no is asked ("我要第三个方案", "option 2").

    At the confirmation the buttons are yes and no, but the plans offered just before
    are still the debtor's to choose from; a bare digit stays an answer to the buttons.
    """
    if turn.state.choices != "yes_no" or text.strip().isdigit():
        return None
    plans = offered_plans(turn)
    if len(plans) < 2:
        return None
    hit = by_number(fold(text).text, [turn.plan_label(p) for p in plans])
    if hit is None or hit.choice is None or hit.end - hit.start < 2:
        return None
    return hit.choice


def _most(turn: TurnContext, folded: str) -> int | None:
    """The plan picked by what sets it apart ("the smallest payments", "最便宜的")."""
    want = superlative(folded)
    plans = offered_plans(turn) if want is not None and turn.verified else []
    if len(plans) < 2:
        return None
    key: list[tuple[Any, ...]]
    if want == "smallest_payments":
        key = [(-p.count, max(i.amount for i in p.instalments)) for p in plans]
    elif want == "cheapest":
        key = [(p.total, p.count) for p in plans]
    else:
        key = [(p.last_date, p.total) for p in plans]
    best = min(key)
    return key.index(best) + 1 if key.count(best) == 1 else None


# Platform commands and the intent each stands for.
_COMMAND_INTENTS = {"stop": "stop", "unsubscribe": "stop", "help": "help", "agent": "human"}


def _command(command: str, arg: str | None) -> Said:
    """A platform command. Its argument is never understood as words: a deep-link
    token is random and can spell anything; only ``/language`` reads its argument,
    as a language name or code."""
    name = f"/{command}"
    if command == "language":
        if not arg:
            return Said("language_menu", text=name, triggers=(name,))
        return Said("language", text=name, triggers=(name,), language=locale_named(arg))
    return Said(_COMMAND_INTENTS.get(command, "unknown"), text=name, triggers=(name,))


def handle_message(turn: TurnContext, incoming: Incoming, *, fresh: bool) -> None:
    """Handle one debtor message on a locked conversation."""
    conv = turn.conv
    if incoming.command == "start" and incoming.command_arg:
        _redeem(turn, incoming.command_arg)
    said = understand(turn, incoming)
    turn.said = said
    turn.log(
        "understood",
        {"intent": said.intent, "confidence": said.confidence, "triggers": list(said.triggers)},
    )
    if said.intent == "stop" and guardrails.opted_out(turn):
        # Confirmed once per session: a STOP repeated at once sends nothing more; one
        # sent in a later session is told, once, that the opt-out is still in force.
        turn.log("opt_out_repeated", {})
        if guardrails.quiet_since_last_reply(turn):
            turn.say("opt_out_already")
        conv.mode = "closed"
        return
    if turn.data.get("opted_out") or fresh:
        guardrails.opt_back_in(turn)
        turn.data.pop("opted_out", None)
    typed = "" if incoming.command or incoming.payload else said.text
    if said.circumstances:
        remember_circumstances(turn, said.circumstances)
    if conv.mode == "agent":
        if said.intent in AGENT_MODE_INTENTS:
            guardrails.handle(turn, said.intent, command=incoming.command is not None)
        elif not guardrails.data_request(turn, typed):
            _answer_agent_plan(turn, said)
            if conv.mode == "agent":
                waiting.with_agent(turn, said, _STEPS)
        return
    if said.intent not in AGENT_MODE_INTENTS and guardrails.data_request(turn, typed):
        return
    topic = faq.topic_for(turn, said, incoming)
    if topic is not None:
        faq.answer(turn, topic, fresh=fresh, start=start, again=ask_again)
        return
    if said.intent == "think" and not fresh and thinking.keep_offers(turn):
        return
    if said.intent == "menu" and not fresh:
        ask(turn)  # the question with its whole menu, on request
        return
    if said.intent in ENGINE_INTENTS - {"help", "language", "menu", "think"}:
        guardrails.handle(turn, said.intent, command=incoming.command is not None)
        return
    if said.intent in ("language", "language_menu"):
        switched = said.intent == "language" and _switch_language(turn, said.language)
        if fresh:
            start(turn)
        elif switched:
            ask(turn)  # the question they were answering, now in their language
        if not switched:
            turn.say("choose_language", buttons=language_buttons(_enabled(turn)))
        return
    if aftercare.handle(turn, said, fresh=fresh, start=start, ask=ask_again):
        return
    if fresh:
        start(turn)
        return
    if said.intent == "help":
        turn.say("help")
        ask_again(turn)
        return
    if said.intent == "greeting" and "greeting" not in turn.state.on:
        _greeting(turn)
        return
    _scripted(turn, said)


def remember_circumstances(turn: TurnContext, kinds: tuple[str, ...]) -> None:
    """Record the hardship or vulnerability a verified debtor states on their account.

    Before verification the writer may not be the debtor, so nothing is recorded.
    """
    if not turn.verified or turn.account is None:
        return
    new = circumstances.record(
        turn.session,
        account_id=turn.account.id,
        conversation_id=turn.conv.id,
        kinds=kinds,
        channel=turn.conv.platform,
        now=turn.now,
    )
    if new:
        turn.log("circumstances", {"kinds": new})


def scripted(turn: TurnContext, said: Said) -> None:
    """Follow the current state's scripted rule for ``said``."""
    _scripted(turn, said)


def _scripted(turn: TurnContext, said: Said) -> None:
    state = turn.state
    intent = said.intent
    if "answer" in state.on and intent not in state.on:
        intent = "answer"
    rule = state.on.get(intent)
    if rule is None:
        _not_understood(turn)
        return
    turn.data["not_understood"] = 0
    if rule.action == "record_agreement" and aftercare.confirm_again(turn, ask):
        return
    outcome: str | None = "next"
    if rule.action is not None:
        outcome = ACTIONS[rule.action](turn)
        turn.log("action", {"name": rule.action, "outcome": outcome})
    if turn.conv.mode != "bot":
        return
    if rule.action == "verify_identity" and outcome == "ok" and guardrails.collection_paused(turn):
        return
    if rule.action == "verify_identity" and outcome == "ok":
        faq.answer_pending(turn)
    if (
        rule.action == "verify_identity"
        and outcome == "ok"
        and aftercare.after_verified(turn, enter)
    ):
        return
    if outcome is None:
        ask(turn)
        return
    if outcome == "retry":
        return
    trigger = trigger_name(intent, outcome)
    machine = turn.compiled.machine
    if not machine.can(state.name, trigger):
        trigger = trigger_name(intent, "next")
    dest = machine.fire(state.name, trigger, turn)
    if dest == state.name and not machine.can(state.name, trigger):
        _not_understood(turn)
        return
    enter(turn, dest, trigger=trigger)


def enter(turn: TurnContext, name: str, *, trigger: str) -> None:
    """Move to state ``name``; send its prompts, run its action, follow ``next``."""
    machine = turn.compiled.machine
    origin, hopped = turn.conv.state, False
    for _ in range(MAX_HOPS):
        if turn.conv.state != name:
            turn.log("transition", {"from": turn.conv.state, "to": name, "trigger": trigger})
        turn.conv.state = name
        state = turn.script.states[name]
        for key in state.say:
            turn.say(key)
        if state.enter is not None:
            outcome = ACTIONS[state.enter](turn)
            turn.log("action", {"name": state.enter, "outcome": outcome})
        if turn.conv.mode != "bot":
            return
        if state.next is not None and not state.on:
            trigger = NEXT
            name = machine.fire(name, NEXT, turn)
            hopped = True
            continue
        if hopped and name == origin:
            # Back at the question the debtor was answering ("ok, thanks" → "your plan
            # stays as it is" → the plan): it is still open, so only its short prompt.
            if state.again is not None:
                turn.say(state.again)
        elif state.ask is not None:
            ask(turn)
        return


def start(turn: TurnContext) -> None:
    """Begin the script at its initial state."""
    turn.data.pop("verify_step", None)
    enter(turn, turn.script.initial, trigger="start")


def current_buttons(turn: TurnContext) -> tuple[Button, ...]:
    """The choices the current state offers."""
    choices = turn.state.choices
    if choices == "offers":
        if not turn.verified:
            return ()
        return tuple(
            Button(turn.plan_label(p), f"{CHOOSE_PREFIX}{i}")
            for i, p in enumerate(offered_plans(turn), start=1)
        )
    if choices == "yes_no":
        return (
            Button(turn.text("yes_label"), YES_PAYLOAD),
            Button(turn.text("no_label"), NO_PAYLOAD),
        )
    if choices == "plan":
        return aftercare.plan_buttons(turn)
    return ()


def ask(turn: TurnContext) -> None:
    """(Re-)ask the current state's question, with its choices."""
    state = turn.state
    if state.ask is None:
        return
    key = state.ask
    rule = state.on.get("answer")
    if rule is not None and rule.action == "verify_identity":
        key = identity.question(turn)
    turn.say(key, buttons=current_buttons(turn))
    offer_id = turn.data.get("pending_offer_id")
    if state.choices == "yes_no" and offer_id is not None:
        # The whole plan is on screen now: a yes that follows needs no recap.
        turn.data["recapped"] = [offer_id, turn.now.isoformat()]


def ask_again(turn: TurnContext) -> None:
    """Come back to the current question without its whole menu: the state's short
    ``again`` prompt (the choices stay where they were shown), else the question."""
    again = turn.state.again
    if again is None or turn.state.ask is None:
        ask(turn)
        return
    turn.say(again)


def debtor_quiet(turn: TurnContext) -> bool:
    """True when the debtor has not written for a while (a message now is bot-initiated)."""
    last = turn.conv.last_inbound_at
    pause = timedelta(minutes=turn.engine.settings.dialog.resume_after_minutes)
    return last is None or turn.now - last > pause


def confirm_state(turn: TurnContext) -> str:
    """The state that asks to confirm a plan (its ``yes`` records the agreement)."""
    for name, st in turn.script.states.items():
        rule = st.on.get("yes")
        if rule is not None and rule.action == "record_agreement":
            return name
    raise LookupError("the dialog script has no state that records an agreement")


def ask_to_confirm(turn: TurnContext, offer_id: int, plan_json: dict[str, Any]) -> None:
    """Show an agent's plan for the debtor to confirm; the chat stays with the agent.

    The conversation waits in the confirm state; the debtor's yes or no is
    handled by the engine even though an agent has the chat.
    """
    turn.data["offers"] = []
    turn.data["pending_offer_id"] = offer_id
    turn.data["pending_plan"] = plan_json
    turn.data[AGENT_PLAN] = offer_id
    name = confirm_state(turn)
    if turn.conv.state != name:
        turn.log("transition", {"from": turn.conv.state, "to": name, "trigger": "propose_plan"})
    turn.conv.state = name
    for key in turn.state.say:
        turn.say(key)
    ask(turn)


def _answer_agent_plan(turn: TurnContext, said: Said) -> None:
    """Yes records the agent's plan (the escalation is resolved by it); no declines it
    and the agent follows up. Anything else is for the agent."""
    offer_id = turn.data.get(AGENT_PLAN)
    if said.intent not in ("yes", "no") or offer_id is None:
        return
    if offer_id != turn.data.get("pending_offer_id") or turn.conv.state != confirm_state(turn):
        return
    turn.data.pop(AGENT_PLAN)
    if said.intent == "yes":
        turn.conv.mode = "bot"
        _scripted(turn, said)  # records the agreement (once per offer) and sends the summary
        if turn.data.get("agreement_id") is not None:
            guardrails.close_escalations(turn, "agreement recorded")
        return
    turn.data.pop("pending_offer_id", None)
    turn.data.pop("pending_plan", None)
    agreements.decline_offer(turn.conn, int(offer_id))
    turn.log("plan_declined", {"offer_id": offer_id})
    turn.say("agent_plan_declined")


def _not_understood(turn: TurnContext) -> None:
    count = int(turn.data.get("not_understood", 0)) + 1
    turn.data["not_understood"] = count
    limit = turn.engine.settings.dialog.max_not_understood
    if count >= limit:
        turn.data["not_understood"] = 0
        turn.say("not_understood")
        guardrails.escalate(turn, Reason.NOT_UNDERSTOOD)
        return
    turn.say("not_understood")
    if turn.state.rephrase:
        turn.say(turn.state.rephrase)
    ask_again(turn)


def _greeting(turn: TurnContext) -> None:
    last = turn.conv.last_inbound_at
    pause = timedelta(minutes=turn.engine.settings.dialog.resume_after_minutes)
    if last is not None and turn.now - last > pause:
        turn.say(turn.state.resume or "welcome_back")
        turn.log("resumed", {"state": turn.conv.state})
        ask(turn)  # after a pause: the whole question again
        return
    ask_again(turn)


def _enabled(turn: TurnContext) -> list[str]:
    return list(turn.engine.settings.dialog.enabled_locales)


def _switch_language(turn: TurnContext, language: str | None) -> bool:
    """Speak ``language`` from now on; False when it is not one the bot speaks."""
    from bot.i18n import normalize_locale

    loc = normalize_locale(language) if language else None
    if loc is None or loc not in _enabled(turn):
        return False
    turn.conv.locale = loc
    turn.log("language", {"locale": loc})
    turn.say("language_switched")
    return True


def _redeem(turn: TurnContext, token: str) -> None:
    engine = turn.engine
    try:
        account_id: int = links.redeem_link(
            turn.session,
            token,
            channel=turn.conv.platform,
            secret=engine.settings.security.link_secret.reveal() or engine.keys.link_secret,
            now=turn.now,
        )
    except links.LinkError as exc:
        turn.log("link_rejected", {"reason": str(getattr(exc, "reason", exc))})
        return
    turn.conv.account_id = account_id
    turn.account = turn.session.get(Account, account_id)
    turn.log("link_redeemed", {"account_id": account_id})
    identity.bind_identity(turn, account_id, verified=False)


def _enter_again(turn: TurnContext, name: str) -> None:
    enter(turn, name, trigger="back_to_bot")


_STEPS = waiting.FlowSteps(enter=_enter_again, ask=ask, scripted=_scripted)
