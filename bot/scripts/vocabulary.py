"""The fixed names a dialog script may use: intents, actions, guards, placeholders.

The engine provides these; a script can only name them. Intents in
:data:`ENGINE_INTENTS` are handled by the engine in every state (guardrails), so
a script cannot route or remove them, only reword their prompts.
"""

from __future__ import annotations

from bot.escalations import Priority

# Intents a script may route (``answer`` is any text in a state that waits for
# free input, such as a date of birth).
SCRIPT_INTENTS = frozenset(
    {
        "answer",
        "yes",
        "no",
        "choose",
        "pay_in_full",
        "instalments",
        "counter_offer",
        "hardship",
        "balance_question",
        "greeting",
        "unknown",
        "change_plan",
        "pause",
    }
)

# Recognised in every state by the engine.
ENGINE_INTENTS = frozenset(
    {
        "human",
        "stop",
        "dispute",
        "already_paid",
        "distress",
        "wrong_person",
        "help",
        "language",
        "abuse",
        # The menu again on request; "let me think" (the offers are kept).
        "menu",
        "think",
    }
)

# Action name -> the outcomes it can end with.
ACTION_OUTCOMES: dict[str, tuple[str, ...]] = {
    "verify_identity": ("ok", "fail", "locked"),
    "quote_balance": ("next",),
    "make_offers": ("next",),
    "make_hardship_offers": ("next",),
    "offer_pause": ("next",),
    "accept_offer": ("ok", "fail"),
    "accept_counter": ("ok",),
    "evaluate_counter": ("ok", "counter", "exhausted"),
    "record_agreement": ("next",),
    "escalate": ("next",),
    "change_plan": ("next",),
    "plan_status": ("next",),
}

# Actions that reveal something about the debt (only allowed after verification).
DEBT_ACTIONS = frozenset(
    {
        "quote_balance",
        "make_offers",
        "make_hardship_offers",
        "offer_pause",
        "accept_offer",
        "accept_counter",
        "evaluate_counter",
        "plan_status",
    }
)

OUTCOME_KEYS = ("ok", "fail", "locked", "counter", "exhausted")

GUARDS = frozenset({"verified", "has_offers", "has_pending_plan", "rounds_left"})

CHOICE_SOURCES = frozenset({"offers", "yes_no", "plan"})
# States the engine enters by name right after verification, when the script has them:
# a debtor with an active plan ("plan"), an account with nothing left to pay ("done").
ENGINE_STATES = ("plan", "done")

# Placeholders that say something about the debt.
DEBT_FIELDS = frozenset(
    {
        "total",
        "creditor",
        "principal",
        "interest",
        "fees",
        "due_date",
        "days_overdue",
        "balance",
        "schedule",
        "total_due",
        "first_amount",
        "first_date",
        "plan",
        "discount",
        "amount",
        "count",
        "date",
        # after the agreement (bot.dialog.aftercare)
        "paid",
        "plan_total",
        "next_amount",
        "next_date",
        "account_ref",
        "how_to_pay",
        # paying early (answers of the faq section, bot.dialog.faq)
        "discount_percent",
        "early_until",
        "early_total",
        "early_saving",
    }
)

ACCOUNT_FIELDS = frozenset(
    {"total", "creditor", "principal", "interest", "fees", "due_date", "days_overdue", "balance"}
)
PLAN_FIELDS = frozenset({"schedule", "total_due", "first_amount", "first_date", "discount"})

# Who the bot is: the neutral sender name (any prompt) and the collector (after verification).
SENDER_FIELDS = frozenset({"sender", "collector"})

# What a state's own prompts (say/ask/resume/rephrase) may use.
# Where an active plan stands and how to pay (bot.dialog.aftercare).
COLLECTION_FIELDS = frozenset(
    {"paid", "plan_total", "next_amount", "next_date", "account_ref", "how_to_pay", "plan"}
)
STATE_FIELDS = ACCOUNT_FIELDS | PLAN_FIELDS | COLLECTION_FIELDS | SENDER_FIELDS | {"agent_eta"}

