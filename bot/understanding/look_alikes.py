"""Look-alikes of a crisis or an opt-out, found by reading stressed debtors' conversations and
the writers' batches: figures of speech, a relative's death or funeral, a trip away, the
legal ways out of debt (:data:`FIGURES`, no crisis), and questions about being contacted, a
slip taken back, a fee opted out of, calls at work only (:data:`PREFERENCES`, no opt-out).

Spliced into :data:`bot.understanding.safety.FIGURES` and ``PREFERENCES``; patterns run on
folded text (lower case, Simplified Chinese).
"""

from __future__ import annotations

# Whether family or work will be contacted, asked ("are you going to call my wife about this?")
_ASKED_ABOUT_OTHERS = (
    r"\b(?:are|will|would|do|did)\s+(?:you|u|they|you\s+guys|y'?all)\s+(?:be\s+)?(?:going\s+to\s+|gonna\s+)?"
    r"(?:call|contact|text|tell|message|phone|ring|visit|email)\w*\s+(?:my|our)\s+(?:wife|husband|partner|mum|mom"
    r"|mother|dad|father|parents?|family|boss|employer|work|job|kids?|children|friends?|relatives?|neighbou?rs?)\b"
)

_ASKED_ABOUT_OTHERS_ZH = (
    r"(?:会不会|会|是不是要|要不要)(?:去)?(?:联系|联络|打给|打电话给|打到|通知|告诉|找)(?:我)?(?:的)?(?:家里人|家人"
    r"|爸妈|父母|老婆|老公|公司|单位|同事|朋友|亲戚)"
)

FIGURES: tuple[str, ...] = (
    # whether family or work will be contacted, asked (你们会不会找我家里人): no going
    _ASKED_ABOUT_OTHERS_ZH,
    # a person no longer needed, and on we go (算了 不用了 我先自己看看, 也不用 我们继续好了)
    r"(?:算了|不用了|不需要了|也不用|没事了)[^。]{0,12}(?:我?(?:先)?自己(?:先)?(?:看看|看一下|研究|想想|算算)"
    r"|我们(?:就|先)?继续)",
    # "are you going to call my wife about this?" (a question, no going); a plan no longer
    # affordable ("I lost my job, I can't afford the plan anymore")
    _ASKED_ABOUT_OTHERS,
    r"\bcan'?t\s+afford\s+(?:the|this|my|these|it|that|them)\b[^.?!]{0,30}\b(?:anymore|any\s+more|now)\b",
    # "shoot me the link", away on a trip (我下周就走了，出差半个月), messages that stop once
    # paid, asked about (选方案一的话是不是就不会再收到催款短信了)
    r"\bshoot\s+me\s+(?:a|an|the|your|that)\s+(?:link|text|message|msg|email|details|number|info|invoice|bill"
    r"|quote|code|statement)\b",
    r"走了?[，,\s]*(?:要|得|去)?(?:出差|旅游|旅行|回老家|去外地|搬家|出国|留学|读书|上班|当兵|服役)",
    r"不(?:会|用)再(?:收到|接到)[^。]{0,8}(?:短信|消息|讯息|电话|通知|简讯)",
    # a relative's funeral seen to (最近在处理后事, 忙完我爸的丧事), not one's own affairs
    # put in order; the legal ways out of debt (走更生程序, 前置协商, 债务协商), not a going
    r"(?:办|处理|忙|张罗|料理|操办)(?:完)?(?:(?:我|他|她)?(?:的)?(?:爸|妈|爸爸|妈妈|父亲|母亲|家里|老人|长辈|爷爷|奶奶"
    r"|外公|外婆|姥姥|姥爷|阿公|阿嬷|阿妈|老公|老婆|先生|太太|哥哥|姐姐|弟弟|妹妹|儿子|女儿)(?:的)?|(?:他|她)(?:的)?)?"
    r"(?:后事|丧事)(?![^。]{0,10}(?:我也|自己|我的))",
    r"走(?:更生|清算|破产|前置协商|债务协商|协商|法律|司法|诉讼|调解|仲裁|申诉)(?:程序|流程|途径)?"
    r"|(?:前置|债务|个人)(?:协商|调解|更生)|消债条例|更生程序|清算程序|个人破产"
    r"|\b(?:filing|file)\s+for\s+(?:personal\s+)?(?:bankruptcy|chapter\s+(?:7|11|13))\b",
    # an estate sorted out, a death asked about in general (在处理我外婆的遗产); treatment
    # going well; paying tonight after logging in; studying abroad next year
    r"\b(?:sorting|handling|dealing\s+with|settling|managing)\s+(?:out\s+)?(?:my\s+)?(?:\w+'?s?\s+)?estate\b"
    r"|(?:处理|整理|办理|继承)[^。]{0,6}遗产",
    r"\b(?:in\s+treatment|in\s+therapy|on\s+(?:meds|medication)|seeing\s+a\s+(?:therapist|counsell?or|doctor))\b"
    r"[^.!]{0,30}\b(?:doing\s+better|getting\s+better|improving|much\s+better|on\s+the\s+mend)\b",
    r"\b(?:will|i'?ll|gonna)\s+(?:log\s*in|sign\s+in|get\s+online)\s+and\s+pay\b",
    r"(?:去|到)(?:国外|外地|外国|海外|国外去)(?:读书|留学|工作|打工|念书)",
    # a complaint to be made ("how do I lodge a complaint about the way I've been spoken to")
    r"\b(?:lodge|file|make|raise|submit|put\s+in)\s+(?:a\s+)?(?:formal\s+|official\s+)?complaint\b",
)

