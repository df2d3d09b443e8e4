# ruff: noqa: E501  (word tables read best one intent per block)
"""Words about paying: hardship, the balance, paying in full, instalments, counter-offers.

Patterns run on folded text (see :mod:`bot.understanding.normalize`): lower case,
Traditional already turned Simplified. :mod:`bot.understanding.lexicon` compiles them.
"""

from __future__ import annotations

from bot.understanding.word_parts import NOT

MONEY_WORDS: dict[str, tuple[str, ...]] = {
    "hardship": (
        r"\blos[te]\s+(?:my|his|her|our|the)?\s*(?:job|work|income|business)\b",
        r"\b(?:got\s+|been\s+|was\s+|were\s+)?(?:laid\s+off|fired|made\s+redundant|let\s+go)\b",
        r"\bredundan", r"\bunemployed\b", r"\bout\s+of\s+work\b", r"\bjobless\b",
        # pay withheld, no income coming in, crushed by the repayments
        r"(?:工资|薪水|薪资)(?:被)?(?:拖欠|欠着|没发|扣光|被扣)|拖欠(?:工资|薪水)|没(?:有)?进账|压垮|喘不过气",
        r"\b(?:no|zero|without|lost)\s+(?:job|income|work)\b",
        r"\b(?:i'?m|im|i\s+am|been|was)\s+(?:very\s+|really\s+|so\s+)?(?:sick|ill|in\s+(?:the\s+)?hospital|pregnant|disabled)\b",
        r"\b(?:in|at|from)\s+(?:the\s+)?hospital\b", r"\bmedical\s+(?:bills|treatment|emergency|issues)\b",
        r"\bsurgery\b", r"\bcancer\b", r"\bchemo", r"\bdivorc", r"\bpassed\s+away\b", r"\bfuneral\b",
        r"\b(?:wife|husband|mother|father|mom|mum|dad|son|daughter|kid|child|baby|partner|brother|sister"
        r"|grand(?:ma|pa|mother|father)|nan|nana|granny|uncle|aunt)\s+(?:is\s+|was\s+|got\s+)?(?:sick|ill|died|passed(?!\s+(?:the|a|an|his|her|my|me|it|by)\b)|in\s+hospital)\b",
        r"\bfinancial\s+(?:difficult|hardship|trouble|problem)", r"\bhard\s+times?\b", r"\btough\s+time",
        r"\bbusiness\s+(?:failed|closed|went\s+under|is\s+struggling)\b", r"\bbankrupt",
        r"\bcovid\b", r"\baccident\b", r"\bevicted\b", r"\bhomeless\b",
        r"\bcan'?t\s+make\s+ends\s+meet\b", r"\bbarely\s+(?:surviving|getting\s+by|scraping\s+by)\b",
        r"\bhaven'?t\s+been\s+paid\b", r"\bsalary\s+(?:delayed|late|not\s+paid)\b",
        "失业", "没工作", "没了工作", "丢了工作", "工作丢了", "被裁", "裁员", "被开除", "下岗",
        r"没(?:有)?收入", "生病", "病了", "住院", "手术", "癌", "医药费", "看病", "离婚", "去世",
        "过世", "困难", "破产", "倒闭", "生意不好", "疫情", "车祸", r"工资(?:还)?没发", "欠薪",
        "家里出事", "出事了", "没有工作", "找不到工作", "我有病", "怀孕", "坐月子", "资遣", "无薪假",
        r"(?:公司|店|生意|工厂)(?:倒了|关了|垮了|没了)", r"(?:工资|薪水|薪资)(?:还)?没(?:发|领|给)", "开刀", "花光", "被炒",
        r"\b(?:hours|shifts)\s+(?:got\s+|have\s+been\s+|were\s+|was\s+)?(?:cut|reduced|slashed)\b|\bonly\s+(?:getting|working|get|got|work)\s+(?:\d+|one|two|three|a\s+few|a\s+couple\s+of)\s+(?:shifts?|hours?|days?)\b",
        r"\bwork\s+(?:is|has\s+been)\s+(?:really\s+|so\s+|very\s+)?(?:slow|dead|quiet|dry)\b|\bsingle\s+(?:mom|mum|mother|dad|father|parent)\b",
        r"收入(?:都|也|全)?没(?:有)?了?|(?:厂|工厂|公司|店)里?(?:放(?:长)?假|停工|停产)|停工|停产",
        r"单亲|一个人(?:带|养)(?:着)?(?:两|三|几|\d)?个?(?:娃|孩子|小孩)",
        r"(?:一天|每天|一个月|每个月|一周|每周|一礼拜)(?:才|只)(?:赚|挣|收入|有|拿|领)?(?:得)?[一二三四五六七八九十两百千万\d]",
        r"(?:车|机车|摩托车|电动车|房子|冰箱|手机)(?:子)?(?:坏了|坏掉了?|修了)[^。]{0,16}钱(?:不够|不太够|没了|花光)",
        r"\b(?:things\s+are|it'?s|life\s+is|times\s+are)\s+(?:really\s+|so\s+|very\s+|pretty\s+)?(?:hard|tough|rough|difficult)\b", r"\bmake\s+ends\s+meet\b",
        # not a cent to one's name ("我一分钱都没有", "一毛都擠不出來")
        r"一\s*(?:分|毛|角|块|元)(?:钱)?\s*(?:都|也)(?:没|拿不出|挤不出|掏不出|凑不出)",
    ),
    "hardship_weak": (
        rf"\b{NOT}\s+(?:afford|pay)\b", r"\bunable\s+to\s+pay\b", r"\bbroke\b", r"\bno\s+money\b",
        r"\bstruggling\b", r"\bshort\s+(?:on|of)\s+(?:money|cash)\b", r"\btight\b",
        "没钱", "没有钱", "付不起", "还不起", "拿不出", r"(?:缴|付|还)不出", r"手头(?:很|太|有点|比较|真的)?紧", "手头不宽裕", "经济压力", "压力大",
        "还不上", "还不了", "穷", "没那么多钱", "揭不开锅",
    ),
    "balance_question": (
        r"\bwhy\s+(?:is|are)\s+there\s+(?:[^.?!]{0,24}?\s)?(?:interest|fees?|charges?|penalt)",
        r"\bwhat\s+(?:is|are|'s)?\s*(?:this|these|that|the)\s+(?:fee|fees|charge|charges|interest|penalty|extra)",
        r"\bwhats\s+(?:this|that|the)\s+(?:fee|charge|interest)",
        r"\b(?:interest|fee|fees|charges|penalty|late\s+fee)\b.*\?",
        r"\bhow\s+much\s+(?:do\s+i|i|did\s+i|is\s+(?:it|left|the\s+(?:balance|total|debt)))",
        r"\bwhat\s+(?:do\s+i|i)\s+owe\b", r"\b(?:what'?s|what\s+is|whats|what\s+was)\s+(?:my|the)\s+(?:balance|total|amount|debt)",
        r"\bbreakdown\b", r"\bwhy\s+(?:is\s+it\s+)?so\s+(?:much|high|expensive)\b",
        r"\bwhere\s+(?:does|did)\b.*\bcome\s+from\b", r"\bhow\s+(?:is|was|are|were|do\s+you)\s+(?:the\s+)?\w*\s*(?:calculated|worked\s+out)",
        r"\bwhy\s+(?:do|does|did)\s+i\s+owe\b", r"\bwhy\s+(?:is|has)\s+(?:it|the\s+\w+)\s+(?:gone\s+up|increased|gotten\s+bigger|higher|more)\b",
        # never told what the debt is ("nobody told me anything about this debt", 没人跟我说过这笔钱)
        r"\b(?:nobody|no\s*-?\s*one|never)\s+(?:\w+\s+)?(?:told|explained|informed|said)\s+(?:me\s+|to\s+me\s+)?"
        r"(?:anything\s+|a\s+thing\s+)?(?:about|what|why|how\s+much)\b",
        r"(?:没|没有|从来没有?|从没)(?:任何)?人(?:跟|和|给|对|向)?我?(?:说|讲|解释|告诉|通知)(?:我)?(?:过)?(?:这笔|我欠|欠|是什么)",
        # what the debt is, not known ("i dont even know what this is for", 我不知道这钱是干什么的)
        r"\b(?:don'?t|do\s+not|no)\s+(?:even\s+|really\s+)?(?:know|understand|recogni[sz]e|idea)\s+what\s+(?:this|it|that)"
        r"\s+(?:is\s+|was\s+|'s\s+)?(?:even\s+)?(?:for|about)\b",
        r"\bwhat\s+(?:is|was)\s+(?:this|it|that)\s+(?:even\s+)?(?:for|from)\b", r"\bwhats\s+(?:this|it)\s+(?:even\s+)?for\b",
        r"\bdo\s+i\s+(?:really\s+|even\s+|actually\s+)?(?:have|need)\s+to\s+pay\s+(?:this|it|that)\b",
        r"(?:不知道|搞不清|不清楚|不明白)(?:这|那)?(?:笔)?(?:钱|账|债|款)?(?:是)?(?:干什么|干嘛|做什么|什么|怎么回事|哪来)",
        r"(?:这|那)(?:笔)?(?:钱|账|债|款)(?:到底)?(?:是)?(?:干什么|干嘛|做什么|怎么回事)",
        r"\binterest\s+rate\b", r"\bstatement\b", r"\bwhat\s+(?:are|is)\s+(?:these|those|the)\s+charges\b",
        r"为什么(?:有|要|还有|收|会有|多了)?(?:利息|费|罚息|滞纳金)", r"利息(?:是|怎么|为什么|多少|哪来)",
        "什么费", "费用是什么", "这个费", "手续费", r"(?<!免)(?<!免了)(?<!免掉)滞纳金", r"(?<!免)(?<!免了)(?<!免掉)罚息", r"(?<!免)(?<!免了)(?<!免掉)违约金", r"怎么(?:会|变得|变)?这么(?:多|高)",
        # "why do I owe that much?" with the sum owed named (为什么会欠到四万九, 怎么会欠这么多)
        r"(?:为什么|为啥|怎么)(?:会)?(?:欠|要还|要付|要缴)(?:到|了|成)?(?:这么|那么|[\d一二三四五六七八九十两百千万]+)",
        r"欠(?:了)?(?:你们)?多少", r"还(?:欠|剩|差)多少", "一共多少", "总共多少", "明细", r"(?<!费)(?<!水)(?<!电)(?<!燃气)(?<!瓦斯)账单",
        "怎么算的", "怎么来的", "多少钱", "为什么这么多", "为什么多了", "哪来的", r"寄(?:个)?账单",
    ),
    "pay_in_full": (
        r"\bpay\s+(?:it\s+|this\s+|that\s+|the\s+|my\s+)?(?:all|in\s+full|everything|the\s+whole|whole|full|it\s+all|all\s+of\s+it|total)\b",
        r"\bpay\s+(?:it\s+|this\s+|everything\s+)?(?:off\s+)?(?:at\s+once|in\s+one\s+go|in\s+one\s+payment|in\s+one\s+lump|lump\s+sum)",
        r"\bfull\s+(?:amount|payment|balance|sum)\b", r"\b(?:the\s+)?whole\s+(?:amount|balance|thing|lot|sum)\b",
        r"\blump\s+sum\b", r"\bone\s+(?:payment|go|shot|lump)\b", r"\bin\s+full\b", r"\ball\s+at\s+once\b",
        r"\bsettle\s+(?:it|this|the\s+(?:whole|full|balance|debt|account)|everything|in\s+full|up|all)\b",
        r"\bclear\s+(?:it|the\s+(?:balance|debt)|everything)\b", r"\bpay\s+(?:it\s+)?off\b",
        r"\b(?:pay|paying)\s+(?:it\s+)?in\s+one\b", r"\bfull\s+settlement\b", r"\bpay\s+everything\b",
        "一次性", "一次还清", "全部还", "全额", "一次付清", "全部付清", "还清", "付清", "结清", "一把还",
        "全还了", "一口气还", "全部付", "一次付", "一次还", "都还了吧", "全部结", "缴清", "一次缴", "全部缴",
        r"(?<![安完健齐周])全(?:都)?还(?![不没])", "都还上",
    ),
    "negation": (
        rf"\b{NOT}\b", r"\bunable\b", r"\bnot\s+able\b", r"\bno\s+way\b", r"\bwon'?t\b", r"\bimpossible\b",
        "没法", "不能", "无法", "还不了", "没办法", "不可能", "做不到", "不了", "不够", "没有能力", "付不了",
    ),
    "instalments": (
        r"\binstal+ments?\b", r"\binstalls?\b", r"\bpayment\s+plan\b", r"\b(?:a|the)\s+plan\b",
        r"\bmonthly\s+(?:payments?|plan|instal)", r"\bsplit\b", r"\bspread\b",
        r"\bin\s+(?:parts|pieces|chunks|bits)\b", r"\bbit\s+by\s+bit\b", r"\blittle\s+by\s+little\b",
        r"\b(?:pay|paying)\s+(?:it\s+)?(?:off\s+)?(?:monthly|weekly|in\s+instal)", r"\bover\s+time\b",
        r"\bsmaller\s+payments\b", r"\bpartial\s+payments?\b", r"\binstead\b", r"\bplan\b",
        "分期", "分开还", "分几次", "分批", "慢慢还", "按月还", "分次", "分几个月", "每月还一点",
        "一点一点还", "分着还", "分开付", "分几期",
    ),
    "counter_offer": (
        r"\b(?:can|could)\s+(?:i|we)\s+(?:only\s+)?(?:pay|start|give|offer)\b", r"\bonly\s+(?:pay|afford|manage|do|have)\b",
        r"\bhow\s+about\b", r"\bwhat\s+about\b", r"\bpay\s+less\b", r"\bless\s+(?:per|a|each)\b",
        r"\bdiscount\b", r"\breduce\b", r"\blower\b", r"\bwaive\b", r"\bmore\s+time\b", r"\bextension\b",
        r"\bdelay\b", r"\bpostpone\b", r"\bpush\s+(?:it\s+)?back\b", r"\bwhen\s+i\s+get\s+paid\b", r"\bpayday\b",
        r"\bnext\s+paycheck\b", r"\bafford\b", r"\bmax(?:imum)?\b", r"\bat\s+most\b",
        "只能", "最多", "先还", "先付", "少一点", "少点", "打折", "打个折", "减免", "便宜", "宽限",
        "晚点", "晚几天", "推迟", "延期", "缓一缓", "缓几天", "等发工资", "发了工资", "发工资",
        "能不能", "可不可以先", "少还", "少缴", "少付", "先缴", r"(?:晚|迟)(?:一)?(?:点|些)(?:再)?(?:还|缴|付)", "降低", "免息", "免掉", r"(?:可以|能)免", "减一点",
        r"(?:如果|要是)?免(?:了|掉|除)?(?:滞纳金|违约金|罚息|利息|手续费)",
    ),
}  # fmt: skip
