"""Money amounts in debtor messages: ``500``, ``¥1,200.50``, ``1.2k``, ``三千五``, ``十二块五``.

Works on folded text (see :mod:`bot.understanding.normalize`). Numbers that are really counts,
days, times, ordinals or percentages (``3 months``, ``分6期``, ``15号``, ``3点``, ``2nd``,
``10%``) are not amounts; dates and counts are masked out before amounts are read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from bot.understanding.normalize import Folded
from bot.understanding.numerals import CN_DIGITS, CN_NUMERAL_CHARS, cn_to_decimal, en_words_to_int


@dataclass(frozen=True, slots=True)
class Amount:
    """A money amount the debtor wrote.

    Attributes:
        value: The exact amount.
        currency: ISO code when the debtor wrote one clearly (``¥``/RMB → CNY, ``NT$`` →
            TWD, ``$``/USD → USD); None for 元/块 and bare numbers.
        text: The substring of the message it came from.
    """

    value: Decimal
    currency: str | None
    text: str


_CN = CN_NUMERAL_CHARS
_PREFIX = {
    "nt$": "TWD", "ntd": "TWD", "twd": "TWD", "us$": "USD", "usd": "USD", "$": "USD",
    "rmb": "CNY", "cny": "CNY", "¥": "CNY", "人民币": "CNY", "hk$": "HKD",
}  # fmt: skip
_SUFFIX = {
    "rmb": "CNY", "cny": "CNY", "usd": "USD", "twd": "TWD", "ntd": "TWD", "人民币": "CNY",
    "新台币": "TWD", "台币": "TWD", "美元": "USD", "美金": "USD", "刀": "USD",
    "元": None, "块钱": None, "块": None, "圆": None, "yuan": None, "kuai": None,
    "dollars": None, "dollar": None, "bucks": None, "buck": None,
}  # fmt: skip


def _alternation(words: Mapping[str, str | None]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER = rf"""
    (?P<num>
        \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,])
      | \d+(?:\.\d+)?(?:[{_CN}](?:[\d{_CN}]|点[\d{_CN}])*)?
      | [{_CN}](?:[\d{_CN}]|点[\d{_CN}])*
    )
