# ruff: noqa: E501  (word tables read best one intent per block)
"""The words debtors use for each intent, in English and Chinese (Simplified after folding).

Patterns run on folded text (see :mod:`bot.understanding.normalize`), so Traditional and
full-width input need no entries of their own. English entries use word boundaries;
common misspellings of the key words are repaired first by :func:`correct_typos`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.understanding import safety

_MORE = {"distress": safety.DISTRESS, "stop": safety.STOP}
_YOU = r"(?:you|u|ya|ur|you're|youre|you are|u r)"
_NOT = r"(?:don't|dont|do not|doesn't|doesnt|didn't|didnt|never|can't|cant|cannot|can not)"

LEXICON: dict[str, tuple[str, ...]] = {
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
        rf"\b{_NOT}\s+(?:ever\s+)?(?:contact|text|message|call|email|write\s+to|bother)\s+me\b",
        r"\bleave\s+me\s+alone\b", r"\bremove\s+(?:me|my\s+(?:number|details))\b",
        r"\btake\s+me\s+off\b", r"\bno\s+more\s+(?:messages|texts|calls|contact)\b",
        r"\bquit\s+(?:texting|messaging|calling)\b",
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
        rf"\b{_NOT}\s+know\s+(?:who\s+(?:that|this)\s+is|this\s+person|that\s+person|him|her|any)",
        r"\bno\s*(?:one|body)\s+(?:by\s+that\s+name|called|named|here\s+(?:by|called|named))",
        r"\bnever\s+heard\s+of\s+(?:him|her|them|this\s+person|that\s+person)\b",
        r"\b(?:you\s+have|you'?ve\s+got|you\s+got)\s+the\s+wrong\b", r"\bnot\s+my\s+name\b",
        r"\bnot\s+the\s+right\s+person\b", r"\bnew\s+number\b.*\bnot\b|\bnot\b.*\bnew\s+number\b",
        "我不是他", "我不是她", "不是本人", "打错了", "发错了", "发错人", "找错人", "认错人", "找错了",
        r"不认识(?:这个人|他|她|此人|这人)", "没有这个人", "查无此人", "我不叫", "号码换人", "这不是我的号",
        "不是我本人", "你们找错", "传错", r"(?:搞|弄|找|认)错人",
    ),
    "dispute": (
        r"\bnot\s+my\s+(?:debt|loan|account|bill|problem)\b",
        r"\b(?:this|that|it)\s*(?:'s|s|\s+is|\s+isn'?t|\s+aint|\s+ain'?t)\s+(?:not\s+)?(?:mine|my\s+debt|my\s+loan)\b",
        r"\b(?:isn'?t|is\s+not|aint|ain'?t)\s+(?:mine|my\s+debt|my\s+loan)\b",
        r"\bi\s+(?:don'?t|do\s+not)\s+owe\b", r"\bi\s+owe\s+(?:nothing|you\s+nothing|no\s+one)\b",
        r"\b(?:i\s+)?never\s+(?:borrowed|took\s+out|took\s+a|had\s+(?:a|an|this|that)|signed|opened|applied|owed)",
        r"\b(?:amount|balance|number|figure|total|sum)\s+(?:is\s+|are\s+|looks\s+|seems\s+)?(?:wrong|incorrect|not\s+right|off|too\s+high|inflated)\b",
        r"\b(?:wrong|incorrect)\s+(?:amount|balance|figure|total)\b", r"\bdisput", r"\bdon'?t\s+recogni[sz]e\b",
        r"\bidentity\s+theft\b", r"\bfraud", r"\bscam\b", r"\bnot\s+legit", r"\bdoesn'?t\s+add\s+up\b",
        r"\bprove\s+(?:it|that|i\s+owe)\b", r"\bproof\b", r"\bvalidation\b",
        r"\bi\s+(?:already\s+)?(?:paid|settled)\s+(?:that|this|it)\s+off\s+years\s+ago\b",
        r"不是我的(?:债|钱|账|欠款|借款|贷款)", "不是我欠的", r"没(?:有)?(?:跟|向|和|找)?(?:你们)?借过", "从来没借", "我没借",
        r"我没(?:有)?欠", "我不欠", "金额不对", "数目不对", "数额不对", "账不对", "账目不对", "金额有误",
        "金额错了", "有异议", "申诉", "投诉", "不认这", "不承认", "凭什么", "诈骗", "盗用", "冒用",
        "拿出证据", "什么证据", "算错了", "不对吧", "钱数不对", "多算了",
    ),
    "already_paid": (
        r"\balready\s+(?:paid|payed|settled|cleared|sent|transferred|made\s+(?:the|a|my)\s+payment|done\s+it)",
        r"\bpaid\s+(?:it\s+|this\s+|that\s+)?(?:already|off\s+already)\b",
        r"\b(?:i|i'?ve|ive|i\s+have|we|we'?ve|we\s+have)\s+(?:just\s+|already\s+)?(?:paid|payed|settled|cleared)\b",
        r"\b(?:i|i'?ve|i\s+have)\s+(?:just\s+|already\s+)?(?:sent|transferred|made)\s+(?:the|you|it|my|a)\s*(?:money|payment|transfer)?",
        r"\b(?:it'?s|its|it\s+is|it\s+was|this\s+was|that\s+was|this\s+is|debt\s+is|balance\s+is)\s+(?:been\s+|already\s+)?(?:paid|settled|cleared)\b",
        r"\bpayment\s+(?:was\s+|has\s+been\s+)?(?:made|sent|done)\b", r"\bcheck\s+your\s+records\b",
        r"已经还", "已还", "还过了", "还清了", "已经付", "付过了", "已经转", "转过去了", "转给你们了",
        "早就还", "早还了", "已经结清", "结清了", "已经交", "交过了", "还完了", "已付款", "已经打款",
        "打过款了", "已经给", "付了啊", "还了啊", "不是还了吗", r"已经(?:缴|汇|打款|转账)", "缴过了", "汇过去了", "汇给你们了",
    ),
    "human": (
        r"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+)?(?:real\s+|actual\s+|live\s+)?(?:human|person|agent|representative|rep|operator|someone|somebody|manager|supervisor|staff|people|employee)\b",
        r"\b(?:real|actual|live)\s+(?:person|human|agent|people)\b", r"\bhuman\b",
        r"\bagent\b", r"\brepresentative\b", r"\boperator\b", r"\bcustomer\s+(?:service|support|care)\b",
        r"\b(?:call|ring|phone)\s+me\b", r"\b(?:can|could)\s+(?:someone|somebody)\s+call\b",
        r"\b(?:manager|supervisor)\b", r"\b(?:are\s+you|is\s+this)\s+(?:a\s+)?(?:bot|robot|machine|real)\b",
        "转人工", "人工", "真人", "客服", "工作人员", "经理", "主管", "机器人", "打电话给我",
        "给我打电话", "来电话", r"找(?:你们)?(?:领导|负责人)", "活人", r"(?:跟|和|找)(?:真)?人(?:说|讲|谈|聊)", "专员", "打给我",
    ),
    "hardship": (
        r"\blost\s+(?:my|his|her|our|the)?\s*(?:job|work|income|business)\b",
        r"\b(?:got\s+|been\s+|was\s+|were\s+)?(?:laid\s+off|fired|made\s+redundant|let\s+go)\b",
        r"\bredundan", r"\bunemployed\b", r"\bout\s+of\s+work\b", r"\bjobless\b",
        r"\b(?:no|zero|without|lost)\s+(?:job|income|work)\b",
        r"\b(?:i'?m|im|i\s+am|been|was)\s+(?:very\s+|really\s+|so\s+)?(?:sick|ill|in\s+(?:the\s+)?hospital|pregnant|disabled)\b",
        r"\b(?:in|at|from)\s+(?:the\s+)?hospital\b", r"\bmedical\s+(?:bills|treatment|emergency|issues)\b",
        r"\bsurgery\b", r"\bcancer\b", r"\bchemo", r"\bdivorc", r"\bpassed\s+away\b", r"\bfuneral\b",
        r"\b(?:wife|husband|mother|father|mom|mum|dad|son|daughter|kid|child|baby|partner)\s+(?:is\s+|was\s+|got\s+)?(?:sick|ill|died|in\s+hospital)\b",
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
        r"\b(?:things\s+are|it'?s|life\s+is|times\s+are)\s+(?:really\s+|so\s+|very\s+|pretty\s+)?(?:hard|tough|rough|difficult)\b", r"\bmake\s+ends\s+meet\b",
    ),
    "hardship_weak": (
        rf"\b{_NOT}\s+(?:afford|pay)\b", r"\bunable\s+to\s+pay\b", r"\bbroke\b", r"\bno\s+money\b",
        r"\bstruggling\b", r"\bshort\s+(?:on|of)\s+(?:money|cash)\b", r"\btight\b",
        "没钱", "没有钱", "付不起", "还不起", "拿不出", r"(?:缴|付|还)不出", r"手头(?:很|太|有点|比较|真的)?紧", "手头不宽裕", "经济压力", "压力大",
        "还不上", "还不了", "穷", "没那么多钱", "揭不开锅",
    ),
    "balance_question": (
        r"\bwhy\s+(?:is|are)\s+there\s+(?:so\s+much\s+)?(?:interest|fees?|charges?|penalt)",
        r"\bwhat\s+(?:is|are|'s)?\s*(?:this|these|that|the)\s+(?:fee|fees|charge|charges|interest|penalty|extra)",
        r"\bwhats\s+(?:this|that|the)\s+(?:fee|charge|interest)",
        r"\b(?:interest|fee|fees|charges|penalty|late\s+fee)\b.*\?",
        r"\bhow\s+much\s+(?:do\s+i|i|did\s+i|is\s+(?:it|left|the\s+(?:balance|total|debt)))",
        r"\bwhat\s+(?:do\s+i|i)\s+owe\b", r"\b(?:what'?s|what\s+is|whats)\s+(?:my|the)\s+(?:balance|total|amount|debt)",
        r"\bbreakdown\b", r"\bwhy\s+(?:is\s+it\s+)?so\s+(?:much|high|expensive)\b",
        r"\bwhere\s+(?:does|did)\b.*\bcome\s+from\b", r"\bhow\s+(?:is|was|are|were|do\s+you)\s+(?:the\s+)?\w*\s*(?:calculated|worked\s+out)",
        r"\bwhy\s+(?:do|does|did)\s+i\s+owe\b", r"\bwhy\s+(?:is|has)\s+(?:it|the\s+\w+)\s+(?:gone\s+up|increased|gotten\s+bigger|higher|more)\b",
        r"\binterest\s+rate\b", r"\bstatement\b", r"\bwhat\s+(?:are|is)\s+(?:these|those|the)\s+charges\b",
        r"为什么(?:有|要|还有|收|会有|多了)?(?:利息|费|罚息|滞纳金)", r"利息(?:是|怎么|为什么|多少|哪来)",
        "什么费", "费用是什么", "这个费", "手续费", "滞纳金", "罚息", "违约金", r"怎么(?:会|变得|变)?这么(?:多|高)",
        r"欠(?:了)?(?:你们)?多少", r"还(?:欠|剩|差)多少", "一共多少", "总共多少", "明细", "账单",
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
    ),
    "negation": (
        rf"\b{_NOT}\b", r"\bunable\b", r"\bnot\s+able\b", r"\bno\s+way\b", r"\bwon'?t\b", r"\bimpossible\b",
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
        "能不能", "可不可以先", "少还", "降低", "免息", "免掉", r"(?:可以|能)免", "减一点",
    ),
    "abuse": (
        r"\bf+u+c*k+\s*(?:you|u|off|ya|this|that|them|yourself|yourselves|all)\b", r"\bf\*+k", r"\bstfu\b",
        r"\bshut\s+up\b", r"\bgo\s+to\s+hell\b", r"\bgo\s+die\b", r"\bscrew\s+you\b", r"\bdamn\s+you\b",
        r"\bpiss\s+off\b", r"\bwank", r"\bbitch", r"\basshole", r"\bbastard", r"\bscum", r"\bidiots?\b",
        r"\bmorons?\b", r"\bstupid\b", r"\bleeches\b", r"\bbloodsuckers?\b", r"\bvultures\b",
        r"\bloan\s+sharks?\b", r"\bcrooks\b", r"\bthieves\b", r"\bliars?\b", r"\bscammers?\b",
        rf"\b{_YOU}\s+(?:are\s+)?(?:an?\s+)?(?:useless|pathetic|disgusting|a\s+joke|garbage|trash|shit)\b",
        r"\bpiece\s+of\s+shit\b", r"\bfuck\s*ing\s+(?:bot|robot|company|scam|people|idiot)", r"\bsob\b",
        "傻逼", "傻b", "煞笔", "沙比", "去死", "滚", "操你", "草泥马", "cnm", "tmd", "nmsl", "他妈的",
        "妈的", "混蛋", "王八蛋", "垃圾", "骗子", "吸血鬼", "神经病", "你有病", "有病吧", "脑残", "白痴",
        "死全家", "狗东西", "畜生", "高利贷", "流氓", "黑社会", "无耻", "不要脸", "你妈", "贱人", "sb",
        r"^\W*干\W*$", "干你娘", "干你", "靠北", "靠杯", "机掰", "白痴", "你娘",
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
        "菜单", "选项", "有什么选", r"有(?:哪些|什么|哪几个)(?:选择|方案|计划|办法)", r"(?:再|重新)(?:发|传|看|给我看|列|说)(?:一下|一遍|一次)?(?:方案|选项|选择|菜单)",
        r"(?:方案|选项)(?:是)?(?:什么|哪些|有哪些)", r"(?:看|列出)(?:一下)?(?:所有)?(?:方案|选项)", "刚才的方案", "刚才那几个",
    ),
    # "Let me think": the offers stay on the table (bot.dialog.thinking).
    "think": (
        r"\blet\s+me\s+(?:think|consider|sleep\s+on|mull|check|talk\s+to|ask)\b", r"\b(?:need|want|have|got|like)\s+(?:some\s+time\s+)?to\s+think\b",
        r"\bthink\s+(?:about\s+it|it\s+over|about\s+(?:that|this|them|the\s+options))\b", r"\bsleep\s+on\s+it\b", r"\bmull\s+(?:it|this|that)\s+over\b",
        r"\b(?:get|come)\s+back\s+to\s+(?:you|u)\b", r"\bnot\s+(?:sure|ready)\s+yet\b", r"\bgive\s+me\s+(?:some|a\s+bit\s+of|a\s+little)?\s*time\b",
        r"\b(?:talk|speak|check)\s+(?:it\s+over\s+)?with\s+my\s+(?:wife|husband|partner|family|parents)\b", r"\bdecide\s+later\b", r"\bneed\s+(?:a\s+)?(?:moment|while|day|few\s+days)\b",
        r"\bi'?ll\s+(?:think|decide|let\s+you\s+know)\b", r"\bconsider\s+(?:it|my\s+options)\b",
        r"(?:让|讓)?我(?:再)?想(?:想|一想|一下)", r"(?:再|先)?考虑(?:一下|考虑|看看|几天)", "考虑下", r"再想想", r"我再看看", r"(?:跟|和)(?:家人|老婆|老公|家里)商量",
        "商量一下", r"过(?:几|两)天(?:再)?(?:说|答复|回复|决定)", r"(?:晚点|回头|以后|改天|明天)再(?:说|决定|回复|答复|联系)", "再说吧", "还没想好", "我想好了再", "容我想想", "想清楚",
    ),
    "greeting": (
        r"^\W*(?:hi+|hello+|hey+|hiya|yo|good\s+(?:morning|afternoon|evening|day)|morning|greetings|howdy|hola|g'?day)\b",
        "你好", "您好", "哈喽", "嗨", "在吗", "在不在", "早上好", "下午好", "晚上好", "早安", r"^\W*喂",
        "hello", "有人吗", "哈啰", "晚安", "有人在吗",
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
        r"\bcan\s+i\s+pay\s+(?:by|with|via|through|using|online)\b", r"\bwho\s+do\s+i\s+pay\b", r"\bpay\s+(?:to\s+)?where\b",
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
}  # fmt: skip

_YES_PATTERN = (
    r"^(?:yes+|yeah|yea|yep|yup|ya|yas|y|ok+|okay|okey|oki|k|kk|sure|fine|alright|all\s+right|agreed?|deal"
    r"|confirm(?:ed)?|correct|right|absolutely|definitely|of\s+course|sounds\s+good|that\s+works"
    r"|works\s+for\s+me|go\s+ahead|do\s+it|let'?s\s+do\s+it|perfect|great|good|please\s+do|i\s+accept"
    r"|accept(?:ed)?|i\s+agree|that'?s\s+fine|no\s+problem|np|no\s+worries|why\s+not|not\s+bad|yes\s+please"
    r"|yessir|cool|certainly|will\s+do|that'?s\s+right|that\s+is\s+right"
    r"|sounds\s+(?:great|fine|perfect|ok|okay|right)|looks\s+(?:good|great|fine|ok|okay|right)"
    r"|(?:please\s+)?(?:record|book|save|set\s+up)\s+(?:it|that|this|the\s+plan)|go\s+for\s+it"
    r"|let'?s\s+(?:go\s+with|do)\s+(?:that|it|this)|i\s+can\s+do\s+(?:that|it|this)"
    r"|(?:i'?m\s+)?happy\s+with\s+(?:that|it|this)|that'?s\s+(?:perfect|great|good|ok|okay))(?![a-z])"
    r"|^(?:好|可以|行|对|是|嗯|恩|没有问题|没问题|同意|确认|确定|就这样|接受|当然|没错|成|中|要的|好滴|好嘞|没毛病|妥"
    r"|我同意|就这么(?:定|办)|就(?:按|照)(?:这个|这样)|(?:按|照|按照)这个(?:计划|计画|方案)"
    r"|(?:那|那就|就)?(?:按|照|按照)你(?:们)?说的(?:办|来|吧|做)?"
    r"|(?:这个|这样)(?:可以|行|好)(?![吗么嘛不?？]))"
    r"|^(?:👍|👌|✅|🙆|🆗|✔|☑)"
)
_NO_PATTERN = (
    r"^(?:no+|nope|nah|n|not\s+really|not\s+now|no\s+thanks?|no\s+thank\s+you|i\s+don'?t\s+want|don'?t\s+want"
    r"|negative|never|cancel|i\s+decline|decline|not\s+interested|no\s+way|i\s+can'?t\s+do\s+that"
    r"|i\s+disagree|disagree|wrong|incorrect|reject)(?![a-z])"
    r"|^(?:不|没有|没|别|否|拒绝|算了)"
    r"|^(?:👎|❌|🙅|✖)"
)
# Leading words that look like yes/no but are not answers.
_NOT_AN_ANSWER = re.compile(
    r"^(?:不错|不好意思|不客气|不知道|不确定|不清楚|好像|好多|好几|是不是|是否|对不起|行不行|可以吗|"
    r"可不可以|要不|要是|不一定|没关系|no\s+idea|not\s+sure|no\s+clue|k\w{2,}|y\w+\?|right\s+now|fine\s+print)"
)
YES = re.compile(_YES_PATTERN)
NO = re.compile(_NO_PATTERN)

# Languages: the language word must be (nearly) the whole message.
LANGUAGE_WORDS: tuple[tuple[str, str], ...] = (
    (r"english|eng|英文|英语|英語", "en"),
    (r"traditional(?:\s+chinese)?|繁体(?:中文|字)?|正体(?:中文|字)?|台湾(?:话|中文)", "zh_TW"),
    (r"simplified(?:\s+chinese)?|简体(?:中文|字)?|普通话|mandarin|国语|汉语", "zh_CN"),
    (r"chinese|中文|华语|zh", "zh"),
)
_LANGUAGE_FILLER = re.compile(
    r"\b(?:please|pls|plz|can|could|would|you|u|do|speak|talk|use|using|reply|write|answer|in|to|switch"
    r"|change|i|want|prefer|need|only|language|version|the|a|is|there|ok|okay|let'?s|an|option|text"
    r"|instead|hello|hi|sorry|my|no|not|good|at|all|understand|don'?t)\b"
    r"|请|用|说|讲|换成|换|切换|改成|改用|回复|我要|我想|看|版|的|吗|可以|能|麻烦|有没有|有|模式|成|到|要"
    r"|我|你|会|不会|懂|看不懂|好|吧|呢|一下|语言|啊|呀|谢谢"
)

STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "one",
        "i",
        "to",
        "of",
        "in",
        "on",
        "for",
        "it",
        "is",
        "and",
        "or",
        "me",
        "my",
        "please",
        "pls",
        "option",
        "choice",
        "plan",
        "that",
        "this",
        "with",
        "want",
        "take",
        "go",
        "pick",
        "choose",
        "will",
        "would",
        "like",
        "do",
    ]
)

TYPO_VOCABULARY = (
    "unsubscribe", "installment", "installments", "instalment", "instalments", "monthly", "weekly",
    "biweekly", "fortnightly", "payment", "payments", "dispute", "human", "person", "agent",
    "representative", "operator", "interest", "already", "hardship", "unemployed", "english",
    "chinese", "mandarin", "traditional", "simplified", "tomorrow", "friday", "monday", "tuesday",
    "wednesday", "thursday", "saturday", "sunday", "contact", "messaging", "texting", "suicide",
    "myself", "please", "hello", "second", "third", "fourth", "first", "stupid", "customer",
    "service", "borrowed", "recognise", "recognize", "afford", "struggling", "hospital", "settle",
    "everything", "whole", "amount", "balance", "charges", "months", "weeks", "understand",
    "options", "manager", "supervisor", "employed", "redundant", "laid", "unable", "paid",
    "scammer", "scammers", "tired", "living", "harassing", "calling", "number", "wrong", "mistake",
)  # fmt: skip


def phrase_patterns(phrases: Iterable[str]) -> list[str]:
    """Regex sources matching configured ``phrases`` literally in folded text.

    Each phrase is folded like a message (NFKC, lower case, Traditional to
    Simplified); runs of spaces match any whitespace; ASCII phrases match whole words.
    """
    from bot.understanding.normalize import fold

    out = []
    for phrase in phrases:
        words = fold(phrase.strip()).text.split()
        if not words:
            continue
        literal = r"\s+".join(re.escape(w) for w in words)
        out.append(rf"\b{literal}\b" if phrase.isascii() else literal)
    return out


def compile_lexicon(extra: dict[str, Iterable[str]] | None = None) -> dict[str, re.Pattern[str]]:
    """Compile one pattern per intent, adding configured extra phrases (matched literally)."""
    compiled: dict[str, re.Pattern[str]] = {}
    for intent, patterns in LEXICON.items():
        parts = (
            list(patterns)
            + list(_MORE.get(intent, ()))
            + phrase_patterns((extra or {}).get(intent, ()))
        )
        compiled[intent] = re.compile("|".join(f"(?:{p})" for p in parts))
    return compiled


_NOT_UNDERSTOOD = re.compile(
    r"(?:看不懂|听不懂|不懂|不会|don'?t\s+(?:understand|read|speak)|can'?t\s+(?:understand|read))\s*"
    r"(?:english|chinese|英文|英语|中文|繁体|简体)"
)


def language_target(text: str) -> str | None:
    """Return the locale family asked for when the message is a language request."""
    text = _NOT_UNDERSTOOD.sub(" ", text)
    for pattern, target in LANGUAGE_WORDS:
        m = re.search(rf"(?:\b|^|(?<=[^a-z]))(?:{pattern})(?:\b|$|(?=[^a-z]))", text)
        if m is None:
            continue
        rest = text[: m.start()] + " " + text[m.end() :]
        rest = _LANGUAGE_FILLER.sub(" ", rest)
        if not re.sub(r"[\W_]+", "", rest):
            return target
    return None


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_TYPO_INDEX: dict[str, set[str]] = {}
for _word in TYPO_VOCABULARY:
    for _key in {_word, *_deletes(_word)}:
        _TYPO_INDEX.setdefault(_key, set()).add(_word)
_VOCAB = frozenset(TYPO_VOCABULARY)
_WORD = re.compile(r"[a-z]{5,}")


def _fix(m: re.Match[str]) -> str:
    word = m.group(0)
    if word in _VOCAB or word + "s" in _VOCAB or word[:-1] in _VOCAB:
        return word
    candidates: set[str] = set(_TYPO_INDEX.get(word, ()))
    for key in _deletes(word):
        candidates |= _TYPO_INDEX.get(key, set())
    if len(candidates) == 1:
        fixed = candidates.pop()
        # "manage" is a word, not a slip for "manager": never just complete a word.
        return word if fixed.startswith(word) else fixed
    return word


def correct_typos(text: str) -> str:
    """Repair one-letter slips in the key English words ("unsubscibe" → "unsubscribe")."""
    return _WORD.sub(_fix, text)
