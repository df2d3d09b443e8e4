"""Proposals a debtor makes in one sentence: settle for less, split in two, pause.

* settle: an amount and a word for closing the account ("pay 3000 to settle", "call it
  even", "一次性还3000结清", "就当两清").
* split: one amount, then "the rest" with its own day ("1.2k now and the rest in two
  weeks", "先还2000，剩下的4月30日还", "先還10000，其餘5月5日再還"); or the balance in
  halves, the second with its own day ("half now and half at the end of the month",
  "一半现在还，另一半月底还", "先繳一半，月底再繳另一半").
* payments: several amounts, each on its own day, perhaps then "the rest" on its own
  ("1.2k now and 1.2k in two weeks then the rest in january", "1200 on friday and
  1545.75 on dec 30", "这周五还一千二，两周后再还一千二，剩下的一月份还清").
* pause: a break from paying ("can I pause for two months", "payment holiday",
  "能不能停两个月", "可以先暫停幾個月嗎"), with its length when named.

Patterns run on folded text (lower case, Simplified Chinese).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.understanding.dates import DateHit, add_months, find_dates
from bot.understanding.numerals import small_number

_SETTLE = re.compile(
    r"\bsettle(?:d|ment)?\b|\bcall\s+(?:it|us)\s+(?:even|square|quits|done|settled)\b"
    r"|\bfull\s+and\s+final\b|\bclose\s+(?:out\s+)?(?:the|my|this)\s+(?:account|debt|case|file)\b"
    r"|\bto\s+(?:close|clear|end)\s+(?:it|this|that)(?:\s+(?:out|off|for\s+good))?\b"
    r"|\bwrite\s+off\s+the\s+rest\b|\bforget\s+(?:about\s+)?the\s+rest\b|\bwipe\s+the\s+rest\b"
    r"|\bclear\s+(?:it|the\s+(?:debt|account|balance))\s+(?:for|with)\b|\bend\s+of\s+it\b"
    r"|\bbe\s+done\s+with\s+it\b|\bsquare\s+(?:it\s+|us\s+)?up\b"
    r"|\bconsider\s+(?:it|this|that|the\s+(?:debt|account|balance))\s+(?:paid|settled|closed|done|cleared)\b"
    r"|(?:就算|就当|当作|当成|算是|算)(?:是)?(?:我)?(?:还|付|缴)(?:完|清)|互不相欠|一笔勾销"
    r"|结清|了结|了事|一笔勾销|两清|清账|销账|结案|算清|就算还清|当作还清|算(?:是)?还清|抵消|清掉|清偿|"
    # a lump sum offered with a discount asked (能不能减免一点 一次性还八千, 打个折 一次付清)
    r"(?:减免|打折|打个折|折扣|少一点|少点)[^。]{0,12}一次(?:性)?(?:还|付|缴|给)"
    r"|一次(?:性)?(?:还|付|缴|给)[^。]{0,12}(?:减免|打折|打个折|折扣)|"
    r"剩下的?(?:就|都)?(?:免|不还|算了|勾销)|其余(?:的)?(?:免|不还|算了)|一次了断|了断"
    # the rest asked to be waived ("剩下的能不能免掉", "剩下的可以不要还吗"); a settlement named
    # (和解, "to settle"); "waive the rest"
    r"|(?:剩下|剩余|其余|其他)(?:的)?(?:部分|钱|金额)?(?:能不能|可不可以|可以|能|是否|就)?(?:免|不要还|不用还|不还|不要缴"
    r"|不用缴|不缴|减免|豁免|勾销|算了)|和解|\bwaive\s+(?:the\s+)?(?:rest|remainder|remaining|balance|difference)\b"
    r"|\b(?:and\s+)?(?:we'?re|we\s+are|we'?ll\s+be)\s+(?:even|square|quits|done)\b"
    # "这事就算了", "这笔就算了吧", "债就一笔勾销": the matter closed for the sum named
    r"|(?:这事|这件事|此事|这笔(?:账|钱|债|欠款)?|这个债|欠款|债)(?:就|也|便)?(?:算了|了了|结了|完了|两清)"
)
# The least a settlement could be, asked ("what's the lowest you'd accept to settle?",
# 和解金最低多少, 最少要付多少才能结清).
_LEAST = re.compile(
    r"\b(?:lowest|least|minimum|min|smallest|bottom\s+line|best\s+(?:offer|deal|you\s+can\s+do))\b"
    r"|最低|最少|至少|底线|最多能(?:减|少|打折)|能(?:减|少)多少|打几折"
)
# A settlement still asked for, not one already made: "就当结清了行吗", "and we call it
# settled, ok?", "一次付三千，這筆就算清了可以嗎" (no "already", 已经, 早就 in it).
_ASKED = re.compile(
    r"就当|就算|当作|当成|算是|视为|作为|(?:可以|行|好|成)不\W*$|行吗|行不行|可以吗|可不可以|能不能|好吗|好不好|成吗|吧\W*$|[?？]"
    r"|\b(?:ok|okay|deal|right|yeah)\W*$|\b(?:can|could|may|would|will)\s+(?:i|we|you)\b|\bhow\s+about\b"
    r"|\bwhat\s+if\b|\bif\s+i\b|\blet'?s\b|如果|要是|假如"
)
_DONE = re.compile(
    r"\balready\b|\b(?:last|this)\s+(?:week|month)\b|\byesterday\b|\bago\b"
    r"|已经|早就|早已|之前|上(?:周|个月|礼拜|星期)|昨天|前天"
)


def settlement_asked(text: str, proposal: Proposal) -> bool:
    """Whether folded ``text`` asks to settle (a sum "and we call it settled") rather than
    says it was settled: words of closing the account then read as the offer's."""
    return proposal.settle and bool(_ASKED.search(text)) and _DONE.search(text) is None


