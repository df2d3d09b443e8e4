"""What a debtor says beside the question they were asked, answered without moving the
conversation on: venting in rude words (calm words), a plan waiting for a yes asked about
(in short), someone else not to be contacted (only the debtor is spoken to), and a question
from someone who said they are not the debtor (answered, nothing more).
"""

from __future__ import annotations

import re

from bot.dialog import faq, guardrails, waiting
from bot.dialog.faq import Step
from bot.dialog.reading import current_buttons
from bot.dialog.turn import Said, TurnContext
from bot.escalations import Reason
from bot.messages import Incoming
from bot.scripts.vocabulary import HIGH
from bot.understanding import contact_wishes, frustration, plan_questions, third_parties

# The faq topic that says we deal only with the debtor (an opt-out about others answers it).
THIRD_PARTIES = "third_parties"
# Intents a question asked of us, or thanks, may come with ("what is this about?" reads
# as a balance question, "ok thanks" as a yes).
SCRIPT_QUESTIONS = frozenset({"unknown", "balance_question", "greeting", "help", "yes", "no"})
# Said to frustration in rude words before and after verification (optional: else as
# before).
CALM_BEFORE_VERIFIED = "calm_before_verified"
CALM_FRUSTRATED = "calm_frustrated"
# A plan waiting for a yes, asked about: in short (optional: else the whole plan again).
PLAN_IN_SHORT = "plan_in_short"


# A sum offered by one who says times are hard ("i lost my job, can i pay 300 a month",
# 失业了 每月只能还两百): a verb of paying right before it (folded text).
_OFFERED = re.compile(
    r"\b(?:pay|do|afford|manage|send|give)\s+(?:you\s+)?(?:about\s+|around\s+|like\s+|only\s+|maybe\s+)?"
    r"[$¥]?\d|\b(?:lower|reduce|drop|bring)\b[^.?!]{0,30}\bto\s+[$¥]?\d"
    r"|(?:还|付|缴|给)(?:你们)?(?:个)?\s*[$¥]?[\d一二两三四五六七八九十百千万]"
)
# Said before an offer weighed on hardship terms (optional: else nothing).
HARD_TIMES_OFFER = "hardship_offer_heard"


def hard_times_offer(turn: TurnContext, said: Said) -> bool:
    """Hard times told with a monthly sum offered ("i lost my job, can i pay 300 a month",
    每月只能还两百): read as that offer, weighed on the hardship terms (the smaller plans
    listed instead ignored the sum asked about). False leaves the hardship reading."""
    if said.intent != "hardship" or not turn.verified or not said.amounts or not said.frequency:
        return False
    if "counter_offer" not in turn.state.on or not _OFFERED.search(said.folded or said.text):
        return False
    turn.log("hard_times_offer", {"circumstances": list(said.circumstances)})
    said.intent = "counter_offer"
    turn.data["hardship"] = True
    if HARD_TIMES_OFFER in turn.script.prompts:
        turn.say(HARD_TIMES_OFFER)
    return True


# A wish about the channel or the hours, passed to a colleague (optional: else as before).
CONTACT_WISH = "contact_wish_passed"
# Readings a contact wish may come with (it has no intent of its own).
_WISH_READINGS = frozenset({"unknown", "human", "help", "yes", "no", "greeting"})


def contact_wish(turn: TurnContext, said: Said) -> bool:
    """ "Only contact me by email from now on", "evenings are fine", 有事发邮件: the bot cannot
    change one debtor's channel or hours, so a colleague is asked and the debtor told so;
    nothing else changes (no opt-out: an agreed plan's reminders go on)."""
    if said.intent not in _WISH_READINGS or CONTACT_WISH not in turn.script.prompts:
        return False
    if not contact_wishes.contact_wish(said.folded or said.text):
        return False
    turn.log("contact_wish", {"intent": said.intent})
    turn.say(CONTACT_WISH, agent_eta=guardrails.agent_eta(turn))
    if turn.conv.mode != "agent":
        guardrails.escalate(turn, Reason.HUMAN_REQUESTED, notice=False)
    return True


# Someone else was contacted or found out, reported (optional: else as before).
OTHERS_TOLD = "others_told_reported"


def others_told(turn: TurnContext, said: Said) -> bool:
    """ "My boss picked up and now everyone knows", 同事全都知道了: the debtor is told it should
    not have happened and a colleague looks into it (a ``others_told`` case). True when that
    is all there is to answer; an opt-out about the debtor too ("stop contacting me, my mom
    found out") is then still taken, as False lets the flow go on."""
    if not turn.verified or OTHERS_TOLD not in turn.script.prompts:
        return False
    if not third_parties.others_told(said.folded or said.text):
        return False
    turn.log("others_told", {"intent": said.intent})
    turn.say(OTHERS_TOLD, agent_eta=guardrails.agent_eta(turn))
    guardrails.escalate(turn, Reason.OTHERS_TOLD, HIGH, notice=False)
    waiting.mark_acknowledged(turn)
    return not (said.intent == "stop" and third_parties.stops_me(said.folded or said.text))