# A prompt's neutral variant, said instead of it before verification ("help_unverified").
UNVERIFIED_SUFFIX = "_unverified"
# A prompt's one-payment variant, said instead of it when the plan under discussion is a
# single payment ("agreement_summary_single": no "first payment" of one).
SINGLE_SUFFIX = "_single"
# A prompt's variant said instead of it while the account's active plan has nothing paid
# yet ("plan_status_unpaid": no "$0.00 paid so far"); it uses what its prompt uses.
UNPAID_SUFFIX = "_unpaid"
# A prompt's variant said instead of it when the payment it speaks of is due today (the
# pending plan's first, else the active plan's next): no "I'll remind you before it's
# due" ("agreement_summary_due_today"); it uses what its prompt uses.
DUE_TODAY_SUFFIX = "_due_today"
# Prompts that introduce the collector and creditor; the disclosure follows them.
INTRODUCTIONS = frozenset({"verified"})

_PLAN_LABEL = frozenset({"count", "amount", "first_date", "total", "date", "discount"})

# What the answers of the ``faq`` section may use (bot.dialog.faq): the account's
# figures, who we are, how to pay, paying early, and the team's hours in the
# debtor's own time zone and city. Before verification an answer is said only by
# its neutral ``<answer>_unverified`` prompt, which may use only the neutral ones.
HOURS_FIELDS = frozenset({"first_day", "last_day", "opens_at", "closes_at", "city", "agent_eta"})
EARLY_FIELDS = frozenset({"discount_percent", "early_until", "early_total", "early_saving"})
# Reminders and a missed payment ([collection] settings): how long before a due date the
# reminder comes ("3 days"), when the reminder after a missed payment comes ("2 days"
# after the due date, at "10:00 AM" the debtor's time) and how often a plan may move a
# missed payment to its end ("once").
MISSED_FIELDS = frozenset({"remind_before", "missed_after", "remind_at", "moves"})
# A day asked about ("what day is it?", 12月14号是星期几): its full date with the weekday,
# in the debtor's language (today when no day is named).
CALENDAR_FIELDS = frozenset({"day"})
FAQ_FIELDS = (
    ACCOUNT_FIELDS
    | SENDER_FIELDS
    | HOURS_FIELDS
    | EARLY_FIELDS
    | MISSED_FIELDS
    | CALENDAR_FIELDS
    | {"account_ref", "how_to_pay"}
)
# An answer's variant said instead when a plan may not move a missed payment to its end
# ([collection] moves_per_plan = 0): "faq_missed_payment_no_move".
NO_MOVE_SUFFIX = "_no_move"
# An answer's variant said instead when no reminder comes before a due date, only on the
# day ([collection] remind_days_before = 0): "faq_reminders_on_the_day".
ON_THE_DAY_SUFFIX = "_on_the_day"
# An answer's variant said instead while a plan is active and has a payment still to come
# ("faq_what_is_left_plan"): it may also use where the plan stands (COLLECTION_FIELDS).
PLAN_SUFFIX = "_plan"
# "<answer>_in_<state>": a faq answer said instead while the conversation is in that state.
IN_STATE = "_in_"
FAQ_NEUTRAL_FIELDS = HOURS_FIELDS | CALENDAR_FIELDS | {"sender"}
# Said before verification for a topic that has no neutral answer.
FAQ_VERIFY_FIRST = "faq_verify_first"

# Prompts the engine itself sends, and the placeholders it fills for each.
ENGINE_PROMPTS: dict[str, frozenset[str]] = {
    "ask_account_ref": frozenset(),
    "ask_date_of_birth": frozenset(),
    "ask_id_last4": frozenset(),
    "verify_bad_date": frozenset(),
    "verify_bad_id": frozenset(),
    "verify_failed": frozenset(),
    "verified": frozenset({"collector", "creditor"}),
    "disclosure": frozenset(),
    "plan_full": _PLAN_LABEL,
    "plan_full_discount": _PLAN_LABEL,
    "plan_weekly": _PLAN_LABEL,
    "plan_biweekly": _PLAN_LABEL,
    "plan_monthly": _PLAN_LABEL,
    "counter_declined": frozenset({"reason", "plan"}),
    "reason_below_minimum": frozenset({"minimum"}),
    "reason_too_long": frozenset({"months"}),
    "reason_start_too_late": frozenset({"days", "latest_start"}),
    "reason_start_in_past": frozenset(),
    "reason_frequency_not_allowed": frozenset({"frequencies"}),
    "reason_exceeds_balance": frozenset(),
    "reason_other": frozenset(),
    "hardship_intro": frozenset(),
    "schedule_line": frozenset({"date", "amount", "number"}),
    "yes_label": frozenset(),
    "no_label": frozenset(),
    "handoff_notice": frozenset({"agent_eta"}),
    "eta_now": frozenset(),
    "eta_later": frozenset({"hours", "timezone", "opens", "city"}),
    "opt_out_confirmed": frozenset(),
    "dispute_notice": frozenset(),
    "already_paid_notice": frozenset(),
    "distress_support": frozenset({"hotline"}),
    "wrong_person_notice": frozenset(),
    "help": frozenset(),
    "language_switched": frozenset(),
    "choose_language": frozenset(),
    "not_understood": frozenset(),
    "welcome_back": frozenset(),
    "hello_again": frozenset(),
    "counter_ask": frozenset(),
    "collection_paused": frozenset(),
    "data_export_notice": frozenset({"agent_eta"}),
    "data_erase_notice": frozenset({"agent_eta"}),
    "hardship_no_plan": frozenset(),
    "hardship_beyond_policy": frozenset({"reason"}),
    "agent_plan_declined": frozenset(),
}

