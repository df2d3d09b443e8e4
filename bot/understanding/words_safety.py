# ruff: noqa: E501  (word tables read best one intent per block)
"""Words for the intents the engine always listens for: a crisis, an opt-out, the wrong
person, a dispute, a payment already made, asking for a person.

The longer crisis and opt-out lists by warning sign are in
:mod:`bot.understanding.crisis_words` and :mod:`bot.understanding.optout_words`.

Patterns run on folded text (see :mod:`bot.understanding.normalize`): lower case,
Traditional already turned Simplified. :mod:`bot.understanding.lexicon` compiles them.
"""

from __future__ import annotations

from bot.understanding.word_parts import NOT

# The account holder has died, said by a relative ("my husband passed away last week, this
# was his card", 我先生上个月过世了，这是他的卡, 我爸已经去世了，这是他的贷款): the writer is not
# the debtor. A death told with the writer's own debt ("my dad died and I lost my job") is not.
DECEASED = (
    r"\bmy\s+(?:husband|wife|partner|father|mother|dad|mom|mum|son|daughter|brother|sister|grandfather|grandmother)"
    r"\s+(?:has\s+)?(?:just\s+|recently\s+)?(?:passed\s+away|passed|died|is\s+dead|is\s+deceased)\b"
    r"[^?]{0,80}\b(?:his|her|their)\s+(?:card|debt|loan|account|credit\s+card|bill|balance)\b"
    r"|\b(?:his|her)\s+(?:card|debt|loan|account)\b[^?]{0,60}\b(?:passed\s+away|died|is\s+dead|deceased)\b"
    r"|(?:先生|老公|丈夫|太太|老婆|妻子|爸|妈|父亲|母亲|儿子|女儿|哥|姐|弟|妹|爷爷|奶奶|阿公|阿嬷)(?:他|她)?"
    r"(?:已经|上个月|上周|上礼拜|去年|前年|前天|昨天|刚|刚刚|这个月)?(?:过世|去世|走了|不在了|往生)"
    r"[^?？]{0,30}(?:他|她)(?:的|欠的|借的|办的)(?:卡|信用卡|贷款|欠款|账|帐|债|钱)"
    # the account named first: "this is my husbands account, he passed away in october",
    # "the account holder died", 这是我老公的账户，他上个月去世了
    r"|\bmy\s+(?:late\s+)?(?:husband|wife|partner|father|mother|dad|mom|mum|son|daughter|brother|sister"
    r"|grandfather|grandmother)'?s\s+(?:card|debt|loan|account|credit\s+card|bill)\b[^?]{0,80}"
    r"\b(?:passed\s+away|passed|died|is\s+dead|deceased|death|funeral)\b"
    r"|\b(?:the\s+)?(?:account\s+holder|card\s*holder|borrower)\s+(?:has\s+)?(?:passed\s+away|passed|died|is\s+dead"
    r"|is\s+deceased)\b"
    r"|我(?:的)?(?:先生|老公|丈夫|太太|老婆|妻子|爸|妈|父亲|母亲|儿子|女儿|哥|姐|弟|妹|爷爷|奶奶|阿公|阿嬷)的"
    r"(?:账户|账号|帐户|卡|信用卡|贷款|欠款|账|帐|债)[^?？]{0,20}(?:过世|去世|走了|不在了|往生)"
)