_REST = re.compile(
    r"\b(?:the\s+)?(?:rest|remainder|remaining(?:\s+(?:balance|amount|part))?|balance|other\s+half"
    r"|leftover)\b|剩下|剩余|其余|余下|余款|尾款|剩的|其他的|余额|另一半"
)
_HALF = re.compile(r"\bhalf\b|一半|半数")
# A sum said per period ("300 a month", 每月三百): an instalment, not a first payment.
_PER_PERIOD = re.compile(
    r"\b(?:a|per|each|every)\s+(?:month|week|fortnight)\b|\bmonthly\b|\bweekly\b|/\s*(?:month|mo|week|wk)\b"
    r"|每(?:个)?(?:月|周|星期|礼拜|期)|/月"
)
# The instalments "the rest" goes in: "over 3 months", "in 6 payments", "monthly", 分3期.
_INSTALMENTS_AFTER = re.compile(
    r"\b(?:months?|weeks?|payments?|instal+ments?|monthly|weekly|fortnightly)\b"
    r"|分|期|个月|每(?:个)?月|每周"
)
_NOW = re.compile(r"\bnow\b|\bright\s+away\b|\bimmediately\b|现在|马上|立刻|立即|当下|即刻")
_PAUSE = re.compile(
    r"\bpause\b|\bpayment\s+(?:holiday|break|freeze)\b|\bbreathing\s+space\b"
    r"|\b(?:take|have|need|get)\s+a\s+(?:break|breather)\s+(?:from|on|with)\s+(?:paying|payments?)\b"
    r"|\bskip\s+(?:a\s+)?(?:few|couple|\d+|one|two|three|the\s+next)\b"
    r"|\b(?:hold|freeze)\s+(?:off\s+)?(?:on\s+)?(?:the\s+)?payments?\b"
    r"|\bstop\s+paying\s+for\b|\bnot\s+pay\s+(?:anything\s+)?for\s+(?:a|\d+|one|two|three|a\s+few)\b"
    r"|暂停|停(?:还|付|缴)|停(?:[一两二三四五六几]{1,2}|\d)\s*个?月|缓(?:[一两二三四五六几]{1,2}|\d)\s*个?月"
    r"|先?停(?:一|两|二|三|几)?(?:阵子|段时间)"
    r"|(?:一|两|二|三|几|\d)\s*个?(?:月|礼拜|星期|周)[^，,。.!！?？]{0,8}(?:先|暂时)?不(?:还|付|缴)"
    r"|喘口气|缓冲期|宽限期"
    # more time asked until a month ("can you give me until June?", 可以宽限到六月吗)
    r"|\b(?:give|giving|grant)\s+me\s+(?:(?:some\s+|more\s+)?time\s+)?(?:until|till|til|to)\s+(?:january|february"
    r"|march|april|may|june|july|august|september|october|november|december|next\s+(?:month|year))\b"
    r"|宽限(?:到|至)(?:明年|下个月|[一二三四五六七八九十\d]{1,2}\s*月)"
    # not a cent to one's name now (我一分钱都没有, 一毛都擠不出來): a breathing space, as for
    # "can't pay anything right now"
    r"|一\s*(?:分|毛|角|块|元)(?:钱)?\s*(?:都|也)(?:没|拿不出|挤不出|掏不出|凑不出)"
    # a month skipped, the account frozen, paying deferred ("skip March", 冻结一下, 缓缴三个月)
    r"|\bskip\s+(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|this\s+month(?:'?s)?|next\s+month(?:'?s)?)\b"
    r"|\bfreeze\s+(?:my\s+|the\s+)?(?:account|plan|loan)\b"
    r"|\bstop\s+the\s+payments\s+for\s+now\b"
    # paying started later, after a life event or the new year ("pay once I'm out of
    # hospital", 等我出院再还, 过完年再开始还); a month named is a start date asked instead
    r"|\b(?:start|begin|resume|restart)\w*\s+(?:(?:paying|repaying|payments?|the\s+plan)\s+)?(?:again\s+)?"
    r"(?:in|from|after)\s+(?:next\s+year|the\s+new\s+year)\b"
    r"|\b(?:pay|paying|start|begin|resume)\w*\b[^.?!]{0,30}\b(?:after|once|when)\s+(?:i|i'm|im)\s+"
    r"(?:am\s+|get\s+|have\s+been\s+|'ve\s+been\s+|be\s+)?(?:discharged|out\s+of\s+(?:the\s+)?hospital"
    r"|released|back\s+(?:at|to)\s+work|recovered|better|well\s+again|on\s+my\s+feet)\b"
    r"|(?:明年(?![一二三四五六七八九十\d]{1,2}\s*月)|过完年|过了年|年后|春节后|出院(?:后|以后|之后)|等我出院"
    r"|等我(?:病好|身体好|康复|找到工作|上班))[^，,。.!！?？\d]{0,8}(?:再|才)(?:开始)?(?:还|付|缴)"
    r"|(?:过完年|过了年|年后|春节后)[^，,。.!！?？\d]{0,6}开始(?:还|付|缴)"
    r"|冻结(?:一下)?(?:还款|账户|帐户|一下)|暂缓(?:还款|还|缴|付)?|缓缴|延缓还款|跳过(?:一期|这期|这一期|这个月)"
    r"|(?:这个月|本月|这期)(?:能|可以|能不能|可不可以)?(?:先)?跳过"
    # nothing at all can be paid for now: a breathing space is what helps, not a plan due next week
    r"|\b(?:can'?t|cannot|can\s+not|unable\s+to|not\s+able\s+to)\s+(?:afford\s+to\s+)?pay\s+(?:anything|a\s+(?:single\s+)?(?:cent|penny|dime|thing)|nothing)"
    r"(?:\s+at\s+all)?\s+(?:right\s+now|now|at\s+the\s+moment|atm|for\s+now|for\s+the\s+time\s+being)\b"
    r"|(?:现在|目前|暂时|眼下)[^，,。.!！?？]{0,3}(?:一分钱|一毛钱|一分|什么|啥)(?:都|也)(?:拿不出|还不了|还不起|付不了|付不起|缴不了|缴不出|没有)"
    # a plan put on hold, the next payment held off, 下一期先缓缓, 申请延期还款一个月
    r"|\b(?:put|place|keep)\s+(?:my\s+|the\s+|our\s+|this\s+)?(?:plan|payments?|account|instal\w*|debt)\s+on\s+hold\b"
    r"|\bhold\s+off\s+(?:on\s+)?(?:the\s+|my\s+|this\s+)?(?:next|this|coming)\s+(?:[\w']+\s+)?(?:payment|instal\w*)s?\b"
    r"|(?:下一期|下期|这一期|这期|本期|这个月|下个月)[^，,。.!！?？]{0,4}(?:先)?缓(?:缓|一下|一缓|几天|一阵)"
    r"|(?:申请)?(?:延期|延后|推迟|暂缓)(?:还款|缴款|付款|还|缴|付)?(?:一|两|二|三|几|\d)\s*个?(?:月|礼拜|星期|周)"
    # Starting later: "start paying in 2 months", "三个月后再开始还", "推迟两个月"
    r"|\b(?:start|begin)\s+(?:paying\s+|payments?\s+|to\s+pay\s+|it\s+)?(?:again\s+)?(?:in|after)\s+"
    r"(?:a|an|one|two|three|four|five|six|\d{1,2}|a\s+few|a\s+couple\s+of|couple\s+of|few)\s+(?:months?|weeks?)\b"
    r"|\b(?:delay|postpone|push\s+back|defer)\b[^.?!]{0,25}\b(?:months?|weeks?)\b"
    r"|(?:一|两|二|三|四|五|六|几|\d{1,2})\s*个?(?:月|礼拜|星期|周)(?:以?后|之后)\s*(?:再|才)?\s*(?:开始)?"
    r"\s*(?:还|付|缴)(?![清完掉])"
    r"|(?:推迟|延后|延迟|晚)\s*(?:一|两|二|三|四|五|六|几|\d{1,2})\s*个?(?:月|礼拜|星期|周)"
)
_DURATION = re.compile(
    r"(?P<n>\d{1,3}|a|one|two|three|four|five|six|a\s+couple\s+of|a\s+few|few|couple\s+of)"
    r"\s*(?P<unit>months?|weeks?|days?)\b"
    r"|(?P<zn>\d{1,3}|[一二两三四五六七八九十]{1,3}|几)\s*(?P<zunit>个月|个礼拜|个星期|周|星期|礼拜|天)"
)
_UNIT_DAYS = {"week": 7, "day": 1}