"""
_AMOUNT = re.compile(
    rf"""
    (?<![a-z0-9_.$¥/:-])
    (?:(?P<pre>{_alternation(_PREFIX)})\s?)?
    {_NUMBER}
    (?:\s?(?P<k>k|grand|thousand)(?![a-z0-9_]))?
    (?:\s?(?P<suf>{_alternation(_SUFFIX)})
        (?:(?P<jiao>[\d一二两三四五六七八九])(?P<jiao_unit>毛|角)?
            (?:(?P<fen>[\d一二两三四五六七八九])(?P<fen_unit>分)?)?
          | 零(?P<fen_only>[\d一二两三四五六七八九])分)?
    )?
    (?:(?P<mao>毛|角)(?:(?P<mao_fen>[\d一二两三四五六七八九])分?)?)?
    """,
    re.VERBOSE,
)
# What follows a number that is not money: counts, days, times, ordinals, percentages, ages
# (六十几岁, 六十多岁: sixty-odd years).
_NOT_MONEY_AFTER = re.compile(
    r"""\s?(?:%|percent|st\b|nd\b|rd\b|th\b|months?\b|mos?\b|weeks?\b|wks?\b|days?\b|years?\b
    |yrs?\b|hours?\b|hrs?\b|mins?\b|minutes?\b|installments?\b|instalments?\b|payments?\b
    |times\b|x\b|am\b|pm\b|o'?clock|:\d|/\d|-\d|[.]\d|people|persons?
    |kids?\b|children\b|child\b|sons?\b|daughters?\b|jobs?\b|cars?\b|loans?\b|apps?\b|cards?\b
    |letters?\b|calls?\b|texts?\b|bills?\b|部分|份|张|封|通电话
    |个|期|天|周|次|号|日|岁|年|月|星期|礼拜|小时|分钟|分之|倍|成|折|人|位|点(?![\d一二两三四五六七八九])
    |楼|层|半|块?(?:以上|以下)
    |(?:多|几|来|余)(?:岁|年|个月|个|天|周|次|期|人|位))""",
    re.VERBOSE,
)
_MONEY_CONTEXT_BEFORE = re.compile(
    r"(?:付|还|给|交|转|先|每月|每个月|每周|每星期|月供|只能|最多|最少|至少|能|可以|剩|欠|共|再|"
    r"pay|paying|give|send|do|offer|only|about|around|max|maximum|least|than|of|is|be)\s*$"
)
_EN_WORDS = re.compile(
    r"\b(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|grand|and)[\s-]+)*"
    r"(?:hundred|thousand|grand)\b(?:[\s-]+(?:and[\s-]+)?(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b)*"
    r"(?:\s?(?P<suf>dollars?|bucks?|yuan|kuai|rmb|usd|ntd|twd))?"
)


def _plain(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _digit(ch: str) -> Decimal:
    return Decimal(int(ch)) if ch.isdigit() else Decimal(CN_DIGITS[ch])


# "not a cent" (一毛钱都没有, 一分都拿不出来, 一塊錢也擠不出來): no amount, nothing to pay.
_NOT_A_CENT = re.compile(
    r"一\s*(?:分|毛|角|块|元)(?:钱)?\s*(?:都|也)(?:没|不|拿不|挤不|掏不|凑不|还不|付不|缴不)"
)


def find_amounts(folded: Folded, masked: str) -> list[tuple[int, int, Amount]]:
    """Find money amounts in ``masked`` (folded text with dates and counts blanked).

    Args:
        folded: The folded message, to quote the original text.
        masked: ``folded.text`` with already-claimed spans replaced by spaces.

    Returns:
        ``(start, end, Amount)`` in order of appearance.
    """
    found: list[tuple[int, int, Amount]] = []
    for m in _AMOUNT.finditer(masked):
        if _NOT_A_CENT.match(masked, m.start()):
            continue
        raw = m.group("num")
        end = m.end()
        jiao = m.group("jiao")
        fen = m.group("fen") or m.group("fen_only") or m.group("mao_fen")
        if m.group("fen") and not (m.group("jiao_unit") or m.group("fen_unit")):
            fen, end = None, m.start("fen")  # "三块五五": a fen digit needs 毛 or 分 beside it
        if (
            jiao
            and m.end("jiao") == end
            and (masked[end : end + 1] == "次" or _NOT_MONEY_AFTER.match(masked, end))
        ):
            # "一万块一次给": 10000, then "at once"; "三千块五个月": 3000 for five months
            jiao, end = None, m.start("jiao")
        has_arabic = any(c.isdigit() for c in raw)
        explicit = bool(m.group("pre") or m.group("suf") or m.group("k") or m.group("mao"))
        lead = re.match(r"\d+(?:\.\d+)?", raw)
        if lead and not explicit and lead.end() < len(raw) and cn_to_decimal(raw) is None:
            # "10000一次性", "45000两清": digits, then a word that starts with a numeral.
            if raw[lead.end()] in "十百千万亿拾佰仟点":
                continue
            raw, end = lead.group(), m.start("num") + lead.end()
        if not has_arabic and len(raw) > 2 and raw.endswith("一") and masked[end : end + 1] == "次":
            raw, end = raw[:-1], end - 1  # "八千一次性", "五千一次还清": 8000, then "at once"
        if not explicit and _NOT_MONEY_AFTER.match(masked, end):
            continue
        if not has_arabic:
            if raw[0] in "百千万亿佰仟" or raw in ("十分", "万一"):
                continue
            has_unit = any(c in "十百千万拾佰仟" for c in raw)
            context = _MONEY_CONTEXT_BEFORE.search(masked, 0, m.start())
            if not (explicit or (has_unit and len(raw) > 1) or context):
                continue
        if has_arabic and len(raw.replace(",", "").split(".")[0]) >= 9 and not explicit:
            continue  # phone or account numbers
        value = cn_to_decimal(raw)
        if value is None:
            continue
        if m.group("k"):
            value *= 1000
        if m.group("mao") and not m.group("suf"):
            value /= 10
        if jiao:
            value += _digit(jiao) / 10
        if fen:
            value += _digit(fen) / 100  # 一毛五, 两块五毛三, 十块零五分
        currency = None
        if m.group("pre"):
            currency = _PREFIX[m.group("pre")]
        elif m.group("suf"):
            currency = _SUFFIX[m.group("suf")]
        text = folded.source(m.start(), end).strip()
        found.append((m.start(), end, Amount(_plain(value), currency, text)))
    for m in _EN_WORDS.finditer(masked):
        if any(s < m.end() and m.start() < e for s, e, _ in found):
            continue
        words = re.split(r"[\s-]+", m.group(0))
        suffix = m.group("suf")
        if suffix:
            words = words[:-1]
        number = en_words_to_int(words)
        if number:
            currency = {"usd": "USD", "rmb": "CNY", "ntd": "TWD", "twd": "TWD"}.get(suffix or "")
            found.append((m.start(), m.end(), Amount(Decimal(number), currency, m.group(0))))
    found.sort(key=lambda item: item[0])
    return found
