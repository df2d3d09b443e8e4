"""Every collection metric, defined once.

The report, the console page, ``GET /api/metrics`` and the README all use
these definitions; :mod:`bot.analytics.queries` computes them in SQL.

The population of a report is the set of **accounts in the period**: accounts
with at least one conversation that started in ``[since, until)``. A flag
(replied, verified, ...) holds for an account when it holds in any of those
conversations. Conversations of platform users never tied to an account are not
counted. With a breakdown (``--by``) an account counts in every group one of
its conversations belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Section = Literal["funnel", "rates", "amounts", "durations"]


@dataclass(frozen=True)
class Metric:
    """One metric: where it appears, its name and exact definition.

    Attributes:
        key: the JSON key (``funnel.contacted``).
        section: the JSON object it is under.
        label: a short heading for tables and charts.
        definition: the exact definition, as printed in the README.
    """

    key: str
    section: Section
    label: str
    definition: str


FUNNEL: tuple[Metric, ...] = (
    Metric("contacted", "funnel", "Contacted",
           "accounts in the period the bot or an agent wrote to (an outbound message)"),
    Metric("replied", "funnel", "Replied",
           "contacted accounts that wrote back at least once"),
    Metric("verified", "funnel", "Verified",
           "contacted accounts with a successful identity verification"),
    Metric("offered", "funnel", "Shown an offer",
           "contacted accounts shown at least one repayment plan"),
    Metric("agreed", "funnel", "Agreed",
           "contacted accounts that confirmed a plan (an agreement was recorded)"),
    Metric("first_paid", "funnel", "First instalment paid",
           "accounts with an agreement from the period whose first instalment is paid in full"),
    Metric("completed", "funnel", "Completed",
           "accounts with an agreement from the period that is completed (every instalment paid)"),
)  # fmt: skip

RATES: tuple[Metric, ...] = (
    Metric("right_party_contact", "rates", "Right-party contact",
           "verified / contacted"),
    Metric("verification_failure", "rates", "Verification failure",
           "accounts with a failed verification attempt and no successful one / "
           "accounts with any verification attempt"),
    Metric("escalation", "rates", "Escalation",
           "accounts handed to an agent (any escalation) / contacted"),
    Metric("opt_out", "rates", "Opt-out",
           "accounts that opted out during a conversation of the period / contacted"),
    Metric("dispute", "rates", "Dispute",
           "accounts escalated as a dispute or as already paid / contacted"),
    Metric("distress", "rates", "Distress",
           "accounts escalated for distress / contacted"),
    Metric("complaint", "rates", "Complaint",
           "accounts escalated for abuse or a complaint / contacted"),
    Metric("promise_to_pay", "rates", "Promise to pay",
           "agreed / verified"),
    Metric("promise_kept", "rates", "Promise kept",
           "instalments paid in full by their due date (the day of the payment in the "
           "debtor's time zone) / instalments due, over the "
           "instalments of agreements from the period that fell due before the end of "
           "the period (or now) and were not replaced by a new plan before falling due"),
    Metric("broken", "rates", "Broken agreements",
           "agreements from the period now broken / agreements from the period"),
)  # fmt: skip

AMOUNTS: tuple[Metric, ...] = (
    Metric("agreed", "amounts", "Agreed",
           "sum of the totals of agreements from the period, per currency"),
    Metric("collected", "amounts", "Collected",
           "sum paid towards the instalments of agreements from the period, per currency"),
    Metric("average_discount", "amounts", "Average discount",
           "mean discount of agreements from the period, per currency"),
)  # fmt: skip

DURATIONS: tuple[Metric, ...] = (
    Metric("first_agent_reply_seconds", "durations", "Time to first agent reply (s)",
           "mean seconds from an escalation in a conversation of the period to the first "
           "agent message after it; escalations not yet answered are left out"),
    Metric("days_to_first_payment", "durations", "Days to first payment",
           "mean whole days, in the debtor's time zone, from an agreement of the period to "
           "the first payment on its account on or after the day it was made; agreements not "
           "yet paid are left out"),
)  # fmt: skip

ALL: tuple[Metric, ...] = FUNNEL + RATES + AMOUNTS + DURATIONS

#: Escalation reasons that count as a complaint, a dispute, distress.
COMPLAINT_REASONS = ("abuse", "complaint")
DISPUTE_REASONS = ("dispute", "already_paid")
DISTRESS_REASONS = ("distress",)

#: Breakdowns: ``--by`` names.
DIMENSIONS = (
    "version",
    "creditor",
    "language",
    "channel",
    "dpd",
    "balance",
    "day",
    "week",
    "month",
)

#: Cohort buckets: days past due (on the day the conversation started) and the
#: account's balance (principal + interest + fees, in its own currency). Each
#: bucket is ``[lower, next lower)``.
DPD_BUCKETS = (0, 31, 61, 91, 181)
BALANCE_BUCKETS = (0, 1000, 5000, 20000)


def bucket_label(bounds: tuple[int, ...], index: int) -> str:
    """``"31-60"`` for the second of ``(0, 31, 61)``, ``"181+"`` for the last."""
    low = bounds[index]
    if index + 1 < len(bounds):
        return f"{low}-{bounds[index + 1] - 1}"
    return f"{low}+"


def metric(section: Section, key: str) -> Metric:
    """The metric ``key`` of ``section``."""
    for m in ALL:
        if m.section == section and m.key == key:
            return m
    raise KeyError(f"{section}.{key}")