@dataclass(frozen=True, slots=True)
class Proposal:
    """What a message proposes besides a plan.

    Attributes:
        settle: The message offers a sum to close the account.
        split: ``(first day or None, day of the rest)`` for "X now and the rest on D".
        half: The split is of the balance in halves (no amount named).
        pause: The message asks for a break from paying.
        pause_days: Its length in days from today when named (months by the calendar),
            else None.
        payments: ``(amount's index, its day or None)`` for each of several amounts named
            with their days (only the first may have none).
        rest: The day of "the rest" after those ``payments``, when named.
        first_then_rest: The one amount is a first payment and "the rest" goes in the
            instalments the message names ("3000 now, the rest over 3 months",
            "先还5000，剩下的分6期"), the first payment on ``first_day`` when said ("now").
        first_day: The day of that first payment, when said.
    """

    settle: bool = False
    split: tuple[date | None, date] | None = None
    half: bool = False
    pause: bool = False
    pause_days: int | None = None
    payments: tuple[tuple[int, date | None], ...] = ()
    rest: date | None = None
    first_then_rest: bool = False
    first_day: date | None = None


NOTHING = Proposal()


def read_proposal(
    text: str,
    today: date,
    *,
    amounts: int,
    count: int | None,
    frequency: str | None,
    amount_spans: Sequence[tuple[int, int]] = (),
) -> Proposal:
    """Read a settlement, split, payments on their own days or pause from folded ``text``.

    Args:
        text: Folded message text.
        today: The debtor's calendar day.
        amounts: How many money amounts the message names.
        count: Instalment count named, if any.
        frequency: Frequency named, if any.
        amount_spans: Where each amount stands in ``text``.
    """
    pause = _PAUSE.search(text)
    if pause is not None and amounts == 0:
        return Proposal(pause=True, pause_days=_pause_days(text, today))
    if amounts > 1 and frequency is None and count is None and len(amount_spans) == amounts:
        return _payments(text, today, amount_spans)
    if amounts == 0 and frequency is None and count is None:
        if _SETTLE.search(text) and _LEAST.search(text):
            # "what's the lowest you'd accept to settle?", 和解金最低多少: the least asked
            return Proposal(settle=True)
        return _halves(text, today)
    if amounts == 1 and (count is not None or frequency is not None) and amount_spans:
        then = _first_then_rest(text, today, amount_spans[0])
        if then is not None:
            return then
    if amounts != 1 or frequency is not None:
        return NOTHING
    rest = _REST.search(text)
    if rest is not None and count is None:
        hits = [h for h in find_dates(text, today) if h.day is not None]
        later = [h.day for h in hits if h.start >= rest.start() and h.day is not None]
        if later:
            before = [h.day for h in hits if h.end <= rest.start() and h.day is not None]
            first = before[0] if before else (today if _NOW.search(text) else None)
            return Proposal(split=(first, later[0]))
    if _SETTLE.search(text) and count is None:
        return Proposal(settle=True)
    return NOTHING


