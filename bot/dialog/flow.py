"""How one message moves a conversation: guardrails first, then the script.

The order in :func:`handle_message`: agent mode (store only, except stop and
distress), guardrail intents, greeting/resume, the state's scripted rule,
else "not understood". :func:`enter` sends a state's prompts, runs its action
and follows ``next`` until a state waits for the debtor.

What a message says is read in :mod:`bot.dialog.reading`; a conversation is opened,
closed and its messages stored by :mod:`bot.dialog.sessions` (the engine reaches
those through this module); an agent's plan is confirmed in :mod:`bot.dialog.agent_plan`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from bot import links
from bot.dialog import (
    aftercare,
    agent_plan,
    asides,
    faq,
    faq_beside,
    guardrails,
    identity,
    moving,
    thinking,
    waiting,
)
from bot.dialog.actions import ACTIONS
from bot.dialog.agent_plan import AGENT_PLAN as AGENT_PLAN
from bot.dialog.languages import language_buttons
from bot.dialog.reading import current_buttons, understand

# The engine opens, closes and stores through these (bot.dialog.sessions).
from bot.dialog.sessions import bind_known_identity as bind_known_identity
from bot.dialog.sessions import close as close
from bot.dialog.sessions import debtor_quiet as debtor_quiet
from bot.dialog.sessions import is_over as is_over
from bot.dialog.sessions import pick_locale as pick_locale
from bot.dialog.sessions import store_inbound as store_inbound
from bot.dialog.turn import Said, TurnContext
from bot.escalations import Reason
from bot.messages import Incoming
from bot.scripts.machine import NEXT, trigger_name
from bot.scripts.vocabulary import ENGINE_INTENTS
from bot.store import circumstances
from bot.store.models import Account

# Guardrail intents honoured while an agent has the conversation.
AGENT_MODE_INTENTS = {"stop", "distress"}
MAX_HOPS = 20
# The date of birth sent again once verified (optional: else read as before).
DOB_AGAIN = "verify_dob_again"


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
    if conv.mode != "agent" and asides.others_told(turn, said):
        return  # "my boss picked up, now everyone knows": a colleague looks into it
    rest = asides.beside_others(turn, said) if said.intent == "stop" else None
    if rest is not None:
        # "can only do 120 a month. please dont call my work": both answered
        asides.tell_only_the_debtor(turn)
        said = turn.said = understand(turn, replace(incoming, text=rest))
        turn.log("understood", {"intent": said.intent, "beside_others": True})
    elif said.intent == "stop" and asides.others_only(
        turn, said, fresh=fresh, start=start, again=ask_again
    ):
        return
    if said.intent == "stop" and guardrails.opted_out(turn):
        # Confirmed once per session: a STOP repeated at once sends nothing more; one
        # sent in a later session is told, once, that the opt-out is still in force.
        turn.log("opt_out_repeated", {})
        if guardrails.quiet_since_last_reply(turn):
            turn.say("opt_out_already")
        conv.mode = "closed"
        return
    if fresh and asides.answered_not_the_debtor(turn, said, incoming):
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
            agent_plan.answer_agent_plan(turn, said, scripted=_scripted)
            if conv.mode == "agent":
                waiting.with_agent(turn, said, _STEPS)
        return
    if said.intent not in AGENT_MODE_INTENTS and guardrails.data_request(turn, typed):
        return
    calm = asides.calm(turn, said)
    if calm is not None:
        # "this is bullshit", 你们烦不烦啊: calm words and the question again (after the check,
        # how to stop the messages, should they want that).
        turn.log("frustration", {"intent": said.intent})
        turn.say(calm)
        if fresh:
            start(turn)
        else:
            ask_again(turn)
        return
    if not fresh and identity.repeats_id(turn, said):
        # The ID's last four sent after a check that asked only the date of birth.
        turn.log("id_repeated", {})
        turn.say("verify_not_needed")
        ask_again(turn)
        return
    if not fresh and DOB_AGAIN in turn.script.prompts and identity.repeats_dob(turn, said):
        turn.log("dob_repeated", {})
        turn.say(DOB_AGAIN)
        ask_again(turn)
        return
    if asides.contact_wish(turn, said):
        return  # "only contact me by email": a colleague asked, the debtor told
    if not fresh and moving.handle(turn, said, ask=ask_again):
        return  # one payment of the plan moved, the day asked for, or a colleague asked
    question = None if fresh else faq_beside.beside(turn, said)
    if question is not None:
        # "can I pay 300 a month and will this hurt my credit?", "yes, and will you report
        # me?": the question answered first, then the message's own reading as usual.
        faq_beside.answer_beside(turn, question)
    topic = None if question is not None else faq.topic_for(turn, said, incoming)
    if topic is not None:
        faq.answer(turn, topic, fresh=fresh, start=start, again=ask_again)
        return
    if (
        (
            said.intent == "think"
            or (said.intent == "unknown" and thinking.says_goodbye(said.folded))
        )
        and not fresh
        and thinking.keep_offers(turn)
    ):
        # "let me think", "thanks. bye" (谢谢啊 拜拜): the offers are kept, until when said
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
    asides.hard_times_offer(turn, said)  # "i lost my job, can i pay 300 a month"
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
    if asides.plan_asked_about(turn, said):
        # "how many payments is that?", 最后一期是哪天: the plan waiting for a yes answers it.
        turn.log("plan_asked", {"intent": said.intent})
        asides.plan_in_short(turn, ask=ask)
        return
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


def ask_to_confirm(turn: TurnContext, offer_id: int, plan_json: dict[str, Any]) -> None:
    """Show an agent's plan for the debtor to confirm (:mod:`bot.dialog.agent_plan`)."""
    agent_plan.ask_to_confirm(turn, offer_id, plan_json, ask=ask)


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
    turn.say("hello_again")  # a hello answered with a hello, then the question at hand
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
