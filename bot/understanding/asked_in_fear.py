"""What frightened or angry debtors ask and say about paying, which is no crisis by itself.

Questions about legal steps or whether we are genuine ("will the police come to my
house??", 会不会上门), a refusal to pay ("I won't pay anything", 我不还了), what happens if one
does not pay (如果我不还会怎么样？), questions about the plan's payments ("how many payments
is that and whats the last one?"), complaints that nobody told or called back, venting in
rude words ("what the hell, for god's sake") and a payment promised for a time (我今晚就把
钱还了): the classifier's crisis reading is not taken on them alone (for legal questions, nor
its opt-out reading), unless words of life, death or goodbye come anywhere in the message;
the word lists still are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.understanding.frustration import FRUSTRATION

# Questions about legal steps or whether the chat is genuine ("will the police come to my
# house??", "are you a real debt collector?", 会不会上门, 律师函有法律效力吗, 我如果沒去開庭會怎樣):
# fear of the collector, not a crisis and not an opt-out. The classifier's reading is not
# taken on them; the word lists still are.
LEGAL_QUESTIONS: tuple[str, ...] = (
    r"\b(?:police|cops|sheriff|bailiff|seize|seized|warrant|arrest\w*|jail|prison|repossess\w*|court|sue|sued|suing"
    r"|summons|garnish\w*|lien|judge?ment|lawsuit|lawyer'?s?\s+letter|legal\s+(?:action|steps|proceedings)"
    r"|sent\s+to\s+my\s+(?:house|home|door|work)|come\s+to\s+my\s+(?:house|home|door|work)|show\s+up\s+at\s+my)\b[^.!]{0,80}\?",
    r"(?:^|[.!?,]\s*)(?:will|would|can|could|are|is|do|does|what\s+if)\s+(?:you|u|ya|y'?all|they|i|my|someone|somebody|the\s+police"
    r"|police|this|it|anyone)\b[^.?!]{0,40}\b(?:police|sheriff|seize|warrant|arrest\w*"
    r"|jail|prison|repossess\w*|court|sue|sued|summons|garnish\w*|lien)\b",
    r"\b(?:(?:is|are)\s+(?:this|you|u)\s+(?:a\s+|an\s+)?(?:really\s+)?(?:real|legit|legitimate|genuine|actual|fake|scam)"
    r"|check\s+(?:this|that|you)\s+(?:is|are)\s+(?:real|legit|genuine)|fake\s+(?:collector|company|bank)"
    r"|pretend(?:ed|ing)?\s+to\s+be|how\s+do\s+i\s+know\s+(?:you|this|it)(?:'re|\s+are|\s+is|'s)?\s+(?:real|legit|genuine|not))\b",
    r"(?:上门|起诉|告我|查封|立案|开庭|法律程序|法律途径|司法程序|强制执行|执行局|冻结|坐牢|被抓|抓去|判刑|拘留|律师函|支付令|支付命令"
    r"|传票|存证信函|法扣|扣薪|失信|限高|诈骗|骗子|假的|假冒|派人|到我家|来我家|找到我家|找到我单位)[^。]{0,30}"
    r"(?:吗|么|嘛|呢|\?|？|会怎样|会怎么样|怎么办|是什么)|(?:骗子|诈骗|假的|骗人的)吧",
    r"(?:会不会|是不是|会被|会给我|会把|会来|会派)[^。？?]{0,12}(?:上门|起诉|告我|查封|立案|开庭|法律|强制执行|冻结|坐牢|抓|判|扣(?:工资|薪)|法扣)",
    r"怎么(?:知道|证明|确认)[^。]{0,10}(?:不是|是)(?:诈骗|骗子|骗人|假的|真的)",
    r"\b(?:served\s+(?:with\s+)?papers|a\s+summons|garnish\w*|court\s+(?:date|case|hearing|order))\b",
    # what is owned taken ("are you going to take my house??", "will you take my car if i dont pay")
    r"\b(?:take|taking|took|seize|repossess)\s+(?:away\s+)?my\s+(?:house|home|car|truck|van|flat|apartment"
    r"|stuff|things|furniture|belongings|wages|pay|paycheck|salary|savings|benefits|pension|tv|phone)\b",
)
# A refusal to pay, what happens if one does not pay, the plan's payments asked about.
PAYING_QUESTIONS: tuple[str, ...] = (
    # what the debt is, or whether it must be paid ("do i have to pay this? i dont even know
    # what this is for", 我不知道这钱是干什么的)
    r"\b(?:don'?t|do\s+not|no)\s+(?:even\s+|really\s+)?(?:know|understand|recogni[sz]e|idea)\s+what\s+(?:this|it|that)\b"
    r"|\bdo\s+i\s+(?:really\s+|even\s+|actually\s+)?(?:have|need)\s+to\s+pay\s+(?:this|it|that)\b"
    r"|(?:不知道|搞不清|不清楚|不明白)(?:这|那)?(?:笔)?(?:钱|账|债|款)",
    r"\b(?:won'?t|will\s+not|ain'?t|am\s+not|'?m\s+not|im\s+not|not\s+going\s+to|refuse\s+to"
    r"|never\s+going\s+to)\s+(?:ever\s+)?pay(?:ing)?\b",
    r"\bwhat\s+(?:happens|will\s+happen|would\s+happen)\s+if\s+i\s+(?:don'?t|do\s+not|can'?t|cannot"
    r"|won'?t)\s+pay\b",
    # "the last one" is a payment here
    r"\b(?:how\s+(?:many|much)|what'?s|whats|what\s+(?:is|are|was)|when'?s|when\s+(?:is|are|do|does))"
    r"\b[^.!]{0,30}\b(?:payments?|instal+ments?|(?:the\s+)?(?:last|first|final|next)\s+(?:one|payment"
    r"|instal+ment)|months?|weeks?)\b",
    r"不还了|不会还|不想还|不打算还|不还钱|不缴了|不会缴|不想缴|一(?:分|毛)(?:钱)?(?:都|也)不(?:会)?(?:还|缴|给)",
    # a payment that may be missed, said ahead ("i might not make the dec 14 payment"), the
    # plan wanted over sooner ("i want it done faster"), the later payments asked about
    # (后面的是不是就少了), one payment that cannot be made asked about
    # (如果我某一期真的缴不出来会怎样)
    r"\b(?:not|n'?t|never)\s+(?:be\s+able\s+to\s+)?make\s+(?:the|this|that|my|next|it|a|one)\b[^.!?]{0,20}"
    r"\b(?:payment|instal+ment|one|it)\b|\bmiss(?:ing)?\s+(?:the|this|a|my|next|one)\b[^.!?]{0,15}\bpayments?\b",
    r"\b(?:done|over|paid\s+off|finished|cleared|sorted)\s+(?:faster|quicker|sooner|earlier)\b",
    r"(?:后面|之后|剩下|接下来)的?(?:几期|每期|那几期|的)?[^。]{0,6}(?:少|多|减少|变少|降低)(?:了|吗|吧|呢|一点)",
    r"(?:如果|要是|假如|万一)[^。？?]{0,12}(?:还|缴|付)不(?:出|起|了|上)(?:来)?(?:的话)?[^。？?]{0,4}"
    r"(?:会|会不会)?(?:怎么样|怎样|咋样|咋办|如何|有什么后果|有啥后果)",
    r"(?:如果|要是|假如|万一)?我?(?:不|没|没有)(?:还|缴|付|还钱|缴钱|还款)(?:的话)?(?:会|会不会)?"
    r"(?:怎么样|怎样|咋样|咋办|如何|有什么后果|有啥后果)",
)

# Not told, not called back, not answered ("nobody told me anything about this debt", "no one
# ever called me back", 没人通知过我, 從來沒有人跟我說過): a complaint about us, not loneliness.
NOT_TOLD: tuple[str, ...] = (
    r"\b(?:(?:nobody|no\s*-?\s*one|no1)\s+(?:\w+\s+)?"
    r"|(?:you|they|the\s+bank|your\s+\w+)\s+(?:(?:have|has|had)\s+)?(?:never|didn'?t|did\s+not|haven'?t|hasn'?t|have\s+not)\s+(?:\w+\s+)?)"
    r"(?:told|tell|called|call|rang|ring|phoned|contacted|contact|informed|inform|warned|warn|explained|explain"
    r"|notified|notify|emailed|email|replied|reply|answered|answer|got\s+back|get\s+back|mentioned|mention)\b",
    r"(?:没|没有|從來沒有|从来没有|从没|從沒)(?:任何)?人(?:跟|和|给|對|对|向)?我?(?:说|講|讲|說|通知|联系|聯繫|联络|聯絡|打电话|打電話|回电|回電|解释|解釋|告诉|告訴|提醒)",
    r"(?:你们|你們|银行|銀行)(?:从来|從來|从|從|都|也)?(?:没|沒)(?:有)?(?:跟|和|给|給|對|对|向)?我?(?:说|講|讲|說|通知|联系|聯繫|联络|聯絡|打电话|打電話|回电|回電|解释|解釋|告诉|告訴|提醒)",
)

# Words of life and death: a legal question said with them may be a crisis, and the
# classifier's reading of it stands ("被列入失信人员我还有什么脸活着").
_LIFE = (
    r"活着|活不|不想活|活下去|死|命|自杀|轻生|跳楼|跳下|结束|了结|走了|解脱|顶楼|楼顶|天台|阳台|桥上|河边|药|刀"
    r"|\bdie\b|\bdying\b|\bdead\b|\bkill|\bsuicid|\bend\s+it\b|\bnot\s+(?:be\s+)?(?:here|around|alive)\b|\bgoodbye\b"
    r"|\bgone\b|\broof|\bbridge\b|\bledge\b|\bpills?\b|\btablets\b|\bgun\b|\brope\b"
)

# Said with a refusal or a question about payments, these make it a possible farewell:
# "I won't pay, I won't be around much longer", "whats the point of the last payment".
_FAREWELL = (
    r"\b(?:die|dead|dying|kill|suicide|end\s+(?:it|my)|be\s+gone|bye|goodbye|farewell"
    r"|(?:not|won'?t|will\s+not)\s+be\s+(?:here|around)|alive|live|living|life|no\s+future|point"
    r"|seeing|survive|pills?|(?:it|this|everything|all)\s+(?:all\s+)?to\s+(?:end|be\s+over))\b"
    r"|死|活|跳|结束|了结|走了|告别|以后|掰掰|拜拜|再见|永别|辈子|遗书|后事|药"
    r"|撑不|熬不|挺不"
)


def _unless_said_with(words: str, phrases: Sequence[str]) -> re.Pattern[str]:
    """One of ``phrases``, in a message with none of ``words`` anywhere."""
    return re.compile(rf"^(?s:(?!.*(?:{words})).*?(?:{'|'.join(phrases)}))")


_ASKS_THE_LAW = _unless_said_with(_LIFE, LEGAL_QUESTIONS)
_ABOUT_PAYING = _unless_said_with(_FAREWELL, PAYING_QUESTIONS)
_NOT_TOLD = _unless_said_with(_FAREWELL, NOT_TOLD)
# Venting in rude words ("what the hell, for god's sake", 烦死了), said with no word of
# farewell, exhaustion or hopelessness ("so tired of everything" stays the classifier's).
_WORN_OUT = (
    rf"{_FAREWELL}|{_LIFE}|\b(?:everything|anymore|any\s+more|tired|exhausted|hopeless|give\s+up|giving\s+up"
    r"|alone|can'?t|cannot|enough|not\s+(?:a\s+)?joke|no\s+joke|not\s+kidding|serious\w*|won'?t\s+need|wont\s+need"
    r"|where\s+i'?m\s+going|im\s+going)\b|累|撑|绝望|放弃|受够|一个人|不是开玩笑|认真"
)
_VENTS = _unless_said_with(_WORN_OUT, (FRUSTRATION.pattern,))
# A payment promised for a time ("ill pay it all off tonight and be done with it", 我今晚就把
# 钱还了, 明天就把這期繳了): the classifier hears "tonight … 了" as a farewell; with no word of
# farewell, exhaustion or hopelessness it is a promise.
PROMISES: tuple[str, ...] = (
    r"\b(?:i'?ll|ill|i\s+will|i'?m\s+going\s+to|im\s+going\s+to|i'?m\s+gonna|im\s+gonna|gonna)\s+"
    r"(?:\w+\s+){0,2}?(?:pay|send|transfer)\b[^.!?]{0,30}\b(?:tonight|today|tomorrow|now|payday"
    r"|this\s+(?:week|evening|afternoon|morning|weekend)|(?:on|by|this|next)\s+(?:mon|tues|wednes|thurs"
    r"|fri|satur|sun)day)\b",
    r"(?:今天|今晚|明天|明早|明晚|马上|现在|等下|待会|晚点|下午|晚上|周末|这周|(?:周|星期|礼拜)[一二三四五六日天]"
    r"|\d{1,2}[号日]|发工资)(?:(?:就|会|再|先)?(?:把|将)[^。，,]{0,8}(?:还|缴|付|转|打)(?:了|掉|清|上|过去|给你们)"
    r"|(?:就|会)(?:还|缴|付|转)(?:钱|款|了|上|过去|给你们)?(?![\d一二两三四五六七八九十百千万]))",
)
_PROMISES = _unless_said_with(_WORN_OUT, PROMISES)


def asks_the_law(folded: str) -> bool:
    """Whether folded ``folded`` asks about legal steps or whether we are genuine (and
    speaks of no life and death)."""
    return _ASKS_THE_LAW.search(folded) is not None


def asks_about_paying(folded: str) -> bool:
    """Whether folded ``folded`` refuses to pay, asks what happens if one does not, or asks
    about the plan's payments (and says no goodbye)."""
    return _ABOUT_PAYING.search(folded) is not None


def complains_not_told(folded: str) -> bool:
    """Whether folded ``folded`` complains that nobody told, called back or answered the
    debtor (and says no goodbye)."""
    return _NOT_TOLD.search(folded) is not None


def only_vents(folded: str) -> bool:
    """Whether folded ``folded`` vents in rude words with no word of farewell, exhaustion
    or hopelessness."""
    return _VENTS.search(folded) is not None


def promises_to_pay(folded: str) -> bool:
    """Whether folded ``folded`` promises a payment for a time (and says no goodbye, and
    nothing of exhaustion or hopelessness)."""
    return _PROMISES.search(folded) is not None