def _first_then_rest(text: str, today: date, span: tuple[int, int]) -> Proposal | None:
    """One amount, then "the rest" in instalments named after it ("1000 first and then
    split the rest over 3 months", "我现在先还3000，剩下的分3个月还"); None when the amount
    is itself the instalment ("300 a month, the rest later") or no instalments follow."""
    rest = _REST.search(text, span[1])
    if rest is None or _PER_PERIOD.search(text, max(span[0] - 6, 0), rest.start()):
        return None  # "每月还500，剩下的分3期", "300 a month, the rest …": an instalment
    if not _INSTALMENTS_AFTER.search(text, rest.end()):
        return None
    first = today if _NOW.search(text, 0, rest.start()) else None
    return Proposal(first_then_rest=True, first_day=first)


def _payments(text: str, today: date, spans: Sequence[tuple[int, int]]) -> Proposal:
    """Several amounts, each with the day next to it, and "the rest" with its own.

    The day of each amount is the one between it and the next amount ("1.2k on friday
    and 1545.75 on dec 30"), or, when the message names its first day before its first
    amount, the one between it and the amount before ("周五还1200，12月30号还1545.75").
    Every amount but the first needs a day; otherwise nothing is proposed.
    """
    hits = [h for h in find_dates(text, today) if h.day is not None]
    for m in _NOW.finditer(text):
        if not any(h.start < m.end() and m.start() < h.end for h in hits):
            hits.append(DateHit(m.start(), m.end(), today))
    hits.sort(key=lambda h: h.start)
    anchors = list(spans)
    rest = _REST.search(text, anchors[-1][1])
    if rest is not None:
        anchors.append(rest.span())
    if not hits or _REST.search(text[: anchors[-1][0]]) is not None:
        return NOTHING  # no day, or "the rest" before the last amount: not guessed
    dates_first = hits[0].start < anchors[0][0]
    used: set[int] = set()
    days: list[date | None] = []
    for n, (start, end) in enumerate(anchors):
        since = anchors[n - 1][1] if n else 0
        until = anchors[n + 1][0] if n + 1 < len(anchors) else len(text)
        free = [i for i in range(len(hits)) if i not in used]
        before = [i for i in free if hits[i].start >= since and hits[i].end <= start]
        after = [i for i in free if hits[i].start >= end and hits[i].end <= until]
        pick = (before[-1:] or after[:1]) if dates_first else (after[:1] or before[-1:])
        if not pick:
            if n:
                return NOTHING
            days.append(None)
            continue
        used.add(pick[0])
        days.append(hits[pick[0]].day)
    named = tuple(enumerate(days[: len(spans)]))
    return Proposal(payments=named, rest=days[len(spans)] if rest is not None else None)


