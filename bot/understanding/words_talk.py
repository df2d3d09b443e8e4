# ruff: noqa: E501  (word tables read best one intent per block)
"""Words about the conversation itself: abuse, help, the menu, "let me think", greetings,
how to pay and changing a plan after the agreement.

Patterns run on folded text (see :mod:`bot.understanding.normalize`): lower case,
Traditional already turned Simplified. :mod:`bot.understanding.lexicon` compiles them.
"""

from __future__ import annotations

from bot.understanding.word_parts import YOU

TALK_WORDS: dict[str, tuple[str, ...]] = {
    "abuse": (
        r"\bf+u+c*k+\s*(?:you|u|off|ya|this|that|them|yourself|yourselves|all)\b", r"\bf\*+k", r"\bstfu\b",
        r"\bshut\s+up\b", r"\bgo\s+to\s+hell\b", r"\bgo\s+die\b", r"\bscrew\s+you\b", r"\bdamn\s+you\b",
        r"\bpiss\s+off\b", r"\bwank", r"\bbitch", r"\basshole", r"\bbastard", r"\bscum", r"\bidiots?\b",
        r"\bmorons?\b", r"\bstupid\b", r"\bleeches\b", r"\bbloodsuckers?\b", r"\bvultures\b",
        r"\bloan\s+sharks?\b", r"\bcrooks\b", r"\bthieves\b", r"\bliars?\b", r"\bscammers?\b",
        rf"\b{YOU}\s+(?:are\s+)?(?:an?\s+)?(?:useless|pathetic|disgusting|a\s+joke|garbage|trash|shit)\b",
        r"\bpiece\s+of\s+shit\b", r"\bfuck\s*ing\s+(?:bot|robot|company|scam|people|idiot)", r"\bsob\b",
        "傻逼", "傻b", "煞笔", "沙比", "去死", "滚", "操你", "草泥马", "cnm", "tmd", "nmsl", "他妈的",
        "妈的", "混蛋", "王八蛋", "垃圾", "骗子", "吸血鬼", "神经病", "你有病", "有病吧", "脑残", "白痴",
        "死全家", "狗东西", "畜生", "高利贷", "流氓", "黑社会", "无耻", "不要脸", "你妈", "贱人", r"(?<![a-z])sb(?![a-z])",
        r"^\W*干\W*$", "干你娘", "干你", "靠北", "靠杯", "机掰", "白痴", "你娘",
        # threats at staff: found, hurt, "watch yourself", a scene at the office (我会找到你们的,
        # 小心我去你们公司闹); "I'll get you the money", 找到你们的网站, 打你们电话 are none
        rf"\b(?:i'?ll|i\s+will|i'?m\s+(?:going\s+to|gonna|coming\s+to)|gonna|going\s+to|i\s+(?:can|could)|we'?ll|we\s+will)\s+(?:\w+\s+)?"
        rf"(?:find|hunt\s+down|track\s+down|come\s+(?:for|after)|hurt|kill|beat\s+(?:up\s+)?|punch|stab|shoot|smash|burn"
        rf"|get\s+even\s+with|make\s+(?:you|u)\s+(?:pay|regret|sorry))\s+{YOU}\b(?!\s+(?:the|a|an|some|my|that|this|it|back|on|at|online|a\s+call)\b)",
        r"\b(?:i'?m|im|i\s+am)\s+coming\s+(?:for|after)\s+(?:you|u|y'?all)\b",
        r"\bwatch\s+(?:your\s*self|yourselves|your\s+back|out\s+for\s+me)\b|\b(?:you'?d|you\s+had|u\s+better|you)\s+better\s+watch\s+out\b",
        r"(?<!n't\s)(?<!not\s)\bi\s+know\s+where\s+(?:you|u|your\s+\w+|you\s+guys|y'?all)\s+(?:live|lives|work|works|sleep)\b",
        r"\b(?:you'?ll|you\s+will|u\s+will|you\s+are\s+going\s+to|you'?re\s+gonna)\s+(?:regret\s+(?:this|it)|be\s+sorry|pay\s+for\s+(?:this|that|it))\b",
        r"\bsleep\s+with\s+one\s+eye\s+open\b|\b(?:burn|blow\s+up|smash\s+up)\s+(?:your|ur)\s+(?:office|building|place|shop|branch)\b",
        r"找到你们(?:的)?(?![\u4e00-\u9fff])", "给我等着", "等着瞧", "走着瞧",
        r"(?:给我|你们|你)(?:小心|当心)(?:点|一点)|(?:小心|当心)(?:我|你们的?(?:狗命|命|小命|人身))",
        r"(?:去|到|上|冲到|杀到)你们(?:的)?(?:公司|办公室|单位|门口|楼下|那里|总部|分行)(?:去)?(?:闹|砸|堵|拉横幅|找你们算账|放火)",
        r"(?:砸|烧|炸)(?:了|掉|烂)?你们(?:的)?(?:公司|办公室|店|门|总部)",
        r"(?:弄死|打死|砍死|杀了|宰了|揍死|捅死|弄残|收拾)(?:你们|你)", r"找人(?:收拾|弄|搞|打|砍)你们?",
        r"(?:让|叫)你们?(?:好看|吃不了兜着走|付出代价|后悔)|你们?(?:会|一定会)后悔的|饶不了你们?|(?:不会|绝不)放过你们?",
    ),
    "help": (
        r"\bhelp\b", r"\bwhat\s+can\s+i\s+do\b",
        r"\bi\s+(?:don'?t|do\s+not)\s+understand\b", r"\bconfus", r"\bwhat\s+does\s+(?:this|that|it)\s+mean\b",
        r"\bwhat\s+is\s+(?:this|that|going\s+on)\b", r"\bwhat'?s\s+(?:this|going\s+on)\b", r"\bwho\s+(?:are\s+you|is\s+this)\b",
        r"\bwhat\s+do\s+you\s+want\b", r"\bhow\s+does\s+(?:this|it)\s+work\b", r"^\W*\?+\W*$",
        r"\bwhat\s+(?:now|next)\b", r"\bhuh\b", r"\bwhat\?",
        "帮助", "帮忙", "怎么办", "看不懂", "不懂", "不明白", "什么意思", "啥意思", "你是谁", "你们是谁",
        "这是什么", "什么事", "怎么操作", "怎么弄", "咋办", "啥事", "干嘛",
        "怎么还", "如何还", "还能怎么",
    ),
    # The current question's menu again (the options, the buttons), on request.
    "menu": (
        r"\bmenu\b", r"\boptions?\b", r"\bchoices\b",
        r"\b(?:show|send|give|tell|list)\s+(?:me\s+)?(?:the\s+|my\s+|those\s+|your\s+)?(?:plans|offers|list)\b",
        r"\b(?:show|send|give)\s+(?:me\s+|it\s+)?(?:that\s+|it\s+|them\s+)?again\b",
        r"\bwhat\s+(?:were|are)\s+(?:the|my|those)\s+(?:plans|offers)\b", r"\b(?:go\s+)?back\s+to\s+(?:the\s+)?(?:start|list|plans)\b",
        "菜单", "选单", "选项", "有什么选", r"有(?:哪些|什么|哪几个)(?:选择|方案|计划|办法)", r"(?:再|重新)(?:发|传|看|给我看|列|说)(?:一下|一遍|一次)?(?:方案|选项|选择|菜单)",
        r"(?:方案|选项)(?:是)?(?:什么|哪些|有哪些)", r"(?:看|列出)(?:一下)?(?:所有)?(?:方案|选项)", "刚才的方案", "刚才那几个",
    ),
    # "Let me think": the offers stay on the table (bot.dialog.thinking).
    "think": (
        r"\blet\s+me\s+(?:think|consider|sleep\s+on|mull|check|talk\s+to|ask)\b", r"\b(?:need|want|have|got|like)\s+(?:some\s+time\s+)?to\s+think\b",
        r"\bthink\s+(?:about\s+it|it\s+over|about\s+(?:that|this|them|the\s+options))\b", r"\bsleep\s+on\s+it\b", r"\bmull\s+(?:it|this|that)\s+over\b",
        r"\b(?:get|come)\s+back\s+to\s+(?:you|u)\b", r"\bnot\s+(?:sure|ready)\s+yet\b", r"\bgive\s+me\s+(?:some|a\s+bit\s+of|a\s+little)?\s*time\b",
        r"\b(?:talk|speak|check)\s+(?:it\s+over\s+)?with\s+my\s+(?:wife|husband|partner|family|parents)\b", r"\bdecide\s+later\b", r"\bneed\s+(?:a\s+)?(?:moment|while|day|few\s+days)\b",
        r"\bi'?ll\s+(?:think|decide|let\s+you\s+know)\b", r"\bconsider\s+(?:it|my\s+options)\b",
        # looked at later, back later: the offer waits ("will look at this tomorrow", "晚点回")
        r"\b(?:will|i'?ll|gonna|going\s+to)\s+(?:look\s+at|check|deal\s+with|sort\s+out|get\s+to|read)\s+(?:this|it)\s+"
        r"(?:tomorrow|later|tonight|in\s+the\s+morning|on\s+\w+day|next\s+week|when\s+i\s+get\s+home)\b",
        r"^\W*(?:i'?ll\s+be\s+|i'?m\s+)?back\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|later|tonight)\W*$",
        r"(?:晚点|等下|待会|回头|稍后|一会)(?:儿)?(?:再)?回(?:你|复|覆)?(?:消息|讯息)?\W*$",
        r"(?:明天|晚点|回头|改天|下周|下礼拜)(?:早上|晚上)?(?:再)?(?:看|处理|弄)\W*$",
        r"(?:让|讓)?我(?:再)?想(?:想|一想|一下)", r"(?:再|先)?考虑(?:一下|考虑|看看|几天)", "考虑下", r"再想想", r"我再看看", r"(?:跟|和)(?:家人|老婆|老公|家里)商量",
        "商量一下", r"过(?:几|两)天(?:再)?(?:说|答复|回复|决定)", r"(?:晚点|回头|以后|改天|明天)再(?:说|决定|回复|答复|联系)", "再说吧", "还没想好", "我想好了再", "容我想想", "想清楚",
    ),
    "greeting": (
        r"^\W*(?:hi+|hello+|hey+|hiya|yo|good\s+(?:morning|afternoon|evening|day)|morning|greetings|howdy|hola|g'?day)\b",
        "你好", "您好", "哈喽", "嗨", "在吗", "在不在", "早上好", "下午好", "晚上好", "早安", r"^\W*喂",
        "hello", "有人吗", "哈啰", "晚安", "有人在吗",
        # back again ("its me again", 我又来了)
        r"^\W*(?:it'?s|its|it\s+is)\s+me(?:\s+again)?\W*$|^\W*i'?m\s+back\W*$", r"^\W*我(?:又|回)来了\W*$",
    ),
    # Talking or answering later ("bye, talk tomorrow", "will reply in 10", 晚点回你, 明天再聊)
    # or another bill that came ("gas bill came today too"): the day or the minutes named
    # are when the chat goes on or the bill came, not an offer to pay.
    "no_offer": (
        r"\b(?:gas|electric(?:ity)?|water|phone|power|utility|heating|cable|internet|hydro)\s+bill\b",
        r"(?:燃气|煤气|瓦斯|水|电|电话|网|宽带)费(?:的)?(?:账单)?(?:也)?(?:来了|到了|寄来了)",
        r"\b(?:talk|speak|chat|reply|respond|answer|text\s+(?:you\s+)?back|write\s+back|get\s+back\s+to\s+(?:you|u)|call\s+(?:you\s+)?back|message\s+(?:you\s+)?back)\b"
        r"[^.?!,]{0,10}?\b(?:tomorrow|later|tonight|in\s+(?:\d+|a\s+(?:bit|few|min\w*|sec\w*|hour|while))|soon|when\s+i\s+get\s+(?:home|back))\b",
        r"(?:明天|晚点|晚些|等下|等一下|待会|回头|改天|下班后?|晚上|稍后|一会|过会)(?:儿)?(?:再)?(?:聊|回(?:你|复|覆)|谈)",
        r"(?:\d+|十|五|几|二十|半)\s*(?:分钟|小时)(?:后|以后|之后)?(?:再)?回(?:你|复|覆)",
        # away and back later, looked at later: no day offered for paying
        r"\bback\s+(?:in\s+(?:\d+|a\s+(?:bit|few|min\w*|sec\w*|hour|while))|(?:on\s+)?(?:monday|tuesday|wednesday"
        r"|thursday|friday|saturday|sunday|tomorrow|tonight|later|soon))\b",
        r"\b(?:offline|away|off\s+grid|out\s+of\s+(?:here|town|office))\b[^.?!]{0,40}\b(?:till|until|back)\s+"
        r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next\s+week)\b",
        r"\b(?:look\s+at|check|deal\s+with|sort\s+out|get\s+to)\s+(?:this|it)\s+(?:tomorrow|later|tonight)\b",
        r"\b(?:text|call|message|ring)\s+me\s+(?:after|before)\s+\d",
        r"\bgood\s*night\b",
        r"(?:明天|晚点|晚些|等下|等一下|待会|回头|改天|下班后?|稍后|一会|下(?:个)?(?:礼拜|星期|周)[一二三四五六日天]?)(?:儿)?"
        r"(?:早上|晚上|到家)?(?:再)?(?:说|弄|处理|看|回)",
        r"晚点\W*$",
    ),
    # -- after the agreement (bot.dialog.aftercare): how to pay, change the plan --
    "how_to_pay": (
        r"\bhow\s+(?:do|can|should|shall|would|could|will)\s+(?:i|we|u)\s+(?:actually\s+|then\s+)?(?:make\s+(?:a|the|my|this)?\s*(?:re)?payments?|(?:re)?pay\b(?!\s+(?:less|more|it\s+all|everything|in\s+full|the\s+(?:whole|full|rest)))|send\s+(?:the\s+|my\s+)?(?:money|payment|funds)|transfer|wire)",
        r"\bhow\s+to\s+(?:make\s+(?:a|the|my)?\s*(?:re)?payments?|(?:re)?pay\b(?!\s+(?:less|more))|send\s+(?:the\s+)?(?:money|payment)|transfer\s+(?:the\s+)?money)",
        r"\bwhere\s+(?:do|can|should|shall|would|will)\s+(?:i|we|u)\s+(?:send|pay|transfer|wire|make)", r"\bwhere\s+(?:to|should\s+the\s+money)\s+(?:pay|send|go|transfer)",
        r"\b(?:payment|bank|transfer|wire|banking|remittance)\s+(?:details|info|information|instructions|method|methods|options|account)\b",
        r"\bpay(?:ment)?[-\s]?(?:now\s+)?link\b", r"\blink\s+to\s+pay\b", r"\b(?:ways?|methods?|options?)\s+(?:to|of|for)\s+(?:re)?pay(?:ing|ment)?\b",
        r"\b(?:what|which)(?:\s+is|'s|s)?\s+(?:the\s+|your\s+)?(?:bank\s+)?account\s+(?:number|no|do\s+i|should\s+i|to\s+pay)", r"\baccount\s+(?:number|no)\s+(?:to|for)\s+(?:pay|send|transfer)",
        r"\b(?:want|need|ready|trying|like)\s+to\s+pay\b[^.?!]{0,20}\b(?:where|how)\b", r"\b(?:where|how)\b[^.?!]{0,20}\b(?:want|need|ready|trying)\s+to\s+pay\b",
        r"(?:用|通过|透过)(?:支付宝|微信|银行卡|信用卡|网银|转账|超商)(?:还|付|支付|缴)",
        r"\bcan\s+i\s+pay\s+(?:by|with|via|through|using|online|in\s+cash|cash|at\s+(?:a|the)\s+(?:store|shop|bank|post\s+office|counter))\b",
        r"(?:支付宝|微信(?:支付)?|line\s*pay|apple\s*pay|街口|银行卡|信用卡|网银|超商(?:条码)?|便利店|现金)[^，,。]{0,3}(?:能|可以|可不可以)?(?:还|付|缴|支付|用)(?:吗|么|嘛)",
        r"(?:可以|能)(?:用|刷)(?:支付宝|微信|line\s*pay|apple\s*pay|街口|银行卡|信用卡|网银|超商|现金)|对公(?:账号|账户|帐号|帐户)", r"\bwho\s+do\s+i\s+pay\b", r"\bpay\s+(?:to\s+)?where\b",
        r"(?:怎么|怎样|如何|咋|要怎么|该怎么|怎么样)(?:才能|才可以|可以|能|去)?(?:还款|还钱|付款|付钱|支付|转账|汇款|打款|缴款|缴费|还(?!有|没|要|是|在|不|会|得|能|这么|那么|欠|差|剩)|付(?!出|不))",
        r"(?:在|去|到|往|向)?(?:哪里|哪儿|哪|何处)(?:可以|能)?(?:还款|还钱|付款|付钱|支付|转账|汇款|打款|还|付|转)",
        r"(?:还款|付款|支付|收款|转账|汇款|缴费|缴款)(?:的)?(?:方式|方法|渠道|途径|账户|账号|帐户|帐号|信息|资料|链接|连结|二维码|银行)",
        r"(?:银行|收款)(?:账户|账号|帐户|帐号|卡号)", r"钱(?:要|应该|应|该|得|需要)?(?:打|转|汇|交|付|存)(?:到|给|去|进)(?:哪|谁|什么)",
        r"(?:打|转|汇|存|付|交)(?:到|进|给)(?:哪|什么)(?:个|一个|家)?(?:账户|账号|帐户|帐号|卡|银行|地方)",
    ),
    "change_plan": (
        r"\b(?:change|modify|update|adjust|redo|renegotiate|rework|amend|switch|alter|revise)\s+(?:my\s+|the\s+|this\s+|our\s+|current\s+)*(?:payment\s+|repayment\s+)?(?:plan|schedule|agreement|arrangement|deal|instalments|installments|payments|dates?)\b",
        r"\b(?:a\s+)?(?:new|different|another|other)\s+(?:payment\s+|repayment\s+)?(?:plan|schedule|arrangement|deal)\b", r"\brenegotiat",
        r"\b(?:can|could|may)\s+(?:i|we)\s+(?:change|modify|adjust|redo)\s+(?:it|that)\b",
        r"(?:改|更改|修改|调整|变更|更换|换|重新(?:制定|安排|商量|谈|定|做)?)(?:一下|个|一个)?(?:我的)?(?:还款|缴款|付款)?(?:计划|计画|方案|安排|日期|时间|期数)",
        r"(?:计划|计画|方案)(?:要|想|能|可以|能不能|可不可以)?(?:改|换|调整|变更)", r"重新(?:协商|商量|谈)",
    ),
    # A change of plan that names what changes: it stays a change even with a date, a count or
    # a frequency in it ("change my payment date to the 20th", "从每月还改成两周还一次", "6期改成10期").
    "change_plan_named": (
        r"\bchange\s+(?:it|my\s+plan|the\s+plan)\s+to\b[^.?!]{0,20}\binstead\s+of(?:\s+(?:\d+|one|two|three|four|five|six|twelve)(?:\s+(?:months?|payments?|instal\w*))?)?",
        r"\b(?:change|move|switch|modify|adjust|update)\s+(?:my\s+|the\s+|our\s+)?(?:payment\s+|due\s+|repayment\s+)?(?:date|day|plan|schedule)\s+(?:to|from)\b",
        r"\bswitch\s+(?:my\s+plan\s+|it\s+)?from\s+\w+(?:\s+\w+)?\s+to\b|\bmove\s+(?:me\s+)?to\s+a\s+(?:longer|shorter|different|new|bigger|smaller)\s+plan\b",
        r"(?:还款|缴款|付款|扣款)(?:日|日期|时间)[^，,。]{0,4}(?:改|换|调)(?:到|成|为)",
        r"从[^，,。]{1,8}(?:改成|改为|换成|调成|变成)|(?:改成|改为|换成)(?:分)?\d+期|\d+期(?:改成|改为|换成)\d+期",
    ),
    # A change of mind ("I changed my mind", 我反悔了, 能改吗): a new plan once one is agreed.
    "change_mind": (
        r"\bchanged\s+my\s+mind\b", r"\bchange\s+of\s+heart\b", r"\bsecond\s+thoughts\b",
        r"反悔|后悔了|改主意|改变主意|变卦",
        r"(?:能|可以|能不能|可不可以|可否|还能)再?(?:改|换|调整|修改|更改|变更)(?:一下|一改)?(?=[吗么嘛吧呢不?？,，。!！\s]|$)",
    ),
}  # fmt: skip
