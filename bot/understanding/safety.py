"""More ways people say they are in crisis or want no more messages (en, zh after folding).

Grouped by the warning signs crisis lines teach (wanting to die, being a burden,
having the means, saying goodbye, feeling trapped, self-harm) and by the ways people
withdraw consent to contact, so that new phrasings of the same idea are caught. Safety
errs towards caution: a false alarm costs a kind word and a person's look; a miss
costs far more. Patterns run on folded text (Traditional already turned Simplified).
"""

from __future__ import annotations

import re

_PERSON_ME = r"(?:me|myself)"
_CONTACT_VERB = (
    r"(?:contact(?:ing)?|reach(?:ing)?\s+out(?:\s+to\s+me)?|communicat\w*|messag\w*|text\w*|call\w*"
    r"|writ\w*|email\w*|bother\w*|harass\w*|chas\w*|spam\w*|hound\w*|pester\w*)"
)

# Putting affairs in order: things handed over or left for others ...
_HANDED_OVER_ZH = (
    r"(?:(?:把|将)?(?:银行卡|提款卡|金融卡|卡|存折|印章|钥匙|存款|积蓄|钱|密码|房子|车|东西|遗物|猫|狗|孩子|保险|账号)[^，,。.!！?？]{0,10}"
    r"(?:留给|交给|转给|托付给|托给|送给|送人|交代|改成|放在)"
    r"|交代(?:好|清楚)?了|(?:都|全)(?:送人|留给|交给|安排好)|安排好了?(?:一切|所有|后面))"
)
# ... and words of finality that make it a farewell rather than an errand.
_FINAL_ZH = (
    r"(?:以后|之后|往后)?(?:都|就|也)?(?:不用|不必|别|不要)(?:再)?(?:找|管|等|担心|惦记)我"
    r"|(?:用不上|用不着|用不到)了?|不会(?:再)?回来|找不到我|(?:再见|永别|告别|别了)"
    r"|不在了|走了以后|走了之后|先走了?一步"
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

DISTRESS: tuple[str, ...] = (
    rf"{_GOODBYE_EN}.*{_LAST_WISH_EN}|{_LAST_WISH_EN}.*{_GOODBYE_EN}",
    rf"{_GOODBYE_ZH}.*{_LAST_WISH_ZH}|{_LAST_WISH_ZH}.*{_GOODBYE_ZH}",
    # a farewell: affairs put in order together with words of finality (this outranks the
    # opt-out the same words can look like, "以后不用找我了")
    rf"(?:{_HANDED_OVER_ZH}).*(?:{_FINAL_ZH})|(?:{_FINAL_ZH}).*(?:{_HANDED_OVER_ZH})",
    rf"(?:{_HANDED_OVER_EN}).*(?:{_FINAL_EN})|(?:{_FINAL_EN}).*(?:{_HANDED_OVER_EN})",
    # wanting to die or not to exist
    r"\b(?:rather|wish\s+i\s+(?:was|were|could\s+be))\s+(?:be\s+)?dead\b",
    r"\bbe\s+better\s+dead\b",
    r"\bdisappear\s+(?:forever|for\s+good|from\s+(?:this|the)\s+(?:world|earth))\b",
    r"\b(?:want|wanna|wish)\s+(?:to\s+)?(?:disappear|vanish|not\s+exist|stop\s+existing)\b",
    r"\bend(?:ing|ed)?\s+(?:my|this|our)\s+(?:own\s+)?life\b",
    r"\bend(?:ing)?\s+(?:everything|it\s+all)\b",
    r"\b(?:kill|hang|shoot|drown|poison|cut)(?:ing)?\s+" + _PERSON_ME + r"\b",
    r"\bcutting\s+myself\b",
    r"\b(?:sleep|go\s+to\s+sleep)\s+and\s+never\s+wake\b",
    r"\bnever\s+wake\s+up\b",
    r"\btired\s+of\s+(?:living|life|being\s+alive|existing)\b",
    r"\bdone\s+with\s+(?:life|living)\b",
    r"\b(?:point|reason|purpose)\s+(?:of|in|to|for)\s+(?:living|life|keep\s+going|going\s+on|being\s+alive)\b",
    r"\b(?:no|any)\s+reason\s+to\s+(?:live|keep\s+going|go\s+on|stay)\b",
    r"\bwant\s+it\s+(?:all\s+)?to\s+be\s+over\b",
    r"\bsuicidal\b",
    r"\bhang\s+myself\b",
    # a burden, nobody would miss me
    r"\b(?:better|happier)\s+off\s+without\s+me\b",
    r"\bnobody\s+(?:would|will)\s+(?:miss|care)\b",
    r"\b(?:if|when)\s+i(?:'m|\s+am|\s+was|\s+were)\s+gone\b",
    r"\bburden\s+(?:to|on)\s+(?:everyone|my\s+family|them)\b",
    # the means
    r"\b(?:pills|rope|gun|razor|charcoal|poison)\s+(?:are\s+|is\s+)?ready\b",
    r"\b(?:have|got|bought)\s+(?:the|a|some)\s+(?:pills|rope|gun|poison|charcoal)\b",
    r"\b(?:took|swallowed|take)\s+(?:a\s+|the\s+)?(?:whole\s+)?(?:bottle|bunch|handful|lot|box)\s+of\s+(?:\w+\s+)?pills\b",
    r"\b(?:swallow(?:ed)?|took|taken|downed|take)\s+(?:a\s+|the\s+)?(?:whole\s+|entire\s+)?(?:bottle|bunch|handful|lot|load|box|pack|packet|strip)s?\s+of\s+(?:\w+\s+)?(?:pills|tablets|meds|medication|painkillers)\b",
    r"\blife\s+insurance\b",
    r"\bnoose\b",
    r"\b(?:a|the)\s+rope\b",
    r"\bnot\s+waking\s+up\b",
    r"\bno\s+point\s+(?:in\s+)?(?:going\s+on|carrying\s+on|living|trying|being\s+here)\b",
    # goodbye
    r"\b(?:goodbye|suicide|farewell)\s+(?:note|letter)\b",
    r"\bgoodbye\s+forever\b",
    r"\bmy\s+last\s+(?:words|goodbye)\b|\b(?:this\s+is|here'?s)\s+my\s+(?:last|final)\s+message\b",
    # putting affairs in order, stockpiling, searching for a way, a last message
    r"\b(?:written|wrote|write|made|make|sorted|sort)\s+(?:out\s+)?my\s+will\b",
    r"\b(?:gave|giving|give)\s+(?:away\s+)?(?:my|all\s+my)\s+\w+(?:\s+\w+)?\s*(?:away|to\s+\w+)?,?\s+i\s+won'?t\s+(?:be\s+around|need)",
    r"\bwon'?t\s+be\s+around\b",
    r"\b(?:sav(?:ing|ed)|stockpil\w*|hoard\w*|collect(?:ing|ed))\s+(?:up\s+)?(?:my\s+)?(?:sleeping\s+)?(?:pills|tablets|meds)\b",
    r"\b(?:painless|easiest|quickest|quiet)\s+ways?\s+to\s+(?:go|die|end\s+it)\b",
    r"\b(?:final|last)\s+message\s+to\s+(?:anyone|everyone|you\s+all)\b",
    r"\bburden\b.*\bsoon\b|\bsoon\b.*\bburden\b",
    r"\b(?:pain|suffering)\s+to\s+(?:end|stop)\b",
    r"\bcrash(?:ing)?\s+(?:my|the)\s+car\s+on\s+purpose\b",
    r"\bif\s+(?:something|anything)\s+happens\s+to\s+me\b",
    # trapped
    r"\bno\s+way\s+out\b",
    r"\b(?:can'?t|cannot|don'?t|do\s+not)\s+see\s+(?:a|any)\s+way\s+out\b",
    r"\bend(?:ing)?\s+things\b",
    r"\b(?:life|it)\s+(?:isn'?t|is\s+not|not|ain'?t)\s+worth\s+living\b",
    r"\bpoint\s+(?:of|in)\s+(?:waking|getting)\s+up\b",
    r"\b(?:standing|sitting|stood)\s+on\s+(?:the|a|this)\s+(?:bridge|ledge|roof|rooftop|edge|railing)\b",
    r"\bjump(?:ing)?\s+(?:in\s+front\s+of|off|from)\s+(?:a|the)\s+(?:train|bridge|building|roof|cliff|balcony)\b",
    r"\b(?:said|saying|say)\s+(?:my\s+)?goodbyes?\s+to\s+(?:my|everyone|everybody)\b",
    r"\bwon'?t\s+be\s+(?:around|here|alive)\s+(?:much\s+)?(?:longer|anymore|any\s+more|tomorrow)\b",
    r"\b(?:don'?t|do\s+not|can'?t)\s+see\s+(?:any|a)\s+(?:reason|point|way)\s+to\s+(?:keep\s+going|go\s+on|live|continue)\b",
    # more of the same warning signs, by concept rather than by sentence
    r"\b(?:rather|ready\s+to|want\s+to|wanna|wana|going\s+to|gonna)\s+die\b",
    r"\bdeath\s+would\s+be\s+(?:easier|better|a\s+relief)\b",
    r"\boff(?:ing)?\s+myself\b|\bkms\b|\bunaliv\w*|\bsewerslide\b|\bsu?ici?de\b|\bsucide\b",
    r"\b(?:wish|hope|pray)\w*\b[^.?!]{0,30}\b(?:(?:don'?t|wont|won'?t|never|not)\s+wake|die|dead"
    r"|never\s+(?:been\s+)?born|not\s+exist|takes?\s+me|hits?\s+me|asleep\s+forever)",
    r"\b(?:sleep|asleep)\s+forever\b",
    r"\b(?:nobody|no\s+one|noone|no1)\s+(?:would|will|even|'?d)\s+(?:even\s+)?(?:notice|care|miss)\b",
    r"\bnothing\s+(?:left\s+)?(?:to\s+live\s+for|left\s+for\s+me)\b|\bwant\s+out\s+of\s+(?:life|this\s+life)\b",
    r"\bby\s+the\s+time\s+you\s+read\s+this\b|\bgoodbye\s+before\s+i\s+go\b|\bbe\s+gone\s+by\s+(?:morning|tonight|tomorrow)\b",
    r"\bgoodbye\s+(?:everyone|everybody|all|world|cruel)\b|\bdone\s+for\s+good\b",
    r"\b(?:won'?t|wont|will\s+not)\s+matter\s+(?:after|soon|any\s*more|tomorrow)\b|\bnone\s+of\s+(?:it|this)\s+will\s+matter\b",
    r"\b(?:given|gave|giving)\s+away\s+(?:all\s+)?(?:my|of\s+my)\b",
    r"\b(?:affairs|papers)\s+in\s+order\b|\bsorted\s+(?:out\s+)?my\s+affairs\b|\bleft\s+(?:letters?|a\s+(?:letter|note))\s+(?:for|to)\b",
    r"\b(?:pills|tablets)\b[^.?!]{0,25}\b(?:in\s+front\s+of\s+me|not\s+wake|enough)\b|\benough\s+(?:pills|tablets)\b",
    r"\btook\s+(?:all|every\s+one\s+of)\s+my\s+(?:\w+\s+)?(?:pills|tablets|meds)\b",
    r"\b(?:step|stepping|jump|jumping|lie|lying|lay|laying|walk|walking)\s+(?:in\s+front\s+of|on(?:to)?)\s+(?:a|the)\s+(?:train|tracks|train\s+tracks|railway|bus|truck|lorry)\b",
    r"\b(?:on|at)\s+(?:the|a)\s+(?:bridge|roof|ledge|cliff)\s+(?:right\s+)?now\b",
    r"\bwalk(?:ing)?\s+into\s+the\s+(?:sea|ocean|river|lake|water)\b|\bcharcoal\b|\bwindows\s+sealed\b",
    r"\bdrive\s+(?:my\s+car\s+)?(?:into|off)\s+(?:a|the)\s+(?:wall|tree|river|cliff|bridge)\b",
    r"\bdo(?:ing)?\s+it\s+tonight\b|\bplanned\s+how\s+i'?m\s+going\s+to\b|\bpicked\s+a\s+(?:date|day)\b",
    r"\b(?:been\s+)?cutting\s+(?:again|myself|my\s+\w+)\b|\bbeen\s+cutting\b|\bhit(?:ting)?\s+myself\b",
    r"\bburn(?:ed|t|ing)?\s+(?:my\s*self|my\s+\w+)\s+on\s+purpose\b|\bself\s*harm",
    r"\b(?:if|when|once)\s+(?:i\s+die|i\s+am\s+dead|i'?m\s+dead|im\s+dead|i\s+was\s+dead)\b",
    r"\bkil+\s+my\s*self\b|\b(?:don'?t|dont)\s+(?:want|wanna|wana)\s+(?:to\s+)?live\b|\bend\s+my\s+(?:lfie|lief|live)\b",
    # wanting everything to stop with oneself in it; a last word that one will not be heard from
    r"\b(?:everything|it\s+all|the\s+world|all\s+of\s+it)\s+to\s+(?:stop|end)\b[^.?!]{0,20}\b(?:me\s+(?:included|too|with\s+it)|including\s+me|myself|with\s+me)\b",
    r"\b(?:won'?t|will\s+not|wont|never)\s+(?:ever\s+)?hear\s+from\s+me\s+again\b(?![^.?!]{0,12}\b(?:until|till|unless|if|about|on\s+this))|\blast\s+(?:time\s+)?you'?ll\s+(?:ever\s+)?hear\s+from\s+me\b",
    r"\b(?:left|leaving|wrote|written|writing|put)\s+(?:a\s+|some\s+)?(?:letters?|notes?)\b[^.?!]{0,40}\b(?:for|to)\s+(?:my\s+(?:son|daughter|kids?|children|wife|husband|mum|mom|mother|dad|father|parents|family|partner|girlfriend|boyfriend|sister|brother)|everyone|everybody)\b",
    # Chinese
    r"我.{0,6}去死(?!吧)",
    r"(?:希望|但愿|要是能|如果能|真希望|巴不得).{0,8}(?:不(?:要)?(?:再)?醒|别醒|一睡不醒|撞死|死掉|死了)",
    r"睡(?:着|一觉)?.{0,5}(?:再也|永远|不要再|别再)(?:不)?醒",
    r"没(?:有)?(?:出生|被生下来)(?:就好|该多好|多好)",
    r"(?:老天|上帝|老天爷)(?:爷)?(?:把我)?(?:收走|带走)|永远(?:消失|睡下去|睡着)|彻底消失",
    r"我(?:要是|如果|若是)?死了",
    r"我(?:就|只)?是(?:个|家里的)?(?:废物|累赘|拖油瓶)|拖累(?:家人|所有人|大家|家里|他们)",
    r"走投无路|死路一条|熬不下去|撑不住了|不想(?:再)?撑|没(?:有)?活路|日子(?:没法过|过不下去)|人生(?:已经)?(?:完了|毁了)",
    r"再见了?(?:这个)?世界|下辈子|来世|走了(?:以后|之后)|先走一步|不会(?:再)?回来了|找不到我了",
    r"该交代的|(?:写|留)(?:好|下)?了?(?:一封)?(?:信|遗书)(?:留)?给",
    r"老鼠药|百草枯|(?:开|打开)了?(?:煤气|瓦斯)|卧轨|药.{0,4}(?:攒|存|囤)(?:够|好)|桥上.{0,6}不想",
    r"刀.{0,8}(?:划|割|捅)|(?:划|割|烫|伤)(?:了)?(?:我)?自己|撞墙|手腕",
    r"(?:今晚|今天晚上|明天|月底).{0,6}(?:就|我就)?(?:不在了|找不到我)|想好(?:要)?怎么死|一切(?:就|都)?结束了",
    r"(?:想|要|只求|只想|让我)(?:早点|彻底|永远)?解脱|另一个世界|(?:去|到)天堂|去(?:见|找)(?:我)?(?:死去|过世|去世|已故)的",
    r"(?:拿|用)命(?:来)?(?:还|抵|赔)|死给(?:你们|你)看",
    r"(?:煤气|瓦斯)(?:打开|开着|开了)|宁(?:愿|可)(?:去)?死|没有我.{0,8}(?:比较好|好一点|好多了)|我走了.{0,10}(?:就|也)?不用",
    r"\btell\s+(?:them|my\s+\w+|her|him)\s+(?:i'?m|im|i\s+am)\s+sorry\b|\bcheck(?:ing)?\s+out\s+(?:permanently|for\s+good|early)\b",
    r"\bwhat'?s\s+the\s+point\s+of\s+(?:any\s+of\s+it|anything|living|life|going\s+on|me)\b",
    r"\bi\s+have\s+a\s+plan\b.*\b(?:die|death|dead)\b|\b(?:death|die|dead)\b.*\bi\s+have\s+a\s+plan\b|\binsurance\b.*\bbetter\s+off\b",
    r"\b(?:after|when|once)\s+i'?m\s+gone\b|\bin\s+case\s+i\s+(?:don'?t|do\s+not)\s+make\s+it\b",
    r"\bengine\s+running\b.*\bgarage\b|\bgarage\b.*\bengine\s+running\b|\bexhaust\s+(?:pipe|fumes)\b|\bcarbon\s+monoxide\b",
    r"\b(?:don'?t|do\s+not)\s+know\s+what\s+i'?(?:ll|m\s+going\s+to|m\s+gonna)\s+do\s+to\s+myself\b",
    r"(?:替|帮)我(?:跟|和|向|对)(?:我)?(?:妈|爸|家人|老婆|老公|孩子|女儿|儿子|父母|爸妈|家里)[^，,。]{0,4}(?:说|道)(?:声|个)?(?:对不起|抱歉|再见|我爱)",
    r"刀.{0,10}不知道(?:会|要)?做|不知道(?:自己)?(?:会|要)做出?(?:什么|啥)(?:傻)?事",
    r"最后一次(?:跟|和|对)(?:你们|你|大家)(?:说话|讲话|说|聊|联系|联络)",
    # a beneficiary named, love or an apology passed on, no more trouble to anyone, new wounds
    r"受益人[^，,。]{0,8}(?:改成|改为|改好|写|填|换成|设成|都是)|\b(?:insurance|policy)\b[^.?!]{0,30}\bbeneficiar|\bbeneficiar\w*\b[^.?!]{0,30}\b(?:insurance|policy)\b",
    r"(?:替我|帮我|请)?(?:跟|和|告诉|转告)我?的?(?:妈|爸|家人|老婆|老公|孩子|女儿|儿子|父母|爸妈|家里)[^，,。]{0,3}说?[^，,。]{0,4}(?:爱(?:他|她|你|他们|她们)|对不起|不孝)",
    r"再也不(?:会|用)(?:再)?(?:麻烦|打扰|拖累|烦)(?:到)?(?:你们|大家|你|任何人|家人|家里)",
    r"\bwon'?t\s+be\s+(?:a\s+)?(?:burden|bother|trouble)\s+to\s+(?:anyone|you|everyone|anybody|you\s+all)\s+(?:any\s*more|again|much\s+longer|for\s+long)\b",
    r"(?:手|手臂|手腕|腿|身上)上?(?:又多了|又有|多了|都是|好几|满是)[^，,。]{0,3}(?:伤口|伤痕|刀痕|疤)",
    r"\b(?:don'?t|dont|do\s+not)\s+(?:want|wanna|wish)\s+(?:to\s+)?(?:exist|be\s+alive|live)\b",
    r"\bplan(?:ning|ned)?\s+(?:my|an)\s+(?:exit|death|suicide|way\s+out)\b",
    r"我(?:就|只)?是(?:个|家里的|家人的|大家的)?(?:废物|累赘|拖油瓶|负担)|(?:家人|家里|大家|所有人)的(?:负担|累赘)",
    r"不想(?:再)?醒(?:来|过来)",
    r"\b(?:won'?t|wont|will\s+not)\s+be\s+alive\b",
    r"\bfeel(?:ing)?\s+like\s+(?:dying|i\s+want\s+to\s+die|ending\s+it)\b",
    r"\b(?:might|may|won'?t|will|wont)\s+(?:not\s+)?be\s+here\s+(?:tomorrow|much\s+longer|next\s+week)\b",
    r"\bnot\s+(?:gonna|going\s+to)\s+make\s+it\s+(?:through\s+)?(?:tonight|the\s+night|another\s+day|to\s+tomorrow)\b",
    r"绝路|(?:割|划)(?:手|腕)",
    "一了百了",
    r"(?:自我|自己)了断|了断(?:自己|生命|此生)",
    r"了结(?:自己|这一生|一生|生命|此生|这一切|残生)",
    r"结束(?:这一切|一切|自己|生命|我的生命|这条命|这一生)",
    r"活(?:够|腻)了",
    r"活着(?:太|好|真|很)?累",
    r"活着.{0,4}(?:意义|意思)",
    r"(?:不想|没脸|不配|没法|不愿)(?:再)?活",
    "活下去",
    r"(?:离开|告别|消失在)(?:这个|这)?世界",
    r"不想(?:再)?活在(?:这个|这)?世",
    r"站在.{0,3}(?:楼顶|顶楼|天台|桥上|桥边|窗台|窗边|河边|江边|海边|阳台边)",
    "绳子",
    r"(?:吞|吃|喝)了?(?:一|整|一整|好几)(?:瓶|罐|盒|把|堆|板)(?:的)?(?:药|安眠药)",
    "安眠药",
    "农药",
    "烧炭",
    "木炭",
    "上吊",
    r"(?:喝|吞)(?:农|安眠)?药",
    r"从.{0,6}跳下去",
    r"跳(?:楼|河|海|桥|江|湖|下去)",
    "遗书",
    "遗言",
    r"睡过去.{0,3}不(?:再)?醒",
    "永远不醒",
    r"没有我.{0,8}(?:更好|好过|轻松|会好)",
    "以死谢罪",
    r"走了(?:算了|就好)",
    r"(?:人生|活着|生活)(?:没有|没|毫无|看不到)(?:任何)?希望",
    r"(?:人生|生命|生活)(?:没有|没|毫无)(?:任何)?(?:意义|意思)",
    r"(?:在|上了|爬上|到了)(?:楼顶|顶楼|天台)",
    r"死了就(?:不用|不必|可以不|能不)",
    "后事",
    "遗嘱",
    "永别",
    r"(?:以后|之后)我(?:就)?不在了|我不在了(?:以后|之后)",
    r"(?:攒|存|囤)(?:了|够了?)?(?:安眠药|药)",
    r"(?:怎么|如何)(?:走|死)(?:得|会)?(?:比较)?(?:不痛苦|没有痛苦|不痛)",
    r"最后一(?:条|则|次)(?:消息|信息|讯息)",
    r"(?:累赘|拖油瓶).{0,6}(?:很快|马上|快)|(?:很快|马上)就?不(?:会)?再?是(?:累赘|拖油瓶)",
    r"(?:所有|这一切|一切)?的?痛苦(?:结束|停下|停止)",
    r"故意(?:去)?(?:撞车|撞墙|开车撞)",
    r"如果我出了(?:什么|啥)事",
    "绝望",
    r"(?:只能|只想|就去|想去|干脆去|我就去|干脆)(?:去)?死",
    r"死了(?:算了|干净|就好|好了|一了百了)",
    r"(?:伤害|割|伤)(?:了)?自己",
    "自残",
    "想不开",
    "寻短见",
    "轻生",
)

STOP: tuple[str, ...] = (
    r"\bcease\s+(?:and|&)\s+desist\b",
    r"\bno\s+(?:further|more)\s+(?:contact|communication|messages|texts|calls)\b",
    r"\b(?:don'?t|do\s+not|never|stop|quit)\s+(?:ever\s+)?(?:again\s+)?"
    + _CONTACT_VERB
    + r"(?:\s+(?:with\s+)?"
    + _PERSON_ME
    + r"|\s+again|\s+any\s*more)\b",
    r"\b(?:stop|quit|don'?t|do\s+not|never)\s+(?:ever\s+)?(?:again\s+)?reach(?:ing)?\s+out\b",
    r"\bcease\s+(?:all\s+)?(?:contact|communication|calls|messages)\b",
    r"\bopt\s+me\s+out\b",
    r"\b(?:don'?t|do\s+not)\s+want\s+(?:you|anyone|your\s+\w+)\s+(?:to\s+)?"
    + _CONTACT_VERB
    + r"\s+me\b",
    r"\b(?:don'?t|do\s+not|never)\s+(?:ever\s+)?"
    + _CONTACT_VERB
    + r"(?:\s*(?:,|or|and|nor)\s+"
    + _CONTACT_VERB
    + r")+\s+me\b",
    r"\b(?:revoke|withdraw|withdrawing|revoking|rescind\w*|retract\w*|cancel\w*|take\s+back|taking\s+back)\s+(?:my\s+|any\s+|all\s+)?(?:consent|permission)\b",
    r"\b(?:consent|permission)\s+(?:is\s+|has\s+been\s+)?(?:withdrawn|revoked|rescinded|retracted|denied|cancell?ed)\b",
    r"\bcease\s+(?:all\s+)?(?:contact\w*|communicat\w*|messag\w*|texting|calling|writing)\b",
    r"\bopt(?:ing|ed)?\s+out\b",
    r"\b(?:don'?t|do\s+not)\s+have\s+my\s+(?:consent|permission)\b",
    r"\bnever\s+(?:agreed|consented)\s+to\s+(?:be(?:ing)?\s+)?(?:contacted|messaged|texted|called)\b",
    r"\b(?:end|cut\s+off|terminate|stop|cease)\s+(?:all\s+|any\s+)?(?:communication|contact)\s+with\s+me\b",
    r"\b(?:don'?t|do\s+not|never)\s+(?:ever\s+)?reach\s+me\b",
    r"\b(?:don'?t|do\s+not)\s+want\s+to\s+be\s+(?:contacted|messaged|texted|called|emailed|bothered)\b",
    r"\b(?:take|remove|delete)\s+my\s+(?:name|details|info\w*|data)\s+(?:off|from|out\s+of)\b",
    r"\brefuse\s+(?:any\s+|all\s+)?(?:further\s+|more\s+)?(?:contact|communication|messages)\b",
    r"\b(?:don'?t|do\s+not)\s+want\s+(?:to\s+hear\s+from\s+you|(?:any\s*more|any|further|more|your)\s+(?:messages|texts|contact|calls|communication))",
    r"\bnot\s+(?:allowed|permitted|authori[sz]ed)\s+to\s+(?:contact|message|text|call|write\s+to)\b",
    r"\b(?:take|remove|delete)\s+(?:my|this)\s+number\s+(?:off|from)\b",
    r"\boff\s+your\s+(?:list|system|database)\b",
    r"\b(?:don'?t|do\s+not)\s+" + _CONTACT_VERB + r"\s+me\b",
    r"\b(?:go\s+away|get\s+lost)\b.*\bstop\b|\bstop\b.*\bgo\s+away\b",
    # asking to be erased from the list, told to get off one's phone, to leave one alone
    r"\b(?:delete|remove|erase|scrub|wipe|purge)\s+(?:me|my\s+(?:phone\s+|cell\s+|mobile\s+)?number|my\s+contact\s+(?:info|details))\b",
    r"\bget\s+(?:off|out\s+of)\s+my\s+(?:phone|inbox|back|dms?|texts|case)\b|\bleave\s+my\s+(?:phone|inbox|number)\s+alone\b",
    r"\bleave\s+me\s+(?:the\s+\w+\s+|tf\s+|the\s+f\W*\s+)?(?:alone|be)\b|\blet\s+me\s+be\W*$",
    r"\b(?:knock\s+it\s+off|quit\s+it|cut\s+it\s+out|enough|give\s+it\s+a\s+rest|lay\s+off|stop\s+it|i'?m\s+done|im\s+done|done|sick|tired|fed\s+up)"
    r"\s+(?:of\s+|with\s+)(?:the|your|these|those|all\s+(?:the|your|these))\s+(?:messages|msgs|texts|txts|calls|reminders|emails|notifications|spam)\b",
    r"\b(?:don'?t|do\s+not|dont|never|stop|quit)\s+(?:ever\s+)?send(?:ing)?\s+(?:me\s+)?(?:anything|stuff|things|more|any\s*more|nothing)\b(?![^.?!,]{0,12}\b(?:by|through|via|until|till|before|after|on\s+(?:paper|whatsapp|line|weekends?)|at\s+(?:night|work)))",
    r"\b(?:correspondence|communications?|contact|calls|messages)\s+(?:goes|go|should\s+go|must\s+go|(?:is|are)\s+to\s+(?:go|be\s+directed))\s+(?:to|through)\s+my\s+(?:lawyer|attorney|solicitor|counsel)\b"
    r"|\b(?:attorney|lawyer|counsel|solicitor)\b[^.?!]{0,40}\b(?:will\s+be\s+in\s+touch|deal\s+with\s+(?:them|him|her)|go\s+through\s+(?:them|him|her))\b",
    r"\bstay\s+away\s+from\s+me\b|\bgo\s+away\s+and\s+stay\s+away\b|^\W*back\s+off\W*$|\bwant\s+nothing\s+(?:more\s+|else\s+)?to\s+do\s+with\s+(?:you|your)\b",
    r"\b(?:unsubscribe|unenroll|opt)\s+me\b|\btake\s+me\s+off\s+(?:your|the|this)\b",
    r"\b(?:my|our)\s+(?:debt\s+|credit\s+|legal\s+|financial\s+)?(?:attorney|lawyer|solicitor|counsel|counsellor|counselor|debt\s+advis[eo]r|representative)\s+(?:is|will\s+be|are)\s+(?:handling|dealing\s+with|taking\s+care\s+of|managing)\b",
    r"\b(?:formal|legal)\s+(?:notice|request)\b[^.?!]{0,40}\b(?:cease|stop|no\s+(?:further|more)|not\s+to)\b|\b(?:request|demand|insist)\s+(?:that\s+)?you\s+(?:cease|stop|discontinue)\b",
    r"\b(?:don'?t|do\s+not|never)\s+(?:contact|call|text|message)\s+(?:me\s+)?(?:at|on)\s+(?:this|that|my)\s+(?:number|phone|address|email)\b",
    r"^\W*(?:封锁了?|已封锁|已拉黑|退订了?)\W*$|拒收(?!.{0,4}(?:包裹|快递|货|邮件|信件|挂号|件))|(?:封锁|屏蔽)(?:了)?(?:你们|你|这个号码?|此号码?|这支号码|这个账号)",
    # Chinese: 别/不要/不许/少 + (再/来) + 找/烦/联系/发/传 + 我
    r"(?:不要|别|不许|不准|请勿|勿|少|不用)(?:再|来|总|老|一直|都)*(?:给我|跟我|和我)?(?:烦|吵|找|联系|联络|联繫|打扰|骚扰|发|传|打)(?:我|本人|了)",
    r"(?:不要|别|不许|不准|请勿|勿)(?:再|都)*(?:给我)?(?:发|传)(?:消息|信息|讯息|短信|简讯)",
    r"拒绝(?:接收|接受|收到)",
    r"不想(?:再)?(?:收到|听到|看到)你们",
    r"不想(?:再)?收到(?:任何|你们的)?(?:消息|信息|讯息)",
    "拉黑",
    r"(?:把|将)?我的?(?:电话号码|手机号码|号码|电话|手机号|联系方式)(?:删|移除|去掉)",
    r"(?:删|删除|移除)(?:掉)?我的?(?:电话号码|手机号码|号码|电话|联系方式)",
    r"取消(?:这些|所有|全部|一切)?(?:的)?(?:通知|提醒|消息)",
    r"不想(?:再)?被(?:你们)?(?:联系|联络|联繫|打扰|骚扰)",
    r"(?:把|将)我的(?:信息|资料|数据|个人信息).{0,8}(?:删|移除)",
    r"拒绝(?:你们)?(?:的)?(?:任何|一切|所有)?(?:联系|联络|联繫)",
    r"(?:不要|别|不准|不许)再[^，,。.!！?？]{0,6}(?:联系|联络|联繫)我",
    r"不需要(?:你们)?再(?:联系|联络|联繫)",
    r"(?:不要|别)再?(?:给我)?(?:推送|推播)",
    r"(?:终止|停止|结束|中止)(?:和我|跟我|与我)?(?:的)?(?:一切|所有|全部)(?:的)?(?:联系|联络|联繫)",
    "除名",
    r"停止(?:给我)?(?:发|传)",
    r"求(?:你们|你)?(?:不要|别)再",
    r"\bunsub\b|\blose\s+my\s+number\b|\bnot\s+to\s+contact\s+me\b",
    r"\b(?:do\s+not|don'?t)\s+consent\s+to\s+(?:be(?:ing)?\s+)?(?:contacted|messaged|texted|called)\b",
    r"\b(?:don'?t|do\s+not)\s+wish\s+to\s+(?:receive|be\s+contacted|hear)\b",
    r"^\W*stop\s+all\W*$|\bstop\s+(?:msg\w*|txt\w*)\b|\b(?:said|say)\s+stop\b",
    r"\b(?:stop|no\s+more)\s+(?:the\s+|these\s+)?reminders\b|\bstop\W+no\s+more\b|[,.!;]\s*stop(?:\s+(?:now|it|already|please|pls))?[.!]*\s*$",
    r"\b(?:don'?t|do\s+not|never)\s+want\s+to\s+(?:talk|speak|hear)\s+(?:to|with|from)\s+(?:you|u)\s+(?:ever\s+)?again\b",
    r"(?:不要|别|勿)(?:再)?(?:私信|私聊|私讯|line|微信|@)我|(?:不要|别)(?:再)?(?:在|用)(?:微信|line|短信|这里).{0,4}(?:找|联系|联络|发|传)我",
    r"(?:不同意|不接受|拒收|拒绝接收)(?:你们)?(?:的)?(?:联系|联络|消息|信息|讯息|接收)|不同意(?:你们)?(?:联系|联络|接收)",
    r"无权(?:再)?(?:联系|联络)|名单(?:里|中)?(?:删|移除|移出)|(?:移出|删出)名单",
    r"撤回(?:联系|联络)?(?:授权|同意)|撤销(?:联系|联络)?(?:授权|同意)|\bno\s+more\s+(?:notifications|alerts|updates)\b",
    r"\bstop\s+(?:the\s+|all\s+|these\s+)?(?:notifications|alerts)\b|(?:删|删除|移除)(?:掉)?我的?手机号",
    r"\b(?:want|need)\s+(?:these|the|your|all\s+(?:the|these|your))\s+(?:texts|messages|calls|reminders|emails|notifications)\s+to\s+(?:end|stop)\b",
    r"(?:不要|别)(?:再|一直|总是?|老是?)+(?:发|传)(?:了|啦|消息|讯息|信息|简讯|短信)?\W*$",
    r"\b(?:pls\s+|please\s+|plz\s+)?(?:don'?t|dont|do\s+not)\s+(?:txt|text|msg|message)(?:\s+me)?\W*$",
    r"\b(?:attorney|lawyer|counsel|solicitor)\b[^.?!]{0,40}\b(?:not\s+me|only|instead|directly|talk\s+to\s+(?:them|him|her)"
    r"|contact\s+(?:them|him|her))\b|\b(?:contact|communication)s?\s+(?:must|should|has\s+to|have\s+to)\s+go\s+(?:through|to)"
    r"\s+my\s+(?:attorney|lawyer|counsel|solicitor)\b|\brepresented\s+by\s+(?:an?\s+)?(?:attorney|lawyer|counsel)\b"
    r"|(?:^\W*|\b(?:please|pls|you\s+(?:can|should|need\s+to|must|will\s+have\s+to))\s+)(?:contact|call|write\s+to"
    r"|talk\s+to|speak\s+to)\s+my\s+(?:attorney|lawyer|solicitor)\b",
    r"有事(?:请)?(?:找|联系|联络)我(?:的)?律师|(?:有(?:什么|啥|任何)?(?:事|问题)|以后|之后|一切|全部|所有事)情?(?:都)?(?:请|就|直接)?(?:去)?(?:找|联系|联络|问|交给)我(?:的)?律师|律师会(?:跟|和|与)你们(?:联系|联络|谈)|(?:请|你们)(?:去)?(?:找|联系|联络)我(?:的)?律师|委托(?:了)?律师|律师(?:处理|负责|代理)",
    r"(?:说了|说过|讲了|讲过)(?:多少次|很多次|几次)?(?:了)?[，,]?(?:不要|别)(?:再)?(?:发|传|联系|联络|打|找)",
    r"\b(?:stop|quit)\s+(?:hitting|blowing|spamming)\s+(?:up\s+)?(?:my\s+phone|me\s+up)\b",
    r"\bwant\s+(?:these|your|the|all\s+(?:these|your|the))\s+(?:msgs|messages|texts|calls|reminders)\s+(?:gone|over|to\s+go\s+away)\b",
    r"勿扰|勿打扰|(?:不要|别)再?跟我(?:联系|联络)|(?:不要|别)直接(?:联系|联络)我|停止骚扰",
    r"(?:不要|别)(?:再)?(?:发|传)(?:给我|这种)|不想(?:再)?收到这些",
)

# Figures of speech that borrow the words of death ("these fees are killing me", 累死了):
# the classifier's crisis reading is not taken on them alone (the word lists still are).
FIGURES: tuple[str, ...] = (
    # "I've thought it over / made up my mind" (after "let me think"), not a plan to die.
    r"(?:想|考虑|决定)好了(?!.{0,8}(?:死|走|结束|了结|离开|跳|不在))",
    r"\bdone\s+(?:thinking|deciding|waiting|talking|with\s+(?:this|the|my|that)\s+"
    r"(?:debt|loan|plan|bill|chat|card|account))\b",
    r"\b(?:made\s+up\s+my\s+mind|i'?ve\s+decided|i\s+have\s+decided)\b"
    r"(?!.{0,40}\b(?:die|dying|end\s+(?:it|my)|kill|not\s+be\s+here|goodbye|gone)\b)",
    r"\b(?:fees?|interest|charges?|rates?|payments?|debt|loan|bills?|work|job|boss|kids|wife|husband"
    r"|mum|mom|dad|traffic|heat|app|wait|this|it|that)\s+(?:is\s+|are\s+|will\s+|would\s+|'s\s+|'re\s+)?"
    r"(?:gonna\s+|going\s+to\s+)?kill(?:ing)?\s+me\b",
    r"\b(?:bridge|train|bus|road)\s+(?:to|from)\s+(?:work|home|school|the\s+office)\b",
    r"\b(?:is|are|'s|'re)\s+killing\s+me\b|\b(?:i'?m|im)\s+(?:so\s+)?over\s+(?:it|this)\b",
    r"\bcut\s+(?:the|your|my|that|this|down|back)\s+(?:\w+\s+)?(?:interest|fees?|rate|charges?|price|payment|amount|deal|balance|costs?)\b",
    r"了结(?:这笔|这个|这些|掉)?(?:债|账|欠款|贷款|事)",
    r"\bbridge\s+(?:club|game|night|tournament|partner)\b",
    r"(?:在|到|去|上)?(?:天台|楼顶|顶楼|阳台)(?:上)?(?:晾|晒|收)(?:衣服|被子|东西|被单)",
    r"\bdying\s+(?:to|for)\b|\bdead\s+(?:tired|broke|serious|beat)\b|\bkill\s+for\b",
    r"\bjump(?:ing)?\s+(?:on|at|in(?:to)?)\s+(?:this|that|the|your|a)\s+(?:offer|deal|chance|plan|opportunity|shower|car|call|bath)\b",
    r"\b(?:could|would)\s+(?:just\s+)?die\s+of\s+(?:embarrassment|shame|laughter)\b",
    r"(?:累|气|笑|忙|饿|热|冷|穷|烦|困|痛|疼|贵|吓|急|无聊|闷|丑|臭|懒|头疼|头痛)(?:得要|到要)?死(?:了|我了|人了|啦|个人)?",
    r"要(?:我|人)(?:的)?(?:老)?命|死贵|真(?:的)?要命|要命(?:啊|欸|喔|哦)",
    # paying with what one sells or is paid out, being away at a named time, detail requests
    r"\b(?:sell(?:ing)?|sold|pawn(?:ing|ed)?)\s+(?:my|the|our)\s+(?:\w+\s+)?\w+\s+(?:to|and)\s+(?:pay|clear|settle|cover)\b",
    r"\b(?:\w+'s\s+)?life\s+insurance\s+(?:payout|pay\s*out|claim|money|cheque|check|paid|came|has\s+come|arrived|settled|from)\b",
    r"\bwon'?t\s+be\s+(?:around|home|available|reachable|in\s+town)\s+(?:next|this|on|until|till|during|from|over|between|in\s+the|today|at|for\s+(?:a|the|two|three|\d|few|couple))\b",
    r"\b(?:could|gonna|going\s+to|will|'ll)\s+kill\s+(?:my\s+(?!self\b)\w+|him|her|them|you|someone|somebody)\b",
    r"\b(?:dying|die|died)\s+of\s+(?:boredom|laughter|embarrassment|curiosity|heat|cold|hunger|thirst|shame|shock|surprise|joy|happiness|fright)\b",
    r"\bbe\s+the\s+death\s+of\s+me\b(?![^.?!]{0,30}\b(?:literally|plan|seriously|not\s+joking|for\s+real))|\bhad\s+it\s+up\s+to\s+here\b|\bjump(?:ing|ed|s)?\s+ship\b",
    r"\b(?:pick(?:ing)?\s+up|collect(?:ing)?|refill(?:ing)?|fill(?:ing)?)\s+(?:my\s+|the\s+)?(?:pills|meds|medication|medicine|prescription|tablets)\b",
    r"\bcan'?t\s+take\s+(?:this|that|your|the)\s+(?:app|website|site|bank|fees?|interest|noise|hold\s+music|system|company|chat\s*bot|bot)\s+any\s*more\b",
    r"\bshoot\s+me\s+(?:an?\s+)?(?:email|e-mail|text|message|msg|line|note|call|dm|quick)\b|\bcut\s+me\s+(?:some\s+|a\s+)?(?:slack|break|deal|discount)\b",
    r"\b(?:end|finish|close|clear|kill|settle)\s+(?:this|the|my)\s+(?:debt|loan|plan|payment\s+plan|account|balance|contract|agreement|arrangement)\b",
    r"\bstop\s+asking\s+(?:me\s+)?(?:for|about)\s+(?:my\s+)?(?:birthday|date\s+of\s+birth|dob|details|id|address|ssn|number|name|info\w*)\b",
)

# Asking for another channel or another hour is not an opt-out ("don't call me, text is
# fine", 上班时间别打给我): the word lists' opt-out reading yields, and so does the model's.
PREFERENCES: tuple[str, ...] = (
    r"\b(?:don'?t|do\s+not|dont)\s+(?:call|phone|ring|text|message|email)\s+me\b[^.?!]{0,40}"
    r"\b(?:text(?:ing)?|messag\w*|email|chat|write|here|whatsapp|instead|fine|ok|okay|before|after"
    r"|at\s+work|during|until|till|\d)",
    r"(?:不要|别)(?:打(?:电话)?(?:给我)?|打给我|打我(?:家里)?(?:的)?电话|发语音|传语音|发邮件)[，,\s]+"
    r"[^，,。.!！?？]{0,6}(?:短信|简讯|消息|讯息|微信|line|文字|手机)[^，,。.!！?？]{0,3}"
    r"(?:就行|就好|就可以|吧|可以|没问题|聊|联系)",
    r"(?:\d+点|点钟|晚上|早上|上午|下午|中午|半夜|深夜|上班|工作|周末|假日)[^，,。]{0,4}"
    r"(?:以后|之后|之前|以前|前|后|时间|时候|期间)?(?:不要|别|请勿|勿)(?:再)?(?:发|传|打)",
    r"\bstop\s+(?:sending\s+)?(?:paper\s+)?(?:letters|post|mail|calls)\b[^.?!]{0,30}\b(?:email|text|message|fine|instead)\b",
    r"\b(?:stop|don'?t|do\s+not)\b[^.?!]{0,40}\b(?:on\s+(?:sundays?|saturdays?|weekends?)|at\s+night|late\s+at\s+night|early\s+in\s+the\s+morning)\b",
    r"\bstop\s+(?:the\s+)?(?:charging|adding|taking|debiting|auto\w*|automatic|direct\s+debit|late\s+fees?|interest|fees)",
    r"(?:停|停止|取消|关掉)(?:掉)?(?:自动)?(?:扣款|转账|续费)",
    r"(?:不要|别|不能|不想)(?:再)?(?:拖|等|犹豫|考虑)(?:了|啦)?",
    r"\b(?:end|ending|ended|cancel\w*|terminat\w*|switch\w*)\s+(?:my|the|our)\s+(?:contract|plan|subscription|lease|membership)\s+with\s+(?:my|the|another|a|an)\s+\w+",
    r"(?:不要|别|请勿|勿)[^，,。]{0,8}(?:电话|手机|微信|line|邮件|邮箱|短信|简讯|公司)[，,\s]+(?:请|可以|改|就)?(?:打|发|传|找|联系|联络|用)"
    r"(?:给)?(?:我的?)?(?:手机|电话|公司|办公室|微信|line|邮箱|email|短信|简讯|另一个|这个)",
    r"\b(?:don'?t|do\s+not|stop)\s+(?:call|text|email|ring)\w*\s+(?:my\s+(?:home|work|office|landline|wife|husband|mum|mom|parents)|me\s+at\s+(?:home|work))\b"
    r"[^.?!]{0,30}\b(?:call|text|email|use|try|reach)\s+(?:me\s+on\s+)?(?:my|me)\b",
)

# Where the classifier's safety reading is not taken: figures of speech for distress, a
# channel or hour asked for (or a debit to stop) for stop.
NOT_ON: dict[str, re.Pattern[str]] = {
    "distress": re.compile("|".join(FIGURES)),
    "stop": re.compile("|".join(PREFERENCES)),
}


def model_may_say(intent: str, folded: str) -> bool:
    """Whether the classifier's ``intent`` may stand for this folded message."""
    guard = NOT_ON.get(intent)
    return guard is None or guard.search(folded) is None


def only_inside(triggers: list[str], folded: str, intent: str) -> bool:
    """Whether every one of the word lists' ``intent`` triggers overlaps a figure of speech
    (distress) or a channel or hour asked for (stop) in ``folded``: then they mean no alarm."""
    spans = [m.span() for m in NOT_ON[intent].finditer(folded)]
    if not spans:
        return False
    for trigger in triggers:
        at = folded.find(trigger)
        if at < 0 or not any(at < end and start < at + len(trigger) for start, end in spans):
            return False
    return True


# Words and characters too common to raise an alarm by themselves: a crisis or opt-out
# guess of the classifier stands only if it still holds without their features.
# Without this, "我明白了", "我想问一下" or "i've made up my mind" read as a crisis.
_COMMON_LATIN = """
i i'm im i've ive i'll ill i'd id me my mine myself you your u ur to be the a an and or but
it its it's is am are was were this that these those with for of on in at so do does did
just not no now then want wanna have has had get got go going gonna will would can could
should
"""
_COMMON_HAN = (
    "我你他她它们們了的是吗嗎呢吧啊呀哦喔好想要就也都在有这這那个個一下"
    "说說会會能可以还還再很太得着著过過啦欸齁嘛么麼"
)
COMMON = frozenset(_COMMON_LATIN.split()) | frozenset(_COMMON_HAN)