def _halves(text: str, today: date) -> Proposal:
    """Half of the balance, then the other half on its own day ("half now and half at the
    end of the month", "今天还一半，另一半月底还"): a split of two equal payments."""
    first = _HALF.search(text)
    if first is None:
        return NOTHING
    second = _HALF.search(text, first.end()) or _REST.search(text, first.end())
    if second is None:
        return NOTHING
    days = [h for h in find_dates(text, today) if h.day is not None]
    later = [h for h in days if h.start > first.start()]
    if len(days) >= 2 and later and days[0].day is not None and days[1].day is not None:
        return Proposal(split=(days[0].day, days[1].day), half=True)
    if len(days) == 1 and later and days[0].day is not None:
        return Proposal(split=(today if _NOW.search(text) else None, days[0].day), half=True)
    return NOTHING


def _pause_days(text: str, today: date) -> int | None:
    m = _DURATION.search(text)
    if m is None:
        return None
    if m.group("unit"):
        raw, unit = m.group("n"), m.group("unit").rstrip("s")
    else:
        raw = m.group("zn")
        zunit = m.group("zunit")
        unit = "month" if zunit == "个月" else "day" if zunit == "天" else "week"
    if raw in ("a few", "few", "几"):
        return None  # "a few months": as long as the policy allows
    n = 1 if raw in ("a", "one") else 2 if "couple" in raw else small_number(raw)
    if not n or n > 120:
        return None
    if unit == "month":
        return (add_months(today, n) - today).days
    return n * _UNIT_DAYS[unit]
