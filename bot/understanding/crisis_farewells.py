"""Farewells: a goodbye with a last wish, affairs put in order with words of finality, and
a payment tied to "going" (settling up before leaving, not living to a later instalment,
going in peace once it is paid).

These are the crisis signs most often said beside an amount, a date or a plan, in the
middle of a negotiation; :mod:`bot.understanding.crisis_words` holds the rest. Patterns
run on folded text (lower case, Traditional already turned Simplified).
"""

from __future__ import annotations

# Travel, work or a move: "走之前" or "before I leave" about a trip is no farewell.
_TRIP_ZH = r".{0,12}(?:出差|出国|旅游|旅行|回老家|回国|度假|上班|下班|搬家|开会)"
_NO_TRIP_ZH = r"(?!.{0,12}(?:出差|出国|旅游|旅行|回老家|回国|度假|开会))"
_NO_TRIP_EN = (
    r"(?![^.?!]*\b(?:trip|travel\w*|holiday|vacation|abroad|overseas|business|moving|flight|"
    r"deployed|deployment|rehab|back\s+(?:on|in|next))\b)"
)

# Putting affairs in order: things handed over or left for others ...
_HANDED_OVER_ZH = (
    r"(?:(?:把|将)?(?:银行卡|提款卡|金融卡|卡|存折|印章|钥匙|存款|积蓄|钱|密码|房子|车|东西|遗物|猫|狗|孩子|保险|账号|帐号)[^，,。.!！?？]{0,10}"
    r"(?:留给|交给|转给|写给|托付给|托给|送给|送人|交代|改成|放在)"
    r"|交代(?:好|清楚)?了|(?:都|全)(?:送人|留给|交给|安排好)|安排好了?(?:一切|所有|后面))"
)
# ... and words of finality that make it a farewell rather than an errand.
_FINAL_ZH = (
    r"(?:以后|之后|往后)?(?:都|就|也)?(?:不用|不必|别|不要)(?:再)?(?:找|管|等|担心|惦记)我"
    r"|(?:用不上|用不着|用不到)了?|不会(?:再)?回来|找不到我|(?:再见|永别|告别|别了)"
    r"|不在了|走了以后|走了之后|先走了?一步"
    # someone else will see to the rest ("我弟会处理剩下的", "以后她会处理，我就不管了", "他会懂")
    r"|会(?:帮我)?处理剩下的|(?:以后|之后)(?:他|她|他们)会处理|我就不管了|(?:他|她|他们)会懂|不需要什么(?:还款)?计划了"
    r"|谢谢你们这段时间"
    r"|(?:家人|家里人|家里|他们|你们|孩子|老婆|老公|爸妈|我妈|我爸)(?:会|就会|自然会|应该会)(?:找到|看到|发现|知道)"
)
_HANDED_OVER_EN = (
    r"\b(?:left|leaving|leave|gave|given|giving|give|handed|hand|sent|wrote|written|signed|put)\s+(?:away\s+|over\s+|down\s+|out\s+)?"
    r"(?:all\s+)?(?:my|the)\s+(?:\w+\s+)?(?:passwords?|pins?|bank\s+details|savings|things|stuff|belongings"
    r"|dog|cat|pets?|keys|papers|accounts?|will|letters?|insurance|car|house|money)\b"
)
_FINAL_EN = (
    r"\b(?:won'?t|will\s+not|wont|don'?t|do\s+not|no\s+longer)\s+(?:need|be\s+needing|bother\s+looking|look\s+for\s+me"
    r"|try\s+to\s+find|be\s+(?:around|here|back|coming\s+back))\b|\bgoodbye\b|\bfarewell\b|\bfor\s+good\b"
    r"|\b(?:after|when)\s+i'?m\s+gone\b|\bnone\s+of\s+(?:it|this)\s+(?:will\s+)?matters?\b"
)

# A goodbye said together with an apology or a last wish is a farewell.
_GOODBYE_EN = r"\b(?:goodbye|good\s+bye|farewell|bye\s+(?:forever|everyone|all))\b"
_LAST_WISH_EN = (
    r"\b(?:sorry\s+(?:for\s+everything|for\s+all|to\s+everyone)|forgive\s+me|tell\s+(?:my|them|her|him)\b"
    r"|take\s+care\s+of\s+my|i\s+love\s+(?:you|them|my)|thank(?:s|\s+you)\s+for\s+(?:all\s+)?(?:these|the)\s+years)"
)
_GOODBYE_ZH = r"(?:再见|永别|别了|告别|拜别|先走(?:了|一步)|我走了)"
_LAST_WISH_ZH = (
    r"(?:对不起(?:大家|所有人|你们|爸|妈|家人|孩子|老婆|老公)|原谅我|照顾好|帮我照顾|下辈子|来世|不孝"
    r"|谢谢(?:你们|大家|爸|妈)?(?:这些年|这么多年|这几年|一直以来|多年来)|(?:爸妈|爸|妈|孩子)[，,]?.{0,6}(?:对不起|不孝))"
)