def others_only(turn: TurnContext, said: Said, *, fresh: bool, start: Step, again: Step) -> bool:
    """An opt-out about someone else only ("stop calling my mom", 别给我家里人打电话): answered
    with how we deal only with the debtor (the third_parties faq), and the debtor's own chat
    goes on; "stop calling me and my family" is an opt-out as usual."""
    topic = faq.named(turn, THIRD_PARTIES)
    if topic is None or not third_parties.about_others_only(said.folded):
        return False
    turn.log("third_parties", {"intent": said.intent})
    if turn.conv.mode == "agent":
        turn.say(topic.answer)  # a colleague has the chat: the answer only
        return True
    faq.answer(turn, topic, fresh=fresh, start=start, again=again)
    return True


def beside_others(turn: TurnContext, said: Said) -> str | None:
    """The words beside a request about someone else when they offer something ("in
    hospital with cancer treatment, can only do 120 a month. please dont call my work"):
    the request is answered (:func:`tell_only_the_debtor`) and the rest read as a message
    of its own. None when the request is all there is to answer."""
    if turn.conv.mode == "agent" or not turn.verified or not said.amounts:
        return None
    if faq.named(turn, THIRD_PARTIES) is None:
        return None
    return third_parties.without(said.folded)


def tell_only_the_debtor(turn: TurnContext) -> None:
    """How we deal only with the debtor (the third_parties answer), nothing more."""
    topic = faq.named(turn, THIRD_PARTIES)
    if topic is not None:
        turn.log("third_parties", {"beside": True})
        turn.say(topic.answer)


def answered_not_the_debtor(turn: TurnContext, said: Said, incoming: Incoming) -> bool:
    """Someone who said they are not the debtor writes again with a question ("is this a
    scam?", "who are you?"): it is answered, and nothing more; they are not asked who they
    are, and no message is sent to them unasked. Anything else starts over as usual."""
    if said.intent not in SCRIPT_QUESTIONS:
        return False
    if not guardrails.told_wrong_person(turn):
        return False
    topic = faq.topic_for(turn, said, incoming) or faq.thanks(turn, said)
    if topic is None:
        return False
    turn.log("not_the_debtor_asked", {"topic": topic.name})
    faq.answer(turn, topic, fresh=True, start=_nothing, again=_nothing)
    turn.conv.mode = guardrails.CLOSED
    return True


def _nothing(turn: TurnContext) -> None:
    pass


def calm(turn: TurnContext, said: Said) -> str | None:
    """The calm words for a message that is frustration in rude words, read as nothing else
    (no opt-out of its own, no insult or threat aimed at staff); None for any other."""
    prompt = CALM_FRUSTRATED if turn.verified else CALM_BEFORE_VERIFIED
    if prompt not in turn.script.prompts:
        return None
    folded = said.folded
    if not folded or not frustration.frustrated(folded):
        return None
    if said.intent == "stop":  # the classifier's guess (你们烦不烦啊), no opt-out words
        calmed = said.confidence < 0.9 and not frustration.opts_out(folded)
    elif said.intent == "abuse":  # only words of frustration ("他妈的烦死了"), at nobody
        rude = [m.group(0) for m in frustration.FRUSTRATION.finditer(folded)]
        calmed = all(any(t in r or r in t for r in rude) for t in said.triggers if t)
    else:
        calmed = said.intent == "unknown"
    return prompt if calmed else None


def plan_in_short(turn: TurnContext, *, ask: Step) -> None:
    """The plan waiting for a yes in short (how many payments, the first and the last), then
    the yes-or-no question; the whole plan again if the script has no short form."""
    plan = turn.pending_plan()
    if plan is None or PLAN_IN_SHORT not in turn.script.prompts or turn.state.again is None:
        ask(turn)
        return
    first, last = plan.instalments[0], plan.instalments[-1]
    turn.say(
        PLAN_IN_SHORT,
        count=len(plan.instalments),
        first_amount=turn.money(first.amount),
        first_date=turn.day(first.due_date),
        last_amount=turn.money(last.amount),
        last_date=turn.day(last.due_date),
        total_due=turn.money(plan.total),
    )
    turn.say(turn.state.again, buttons=current_buttons(turn))


def plan_asked_about(turn: TurnContext, said: Said) -> bool:
    """Whether a plan waits for a yes and the message asks about its payments (how many,
    when the first or the last, how much each, how long), naming no amount or count."""
    if turn.state.choices != "yes_no" or turn.data.get("pending_offer_id") is None:
        return False
    if said.intent not in ("unknown", "balance_question", "instalments"):
        return False
    if said.amounts or said.count or said.dates or said.choice is not None:
        return False
    return plan_questions.asks_about_the_plan(said.folded)