# Escalation priorities (see :class:`bot.escalations.Priority`).
URGENT, HIGH, NORMAL = Priority.URGENT, Priority.HIGH, Priority.NORMAL

# A plan waiting for a yes, in short: how many payments, the first, the last, the total.
_PLAN_IN_SHORT = frozenset(
    {"count", "first_amount", "first_date", "last_amount", "last_date", "total_due"}
)

# Prompts a script may leave out, with the placeholders the engine fills and the prompt
# said in their place when missing (None: nothing is said instead, the usual one is).
OPTIONAL_PROMPTS: dict[str, tuple[frozenset[str], str | None]] = {
    "opt_out_already": (frozenset(), "opt_out_confirmed"),
    "opt_out_represented": (frozenset(), "opt_out_confirmed"),
    "others_told_reported": (frozenset({"agent_eta"}), None),
    "help_unverified": (frozenset(), None),
    "distress_support_unverified": (frozenset({"hotline"}), None),
    "distress_again": (frozenset({"hotline"}), "distress_support"),
    "dispute_notice_unverified": (frozenset({"agent_eta"}), None),
    # The ID's last four sent again by a debtor already verified: not an amount.
    "verify_not_needed": (frozenset(), None),
    # The date of birth sent again once verified (not a plan's first day).
    "verify_dob_again": (frozenset(), None),
    # Hard times told before verification: kind words that hint at no debt.
    "hardship_intro_unverified": (frozenset(), None),
    # Someone else answering the identity check for the debtor: neutral, nothing checked.
    "verify_someone_else": (frozenset(), None),
    "already_paid_notice_unverified": (frozenset({"agent_eta"}), None),
    "agent_waiting": (frozenset({"agent_eta"}), "handoff_notice"),
    "agent_noted": (frozenset(), None),
    # how or when to be contacted, passed to a colleague (else read as before)
    "contact_wish_passed": (frozenset({"agent_eta"}), None),
    # hard times told with a monthly sum offered, before it is weighed (else nothing)
    "hardship_offer_heard": (frozenset(), None),
    # the next payment said to be made just now (else a colleague checks it)
    "instalment_paid_noted": (frozenset({"amount"}), None),
    # part of the next payment promised, the rest later (else read as before)
    "part_payment_noted": (frozenset({"amount", "rest", "date"}), None),
    # a death told: condolences before a pause asked for (else nothing)
    "condolences": (frozenset(), None),
    # a death told: condolences before the smaller plans (else hardship_intro)
    "hardship_intro_bereaved": (frozenset(), None),
    # the least a settlement can be, asked for (else said as a counter-offer)
    "settlement_least_asked": (frozenset({"reason", "plan"}), None),
    # a plan's change asked for: it stands until a new one is confirmed (else nothing)
    "change_plan_kept": (frozenset(), None),
    # noted for the colleague, to a debtor telling of hard times (else ``agent_noted``)
    "agent_noted_hard_times": (frozenset(), "agent_noted"),
    # A hand-over refused before verification (the web chat's cap per client address).
    "handoff_refused": (frozenset(), "help_unverified"),
    "bot_back": (frozenset(), None),
    "case_open": (frozenset({"hotline"}), "distress_support"),
    "plan_weekly_last": (_PLAN_LABEL | {"regular", "last_amount"}, None),
    "plan_biweekly_last": (_PLAN_LABEL | {"regular", "last_amount"}, None),
    "plan_monthly_last": (_PLAN_LABEL | {"regular", "last_amount"}, None),
    "plan_lump_then": (frozenset({"first_amount", "first_date", "rest"}), None),
    "plan_one_more": (frozenset({"amount", "date"}), None),
    "plan_then_more": (frozenset({"amount", "date", "rest"}), None),
    "reason_pay_date_too_late": (frozenset({"latest"}), None),
    "reason_pay_date_in_past": (frozenset(), "reason_start_in_past"),
    # "Let me think": the offers are kept until then (in the debtor's time zone).
    "think_it_over": (frozenset({"valid_date", "valid_time", "city"}), "take_your_time"),
    "take_your_time": (frozenset(), None),
    FAQ_VERIFY_FIRST: (frozenset(), None),
    "plan_settlement": (_PLAN_LABEL, "plan_full_discount"),
    "reason_below_settlement_floor": (frozenset({"floor", "percent"}), None),
    "reason_start_too_late_kept_day": (
        frozenset({"days", "latest_start", "first"}),
        "reason_start_too_late",
    ),
    "discount_lost": (frozenset({"discount", "until", "date", "total"}), None),
    "reason_below_settlement_floor_approval": (
        frozenset({"floor", "percent", "approval"}),
        "reason_below_settlement_floor",
    ),
    "reason_settlement_too_late": (frozenset({"settle_days"}), None),
    "reason_settlement_not_allowed": (frozenset(), None),
    "reason_rest_too_late": (frozenset({"latest"}), None),
    # Frustration in rude words before verification ("this is bullshit", 你们烦不烦啊): calm
    # words, then the identity question again; nothing about a debt.
    "calm_before_verified": (frozenset(), None),
    # The same after verification, with how to stop the messages (not an opt-out by itself).
    "calm_frustrated": (frozenset(), None),
    # A plan waiting for a yes, asked about ("how many payments is that?", 最后一期是哪天):
    # in short, then the yes-or-no question again (else the whole plan again).
    "plan_in_short": (
        frozenset({"count", "first_amount", "first_date", "last_amount", "last_date", "total_due"}),
        None,
    ),
    "plan_in_short_single": (
        frozenset({"count", "first_amount", "first_date", "last_amount", "last_date", "total_due"}),
        None,
    ),
    # One payment of an agreed plan moved to another day (bot.dialog.moving): done, the
    # latest day it may move to (asked which day), or no move left and a colleague asked.
    "payment_moved": (frozenset({"amount", "date", "old_date"}), None),
    "payment_move_ask": (frozenset({"amount", "date", "latest"}), None),
    "payment_move_needs_person": (frozenset({"amount", "date", "agent_eta"}), None),
    # The next payment promised on its day or before: thanks, the plan kept.
    "payment_promise_noted": (frozenset({"amount", "date"}), None),
    # An amount too small even for the longest plan: the least each payment can be.
    "reason_below_smallest": (frozenset({"smallest", "months"}), "reason_too_long"),
    "proposal_declined": (frozenset({"reason"}), "not_understood"),
    # An offer of more than is owed: not refused as too little ("counter_declined" else).
    "counter_exceeds_balance": (frozenset({"reason", "plan", "total"}), "counter_declined"),
    # The same best plan countered again: it is the best allowed, and what else there is.
    "counter_repeated": (frozenset({"reason", "plan"}), "counter_declined"),
    "settlement_approval": (frozenset({"amount"}), None),
    # That settlement offered again while it waits for a colleague's approval.
    "settlement_still_waiting": (frozenset({"amount", "agent_eta"}), "agent_waiting"),
    # A colleague's decision on that settlement (bot.dialog.approval).
    "settlement_approved": (frozenset({"amount"}), None),
    "settlement_declined": (frozenset({"amount"}), None),
    "pause_offer": (frozenset({"end", "first_date"}), None),
    "pause_longest": (frozenset({"days"}), None),
    "pause_needs_person": (frozenset(), "hardship_no_plan"),
    "circumstances_remembered": (frozenset(), None),
    # Reminders for a debtor who told us of hardship (bot.dialog.paying), else the usual.
    "reminder_before_due_gentle": (frozenset({"creditor", "amount", "date"}), None),
    "reminder_missed_gentle": (frozenset({"creditor", "amount", "date"}), None),
    "reminder_missed_no_move_gentle": (frozenset({"creditor", "amount", "date"}), None),
}
