"""Crisis said through the means and the moment rather than the word "die" (en, zh folded).

A debtor in crisis often names no death at all: they count the tablets, shut the doors
on the gas, wait for the train on the tracks, walk into the water, give away their
things and who gets the dog, wait for the children to sleep, or say nothing matters
after Friday. Each family below is written by its idea, with the everyday sense of the
same words kept out (a gas bill, a train fare, "after the kids sleep I'll go to the
ATM", old clothes given away while moving). Patterns run on folded text (lower case,
Traditional already turned Simplified); :mod:`bot.understanding.crisis_words` holds the
rest of the warning signs.
"""

from __future__ import annotations

# Medicines by kind and by name (en): what an overdose is counted in.
_MEDS_EN = (
    r"(?:pills|tablets|meds|medication|capsules|paracetamol|acetaminophen|tylenol|panadol"
    r"|ibuprofen|advil|nurofen|aspirin|codeine|tramadol|oxy\w*|opioids?|insulin|xanax|valium"
    r"|diazepam|benzos?|zopiclone|antidepressants|painkillers|sleepers)"
)
# Fumes in a closed room or car: the source lit or left on, the room shut.
_FUMES_EN = (
    r"(?:\bgas\s+(?:is\s+|'s\s+)?(?:on|open|running|hissing)\b|\bturned\s+on\s+the\s+gas\b"
    r"|\b(?:turned|left|put|switched)\s+(?:on\s+)?(?:the\s+)?(?:oven\s+|stove\s+|hob\s+)?gas\s+on\b"
    r"|\blit\s+(?:the\s+|some\s+|a\s+)?(?:\w+\s+)?(?:coals|charcoal|barbecue|bbq|grill|burner)\b"
    r"|\bexhaust\b|\bfumes\b|\bgenerator\s+(?:is\s+)?running\b)"
)
_SHUT_EN = (
    r"(?:\b(?:doors?|windows?|vents?|gaps?|room|kitchen|bathroom|garage)\s+(?:\w+\s+)?"
    r"(?:shut|closed|sealed|taped(?:\s+up)?|locked|blocked)\b"
    r"|\b(?:shut|closed|sealed|taped(?:\s+up)?|locked|blocked)\s+(?:up\s+)?(?:all\s+|every\s+)?"
    r"(?:the\s+|my\s+)?(?:doors?|windows?|vents?|gaps?)\b)"
)
_FUMES_ZH = r"(?:煤气|瓦斯|燃气|天然气|木炭|炭|尾气|排气管)(?!费|罐|公司|表|单|灶)"
_SHUT_ZH = (
    r"(?:门窗|窗户|窗|门缝|窗缝|车窗|车门|门)(?:都|全|也)?(?:已经)?(?:用胶带)?"
    r"(?:关|封|堵|锁|贴|塞)(?:死|好|紧|严|起来|上|住)"
)
# Two signs of a life being wound up: photos or accounts deleted, things given away, the
# pet entrusted to someone (a move, an emigration or a clear-out is no farewell).
_NO_MOVE_ZH = r"^(?!.*(?:搬家|搬走|移民|出国|回老家|退租|装修|断舍离|换房|腾空间|清内存))"
_DELETED_ZH = (
    r"(?:照片|相片|相册|聊天记录|好友|朋友圈|账号|微博|社群|脸书|ig|通讯录)[^，,。]{0,4}(?:都|全)?"
    r"(?:删|清|注销)(?:光|掉|完|空|除)?了"
)
_GIVEN_ZH = (
    r"(?:(?:东西|衣服|书|家当|值钱的|吉他|电脑|存款|积蓄|首饰|遗物)[^，,。]{0,6}(?:都|也|全)?"
    r"(?:送(?:给|人|掉|走|得差不多|光|完)|分(?:给|好|完|掉)|托(?:付)?给|交给|留给)|谁要(?:就|都)?(?:拿走|拿去))"
)
_NEAR_ZH = r"[^。!！?？]{0,30}"
_PET_ZH = (
    r"(?:猫|狗|宠物|狗狗|猫咪|鹦鹉|兔子)(?:已经|都|也)?(?:托付给|托给|交给|送给|送人|留给|给了)"
)
_NO_MOVE_EN = r"^(?!.*\b(?:moving|move|moved|divorce\w*|ex|split\w*|separat\w*|decluttering)\b)"
_DELETED_EN = (
    r"\b(?:deleted|wiped|erased|cleared)\s+(?:all\s+|out\s+)?(?:my\s+)?(?:photos|pictures|social\s+media"
    r"|accounts|facebook|instagram|messages|phone)\b"
)
_GIVEN_EN = (
    r"(?:\b(?:gave|given|giving|give)\s+(?:away\s+)?(?:all\s+)?(?:my\s+)?(?:things|stuff|belongings"
    r"|everything)\b|\b(?:rehomed|found\s+(?:a\s+)?(?:new\s+)?home\s+for)\s+my\b)"
)
# Waiting for others to fall asleep, then going.
_SLEEPERS_ZH = (
    r"(?:老婆|老公|孩子们?|小孩|宝宝|女儿|儿子|家人|家里人|爸妈|爸|妈|他们|她们|大家|全家)"
)
_SLEEPERS_EN = (
    r"(?:the|my|our)\s+(?:kids|children|wife|husband|partner|family|son|daughter|baby|boys|girls"
    r"|parents|little\s+ones)"
)
_DAYS_EN = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\s+weekend|tomorrow|tonight"
    r"|today|this\s+week|next\s+week|the\s+\d+\w*|payday|the\s+end\s+of\s+the\s+month)"
)
_DAYS_ZH = (
    r"(?:这个?|下个?|本)?(?:周[一二三四五六日天末]|礼拜[一二三四五六日天]?|星期[一二三四五六日天]|今天|今晚"
    r"|明天|后天|月底|这周|这个月|年底|那天|这几天|\d+号)"
)
_NO_MATTER_ZH = (
    r"(?:就|也|都|什么都|一切都|全都)*(?:无所谓|不重要|没差|没关系|不用管|不在乎|跟我没关系|与我无关)了"
    r"(?![^。]{0,10}(?:钱|工资|薪水|发薪|还|缴|付|到账))"
)