FAREWELLS: tuple[str, ...] = (
    # an apology to be passed on for the writer, said with leaving (兄弟，别发了，我今晚就走了，
    # 替我跟你们公司说声抱歉)
    r"(?:今晚|今天|马上|这就|先)就?走了[^。]{0,20}(?:替|帮)我[^。]{0,10}(?:说|道)(?:声|个|一声)?(?:抱歉|对不起|再见|谢谢)"
    r"|(?:替|帮)我[^。]{0,10}(?:说|道)(?:声|个|一声)?(?:抱歉|对不起|再见)[^。]{0,20}(?:今晚|今天|马上|这就)就?走了",
    rf"{_GOODBYE_EN}.*{_LAST_WISH_EN}|{_LAST_WISH_EN}.*{_GOODBYE_EN}",
    rf"{_GOODBYE_ZH}.*{_LAST_WISH_ZH}|{_LAST_WISH_ZH}.*{_GOODBYE_ZH}",
    # a farewell: affairs put in order together with words of finality (this outranks the
    # opt-out the same words can look like, "以后不用找我了")
    rf"(?:{_HANDED_OVER_ZH}).*(?:{_FINAL_ZH})|(?:{_FINAL_ZH}).*(?:{_HANDED_OVER_ZH})",
    rf"(?:{_HANDED_OVER_EN}).*(?:{_FINAL_EN})|(?:{_FINAL_EN}).*(?:{_HANDED_OVER_EN})",
)