SAFETY_WORDS: dict[str, tuple[str, ...]] = {
    "distress": (
        r"\bkill(?:ing)?\s+my\s*self\b", r"\bsuicid", r"\bend\s+(?:it\s+all|my\s+life|things)\b",
        r"\btake\s+my\s+(?:own\s+)?life\b", r"\b(?:want|wanna|going|gonna)\s+(?:to\s+)?die\b",
        r"\b(?:don'?t|do not)\s+want\s+to\s+(?:live|be\s+alive|be\s+here|wake\s+up)\b",
        r"\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living)\b", r"\bbetter\s+off\s+dead\b",
        r"\bhurt(?:ing)?\s+my\s*self\b", r"\bself[-\s]?harm", r"\bcan'?t\s+go\s+on\b",
        r"\bnot\s+worth\s+living\b", r"\bend\s+it\b(?!\s+(?:here|now|there|today|early))",
        r"\bjump\s+off\s+(?:a|the)\b", r"\boverdose\b", r"\bcan'?t\s+take\s+(?:it|this)\s+any\s*more\b",
        "想死", "不想活", "活不下去", "活不成", "自杀", "轻生", "跳楼", "跳河", "结束生命", "了结自己",
        "死了算了", "一死了之", "活着没意思", "活着没什么意思", "不如死了", "我去死", "撑不下去",
        r"\bending\s+it(?:\s+all)?\b", r"\bend\s+it\s+all\b", "割腕", "寻死", "想不开", "不想活了", "一死百了", "活着没意思", "逼死我", r"死了?算了", "不如去死", "不如死",
        # 寻短(见): the old euphemism for taking one's life; a height and a jump.
        "寻短", r"(?:阳台|楼顶|天台|顶楼|窗边|桥上|屋顶).{0,6}(?:想|要|准备|打算)跳(?!舞|绳)",
        # Not living or holding on until a day: 活不到下个月, 撑不了多久了.
        r"活不到(?:下|明|那|月底|年底|发工资)", r"撑不了(?:多久|几天|太久)",
    ),
    "stop": (
        r"^\W*(?:please\s+|pls\s+|plz\s+)?stop(?:\s+it)?(?:\s+please|\s+pls|\s+now)?\W*$",
        r"\bstop\s+(?:all\s+|these\s+|the\s+)?(?:texting|messaging|calling|contacting|sending|bothering"
        r"|harass|harrass|spamming|emailing|writing|messages|texts|calls|contact|communication)",
        r"\bunsubscribe\b", r"\bopt(?:[-\s])?out\b",
        rf"\b{NOT}\s+(?:ever\s+)?(?:contact|text|message|call|email|write\s+to|bother)\s+me\b",
        r"\bleave\s+me\s+alone\b", r"\bremove\s+(?:me|my\s+(?:number|details))\b",
        r"\btake\s+me\s+off\b", r"\bno\s+more\s+(?:messages|texts|calls|contact)\b",
        r"\bquit\s+(?:texting|messaging|calling)\b",
        # "u can stop now, im not answering"; the number to be deleted; 不要在发了 (在 for 再)
        r"\b(?:you|u)\s+(?:can|may|should)\s+stop\s+(?:now|messaging|texting|writing|sending)\b",
        r"\bdelete\s+(?:this|my)\s+(?:number|#|contact)",
        r"(?:不要|别|请勿)在(?:给我)?(?:发|传|打来|打电话|联系|联络|找我|骚扰)(?:了|啦)?(?:[\W]|$)",
        "退订", r"^\W*td\W*$", r"^\W*t\W*$", "别再发", "不要再发", "别发了", "不要发了", "别再给我发",
        "不要再给我发", "别给我发", "不要给我发", "不要再联系", "别再联系", "别联系我", "不要联系我",
        "取消订阅", "别烦我", "别再打扰", "不要打扰", "别打扰", "不要再打", "别再打", "停止发送",
        "停止联系", "不想再收到", "别再找我", "不要再找我", "不要再骚扰", "别骚扰",
        r"(?:不要|别|请勿|勿|不用)再(?:给我)?(?:发|传|打来|打电话|联系|联络|找我|骚扰|打扰|寄)", r"别(?:传|打来|联络)", r"停止(?:发送|传送|联系|联络|发|传|寄)",
    ),
    "wrong_person": (
        r"\bwrong\s+(?:person|number|guy|girl|man|woman|contact|chat|people|one|name)\b",
        r"\b(?:that'?s|thats|that\s+is|this\s+is|it'?s)\s+not\s+me\b", r"^\W*not\s+me\W*$",
        r"\bi'?m\s+not\s+(?:him|her|he|she|that\s+person|the\s+person|who\s+you)\b",
        r"\bi\s+am\s+not\s+(?:him|her|he|she|that\s+person|the\s+person|who\s+you)\b",
        rf"\b{NOT}\s+know\s+(?:who\s+(?:that|this)\s+is|this\s+person|that\s+person|him|her|any)",
        # a name nobody here has ("nobody called Wang lives here"), not a call nobody made
        # ("nobody called me back")
        r"\bno\s*(?:one|body)\s+(?:by\s+that\s+name|named|here\s+(?:by|called|named))"
        r"|\bno\s*(?:one|body)\s+called\s+(?!(?:me|us|you|him|her|them|back|again|yet|anyone|anybody|today|at\s+all)\b)\w",
        r"\bnever\s+heard\s+of\s+(?:him|her|them|this\s+person|that\s+person)\b",
        r"\b(?:you\s+have|you'?ve\s+got|you\s+got)\s+the\s+wrong\b", r"\bnot\s+my\s+name\b",
        r"\bnot\s+the\s+right\s+person\b", r"\bnew\s+number\b.*\bnot\b|\bnot\b.*\bnew\s+number\b",
        "我不是他", "我不是她", "不是本人", "打错了", "打错人", "发错了", "发错人", "找错人", "认错人", "找错了",
        r"不认识(?:这个人|他|她|此人|这人)", "没有这个人", "查无此人", "我不叫", "号码换人", "这不是我的号",
        "不是我本人", "你们找错", "传错", r"(?:搞|弄|找|认)错人",
        # the number had someone else before (the guy who had this number before me); a name
        # that is not the writer's (我不是王先生啦, 我不认识什么李强)
        r"\b(?:had|used)\s+this\s+(?:number|phone|cell|mobile)\s+before\b"
        r"|\bthis\s+(?:number|phone)\s+used\s+to\s+(?:be|belong)\b|\bprevious\s+owner\s+of\s+this\s+(?:number|phone)\b",
        r"我不是[^，,。\s]{1,3}(?:先生|小姐|太太|女士)", r"我不认识什么[^，,。\s]{1,4}",
        r"(?:这支|这个|这)(?:号码|门号|手机号|电话号码)我才(?:刚)?(?:办|用|换|申请)",
        # the account holder has died, said by a relative (my husband passed away, this was
        # his card; 我先生上个月过世了，这是他的卡): not the debtor (see DECEASED)
        DECEASED,
    ),
    "dispute": (
        r"\bnot\s+my\s+(?:debt|loan|account|bill|problem)\b",
        # a formal insolvency of one's own (filed for bankruptcy, chapter 7, 走更生程序, 前置协商):
        # collection pauses and a person checks it, as for a dispute, no plans are offered
        r"\b(?:filed|declared|(?:i'?m|i\s+am|im|i'?ve\s+been|we'?re)\s+(?:now\s+)?filing)\s+(?:for\s+)?(?:personal\s+)?(?:bankruptcy|bankrupt"
        r"|insolvency|chapter\s+(?:7|11|13|seven|thirteen))\b|\b(?:i'?m|i\s+am|im|been)\s+(?:now\s+)?(?:in\s+"
        r"|going\s+through\s+)(?:bankruptcy|chapter\s+(?:7|13))\b|\b(?:i'?m|i\s+am|im)\s+(?:now\s+)?bankrupt\b",
        r"\bbankruptcy\s+(?:case|petition|filing|discharge|court|trustee|protection)\b|\bautomatic\s+stay\b",
        r"\bdebt\s+relief\s+order\b|\biva\b|\bindividual\s+voluntary\s+arrangement\b",
        r"(?:申请|走|办|进入|在|已经)(?:了)?(?:更生|清算|前置协商|债务协商)|(?:前置|债务)(?:协商|调解)(?:中|了)"
        r"|(?:申请|走|办|进入)(?:了)?(?:个人)?破产|消债条例",
        r"\b(?:this|that|it)\s*(?:'s|s|\s+is|\s+isn'?t|\s+aint|\s+ain'?t)\s+(?:not\s+)?(?:mine|my\s+debt|my\s+loan)\b",
        r"\b(?:isn'?t|is\s+not|aint|ain'?t)\s+(?:mine|my\s+debt|my\s+loan)\b",
        r"\bi\s+(?:don'?t|do\s+not)\s+owe\b", r"\bi\s+owe\s+(?:nothing|you\s+nothing|no\s+one)\b",
        r"\b(?:i\s+)?never\s+(?:borrowed|took\s+out|took\s+a|had\s+(?:a|an|this|that)|signed|opened|applied|owed)",
        r"\b(?:amount|balance|number|figure|total|sum)\s+(?:is\s+|are\s+|looks\s+|seems\s+)?(?:wrong|incorrect|not\s+right|off|too\s+high|inflated)\b",
        r"\b(?:wrong|incorrect)\s+(?:amount|balance|figure|total)\b", r"\bdisput", r"\bdon'?t\s+recogni[sz]e\b",
        r"\bidentity\s+theft\b", r"\bfraud(?!sters?\b)", r"\bscam\b", r"\bnot\s+legit", r"\bdoesn'?t\s+add\s+up\b",
        r"\bprove\s+(?:it|that|i\s+owe)\b", r"\bproof\b", r"\bvalidation\b",
        # the debt asked for in writing, or who it was first owed to (a validation request:
        # collection pauses until a person has sent it)
        r"\b(?:send|mail|post|give|put|have)\s+(?:me\s+)?(?:it\s+|this\s+|that\s+|something\s+|everything\s+"
        r"|the\s+(?:details|debt|amount|breakdown)\s+|a\s+(?:letter|notice|statement)\s+)?in\s+writing\b",
        r"\bwritten\s+(?:notice|proof|confirmation|statement|details|breakdown|validation|verification)\b",
        r"\boriginal\s+(?:creditor|lender|contract|agreement|loan\s+agreement)\b|\bverify\s+(?:this|the)\s+debt\b",
        r"书面(?:通知|证明|材料|文件|说明|明细|回复|的|寄|发|给)|原始债权人|原债权人|债权人是谁",
        r"\bi\s+(?:already\s+)?(?:paid|settled)\s+(?:that|this|it)\s+off\s+years\s+ago\b",
        # the sum borrowed set against the sum asked ("why 12,000? I only borrowed 8,000"); never
        # late at all (我根本没逾期); a charge the contract never named (合同里没写); paid off, yet
        # still shown as owed (已经结清了，怎么系统里还有欠款)
        r"\bi\s+only\s+(?:ever\s+)?(?:borrowed|took(?:\s+out)?|got|received|owed)\b",
        # a charge never agreed to or not in the contract ("fees I never agreed to")
        r"\b(?:fees?|charges?|interest|penalt\w+|that|this|it)\b[^.?!]{0,20}\bnever\s+agreed\s+to\b"
        r"|\bnever\s+agreed\s+to\s+(?:th(?:at|is|ese|ose)|the|any)\b",
        r"\bnot\s+in\s+(?:the|my|our|any)\s+(?:contract|agreement|terms)\b",
        r"(?:根本|明明|从来)(?:就)?(?:没有?|没)(?:逾期|迟缴|迟交|拖欠|晚还|晚缴)",
        r"(?:合同|合约|契约|协议)(?:里|上|中)?(?:面)?(?:根本|都|也|并|从来)?(?:没有?|没)(?:写|说|提|约定|规定)",
        r"(?:已经|早就|早已)(?:结清|还清|缴清|付清|还完)(?:了)?[^。]{0,8}(?:怎么|为什么|为何|凭什么)[^。]{0,10}(?:还有|还在|还显示|还欠)",
        r"不是我的(?:债|钱|账|欠款|借款|贷款)", r"不是我(?:刷|借|签|办|消费|申请)的", "不是我欠的", r"没(?:有)?(?:跟|向|和|找)?(?:你们)?借过", r"没(?:有)?(?:跟|向|和|找|在)(?:你们|这家|这个|贵|该)[^，。,.!！?？]{0,5}借过", "从来没借", "我没借",
        r"我没(?:有)?欠", "我不欠", "金额不对", "数目不对", "数额不对", "账不对", "账目不对", "金额有误",
        "金额错了", "有异议", "申诉", "投诉", "不认这", "不承认", r"凭什么(?!让我相信|相信|信你)", "诈骗", "盗用", "冒用",
        "拿出证据", "什么证据", "算错了", "不对吧", "钱数不对", "多算了",
        # fees refused as unfair ("手续费太离谱了，我不认"), a figure said to be wrong
        r"(?:手续费|服务费|违约金|利息|罚息|滞纳金|费用)[^。]{0,24}(?:离谱|不合理|合理吗|合法吗|不合法|凭什么|这么多|这么高)"
        r"[^。]{0,16}(?:不认|不接受|重新算|重算|不服|不同意)",
        r"\b(?:amount|balance|total)\s+you\s+(?:claim|say|state)\b[^.?!]{0,40}\bmore\s+than\b", r"\bi\s+paid\s+on\s+time\b",
        r"我(?:从来)?没(?:有)?逾期过|从来没(?:有)?逾期", r"(?:金额|钱)怎么多了|(?:违约金|手续费|利息)[^。]{0,4}(?:也)?太夸张",
        r"\bmy\s+contract\s+says\b|\bwhere\s+is\s+the\s+extra\b",
        r"\bthat'?s\s+wrong\b[^.?!]{0,30}\bmy\s+(?:payment|balance|bill)\s+(?:is|was|should\s+be)\b",
        r"怎么变成[^。]{0,8}了|(?:利息|费用|收费)不合法|多的是什么(?:费用|钱)|明明只有",
        r"(?:手续费|服务费|违约金|利息|罚息|滞纳金|费用)[^。]{0,10}(?:太扯|离谱|不合理|乱收|乱扣)",
        r"合(?:约|同)上(?:根本)?没(?:写|有写|提)",
        r"\b(?:balance|amount|figure|total)\b[^.?!]{0,60}\bbut\s+i\s+only\s+(?:borrowed|owe|took)\b",
        r"(?:金额|数目|数额|钱数|账)(?:根本|完全|明显|好像)(?:就)?(?:不对|有误|错了)",
        # proof asked that the debt is one's own ("证明是我借的", "prove it's my loan")
        r"证明(?:一下)?(?:这|这笔|这个)?(?:钱|债|账|贷款|借款)?(?:是|确实是|真的是)?我(?:借|欠|签|贷)的?",
        r"\bprove\s+(?:that\s+)?(?:this|it|the\s+(?:debt|loan))\s+is\s+mine\b|\bproof\s+(?:that\s+)?(?:this|it)\s+is\s+mine\b",
        # fees contested: charged though one paid on time ("stop charging late fees, I paid on time")
        r"\b(?:stop|quit)\s+(?:charging|adding|putting)\s+(?:me\s+)?(?:\w+\s+)?(?:late\s+)?(?:fees?|interest|charges|penalt\w*)\b"
        r"[^?!]{0,40}\b(?:(?:paid|pay|been\s+paying)\s+(?:\w+\s+){0,2}on\s+time|never\s+(?:been\s+)?late)\b",
        r"(?:不要|别|不能|不该|凭什么)(?:再)?(?:收|扣|加|算)(?:我)?(?:的)?(?:滞纳金|违约金|罚息|手续费|罚款)[^。]{0,16}(?:按时|准时|没有?(?:逾期|迟|晚))",
    ),
    "already_paid": (
        r"\balready\s+(?:paid|payed|settled|cleared|sent|transferred|made\s+(?:the|a|my)\s+payment|done\s+it)",
        r"\bpaid\s+(?:it\s+|this\s+|that\s+)?(?:already|off\s+already)\b",
        r"\b(?:i|i'?ve|ive|i\s+have|we|we'?ve|we\s+have)\s+(?:just\s+|already\s+)?(?:paid|payed|settled|cleared)\b",
        r"\b(?:i|i'?ve|i\s+have)\s+(?:just\s+|already\s+)?(?:sent|transferred|made)\s+(?:the|you|it|my|a)\s*(?:money|payment|transfer)?",
        r"\b(?:it'?s|its|it\s+is|it\s+was|this\s+was|that\s+was|this\s+is|debt\s+is|balance\s+is)\s+(?:been\s+|already\s+)?(?:paid|settled|cleared)\b",
        r"\bpayment\s+(?:was\s+|has\s+been\s+)?(?:made|sent|done)\b", r"\bcheck\s+your\s+records\b",
        # a payment's reference, not one's own ("what's my reference number again?")
        r"(?<!\bmy\s)(?<!\bour\s)(?<!account\s)\b(?:reference|ref|confirmation|transaction|receipt)"
        r"\s*(?:number|no|#|id)\b(?!\s+again)",
        r"\b(?:payment|transfer|money|it)\s+(?:went|has\s+gone|already\s+went)\s+through\b|\b(?:i\s+)?paid\s+\$?\d[\d,.]*\s+(?:this\s+morning|yesterday|today|last\s+\w+|earlier)\b",
        r"流水号|末五码|交易(?:编号|单号|号码)|转账(?:凭证|截图|记录)|(?:扣款|转账|付款|还款|缴款)成功",
        # a sum just sent ("just sent the 915.25, can you confirm", 我刚转了3900.16, 剛匯了4083)
        r"\b(?:just|already)\s+(?:sent|paid|transferred|wired|made)\s+(?:you\s+)?(?:the\s+|my\s+)?\$?\d",
        r"(?:刚|刚刚|刚才|已经)(?:先|才)?(?:转|汇|打|还|付|缴)了\s*[\d一二三四五六七八九十两百千万]",
        r"(?:今天|昨天|前天|刚刚|刚才|早上|上午|中午|下午|晚上|上个?月|上周|上礼拜|上星期|前几天)[^，,。\d]{0,3}(?:转|汇|打)了\s*[\d一二三四五六七八九十两百千万]",
        r"已经还", "已还", "还过了", "还清了", "已经付", "付过了", "已经转", "转过去了", "转给你们了",
        "早就还", "早还了", "已经结清", "结清了", "已经交", "交过了", "还完了", "已付款", "已经打款",
        "打过款了", "已经给", "付了啊", "还了啊", "不是还了吗", r"已经(?:缴|汇|打款|转账)", r"已经(?:一次性|全部|都)(?:还|付|缴|转|汇)了?", "缴过了", "汇过去了", "汇给你们了",
    ),
    "human": (
        r"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+)?(?:real\s+|actual\s+|live\s+)?(?:human|person|agent|representative|rep|operator|someone|somebody|manager|supervisor|staff|people|employee)\b",
        r"\b(?:real|actual|live)\s+(?:person|human|agent|people)\b", r"\bhuman\b",
        r"\bagent\b", r"\brepresentative\b", r"\boperator\b", r"\bcustomer\s+(?:service|support|care)\b",
        r"\b(?:call|ring|phone)\s+me\b", r"\b(?:can|could)\s+(?:someone|somebody)\s+call\b",
        r"\b(?:manager|supervisor)\b",
        # a complaint to be made to us ("where do I send a formal complaint", 申诉管道是什么);
        # a person takes complaints
        r"\b(?:file|make|lodge|raise|submit|send|put\s+in)\s+(?:a\s+)?(?:formal\s+|official\s+)?complaint\b"
        r"(?![^.!?]{0,20}\b(?:with|to)\s+(?:the\s+)?(?:cfpb|ftc|regulator|police|ombudsman|bbb|attorney\s+general)\b)"
        r"|\bcomplaints?\s+(?:department|procedure|process|channel|address|team|form)\b",
        r"(?:投诉|申诉|客诉)(?:渠道|管道|电话|方式|流程|窗口|专线)|我要(?:投诉|申诉|客诉)(?!你们到)", r"\b(?:are\s+you|is\s+this)\s+(?:a\s+)?(?:bot|robot|machine|real)\b",
        # When the person we said would answer will answer ("when will someone reply?",
        # "nobody is answering", 怎么还没人回): the wait asked about, never a crisis or a no.
        r"\b(?:when|how\s+long)\b.{0,30}\b(?:someone|somebody|anyone|anybody|a\s+(?:real\s+)?(?:person|human)|an?\s+(?:agent|colleague|rep)|your\s+(?:colleague|team|agent)|the\s+(?:agent|colleague|team)|they)\b.{0,20}\b(?:answer|reply|respond|get\s+back|write\s+back|message\s+me|contact|call|help)",
        r"\b(?:no\s*one|nobody|no\s+body)\s+(?:is\s+|has\s+|'?s\s+)?(?:answer|repl|respond|get|got|writ|help)",
        r"(?:什么时候|啥时候|多久|多长时间)(?:才|会|能)?(?:会|能)?有人(?:回|理|管|答|接|联系|处理|跟|和|找)",
        r"有没有人(?:回|理|管)", r"(?:没|没有)人(?:回|理|管|答|接)",
        "转人工", "人工", "真人", "客服", "工作人员", r"(?:找|跟|和|请|要|让)(?:个|一位|一个)?专人", r"(?<!我)(?<!我的)经理", r"(?<!我)(?<!我的)(?<!我们)主管",
        # "机器人" asks for a person, unless it is the insult ("sb机器人", 破机器人)
        r"(?<!sb)(?<!傻)(?<!笨)(?<!破)(?<!垃圾)(?<!智障)(?<!蠢)(?<!烂)(?<!臭)(?<!逼)(?<!死)机器人", r"(?<!停止)打电话给我",
        "给我打电话", r"(?<!不要再)(?<!不要)(?<!别再)(?<!别)来电话", r"找(?:你们)?(?:领导|负责人)", "活人", r"(?:跟|和|找)(?:真)?人(?:说|讲|谈|聊)", "专员", r"打给我(?!同事|家人|公司|单位|老板|主管|爸|妈|父母|亲戚|朋友|老婆|老公|的)",
        # Papers asked for: a colleague sends them (never an opt-out, "send me the contract").
        r"\b(?:send|email|e-mail|mail|post|give|show|forward|text)\s+(?:me|us)\s+(?:over\s+)?(?:a\s+|the\s+|my\s+|our\s+|that\s+|this\s+|your\s+)?(?:copy\s+of\s+(?:the\s+|my\s+|our\s+)?)?(?:signed\s+|original\s+|loan\s+|credit\s+|card\s+)*(?:contract|agreement|paperwork|documents?|docs|papers)\b",
        r"\b(?:a\s+|the\s+)?copy\s+of\s+(?:the\s+|my\s+|our\s+)?(?:signed\s+|original\s+|loan\s+|credit\s+)*(?:contract|agreement|statement)\b",
        r"把.{0,6}(?:合同|合约|协议|借据|欠条|对账单|账单明细).{0,4}(?:发|寄|传|给)",
        r"(?:发|寄|传)(?:一下|一份)?(?:给)?我.{0,4}(?:合同|合约|协议|借据|欠条|对账单)",
        r"(?:发|寄|传)(?:一下|一份|一个)?.{0,4}(?:合同|合约|协议|借据|欠条|对账单).{0,2}给我",
        r"(?:合同|合约|协议|借据|欠条)的?(?:复印件|副本|扫描件|原件|照片|电子档)",
    ),
}  # fmt: skip
