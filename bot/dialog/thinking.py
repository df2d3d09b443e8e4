""" "Let me think": the offers on the table are kept, and the debtor is told until when.

The conversation stays where it is; when the debtor writes again ("option 2",
"ok, the 6 months") the same offers are there to choose from. An offer past its
validity is re-quoted from that day's balance when it is confirmed
(:func:`bot.dialog.aftercare.confirm_again`), so the date said here is the one
that check uses: ``collection.offer_valid_hours`` after the offer was made, and
no later than the day before a plan's first payment would be in the past or its
pay-in-full discount window ends. Said in the debtor's time zone and locale.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from babel.dates import format_datetime
from sqlalchemy import func, select

from bot.dialog.hours import city_of
from bot.dialog.offering import offered_plans, policy_of
from bot.dialog.turn import TurnContext, _zone
from bot.negotiation.schedule import Plan
from bot.store.models import Offer

# Thanks and goodbye, nothing else ("thanks. bye", 谢谢啊 拜拜): leaving for now, like "let me
# think" (folded text).
_GOODBYE = re.compile(
    r"^\W*(?:(?:thanks?|thank\s+you|thx|ty|cheers)\W*)?(?:bye(?:\s*bye)?|goodbye|cya|see\s+(?:ya|you)"
    r"|talk\s+(?:later|soon|tomorrow)|ttyl)\W*$"
    r"|^\W*(?:谢谢|谢了|多谢)?(?:啊|你|您)?\W*(?:拜拜|再见|掰掰|886|88)(?:啦|了|喔|哦)?\W*$"
)


def says_goodbye(folded: str) -> bool:
    """Whether folded ``folded`` is thanks and goodbye and nothing else."""
    return _GOODBYE.search(folded) is not None


def keep_offers(turn: TurnContext) -> bool:
    """Say how long the offers are kept (or just "take your time").

    Returns:
        False when the script has neither prompt (an older version): the
        message is then handled as before.
    """
    prompts = turn.script.prompts
    if "take_your_time" not in prompts and "think_it_over" not in prompts:
        return False
    # Only while offers are on the table (choosing one, or confirming the one chosen).
    deciding = turn.state.choices in ("offers", "yes_no")
    until = valid_until(turn) if turn.verified and deciding else None
    if until is None or "think_it_over" not in prompts:
        turn.log("thinking", {"offers_kept": False})
        turn.say("take_your_time")
        return True
    tz = turn.account.timezone if turn.account is not None else "UTC"
    local = until.astimezone(_zone(tz))
    clock = "h:mm a" if turn.locale == "en" else "HH:mm"
    turn.log("thinking", {"offers_kept": True, "until": until.isoformat()})
    turn.say(
        "think_it_over",
        valid_date=turn.day(local.date()),
        valid_time=format_datetime(local, clock, locale=turn.locale),
        city=city_of(tz, turn.locale),
    )
    return True


def valid_until(turn: TurnContext) -> datetime | None:
    """Until when the plans on the table can be confirmed as they are (None: none are)."""
    plans: list[Plan] = offered_plans(turn)
    ids = [int(i) for i, _ in turn.data.get("offers", [])]
    pending = turn.pending_plan()
    if pending is not None and turn.data.get("pending_offer_id") is not None:
        plans, ids = [pending], [int(turn.data["pending_offer_id"])]
    if not plans or turn.account is None:
        return None
    made = turn.session.scalar(select(func.min(Offer.created_at)).where(Offer.id.in_(ids)))
    if made is None:
        return None
    if made.tzinfo is None:  # SQLite hands back naive UTC
        made = made.replace(tzinfo=turn.now.tzinfo)
    until = made + timedelta(hours=turn.engine.settings.collection.offer_valid_hours)
    zone = _zone(turn.account.timezone)
    made_day = made.astimezone(turn.now.tzinfo).date()  # as confirm_again counts it
    for plan in plans:
        # A plan whose first payment is past (or discount window over) is re-quoted.
        ends = [plan.first_date]
        if plan.discount > 0:
            ends.append(made_day + timedelta(days=policy_of(turn).pay_in_full_within_days))
        for day in ends:
            midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
            until = min(until, midnight - timedelta(minutes=1))
    return until if until > turn.now else None
