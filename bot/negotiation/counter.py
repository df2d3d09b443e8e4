"""Evaluate what the debtor proposes: accept it, or counter with the nearest acceptable plan.

A request is what understanding made of free text: "300 a month" is
``CounterRequest(amount=300, frequency="monthly")``, "3 months instead" is
``CounterRequest(count=3)``, "pay it all next Friday" is
``CounterRequest(lump_sum=True, first_date=...)`` and "下周五先付一千" is
``CounterRequest(amount=1000, lump_sum=True, first_date=...)`` (a first payment,
the rest in instalments). What the request leaves open is taken from the plan
under discussion (``current``) or from the standard offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_UP, Decimal

from bot.money import payment_unit, quantize, unit
from bot.negotiation.offers import (
    checked_balance,
    default_first_date,
    equal_plan,
    hardship_offers,
    largest_count,
    latest_first_date,
    offer_frequency,
    pay_in_full,
    standard_offers,
    violations,
)
from bot.negotiation.policy import Policy
from bot.negotiation.schedule import (
    FREQUENCIES,
    PERIODS_PER_YEAR,
    Instalment,
    Plan,
    add_period,
    build_schedule,
    max_count,
    schedule_for_amount,
    term_end,
)

REASONS = (
    "below_minimum",
    "too_long",
    "start_too_late",
    "pay_date_too_late",
    "start_in_past",
    "pay_date_in_past",
    "frequency_not_allowed",
    "exceeds_balance",
)


@dataclass(frozen=True)
class CounterRequest:
    """What the debtor asked for; ``None`` means "not said".

    Attributes:
        amount: Per instalment, or (with ``lump_sum``) a payment now.
        count: Number of payments (with ``lump_sum``: payments after the lump sum).
        frequency: weekly, biweekly or monthly.
        first_date: When the first payment is made.
        lump_sum: ``amount`` (or everything, when ``amount`` is None) is paid at once.
        then_from: The first of the regular weekly or fortnightly payments, when the
            first payment has a day of its own ("200 today, then 200 every friday"); it
            must fall within one period after the first payment.
        first_amount: With ``then_from``, the first payment when it differs from the
            regular ``amount`` ("2000 today, then 1000 every friday").
    """

    amount: Decimal | None = None
    count: int | None = None
    frequency: str | None = None
    first_date: date | None = None
    lump_sum: bool = False
    then_from: date | None = None
    first_amount: Decimal | None = None


@dataclass(frozen=True)
class Evaluation:
    """The answer to a request.

    Attributes:
        accepted: The plan exactly as asked, when it is inside the policy.
        counter: Otherwise the nearest acceptable plan.
        reasons: Why the request was not accepted (codes from :data:`REASONS`).
    """

    accepted: Plan | None
    counter: Plan | None
    reasons: tuple[str, ...]

    @property
    def plan(self) -> Plan | None:
        """The accepted plan, else the counter-offer."""
        return self.accepted or self.counter


@dataclass
class _Ask:
    """Mutable working state while a request is fitted into the policy."""

    balance: Decimal
    currency: str
    policy: Policy
    today: date
    hardship: bool
    reasons: list[str]

    def note(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)

    def start(
        self, asked: date | None, fallback: date, *, full: bool, monthly: bool = False
    ) -> date:
        """The first payment day: as asked when allowed, else the nearest allowed one.

        A monthly plan asked to start too late keeps its day of the month when that day
        comes after today within the first-payment window ("from the 15th of next
        month": this month's 15th), so every payment falls on the day the debtor named;
        "in two months" (today's own day) starts on the latest allowed day.
        """
        if asked is None:
            return fallback
        latest = latest_first_date(self.policy, self.today, full=full)
        if asked < self.today:
            self.note("pay_date_in_past" if full else "start_in_past")
            return self.today
        if asked > latest:
            self.note("pay_date_too_late" if full else "start_too_late")
            if monthly and not full:
                return _same_day_before(asked, self.today, latest) or latest
            return latest
        return asked

    def full(self, asked: date | None, fallback: date) -> Plan:
        due = self.start(asked, fallback, full=True)
        return pay_in_full(self.balance, self.currency, self.policy, self.today, due)

    def minimum(self) -> Decimal:
        return self.policy.minimum(self.currency, hardship=self.hardship)

    def months(self) -> int:
        return self.policy.months(hardship=self.hardship)


def _same_day_before(asked: date, today: date, latest: date) -> date | None:
    """The latest day after ``today`` up to ``latest`` on ``asked``'s day of the month."""
    for back in range(1, 13):
        day = add_period(asked, "monthly", -back, asked.day)
        if day <= latest:
            return day if day > today and day.day == asked.day else None
    return None


def evaluate_counter(
    balance: Decimal,
    currency: str,
    policy: Policy,
    today: date,
    request: CounterRequest,
    *,
    hardship: bool = False,
    current: Plan | None = None,
) -> Evaluation:
    """Accept the debtor's proposal if the policy allows it, else counter.

    Args:
        balance: What is owed.
        currency: ISO code.
        policy: The script's policy.
        today: The debtor's today.
        request: What they asked for.
        hardship: Use the hardship minimum and term.
        current: The plan under discussion; fills what the request leaves open.

    Returns:
        ``accepted`` (exactly what was asked) with no reasons, or ``counter``
        (the nearest plan inside the policy) with the reasons.
    """
    balance = checked_balance(balance, currency)
    ask = _Ask(balance, currency, policy, today, hardship, [])
    plan = _fit(ask, request, current)
    broken = violations(plan, policy, today, hardship=hardship)
    if broken:  # never hand out a plan outside the policy, whatever the request
        plan = pay_in_full(balance, currency, policy, today)
        # A request that cannot even be split into positive amounts (a tiny balance over
        # many weeks) is, for the debtor, instalments below the minimum.
        shown = ("below_minimum" if r == "invalid_schedule" else r for r in broken)
        ask.reasons.extend(r for r in dict.fromkeys(shown) if r not in ask.reasons)
    if ask.reasons:
        return Evaluation(None, plan, tuple(ask.reasons))
    return Evaluation(plan, None, ())


def _fit(ask: _Ask, req: CounterRequest, current: Plan | None) -> Plan:
    policy, today = ask.policy, ask.today
    fallback = default_first_date(policy, today)
    if current is not None and current.first_date >= today:
        fallback = current.first_date
    freq = _frequency(ask, req.frequency, current)
    amount = req.amount
    if amount is not None and req.frequency and freq != req.frequency and not req.lump_sum:
        ratio = Decimal(PERIODS_PER_YEAR.get(req.frequency, 12)) / PERIODS_PER_YEAR[freq]
        amount = amount * ratio
    if req.lump_sum:
        if amount is None or amount >= ask.balance:
            if amount is not None and amount > ask.balance:
                ask.note("exceeds_balance")
            return ask.full(req.first_date, fallback)
        return _lump_then_rest(
            ask, req, quantize(amount, ask.currency, ROUND_UP), freq, fallback, current
        )
    if amount is not None:
        return _by_amount(ask, req, quantize(amount, ask.currency, ROUND_UP), freq, fallback)
    count = req.count
    if count is None and current is not None:
        count = current.count
    if count is None and ask.hardship:
        # After hard times told, the closest plan is the first of the smaller-payment plans
        # ("I lost my job" … "can I start in May?"), not the shortest ordinary one.
        smaller = hardship_offers(ask.balance, ask.currency, policy, today)
        count = smaller[0].count if smaller else None
    if count is None:
        offers = standard_offers(ask.balance, ask.currency, policy, today)
        count = offers[1].count if len(offers) > 1 else 1
    if req.count and req.frequency and freq != req.frequency:
        ratio = Decimal(PERIODS_PER_YEAR[freq]) / PERIODS_PER_YEAR.get(req.frequency, 12)
        count = max(1, int((count * ratio).to_integral_value()))
    if count <= 1:
        return ask.full(req.first_date, fallback)
    start = ask.start(req.first_date, fallback, full=False, monthly=freq == "monthly")
    limit = max_count(start, freq, ask.months())
    if count > limit:
        ask.note("too_long")
        count = limit
    by_min = largest_count(ask.balance, ask.currency, policy, start, freq, ask.hardship)
    if count > by_min:
        ask.note("below_minimum")
        count = by_min
    if count <= 1:
        return ask.full(start, start)
    return equal_plan(ask.balance, ask.currency, count, freq, start, hardship=ask.hardship)


def _frequency(ask: _Ask, asked: str | None, current: Plan | None) -> str:
    allowed = [f for f in FREQUENCIES if f in ask.policy.frequencies]
    if asked is None:
        if current is not None and current.frequency in allowed:
            return current.frequency
        return offer_frequency(ask.policy)
    if asked in allowed or not allowed:
        return asked if asked in FREQUENCIES else "monthly"
    ask.note("frequency_not_allowed")
    where = FREQUENCIES.index(asked) if asked in FREQUENCIES else len(FREQUENCIES)
    return min(allowed, key=lambda f: (abs(FREQUENCIES.index(f) - where), -FREQUENCIES.index(f)))


def _by_amount(ask: _Ask, req: CounterRequest, amount: Decimal, freq: str, fallback: date) -> Plan:
    if amount >= ask.balance:
        if amount > ask.balance:
            ask.note("exceeds_balance")
        return ask.full(req.first_date, fallback)
    minimum = max(ask.minimum(), unit(ask.currency))
    if amount < minimum:
        ask.note("below_minimum")
        amount = minimum
    start = ask.start(req.first_date, fallback, full=False, monthly=freq == "monthly")
    limit = max(1, max_count(start, freq, ask.months()))
    needed = quantize(ask.balance / limit, ask.currency, ROUND_UP)
    if amount < needed:
        ask.note("too_long")
        amount = needed
    if amount >= ask.balance:
        return ask.full(start, start)
    then = req.then_from
    if then is None and req.first_amount is not None and freq == "monthly":
        then = add_period(start, freq, 1)  # "500 now, then 200 a month": a month after
    step = {"weekly": 7, "biweekly": 14, "monthly": 31}.get(freq)
    if then is not None and step is not None and start < then <= start + timedelta(days=step):
        # The first payment on its own day, then the regular ones on theirs (today, then
        # every Friday), when that fits the term; otherwise the usual schedule below.
        each = quantize(
            amount.quantize(payment_unit(ask.currency), rounding=ROUND_UP), ask.currency
        )
        first = each if req.first_amount is None else _first_payment(ask, req.first_amount)
        if first >= ask.balance:  # the first payment alone clears it: paid in full
            if first > ask.balance:
                ask.note("exceeds_balance")
            return ask.full(start, start)
        lead = (Instalment(start, first),)
        shaped = schedule_for_amount(
            ask.balance, ask.currency, each, freq, then, lead, minimum=ask.minimum()
        )
        if shaped[-1].due_date <= term_end(start, ask.months()):
            return _plan(ask, freq, shaped)
    schedule = schedule_for_amount(
        ask.balance, ask.currency, amount, freq, start, minimum=ask.minimum()
    )
    return _plan(ask, freq, schedule)


def _first_payment(ask: _Ask, asked: Decimal) -> Decimal:
    """A first payment of its own: at least the minimum instalment, in payment units."""
    minimum = max(ask.minimum(), unit(ask.currency))
    if asked < minimum:
        ask.note("below_minimum")
        asked = minimum
    return quantize(asked.quantize(payment_unit(ask.currency), rounding=ROUND_UP), ask.currency)


def _lump_then_rest(
    ask: _Ask, req: CounterRequest, lump: Decimal, freq: str, fallback: date, current: Plan | None
) -> Plan:
    minimum = max(ask.minimum(), unit(ask.currency))
    if lump < minimum:
        ask.note("below_minimum")
        lump = minimum
    start = ask.start(req.first_date, fallback, full=False, monthly=freq == "monthly")
    if lump >= ask.balance:
        return ask.full(start, start)
    rest = ask.balance - lump
    limit = max_count(start, freq, ask.months()) - 1
    if limit < 1:
        ask.note("too_long")
        return ask.full(start, start)
    count = req.count
    if count is None and current is not None and current.count > 1:
        count = current.count - 1
    if count is None:
        offers = standard_offers(ask.balance, ask.currency, ask.policy, ask.today)
        count = offers[1].count - 1 if len(offers) > 1 else 1
    count = max(1, count)
    if count > limit:
        ask.note("too_long")
        count = limit
    by_min = int(rest / ask.minimum()) if ask.minimum() > 0 else count
    if count > max(by_min, 1):
        if req.count is not None:
            ask.note("below_minimum")
        count = max(by_min, 1)
    regular = build_schedule(rest, ask.currency, count, freq, start)
    tail = tuple(
        Instalment(add_period(start, freq, i + 1, start.day), item.amount)
        for i, item in enumerate(regular)
    )
    return _plan(ask, freq, (Instalment(start, lump), *tail))


def _plan(ask: _Ask, freq: str, schedule: tuple[Instalment, ...]) -> Plan:
    if len(schedule) == 1:
        return ask.full(schedule[0].due_date, schedule[0].due_date)
    kind = "hardship" if ask.hardship else "instalments"
    zero = quantize(Decimal(0), ask.currency)
    return Plan(kind, ask.currency, ask.balance, zero, ask.balance, freq, schedule)


__all__ = ["REASONS", "CounterRequest", "Evaluation", "evaluate_counter"]
