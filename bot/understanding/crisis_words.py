"""How people say they are in crisis (en, zh after folding), by warning sign.

Grouped by the warning signs crisis lines teach (wanting to die, being a burden,
having the means, saying goodbye, feeling trapped, self-harm), so that new phrasings of
the same idea are caught. Safety errs towards caution: a false alarm costs a kind word
and a person's look; a miss costs far more. Patterns run on folded text (Traditional
already turned Simplified); farewells and payment timelines are in
:mod:`bot.understanding.crisis_farewells`, the means and the moment named without the word
"die" in :mod:`bot.understanding.crisis_means`.
"""

from __future__ import annotations

from bot.understanding.crisis_farewells import FAREWELLS, TIMELINES
from bot.understanding.crisis_hints import HINTS
from bot.understanding.crisis_means import MEANS

DISTRESS: tuple[str, ...] = (
    # death as the only way out; an overdose taken (or the stomach pumped after one); a car
    # left running in a closed garage
    # thinking of ending it this way (每天下班都在想要不要就這樣結束)
    r"想(?:着)?(?:要不要)?就这样(?:结束|了结|算了)(?!这|对话|聊天|话题|通话)",
    r"洗(?:完|了)?胃|\b(?:had|got)\s+my\s+stomach\s+pumped\b|\bstomach\s+pumped\b",
    r"只有(?:一)?死(?:了)?(?:才|就)?(?:能|可以|会)?(?:解脱|一了百了|结束|了结)",
    r"死(?:了)?(?:才|就)(?:能|可以|会)?(?:解脱|一了百了)",
    r"(?:药|安眠药|药片|药丸|止痛药)[^，,。.]{0,4}(?:全|都)(?:部)?(?:吞|吃)(?:下去|下|掉)?了",
    r"吞了(?:一整瓶|整瓶|一瓶|一大把|好多|很多|一堆|全部的?)(?:的)?(?:药|安眠药|药片|药丸)",
    r"\b(?:took|swallowed|taken|downed|necked)\s+(?:all|the\s+whole\s+(?:bottle|packet|box|pack)\s+of"
    r"|a\s+(?:whole\s+)?(?:bottle|handful|packet)\s+of)\s+(?:my\s+|the\s+)?(?:pills|tablets|meds"
    r"|medication|sleeping\s+pills|painkillers)\b",
    r"\b(?:car|engine)(?:\s+is|'s)?\s+running\b[^.?!]{0,40}\b(?:closed|shut|locked)\s+garage\b"
    r"|\b(?:closed|shut|locked)\s+garage\b[^.?!]{0,40}\b(?:car|engine)(?:\s+is|'s)?\s+running\b"
    r"|\bin\s+the\s+garage\s+with\s+the\s+(?:car|engine)\s+(?:running|on)\b",
    *FAREWELLS,
    # wanting to die or not to exist
    r"\b(?:rather|wish\s+i\s+(?:was|were|could\s+be))\s+(?:be\s+)?dead\b",
    r"\bbe\s+better\s+dead\b",
    r"\bdisappear\s+(?:forever|for\s+good|from\s+(?:this|the)\s+(?:world|earth))\b",
    r"\b(?:want|wanna|wish)\s+(?:to\s+)?(?:disappear|vanish|not\s+exist|stop\s+existing)\b",
    r"\bend(?:ing|ed)?\s+(?:my|this|our)\s+(?:own\s+)?life\b",
    r"\bend(?:ing)?\s+(?:everything|it\s+all)\b",
    r"\b(?:kill|hang|shoot|drown|poison|cut)(?:ing)?\s+(?:me|myself)\b",
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
    # alone and past help: nobody cares about, loves or wants me; nobody can help me any more
    # (not "no one told me", "nobody called me back", "no one can help me with the app")
    r"\b(?:nobody|no\s*-?\s*one|no1|no\s+body)\s+(?:really\s+|even\s+|actually\s+|ever\s+|truly\s+)?"
    r"(?:cares?|gives?\s+a\s+\w+|loves?|wants|needs|misses|understands)\s+(?:about\s+)?(?:me|if\s+i\s+(?:live|die|exist)"
    r"|whether\s+i\s+(?:live|die|exist))\b",
    r"\b(?:nobody|no\s*-?\s*one|no1|no\s+body)\s+(?:can|could|will|is\s+able\s+to|is\s+going\s+to)\s+(?:ever\s+)?"
    r"(?:help|save)\s+me\b(?!\s+(?:with|to|on|log|find|understand|get|pay|sort|fix|figure|check|read|set))",
    r"\bi\s+(?:have|'ve\s+got|got)\s+(?:no\s*-?\s*one|nobody)\s+(?:left|in\s+(?:my\s+life|this\s+world))\b"
    r"|\b(?:i'?m|i\s+am|im)\s+(?:so\s+|completely\s+|all\s+)?alone\s+in\s+(?:this\s+world|the\s+world|life)\b",
    r"没(?:有)?(?:任何)?人(?:会|真的|真正|还)?(?:在乎|关心|在意|心疼|爱|需要|想念|惦记|管)(?:过)?我(?!的(?:钱|账|债|单|款|事|电话|消息))",
    r"没(?:有)?(?:任何)?人(?:能|可以|会)?(?:帮|救)(?:得了|得到)?(?:得)?我(?:了)?(?:啊|吧|啦|的)?(?:[。，,!！.…~\s]|$)",
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
    # the debt collected from one's estate, funeral or grave; medication kept back
    r"\b(?:from|out\s+of)\s+my\s+(?:estate|grave|funeral|coffin)\b|\bon\s+my\s+(?:tombstone|headstone|gravestone|grave)\b"
    r"|\bat\s+my\s+funeral\b",
    r"\b(?:meds|pills|tablets|medication|painkillers|prescriptions?)\b[^.?!]{0,40}\b(?:saving|stockpiling|hoarding|keeping|collecting|storing)\s+(?:them|it|those)\b",
    r"\b(?:said|say|saying)\s+(?:all\s+)?my\s+goodbyes\b",
    r"人也(?:该|就|可以|要)走了|不想(?:再)?挣扎(?:了|下去)(?!.{0,8}(?:还|付|缴|选|分期))",
    r"(?:今晚|今天晚上|明天|马上|很快|快要?)就?(?:要|能|可以)?解脱",
    r"拖累(?:任何人|别人|你们|孩子|老婆|老公|爸妈|父母|家里人)(?!的)|一睡不(?:醒|起)|长眠不醒",
    # internet slang for taking one's life (紫砂, 自鲨: 自杀 said sideways)
    r"紫砂|自鲨",
    # walking into the water; next time not braking or swerving
    r"(?:海|河|江|湖)(?:边|里|上)?[^，,。]{0,8}(?:一直走|走进去|走下去)|想一直(?:往前)?走(?:进去|下去)",
    r"下次(?:我)?(?:就)?不(?:会)?(?:再)?(?:踩刹车|刹车|闪|躲|避开|打方向盘)",
    r"\bnext\s+time\s+i\s+(?:won'?t|will\s+not|wont)\s+(?:brake|swerve|stop|hit\s+the\s+brakes)\b",
    # traces wiped so nobody sees one like this; money that still arrives once "I'm gone";
    # the time and the way chosen; no longer afraid of dying; the family spared the debt
    # before "going"; a strip of pills swallowed; stepping forward as the train comes in
    r"(?:照片|相片|相册|聊天记录|朋友圈|社交账号|账号)[^，,。]{0,6}(?:全|都)?(?:删|清)(?:光|掉|除|空)?了?[^。]{0,12}"
    r"(?:不想|不要|别|免得)(?:让|被)?(?:人|别人|大家|任何人|家人|孩子)?(?:看到|看见|记得|记住|想起)",
    r"我(?:走了|不在了)(?:以后|之后)?[^，,。]{0,6}(?:你们|家里|家人|银行)?[^，,。]{0,4}(?:也|还|照样|一样)(?:能|可以|会)(?:收到|拿到|扣到|扣)",
    r"(?<!还款)(?<!付款)(?<!缴款)(?:时间|日子|地点|地方)(?:和|跟|与|、|,|，)?(?:方法|办法|方式)(?:都|也)?(?:想|定|选|找|准备)好了"
    r"|(?:方法|办法|方式)(?:和|跟|与|、|,|，)?(?:时间|日子|地点|地方)(?:都|也)?(?:想|定|选|找|准备)好了",
    r"不(?:再)?(?:怕|害怕)死(?:亡)?了",
    r"(?:不想|不要|不能|别|免得)(?:让|叫)?(?:我妈|我爸|妈妈|爸爸|爸妈|家人|家里|孩子|老婆|老公|父母|我家人)(?:帮我|替我|来)?"
    r"(?:背|揹|扛|接|还|承担|收拾)[^。]{0,24}(?:解脱|再走|就走|走了|不在了|走得)",
    r"(?:债|钱|账|事情|后事|一切)[^，,。]{0,6}(?:处理|还|安排|交代|弄|收拾)(?:干净|清|好|完|清楚)了?(?:我)?(?:再|就)(?:走|离开)(?!路|进|过|到|去|回|人)",
    r"吞了?(?:一|整|一整|好几|大半)(?:瓶|罐|盒|把|堆|板|排)|吃了?(?:一|整|一整|好几)(?:排|板)(?:的)?[^，,。]{0,5}(?:药|疼|片|锭)",
    r"(?:月台|站台|铁轨|轨道)[^。]{0,16}(?:往前走|往前跳|跳下去|跳下|冲出去|往下跳)"
    r"|(?:火车|列车|地铁|捷运|高铁|车)(?:来|进站|开过来)的?(?:时候)?[^，,。]{0,4}(?:往前(?:走|跳|冲)|跳下|冲出去)",
    # everyone freed once "I'm gone"; the last person one talks to; the debt gone with the
    # person; things given away as of no more use
    r"我(?:走|死|不在)了[^。]{0,6}(?:大家|家人|家里人?|他们|你们|所有人|爸妈|孩子)(?:也|就|都)*(?:解脱|轻松|好过)",
    r"(?:你|您)(?:可能|大概|应该|也许)?(?:就)?是(?:我)?最后一个(?:跟我|和我|陪我)?(?:好好)?(?:聊天|说话|讲话|聊)的人",
    r"(?<![爸妈公婆父母爷奶他她])人(?:都)?(?:没了|走了|不在了)[^。]{0,8}(?:债|钱|账|贷款|欠款)(?:也|就|都)*(?:跟着)?(?:没了|清了|结束|一笔勾销)",
    # after "I'm gone" the insurer or the estate pays; goodbyes said to everyone; standing
    # outside the balcony rail
    r"等我(?:走了|死了|不在了)[^。]{0,10}(?:保险|遗产|债|账|钱|还)",
    r"\b(?:my\s+)?(?:wife|husband|kids?|children|son|daughter|mom|mum|dad|parents|family|sister|brother|partner)\s+"
    r"(?:gets?|will\s+get|'ll\s+get|will\s+find|finds?|is\s+getting)\s+(?:a\s+|my\s+)?(?:letter|note)\s+from\s+me\b",
    r"\b(?:nobody|no\s*one|no\s+body)\s+(?:needs?|has|have|will\s+(?:need|have))\s+to\s+(?:collect|chase|call|text|worry|pay|bother)\b"
    r"[^.?!]{0,30}\bafter\s+(?:tonight|today|this\s+weekend|tomorrow|i'?m\s+gone)\b",
    r"我(?:一个人)?(?:现在)?(?:在|到了|来到|坐在)[^，,。]{0,6}(?:河|江|海|湖|水库|潭|溪)(?:边|边上|旁边|堤)[^。]{0,12}"
    r"(?:水|河水|江水|海水|湖水)(?:好|很|真|这么|那么)?(?:黑|冷|深|急|凉)",
    r"(?:朋友|家人|大家|亲人|该说的人|所有人)(?:都)?(?:已经)?(?:道别|告别|道过别|说过再见|说了再见)(?:完)?了",
    r"站在.{0,3}(?:阳台|窗台|窗户|栏杆|天台|楼顶|顶楼)(?:的)?(?:外面|外边|外侧|外头)",
    r"(?:都|全)(?:送人|送掉|分掉|给人)了[^。]{0,4}(?:留着|留下来?)(?:也)?(?:没用|用不到|用不上|没意义)",
    *TIMELINES,
    *MEANS,
    *HINTS,
)