PREFERENCES: tuple[str, ...] = (
    # one's own reference asked for again ("whats my reference number again"): no opt-out
    r"\b(?:what(?:'?s|\s+is|\s+was|\s+were)?|whats|send\s+me|give\s+me|tell\s+me|remind\s+me\s+of)\s+"
    r"(?:my|the|our)\s+(?:reference|ref|account|case|customer)\b",
    # whether family or work will be contacted, asked ("will you guys contact my family?")
    _ASKED_ABOUT_OTHERS,
    # whether family or work will be contacted, asked (你们会不会联系我家里人): no opt-out
    _ASKED_ABOUT_OTHERS_ZH,
    # "stop, wrong option, I meant 3": a slip taken back, not an opt-out; messages that stop
    # once paid, asked about; a fee or autopay opted out of; calls during work hours only
    r"^\W*stop\W+(?:wrong|i\s+meant|not\s+that|sorry|oops|no\s+wait|my\s+bad|typo)\b",
    r"\bwill\s+(?:the\s+|these\s+|your\s+)?(?:messages|texts|calls|reminders)\s+stop\b"
    r"|\bwill\s+(?:i|you)\s+stop\s+(?:getting|sending|receiving)\b[^.!]{0,40}\b(?:if|once|after|when)\b",
    r"\bopt\s+out\s+of\s+(?:the\s+)?(?:late\s+fees?|fees?|interest|auto-?pay|direct\s+debit|paper\s+statements?"
    r"|insurance|the\s+fee)\b",
    r"\b(?:stop|don'?t|dont|do\s+not|quit)\s+(?:call|phon|ring)\w*\s+(?:me|my\s+(?:cell|phone|mobile))\s+(?:during"
    r"|at|while\s+(?:i'?m\s+)?at|in)\s+(?:work|working\s+hours|work\s+hours|office\s+hours|the\s+day|the\s+office)\b",
    r"(?:别|不要|不用|勿)[^。]{0,10}(?:打|电话)[^。]{0,10}[，,\s]*(?:有事)?(?:发|传)(?:消息|讯息|短信|简讯|微信|line)"
    r"(?:给我)?(?:就行|就好|就可以|没问题)",
    # told not to be told to someone, writing here wanted ("if my husband answers please
    # don't tell him, message me here"): more contact here, not less
    # something asked to be sent in writing (请给我发一份书面通知, "mail me that in writing"): more
    # contact, not less
    r"(?:请|麻烦)(?:给我|帮我)?(?:发|寄)(?:一份|个)?书面(?:通知|说明|材料|明细|证明)"
    r"|\b(?:send|mail|post|email)\s+(?:me\s+)?(?:that|it|this|something|everything|the\s+\w+)?\s*in\s+writing\b",
    r"(?:,|\bjust|\bplease|\bpls|\bonly|\binstead)\s+(?:message|text|contact|write\s+to|reach)\s+me\s+(?:here"
    r"|on\s+here|in\s+this\s+chat|on\s+this\s+app)\b"
    r"(?![^.!]{0,20}\b(?:never|no\s+more|again)\b)",
)