MEANS: tuple[str, ...] = (
    # every pill in the cabinet ("I'll take every pill in the cabinet if that court date happens")
    r"\b(?:take|taking|swallow|swallowing)\s+(?:every|all\s+(?:the|my|of\s+my|of\s+the))\s+(?:single\s+)?(?:pills?|tablets|meds|medication)\b",
    # counting out a dose: how many it takes, the lethal dose, enough counted out
    rf"\bhow\s+many\s+(?:of\s+(?:my|these|the|those)\s+)?(?:\w+\s+){{0,2}}?{_MEDS_EN}\b[^.?!]{{0,25}}"
    r"\b(?:(?:it|would\s+it|does\s+it|it\s+would|will\s+it)\s+takes?|would\s+(?:do\s+it|kill|be\s+enough)"
    r"|to\s+(?:die|not\s+wake|kill|overdose|do\s+it|end\s+it)|is\s+(?:enough|lethal|fatal)"
    r"|(?:would|will)\s+(?:be\s+)?enough)\b(?!\s+(?:for\s+(?:a|the|my)\s+(?:headache|pain|fever|cold)))",
    r"\b(?:lethal|fatal|deadly|toxic)\s+(?:dose|amount|quantity|overdose)\b",
    rf"\bcount(?:ed|ing)?\s+(?:out\s+|up\s+)?(?:all\s+)?(?:the\s+|my\s+)?(?:\w+\s+){{0,2}}?{_MEDS_EN}\b"
    r"[^.?!]{0,40}\b(?:enough|plenty|should\s+do|will\s+do)\b",
    r"(?:吃|吞)(?:多少|几)(?:颗|片|粒|盒|瓶)?(?:才|就)?(?:会|能|可以)?(?:死|没命|走|不醒|致命|解脱)",
    r"致死量|致命剂量|致死剂量",
    r"(?:药|药片|安眠药|止痛药|降压药)[^，,。]{0,10}(?:数了|数过|算过|算了|数好)[^。]{0,8}"
    r"(?:够了|足够|应该够)(?!吃|用|到)",
    # fumes in a shut room or a car
    rf"{_FUMES_EN}[^.?!]{{0,60}}{_SHUT_EN}|{_SHUT_EN}[^.?!]{{0,60}}{_FUMES_EN}",
    r"\bhose\b[^.?!]{0,30}\bexhaust\b|\bexhaust\b[^.?!]{0,30}\bhose\b",
    rf"{_SHUT_ZH}[^。]{{0,20}}{_FUMES_ZH}|{_FUMES_ZH}[^。]{{0,20}}{_SHUT_ZH}",
    rf"(?:车里|车内|车上)[^。]{{0,12}}{_FUMES_ZH}|{_FUMES_ZH}[^。]{{0,12}}(?:车里|车内|车上)",
    r"开着(?:的)?(?:煤气|瓦斯|燃气)(?![^，,。]{0,6}(?:做饭|煮|炒|烧水|炖|热水|洗澡))|(?:一)?盆(?:木)?炭|炭盆",
    # the tracks, the platform, the level crossing
    r"\b(?:i'?ll\s+be|i\s+will\s+be|i'?m|im|i\s+am|be|get|go|walk\w*|step\w*|lie|lying|lay|stand\w*"
    r"|sit\w*|wait\w*|kneel\w*|park\w*)\s+(?:out\s+|down\s+)?(?:on|onto|across|between|in\s+the\s+middle"
    r"\s+of)\s+(?:the\s+)?(?:train\s+|railway\s+|rail\s+)?(?:tracks|rails)\b",
    r"\b(?:level|railway|rail)\s+crossing\b[^.?!]{0,60}\b(?:not\s+mov\w*|won'?t\s+move|(?:step|walk|stand"
    r"|lie|park)\w*\s+(?:out|in\s+the\s+middle|on\s+it))",
    r"\b(?:end|edge)\s+of\s+the\s+platform\b|\bwait\w*\s+for\s+the\s+(?:fast|express|non-?stop\w*|through"
    r"|freight)\s+train\s+to\s+(?:pass|come\s+through|go\s+through)\b",
    r"(?:站|躺|坐|走|跳|卧)(?:在|到|上|进)(?:了)?(?:火车|高铁|地铁)?(?:铁轨|轨道|铁路|平交道|道口)",
    r"(?:铁轨|轨道|平交道|道口)(?:旁边|边上|边|上|中间)?[^，,。]{0,4}等(?:着)?[^，,。]{0,6}"
    r"(?:车|火车|列车|地铁|高铁|班)",
    r"(?:月台|站台)[^。]{0,15}等[^。]{0,8}(?:进站|开过来|过来)[^。]{0,4}(?:就好|就行|就可以|就结束|跳|就解脱|冲)"
    r"|等[^，,。]{0,6}(?:车|地铁|捷运|火车|列车)进站就(?:好|行|可以|结束)了?\W*$",
    # walking into the water
    r"\b(?:river|sea|lake|ocean|canal|waves|reservoir)\b[^.?!]{0,50}\b(?:keep\s+walking"
    r"|walk(?:ing)?\s+(?:in|out|further)|wade\s+(?:in|out)|go\s+under|let\s+it\s+take\s+me)\b"
    r"(?!\s+(?:to|of|the\s+(?:branch|office|bank|shop|door)))",
    r"\bup\s+to\s+my\s+(?:waist|chest|neck)\b[^.?!]{0,40}\b(?:further|deeper|keep\s+going)\b"
    r"|\bin\s+the\s+(?:sea|river|lake|water)\b[^.?!]{0,30}\b(?:going|walking|wading)\s+(?:further|deeper)\b",
    r"\b(?:pockets?|coat)\s+(?:full\s+of|with)\s+(?:stones|rocks)\b|\bfill\w*\s+my\s+(?:pockets|coat)"
    r"\s+with\s+(?:stones|rocks)\b",
    r"(?:海|河|江|湖|水库|潭)(?:边|里|上|堤|岸)[^。]{0,16}(?:想|要|准备|打算|就)(?:一直|一步步|慢慢)?"
    r"(?:走|跳|沉|泡)?(?:进去|下去|到水里|进水里)(?!走走|看看|玩|拍|散步|钓)",
    r"(?:想|要|准备|打算|我就)[^，,。]{0,4}(?:走|往)(?:进|到)?(?:水里|海里|河里|江里|湖里|深处|水中)",
    # things given away with photos deleted, the pet entrusted, who gets what, an empty flat
    rf"{_NO_MOVE_ZH}.*?(?:{_DELETED_ZH}{_NEAR_ZH}(?:{_GIVEN_ZH}|{_PET_ZH})"
    rf"|(?:{_GIVEN_ZH}|{_PET_ZH}){_NEAR_ZH}{_DELETED_ZH}|{_PET_ZH}{_NEAR_ZH}{_GIVEN_ZH}|{_GIVEN_ZH}{_NEAR_ZH}{_PET_ZH})",
    rf"{_NO_MOVE_EN}.*?(?:{_DELETED_EN}[^.?!]{{0,60}}{_GIVEN_EN}|{_GIVEN_EN}[^.?!]{{0,60}}{_DELETED_EN})",
    rf"{_NO_MOVE_EN}.*?\b(?:sorted|worked|figured|decided|arranged|planned|written|wrote|listed|knows)"
    r"\s+(?:out\s+|down\s+)?who\s+(?:gets|takes|has|keeps|inherits|will\s+(?:get|take|have))\b"
    r"(?!\s+(?:the|my)\s+(?:payment|money|bill|refund|cheque|check|letters?|post|mail|statement))",
    r"\b(?:chase|chasing|find|finding|come\s+to|knock\w*\s+on|visit\w*)\s+(?:an?\s+)?empty\s+"
    r"(?:flat|house|home|room|apartment|bedsit|place)\b",
    # waiting for the children (or the family) to fall asleep, then going
    rf"(?:等|等到){_SLEEPERS_ZH}(?:和|跟)?(?:孩子|小孩|家人)?(?:都)?睡(?:着|熟|下|了)+(?:以后|之后|后)?"
    r"[，,\s]*(?:我)?(?:就)?(?:要)?(?:走|离开|动手|解脱|结束|去死|上路)(?:了|吧|啦)?"
    r"(?=$|[，,。.!！?？…~\s])(?![，,\s]*(?:去|到)[^，,。]{0,8}(?:银行|atm|取|转|还|付|缴|买|超市|上班))",
    rf"{_SLEEPERS_ZH}(?:都)?睡(?:着|熟)了[，,\s]*(?:我)?(?:也)?(?:该|可以|要)走了\W*$",
    rf"\b(?:once|when|after|as\s+soon\s+as)\s+{_SLEEPERS_EN}\s+(?:are|is|'re|'s|fall|falls|go|goes|get"
    r"|gets|have\s+gone|has\s+gone)\s+(?:\w+\s+)?(?:asleep|to\s+(?:sleep|bed)|in\s+bed|sleeping)"
    r"(?:\s+tonight)?\W*\s*(?:i'?ll|i\s+will|i'?m\s+(?:going\s+to|gonna)|i\s+am\s+going\s+to|ill|im\s+gonna)"
    r"\s+(?:go|do\s+it|end\s+it|be\s+gone|leave|slip\s+away|go\s+quietly)\b(?!\s+(?:to|and|out|online|on"
    r"|down|back|pay|get|check|send|for|shopping|over|through|in|transfer|sort)\b)",
    rf"\bi'?ll\s+(?:go|do\s+it|be\s+gone|end\s+it)\s+(?:once|when|after)\s+{_SLEEPERS_EN}\s+(?:are\s+)?"
    r"(?:asleep|sleep|in\s+bed|go\s+to\s+(?:sleep|bed))\W*$",
    # nothing will matter after a named day
    rf"\b(?:after|past|beyond|come)\s+{_DAYS_EN}\b[^.?!]{{0,30}}\b(?:nothing\s+(?:will\s+|would\s+)?"
    r"(?:matters?|count)|none\s+of\s+(?:it|this)\s+(?:will\s+)?matters?|(?:none\s+of\s+(?:it|this)|it|this)"
    r"\s+(?:won'?t|will\s+not|doesn'?t|does\s+not|will\s+no\s+longer)\s+(?:matter|make\s+(?:any\s+|a\s+"
    r"|much\s+)?difference|count|mean\s+anything))"
    r"(?![^.?!]{0,40}\b(?:paid|pay|salary|payday|cleared|settled|money)\b)",
    rf"\b(?:nothing|none\s+of\s+(?:this|it))\s+(?:will\s+|would\s+)?matters?\s+(?:to\s+me\s+)?(?:after|past"
    rf"|beyond|come)\s+{_DAYS_EN}\b(?![^.?!]{{0,40}}\b(?:paid|pay|salary|payday|cleared|settled|money)\b)",
    rf"(?:过了|过完|等过了|到了){_DAYS_ZH}(?:以后|之后)?[^，,。]{{0,4}}{_NO_MATTER_ZH}",
    rf"{_DAYS_ZH}(?:以后|之后|过后)[^，,。]{{0,6}}{_NO_MATTER_ZH}",
    # how to die without pain
    r"(?:怎么|怎样|如何|哪种方式|用什么方法)(?:样)?(?:才能|才会|可以|能)?(?:去)?(?:死|自杀)(?:掉)?"
    r"[^，,。]{0,3}(?:不(?:会)?(?:疼|痛|难受)|没(?:有)?(?:痛苦|感觉)|最|比较|才)",
    r"(?:怎么|怎样|如何)(?:样)?(?:才能|才会|可以|能)?走(?:得|才|会|比较)*(?:不(?:会)?(?:疼|痛|难受|痛苦)"
    r"|没(?:有)?痛苦)",
    r"(?:想|查|搜|研究|在想|考虑)(?:了)?(?:一下)?(?:要)?(?:怎么|怎样|如何)(?:去)?死(?!的|了)|死法",
    r"\bleast\s+painful\s+way\b|\bhow\s+to\s+(?:die|go|end\s+it|kill\s+(?:my)?self)\s+(?:without|with\s+no"
    r"|with\s+(?:the\s+)?least)\s+(?:pain|it\s+hurting|hurting|suffering)\b",
    r"\b(?:search\w*|googl\w*|look\w*\s+up|read\w*\s+up\s+on|research\w*)\s+(?:how\s+to\s+(?:die|kill\s+myself"
    r"|end\s+it|overdose)|ways\s+to\s+die|suicide\s+methods?)\b",
    # internet shorthand for 想死 / 自杀
    r"(?<!不)想\s*(?:s|si|sǐ)(?![a-z0-9])|(?:想|要|去)自\s*(?:s|sha)(?![a-z0-9])|不想\s*huo(?![a-z])",
    # no more trouble to anyone
    r"不会再(?:去)?(?:麻烦|拖累|打扰|烦)(?:到)?(?:谁|任何人|别人|大家|家人|家里)",
    # done with life itself, at peace, the day decided
    r"\bdone\s+with\s+(?:being\s+alive|life|living|breathing)\b|\bdone\s+(?:being\s+alive|living)\b"
    r"(?!\s+(?:pay\w*|like|in|on|with|off|beyond|from|at|under|for))",
    r"\b(?:i'?ve|ive|i\s+have)\s+made\s+(?:my\s+)?peace\b(?!\s+with\s+(?:the|this|that|paying|it|how|having|what))",
    r"(?<=decided|my mind|settled)\W[^?]{0,20}\b(?:today|tonight|tomorrow|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)\s+is\s+the\s+(?:day|night)\b(?!\s+(?:i|you|we|it|the|for|to|of|my)\b)",
    r"\b(?:last|final)\s+thing\s+(?:i'?m\s+|i\s+am\s+|i\s+need\s+to\s+|i\s+have\s+to\s+|to\s+)?(?:sort|do|fix|settle"
    r"|clear|handle|tak\w*\s+care\s+of)\w*(?:\s+out)?\s+before\s+i\s+(?:go|leave|die)\b(?!\s+(?:to|on|for|home|out|back"
    r"|away|tonight|tomorrow|in|at|into|shopping))",
    # things given away, and then numbness or "that's it"
    r"\b(?:gave|given|giving)\s+away\s+(?:most\s+of\s+|all\s+of\s+|all\s+)?my\s+(?:things|stuff|belongings)\b[^?]{0,80}"
    r"\b(?:then\s+(?:that'?s|thats)\s+it|then\s+i'?m\s+(?:done|gone)|won'?t\s+need|not\s+going\s+to\s+need|numb)\b"
    r"|\bnumb\b[^?]{0,40}\b(?:gave|given|giving)\s+away\s+(?:most\s+of\s+|all\s+of\s+|all\s+)?my\s+(?:things|stuff|belongings)\b",
    # a life offered as payment ("钱我还不起，命我可以还", "我这条命也就值这点钱")
    r"(?:这条|我这条|我的|拿|用|以)命(?:来|去)?(?:抵|换|赔|偿|还债|还钱|还你们|还给你们)|(?:这条|我这条)命[^，,。]{0,6}值"
    r"|命我(?:可以|能|来)?(?:还|给|赔)",
    # by the water or up high, not going home, nobody answering any more
    r"(?:桥上|河边|江边|海边|湖边|楼顶|天台|顶楼)[^。]{0,30}(?:不回(?:家)?了|不会回(?:家|去)?了|没人接了|也没人接"
    r"|最后一次|脑子里只剩|那个念头|一个念头|一切(?:就)?(?:都)?(?:会)?结束|就解脱|水(?:挺|很|好|真)深)",
    r"(?:江边|河边|海边|湖边|桥上|楼顶|天台)(?:坐着|站着|坐了|站了)(?![^。]{0,8}(?:钓鱼|喝|吃|散步|拍照|看风景|玩|烧烤|野餐|乘凉|吹风))",
    # harm to oneself said as what will follow another call; a slang death meant for real
    r"(?:对|冲)自己(?:下手|动手|下狠手)",
    r"(?:原地去世|原地升天|紫砂|去世|想死)[^。]{0,12}(?:不是(?:在)?开玩笑|没(?:有)?(?:在)?开玩笑|认真的|说真的)"
    r"|(?:不是(?:在)?开玩笑|没(?:有)?开玩笑)[^。]{0,12}(?:去世|想死|紫砂|不想活)",
    r"不想(?:或|火)(?:了|下去|着)",
    # asleep and not waking up
    r"睡(?:着|过去|下去)?(?:就|以后|之后)?(?:不要|不想|不用|别|再也不(?:用|要)?)(?:再)?(?:起来|醒来|醒了|醒过来|醒)",
    # the pet or things given away and the rest left to others
    rf"{_NO_MOVE_ZH}.*?(?:{_PET_ZH}|{_GIVEN_ZH}){_NEAR_ZH}(?:过户给|剩下的[^。]{{0,6}}(?:自己)?(?:去)?处理|后事)",
    # whether death cancels the debt
    r"(?:死|死亡|走了|不在了|人没了)的话[^。]{0,20}(?:债|欠款|分期|贷款|钱)[^。]{0,10}(?:勾销|没了|不用还|清零|免除)",
    # the means bought or ready ("炭和胶带都买好了", "药我都准备好了"), at hand, looked up
    r"(?:炭|木炭|烧炭|绳子|农药|安眠药|刀片|胶带)[^。]{0,6}(?:都|也)?(?:买好|准备好|备好|藏好|攒够|存够)了?",
    r"药(?:我)?(?:都|也|已经)(?:准备|攒|存|囤)(?:好|够)了",
    r"(?:刀|刀子|刀片|绳子)(?:就)?(?:在)?(?:手上|手边|手里|旁边|面前|枕头下)(?:了)?",
    r"(?:查过|查了|搜过|问过)(?:吃|打|喝|吞)(?:多少|几)[^。]{0,6}(?:会怎样|会怎么样|会死|会不会死)",
    r"(?:没熄火|不熄火|发动着|引擎开着)[^。]{0,20}(?:车窗|窗)(?:都|全)?(?:关|封)|(?:车窗|窗)(?:都|全)?(?:关|封)[^。]{0,20}(?:没熄火|不熄火|发动着)",
    r"试过(?:一次|一回)?了?[^。]{0,4}没成功|这次不会(?:再)?(?:失败|失手|没成功)",
    # others better off, nothing left to hold on to, no hope in living
    r"(?:我)?(?:消失|不在|死)(?:了)?[^。]{0,6}(?:大家|家里|家人|他们|所有人)(?:都)?(?:会)?(?:轻松|解脱|好过|省心)",
    r"没(?:什么|啥)(?:好)?留恋(?:的)?了|了无牵挂|无牵无挂了",
    r"(?:人生|活着|生活)[^。]{0,4}(?:一点)?(?:希望|意义|盼头)都没(?:有)?",
    r"(?:可惜|反正)(?:我)?用不上了",
    # the pet no longer looked after, letters written, a last message
    r"(?:以后|之后)(?:我)?(?:照顾不了|养不了|没法照顾)(?:它|他|她|猫|狗)(?:们)?了",
    r"(?:我姐|我妹|我哥|我弟|朋友|邻居|我妈)会来(?:接|带走|领)(?:它|猫|狗)",
    r"(?:信|遗书)(?:都|也|已经)?写好了[^。]{0,12}(?:给我|一封给)",
    r"(?:帮我|替我)(?:跟|和|对|告诉)[^。]{0,8}(?:说|讲)?[^。]{0,6}(?:不是不要|对不起|我爱|别怪)",
    r"(?:这是)?(?:我)?最后一次(?:回|发|传)(?:讯息|消息|信息|你们)",
    r"(?:还完|缴完|付完)[^。]{0,6}(?:我)?就去(?:找|见|陪)(?:我)?(?:的)?(?:奶奶|爷爷|外婆|外公|姥姥|姥爷|老伴)了\W*$",
    r"(?:想到|想着|惦记)[^。]{0,8}(?:那些|那瓶|那盒|那把|那根)(?:药|安眠药|枪|猎枪|刀|绳子)",
    r"(?:枪|猎枪)[^。]{0,10}(?:知道放哪|知道在哪)|(?:知道|晓得)[^。]{0,6}(?:枪|猎枪)(?:放|在)哪",
    r"(?:不要|不该|不应该|何必)(?:被)?(?:出生|生下来)",
    r"只想快点结束(?!这|这个|这笔|还款|分期|通话|对话|工作|加班|会议)",
    r"(?:如果|要是|万一)我出事了?[^。]{0,20}(?:保单|保险|理赔|安排好)",
    r"(?:月台|站台|楼|桥)(?:下面|下去|上)?[^。]{0,4}一跳就(?:结束|解脱|完|没事)了?",
    # tried before; medicine stopped on purpose; painless ways looked up
    r"\b(?:tried|try|trying|attempted)\s+to\s+(?:od|overdose|kill\s+myself|end\s+(?:it|my\s+life)|take\s+my\s+(?:own\s+)?life)\b",
    r"\bstopped\s+taking\s+(?:my\s+)?(?:\w+\s+)?(?:meds|medication|medicine|pills|insulin|tablets)\s+on\s+purpose\b",
    r"\b(?:debt|loan|it)\s+(?:dies|will\s+die|goes|will\s+go)\s+(?:away\s+)?with\s+me\b",
    r"\bpainless\s+(?:ways?|methods?|death|way\s+to\s+go)\b",
    r"\b(?:knife|blade|razor|gun|rope|pills)(?:'s|\s+is|\s+are|'re)\s+(?:right\s+)?(?:here|in\s+my\s+hand|next\s+to\s+me|beside\s+me|in\s+front\s+of\s+me)\b",
    # someone else at risk ("my husband says he's gonna kill himself", 带小孩一起走)
    r"\b(?:kill|killing|end|ending|hurt|hurting|harm|harming)\s+(?:himself|herself|themselves|themself)\b(?!\s+(?:laughing|working))",
    r"(?:带|带着)(?:小孩|孩子|儿子|女儿|宝宝)(?:一起)?走(?!路|去|到|回|出|进)",
    # a last goodbye, a last message, not long to chase
    r"\bbye\s+(?:for\s+good|forever|world|cruel\s+world)\b",
    r"\b(?:this\s+is\s+)?my\s+last\s+(?:msg|message|text)\b(?!\s+(?:for\s+today|today|tonight|before|about|regarding|on\s+this|of\s+the\s+day|didn'?t|did\s+not|wasn'?t|was|got|went|has|had|said|to\s+you|from))"
    r"|\blast\s+(?:msg|message|text)\s+(?:you'?ll|u'?ll|ull|you\s+will|u\s+will)\s+(?:ever\s+)?(?:get|hear|see)\b",
    r"\b(?:won'?t|wont|will\s+not)\s+have\s+to\s+(?:chase|call|bother|text|worry\s+about)\s+me\s+(?:much\s+)?(?:longer|anymore|for\s+long)\b",
    r"永远不见|永不再见",
    # if I'm still here then; if I'm gone, does my family pay; death easier; no one left
    r"如果我(?:那时候?|到时候?|那时)?(?:还在|还活着)(?:的话)?",
    r"(?:我)?(?:要是|如果|万一)(?:我)?(?:没了|不在了|死了)[^。]{0,12}(?:还要还|要还吗|还吗|谁还|谁来还|会不会|要不要还|怎么办)",
    r"(?:人|我)死了(?:的话)?[^。]{0,8}(?:债|债务|欠款|贷款)[^。]{0,10}(?:怎样|怎么样|转给|会不会|给家人|家人)",
    r"人都(?:要|快)?没了",
    r"死了(?:比较|还比较|反而|更)(?:轻松|好|解脱|省事)",
    r"命(?:就)?(?:还给|赔给|抵给)你们",
    r"我走了[，,\s]*(?:别|不要|不用)(?:再)?找我",
    r"(?<![a-z])w?bxhl(?![a-z])|想\s*zs(?![a-z])",
    r"不想(?:再)?(?:睁眼|醒)了?",
    r"割(?:了)?(?:一下|几下|一刀|手腕|腕)[^。]{0,12}(?:疼|痛|血)",
    r"我先走了\s*(?:😔|😢|😞|🥀|🙏|😭|💔)",
    r"最后一次(?:登录|登入|上线|打开)[^。]{0,10}[。.!！\s]*(?:再见|永别|拜拜)",
    r"(?:往|朝)(?:轨道|铁轨|楼下|桥下|河里|江里|海里)(?:上|下|里)?跳",
    r"(?:想|要|去)(?:骑车|开车)?(?:去)?撞(?:卡车|大卡车|货车|火车|墙|桥墩)|(?:撞|跳|吞|割)[^。]{0,6}就解脱",
    r"\bthis\s+is\s+(?:goodbye|farewell)\b",
    r"\b(?:i\s+)?(?:pick|choose|chose|go\s+with)\s+(?:jump|jumping|the\s+bridge|death|dying)\b",
    r"(?:密码|存折|银行卡|钥匙)[^。]{0,8}(?:留给|交给|写给)[^。]{0,6}[，,\s]+(?:拜拜|再见|永别)\W*$",
    r"\b(?:note|mark|list|record)\s+(?:my\s+account|me)\s+as\s+deceased\b",
    r"我就去(?:河边|江边|海边|桥上|楼顶|天台)(?:了)?\W*$",
    r"后悔(?:自己)?(?:还)?活着|为什么(?:我)?还活着",
    r"除了死[^。]{0,6}(?:没有|想不到|没)(?:别的)?(?:办法|出路)",
    r"(?:如果|要是)[^。]{0,8}死(?:掉|了)就好了",
    r"(?:保险|保单)(?:理赔|赔付|赔偿)?[^。]{0,10}很快就(?:会)?有了",
    r"(?:一直在想|在想|想)要不要跳",
    r"(?:痛苦|一切)(?:永远|彻底)?停止|让(?:痛苦|一切)(?:永远)?停(?:下来|止)",
    r"(?:想|要)去陪(?:我)?(?:爸|妈|爷爷|奶奶|外公|外婆|老伴)了(?=$|[，,。\s])",
    # said through one's own situation (the shop, the wages run off with, the birthday)
    r"\bthere'?s\s+no\s+one\s+to\s+(?:pay|collect|chase)\s+from\s+after\b",
    r"\bwon'?t\s+be\s+having\s+another\s+(?:one|birthday)\b",
    r"(?:没了|倒了|关了|收了)[^。]{0,4}我也(?:快|要|该)(?:了|走了|没了)",
    r"(?:就|在这|在这里)了断|了断(?:自己|吧)",
    r"我也该走了\W*$|(?:结清|还清|还完|付完)[^。]{0,8}我(?:也)?(?:就)?该走了",
    r"饿死(?:也|算了|就)(?:挺好|好|算了)",
    r"(?:把我)?撞死(?:我)?就好了",
    r"(?:盯着|看着)[^。]{0,6}(?:那把刀|刀子|绳子|药瓶|那瓶药)",
    r"(?:存|攒|囤)了[^。]{0,4}(?:一整罐|一整瓶|一罐|一瓶|好多|很多)(?:的)?(?:药|安眠药)",
)
