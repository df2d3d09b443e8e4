"""Someone else not to be contacted ("stop calling my mom", 别给我家里人打电话, 不要打到我公司).

Read as an opt-out (``stop``: the corpus and the blind sets label it so); the dialog
answers it with how only the debtor is spoken to, and keeps the debtor's own chat, when
nothing in the message asks not to be contacted oneself ("stop calling me and my family").

Patterns run on folded text (lower case, Simplified Chinese).
"""

from __future__ import annotations

import re

THIRD_PARTIES = re.compile(
    # asked, then refused: "will you call my boss or my mum?? please dont"
    r"\b(?:will|would|are|do|can)\s+(?:you|u|they)\s+(?:going\s+to\s+|gonna\s+)?(?:call|contact|text|tell|message"
    r"|phone|ring|visit|email)\s+my\s+(?:boss|employer|work|job|office|mum|mom|mother|dad|father|parents?|family"
    r"|wife|husband|partner|kids?|children|friends?|relatives?|neighbou?rs?)\b"
    r"(?=[^.]*\b(?:please\s+)?(?:don'?t|dont|do\s+not|no)\b)"
    r"|\b(?:stop|quit|don'?t|dont|do\s+not|never|no\s+more)\s+(?:\w+\s+)?(?:call(?:ing)?|contact(?:ing)?"
    r"|text(?:ing)?|messag(?:e|ing)|email(?:ing)?|ring(?:ing)?|bother(?:ing)?|harass(?:ing)?|involv(?:e|ing)"
    r"|tell(?:ing)?|phon(?:e|ing)|visit(?:ing)?)\s+(?:my|our)\s+(?:mom|mum|mother|dad|father"
    r"|parents?|family|wife|husband|partner|girlfriend|boyfriend|kids?|children|son|daughter|work|job"
    r"|workplace|office|boss|employer|manager|friends?|relatives?|colleagues?|co-?workers?|neighbou?rs?"
    r"|brother|sister|contacts|references?|in-laws)\b"
    r"|(?:别|不要|不准|不许|请勿|勿)(?:再)?(?:去)?(?:给|跟|向|找|联系|联络|打(?:电话)?(?:给|到)?|打扰|骚扰|通知"
    r"|告诉|寄到|发(?:消息|短信)?给)(?:我)?(?:的)?(?:家里人|家人|家里|爸妈|父母|爸爸|妈妈|老婆|老公|太太|先生"
    r"|孩子|公司|单位|同事|领导|老板|主管|朋友|亲戚|亲人|邻居|紧急联系人|通讯录|妈|爸|老妈|老爸)"
)
# Oneself as the one contacted, outside the third parties named ("me", 给我 but not 我的家人).
_ME = re.compile(
    r"\b(?:me|us)\b|我(?!的|家|爸|妈|老|公司|单位|同事|朋友|主管|领导|老板|亲|孩子|先生|太太|邻居)"
)


def about_others_only(folded: str) -> bool:
    """Whether folded ``folded`` asks that someone else not be contacted, and nothing in it
    outside that asks the same for the writer."""
    spans = [m.span() for m in THIRD_PARTIES.finditer(folded)]
    if not spans:
        return False
    rest, at = [], 0
    for start, end in spans:
        rest.append(folded[at:start])
        at = end
    rest.append(folded[at:])
    return _ME.search(" ".join(rest)) is None


def without(folded: str) -> str | None:
    """``folded`` without its requests about someone else, when they are all it asks of
    us and something else is said beside them; else None."""
    if not about_others_only(folded):
        return None
    rest = THIRD_PARTIES.sub(" ", folded).strip(" ,.;!?，。；！？")
    return rest if len(rest) >= 4 else None


# The writer says they are someone else, writing for the one the chat is for ("this is his
# mother", "I'm her husband", "his birthday is …", 我是他老婆, 我帮他处理, 她的生日是):
# whatever they answer to the identity check, they are not the person it checks.
_KIN_EN = (
    r"(?:wife|husband|mother|mom|mum|mam|father|dad|son|daughter|sister|brother|partner|girlfriend"
    r"|boyfriend|fianc[eé]e?|friend|carer|caregiver|lawyer|attorney|relative|cousin|aunt|uncle"
    r"|niece|nephew|grand(?:ma|pa|mother|father|son|daughter)|neighbou?r|roommate|flatmate)"
)
_KIN_ZH = (
    r"(?:老婆|老公|太太|先生|妻子|丈夫|媳妇|妈|妈妈|母亲|老妈|爸|爸爸|父亲|老爸|儿子|女儿|姐|姐姐|妹|妹妹"
    r"|哥|哥哥|弟|弟弟|女朋友|男朋友|女友|男友|未婚妻|未婚夫|朋友|家人|家属|亲戚|律师|同事|室友|邻居)"
)
SOMEONE_ELSE = re.compile(
    rf"\b(?:this\s+is|i'?m|i\s+am|im|it'?s|its|me\s+here,?)\s+(?:his|her|their)\s+{_KIN_EN}\b"
    rf"|\b(?:on\s+behalf\s+of|writing\s+for|asking\s+for|calling\s+for|messaging\s+for|helping)\s+"
    rf"(?:my|his|her)\s+{_KIN_EN}\b"
    r"|\b(?:his|her|their)\s+(?:birthday|date\s+of\s+birth|dob|d\.o\.b\.?|birth\s*date|id|id\s+number"
    r"|last\s+(?:4|four))\b"
    rf"|我是(?:他|她)(?:的)?{_KIN_ZH}|(?:他|她)(?:的)?(?:生日|出生日期|出生年月日|身份证|证件|尾号|后四)"
    r"|(?:帮|替|代)(?:他|她)(?:处理|问|还|缴|查|办|联系|回复|回)"
)