TIMELINES: tuple[str, ...] = (
    # Paying up before "going": a farewell with the affairs tidied, a timeline one will not
    # live to the end of, "won't be around" for a later instalment, going in peace once paid.
    rf"(?<!出差)(?<!出国)(?<!旅游)(?<!回家)(?<!下班)(?<!搬家)(?<!你)(?<!他)(?<!她)(?:走|离开)(?:之前|以前)(?!{_TRIP_ZH})",
    r"(?:安心|放心|安安心心|安稳|踏实|安详|干干净净|无牵无挂)(?:地|的)?(?:走|上路|离开|离世)(?!路|进|过|到|去)",
    r"走(?:也)?(?:走)?(?:得|的)(?:干净|干干净净|安心|放心|踏实|安稳|无牵无挂|体面|了无牵挂|没有牵挂)",
    r"了无牵挂|无牵无挂|没(?:有)?(?:什么|任何)?牵挂了|(?:就|也)?(?:没有|没)(?:以后|明天|未来)了",
    r"(?:活|撑|熬|挺|等|陪)不(?:到|过|了)(?:我?(?:还|缴|付)(?:完|清)|结清|(?:最后|下|第[一二三四五六七八九十\d]{1,2})一?期|(?:还清|还完|结清)?的?那一?天)",
    r"活不到|看不到(?:我?(?:还|缴|付)(?:完|清)|结清)的?那一?天",
    rf"我[^，,。!！?？]{{0,10}}?(?:已经|早就|早已|应该|大概|恐怕|可能|也|快|就要|估计|都|就|也许)*不(?:会)?(?:在|活着)(?:了|人世|人间|这个?世上)(?![，,]?\s*(?:后天|下周|下礼拜|改天|明天|回来|晚点)){_NO_TRIP_ZH}",
    r"我[^，,。!！?？]{0,10}?(?:已经|早就|早已)不在(?=$|[，,。.!！?？…~])",
    r"(?:见不到|看不到|找不到|联系不到)我(?:这个人)?了(?!.{0,6}(?:出差|出国|旅游|度假|信号|没电))|(?:世上|世界上)(?:就)?(?:没有|没)我(?:这个人)?了|没有我这个人了",
    r"(?:给|留给)(?:孩子|女儿|儿子|家人|老婆|老公|爸妈|父母|我妈|我爸|家里)[^，,。]{0,4}(?:留|写)(?:了|好|下)+(?:一)?(?:封|些|几封)?(?:信|字条|纸条|遗言)",
    r"这辈子就(?:这样|到这|到此)(?:吧|了|为止)|(?:再见|永别)了?[，,\s]*这(?:辈子|一生)",
    r"\b(?:pay|paid|settle|clear|sort|tidy|tidying|finish|wrap|close|deal\w*\s+with|take\s+care\s+of)\w*\b[^.?!]{0,50}"
    rf"\b(?:before|once|after|when)\s+i\s+(?:go|leave|pass(?:\s+(?:away|on))?)\b(?!\s+(?:to|on|for(?!\s+good)|back|home|out|abroad|away|overseas|shopping|into|in|the|this|my|work|tomorrow|today|next|at|later|now|there|through)\b){_NO_TRIP_EN}",
    r"\b(?:before|once|after|when)\s+i'?m\s+(?:gone|dead|no\s+longer\s+(?:here|around|alive))\b"
    r"|\b(?:before|after|when|once)\s+i\s+(?:pass(?:\s+(?:away|on))?|die)\b(?!\s+(?:the|my|this|an?|it|through|by|out)\b)",
    r"\b(?:paid|settled|cleared|sorted|done)\b[^.?!]{0,40}\bi\s+can\s+(?:finally\s+)?(?:go|leave|rest|die|be\s+at\s+peace)\b(?!\s+(?:to|on|back|home|out|shopping|now\s+and|ahead|abroad|away\s+on|about))",
    r"\b(?:go|die|leave|rest|pass|depart)\s+(?:in\s+peace|with\s+a\s+clean\s+slate|peacefully|with\s+(?:no|nothing)\s+(?:debts?|owing|left\s+owing))\b",
    r"\b(?:nobody|no\s+one|noone|my\s+(?:family|kids|children|wife|husband|son|daughter|parents|partner))\s+(?:inherits?|will\s+inherit|(?:is|are|isn'?t|aren'?t|gets?|won'?t\s+be|doesn'?t\s+get|don'?t\s+get|will\s+be)\s+(?:stuck|left|saddled|lumbered)\s+with)\b",
    r"\bnothing\s+(?:left\s+)?(?:behind|owing)\s+(?:for\s+(?:them|my\s+\w+)\s+)?(?:when|after|once)\s+i\b",
    rf"\b(?:won'?t|will\s+not|wont)\s+be\s+(?:here|around|alive)\s+(?:for|by|when|to\s+see|at)\s+(?:the|my|that|it|any|a)?\s*(?:\w+\s+)?(?:payment|instal+ment|plan|pay\s*off|deadline|due\s+date|end|paid)\w*\b{_NO_TRIP_EN}",
    rf"\bby\s+the\s+time\b[^.?!]{{0,60}}\b(?:won'?t|will\s+not|wont)\s+(?:be\s+)?(?:here|around|alive|living)\b{_NO_TRIP_EN}",
    rf"\b(?:won'?t|will\s+not|wont|never|not\s+going\s+to|not\s+gonna)\s+live\s+(?:to\s+see|long\s+enough|that\s+long|till|until)\b|\bwon'?t\s+(?:last|survive|make\s+it)\s+(?:to|until|till)\s+(?:the\s+)?(?:end|last|final|next|second|third)\b{_NO_TRIP_EN}",
    rf"\b(?:don'?t|do\s+not)\s+(?:plan|intend|expect)\s+(?:on|to)\s+(?:be(?:ing)?\s+)?(?:alive|around|living)\b{_NO_TRIP_EN}",
    rf"\b(?:i'?ll|i\s+will|ill)\s+(?:already\s+|long\s+)?be\s+(?:long\s+)?gone\b(?!\s+(?:for|on|until|till|from|over|to|between|during|this|next|all|a\s+few|the|tomorrow|today|\d))(?![^.?!]*\b(?:back|return)){_NO_TRIP_EN}",
    r"\bno\s+future\s+(?:for\s+me|left|ahead\s+of\s+me)\b|\bi\s+(?:have|got|see)\s+no\s+future\b",
    r"\b(?:kids|family|wife|husband|children|son|daughter|they|she|he)\s+(?:will|'ll|can|would|should)\s+(?:get|have|receive|be\s+paid)\s+(?:the|my)\s+(?:life\s+)?insurance\b",
    r"\b(?:it'?ll|it\s+will|everything\s+will|this\s+will|all\s+this\s+will|it\s+should)\s+(?:all\s+)?be\s+over\s+(?:soon|tonight|tomorrow|shortly)\b(?![^.?!]{0,30}\b(?:pay|paid|payday|salary|plan|instal\w*|month|week)\b)",
    r"\btonight\s+is\s+the\s+night\b|\b(?:at|on|near)\s+the\s+edge\s+of\s+(?:the|a)\s+(?:roof|bridge|cliff|building|platform)\b",
    r"\b(?:bridge|river|tracks|rope|pills|sea|water|edge|ledge)\s+(?:[\w\']+\s+){0,3}?(?:keeps|is|are|has\s+been)\s+calling\s+(?:me|my\s+name|to\s+me)\b",
    r"\b(?:join|be\s+with)\s+my\s+(?:late\s+|dead\s+)?(?:mum|mom|mother|dad|father|wife|husband|son|daughter|brother|sister)\s+(?:again|soon|in\s+heaven|up\s+there)\b",
)