def writes_for_someone_else(folded: str) -> bool:
    """Whether the writer of folded ``folded`` says they are someone other than the one
    the chat is for (a relative, a friend, a lawyer) writing on that person's behalf."""
    return SOMEONE_ELSE.search(folded) is not None


# A lawyer acts for the debtor ("my attorney is handling this", "I'm represented by counsel",
# 我已经委托律师, 有事找我律师): a collector then deals with the lawyer, not with the debtor.
# A lawyer only threatened ("stop or I'll get a lawyer", 我要找律师告你们) is not one.
_LAWYER = r"(?:attorney|lawyer|solicitor|counsel|legal\s+(?:aid|representative))"
REPRESENTED = re.compile(
    rf"(?<!from\s)(?<!get\s)(?<!getting\s)\b(?:my|our)\s+(?:own\s+|new\s+|debt\s+|legal\s+)?{_LAWYER}\b"
    r"|\b(?:i'?m|i\s+am|we\s+are|we'?re)\s+(?:now\s+|legally\s+)?represented\b"
    rf"|\b(?:i|we)(?:'ve|\s+have)?\s+(?:hired|retained|got|engaged|instructed)\s+(?:an?\s+)?{_LAWYER}\b"
    rf"|\b(?:i|we)\s+have\s+(?:an?\s+)?{_LAWYER}\s+(?:now|already|handling|on\s+(?:it|this))\b"
    r"|(?:我|我们)(?:的)?律师|(?:已经?|我)?委托(?:了)?(?:一位|一个|个)?律师"
    r"|(?:请|找|聘请?)了(?:一位|一个|个)?律师|律师(?:在)?(?:处理|负责|代理|全权)"
)


def names_a_lawyer_acting(folded: str) -> bool:
    """Whether the debtor says a lawyer acts for them (folded text)."""
    return REPRESENTED.search(folded) is not None


# Someone else was contacted or found out about the debt ("my boss picked up and now everyone
# knows", "you told my mother", 同事全都知道了, 主管都在问, 你们给我妈打电话说我欠钱): a
# disclosure the debtor reports, for a person to look into.
_OTHERS_EN = (
    r"(?:boss|manager|supervisor|employer|co-?workers?|colleagues?|mum|mom|mother|dad|father"
    r"|parents?|wife|husband|partner|family|neighbou?rs?|kids?|sister|brother|friends?|landlord)"
)
_OTHERS_ZH = (
    r"(?:同事|主管|老板|领导|上司|家里人|家人|爸妈|父母|我妈|我爸|老婆|老公|邻居|亲戚|朋友|房东)"
)
OTHERS_TOLD = re.compile(
    rf"\b(?:my|our)\s+{_OTHERS_EN}\s+(?:\w+\s+)?(?:picked\s+up|answered|found\s+out|now\s+knows|knows\s+now"
    r"|heard\s+about|got\s+(?:a|the|your)\s+(?:call|message|text|letter))"
    r"|\b(?:everyone|everybody)\s+(?:at\s+(?:work|the\s+office)\s+)?(?:knows|found\s+out|heard)\b"
    rf"|\byou(?:\s+guys)?\s+(?:told|called|texted|messaged|contacted|rang|phoned)\s+my\s+{_OTHERS_EN}\b"
    rf"|{_OTHERS_ZH}(?:们)?(?:现在)?(?:全|都|全都|也)?(?:知道了(?!也没|没关系|无所谓)|在问|来问|问我|接到(?:了)?(?:你们的)?(?:电话|短信))"
    rf"|(?:给|打给|打到|找了?|联系了?)(?:我)?(?:的)?{_OTHERS_ZH}[^。！!]{{0,10}}(?:说我|讲我|告诉)"
)


def others_told(folded: str) -> bool:
    """Whether the debtor reports that someone else was contacted or found out (folded)."""
    return OTHERS_TOLD.search(folded) is not None


# A stop said of the writer themselves ("stop contacting me", 别再联系我), not only of the
# place or the people reached ("stop ringing my office", 别往我公司打了).
_STOPS_ME = re.compile(
    r"\b(?:stop|quit|don'?t|dont|do\s+not|never)\s+(?:ever\s+)?(?:\w+\s+)?(?:contact(?:ing)?|text(?:ing)?"
    r"|messag(?:e|ing)|call(?:ing)?|email(?:ing)?|writ(?:e|ing)\s+to)\s+me\b"
    r"(?!\s+(?:at|on)\s+(?:work|the\s+office|my\s+(?:office|work|job|work\s+phone)))"
    r"|(?:别|不要|不准|停止|不许)(?:再)?(?:联系|联络|找|打给|打电话给|发给|传给|骚扰)我"
    r"(?!(?:的)?(?:公司|单位|家人|家里|爸|妈|朋友|同事|老板|领导|主管))"
)


def stops_me(folded: str) -> bool:
    """Whether a stop in folded ``folded`` is said of the writer, not only of others."""
    return _STOPS_ME.search(folded) is not None
