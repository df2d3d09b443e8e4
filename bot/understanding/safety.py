"""Where a crisis or opt-out reading is not taken, and the words too common to raise one.

Figures of speech borrow the words of death ("these fees are killing me", 累死了), a
debtor asks for another channel or hour ("don't call me, text is fine"), says a plain
goodbye at the end of a chat: the classifier's safety reading is not taken on them, and
a word-list trigger that lies wholly inside one means no alarm. The crisis and opt-out
word lists themselves are in :mod:`bot.understanding.crisis_words` and
:mod:`bot.understanding.optout_words`.
"""

from __future__ import annotations

import re

from bot.understanding import look_alikes
from bot.understanding.asked_in_fear import (
    asks_about_paying,
    asks_the_law,
    complains_not_told,
    only_vents,
    promises_to_pay,
)
from bot.understanding.contact_wishes import CONTACT_WISHES

# Whether we are genuine, asked ("is this a scam?", "how do I know you're really from the
# bank?", 你们是不是诈骗？, 這是詐騙嗎): a doubt about who writes, not a dispute of the debt
# nor an insult. "This is a scam, I never borrowed anything" (said, not asked) still is.
DOUBTS_US = re.compile(
    r"\b(?:is|are|r)\s+(?:this|you|u|it|ya|y'?all)\s+(?:guys\s+)?(?:a\s+|an\s+)?(?:really\s+|actually\s+)?(?:real|legit|legitimate"
    r"|genuine|actual|fake|scam|scammers?|phishing|official)\b(?:[^.!]*?(?:\?|$)|\s*[.!,])"
    r"|\bhow\s+(?:do|can|would)\s+i\s+(?:know|tell|check|be\s+sure|verify)\b[^.!?]{0,60}\b(?:real|legit|genuine|scam\w*|fake|actually|really|not)\b"
    r"|\b(?:can|could)\s+you\s+prove\s+(?:that\s+)?(?:you|this|it)\b"
    r"|(?:你们|你|这|这个|这是|这条|这些)[^。，,]{0,6}(?:是不是|是|不会是|该不会是|莫非是)[^。，,]{0,4}(?:诈骗|骗子|骗人|假的|假冒)"
    r"[^。]{0,8}(?:吗|么|吧|啊|嘛|呢|\?|？)"
    r"|是不是(?:诈骗|骗子|骗人|假的|假冒)|(?:诈骗|骗子|假冒)(?:集团|的|电话|短信|简讯)?(?:吗|么|吧|\?|？)"
    r"|怎么(?:知道|证明|确认|判断)(?:你们|你|这|[^。]{0,16}(?:不是|是)(?:诈骗|骗子|骗人|假|真))"
    r"|(?:你们|你)(?:真的|真|确实)(?:是|代表)[^。？?]{0,14}(?:吗|么|喔|哦|嘛|\?|？)"
    r"|(?:官方|正规|真的)[^。？?]{0,6}还是(?:骗子|诈骗|假的|钓鱼)|真的假的|真的还是假的|是真是假|(?:钓鱼|诈骗)(?:链接|连接|简讯|短信|网站)"
    r"|(?:凭什么|怎么|如何)(?:让我)?(?:相信|信)(?:你|你们)|证明(?:一下)?(?:你们|你)(?:是|真的是|确实是)"
    r"|\bis\s+(?:that|this|the|your)\s+(?:link|url|site|website|number)\s+(?:safe|real|legit|genuine|official)\b"
    r"|\b(?:are|r)\s+(?:you|u)\s+(?:really\s+|genuinely\s+|actually\s+|truly\s+)?(?:authori[sz]ed|licensed|registered|allowed\s+to)\b"
    r"|\b(?:feels|looks|sounds|seems)\s+(?:like\s+)?(?:a\s+)?(?:scam|phishing|fake|sketchy|sus|dodgy|fishy)\b"
    r"|\b(?:watch\s+out|beware|careful|be\s+wary|looking\s+out)\s+(?:of|for|about)\s+(?:\w+\s+)?(?:scam|scams|scammers?|fraud\w*|phishing|fakes?)\b"
    r"|\bconfirm\s+(?:that\s+)?(?:you|this|it)\s+(?:really\s+|actually\s+|genuinely\s+|truly\s+)?(?:work|are|is|come)"
    r"|\bcheck\s+(?:that\s+)?(?:this|that|you|it)\s+(?:is|are|'s|'re)\s+(?:real|legit|genuine)\b"
)
# The words a doubt about us is said with, which then dispute nothing and insult nobody.
DOUBT_WORDS = re.compile(r"scam|legit|phishing|fraudster|prove\s+that|诈骗|骗子|骗人|假冒|凭什么")

# Figures of speech that borrow the words of death ("these fees are killing me", 累死了):
# the classifier's crisis reading is not taken on them alone (the word lists still are).
FIGURES: tuple[str, ...] = (
    # the chat preferred to a call: "id rather die than call your office"
    r"\b(?:i'?d|id|i\s+would)\s+(?:much\s+)?rather\s+die\s+than\s+(?:call|phone|ring|talk|speak|visit)"
    r"\b",
    # Life in debt, not life itself: "i dont want to live in debt anymore", 不想活在债务里了.
    r"不想(?:再)?(?:继续)?(?:这样)?活在(?:债务|欠债|负债|债|还债|催收|催债|贷款|网贷|欠款)(?:的)?(?:阴影)?(?:里|中|下)",
    r"\b(?:don'?t|do\s+not)\s+want\s+to\s+(?:keep\s+)?liv(?:e|ing)\s+(?:in|with)\s+(?:this\s+|the\s+|my\s+)?debts?\b",
    # "I've thought it over / made up my mind" (after "let me think"), not a plan to die.
    r"(?<!办法都)(?<!方法都)(?<!方式都)(?<!办法)(?<!方法)(?<!方式)(?:想|考虑|决定)好了(?!.{0,8}(?:死|走|结束|了结|离开|跳|不在))",
    # talked it over (with the family): "跟老婆討論好了", "和家人商量好了"
    r"(?:讨论|商量|谈|聊|说|沟通)好了(?!.{0,8}(?:死|走|结束|了结|离开|跳|不在))",
    r"\bdone\s+(?:thinking|deciding|waiting|talking|arguing|fighting|discussing|negotiating|haggling|going\s+back\s+and\s+forth|with\s+(?:this|the|my|that)\s+"
    r"(?:debt|loan|plan|bill|chat|card|account))\b",
    r"\b(?:made\s+up\s+my\s+mind|i'?ve\s+decided|i\s+have\s+decided|i\s+decided)\b"
    r"(?!.{0,40}\b(?:die|dying|end\s+(?:it|my)|kill|not\s+be\s+here|goodbye|gone|not\s+wake|never\s+wake|see\s+the\s+end"
    r"|join\s+(?:him|her|them)|not\s+(?:see|live|go\s+on|carry\s+on|continue))\b)",
    r"\b(?:fees?|interest|charges?|rates?|payments?|debt|loan|bills?|work|job|boss|kids|wife|husband"
    r"|mum|mom|dad|traffic|heat|app|wait|this|it|that)\s+(?:is\s+|are\s+|will\s+|would\s+|'s\s+|'re\s+|wan\s+|go\s+)?"
    r"(?:gonna\s+|going\s+to\s+)?kill(?:ing)?\s+me\b",
    r"\b(?:bridge|train|bus|road)\s+(?:to|from)\s+(?:work|home|school|the\s+office)\b",
    # Working oneself hard to pay ("killing myself working doubles to pay this") is no crisis.
    r"\bkilling\s+myself\s+(?:working|at\s+work|with\s+(?:overtime|work|shifts|doubles|extra)|doing"
    r"\s+(?:overtime|doubles|shifts|extra)|(?:trying\s+)?to\s+(?:pay|make\s+(?:ends|rent|the\s+payments?)"
    r"|keep\s+up|cover|clear))\b"
    r"|\bwork(?:ing|ed)?\s+myself\s+(?:to\s+death|into\s+the\s+ground|to\s+the\s+bone)\b",
    r"\b(?:is|are|'s|'re)\s+killing\s+me\b|\b(?:i'?m|im)\s+(?:so\s+)?over\s+(?:it|this)\b",
    r"\bcut\s+(?:the|your|my|that|this|down|back)\s+(?:\w+\s+)?(?:interest|fees?|rate|charges?|price|payment|amount|deal|balance|costs?)\b",
    r"了结(?:这笔|这个|这些|掉)?(?:债|账|欠款|贷款|事)",
    r"\bbridge\s+(?:club|game|night|tournament|partner)\b",
    # "get it over with": the debt or the chat done, not a life ("i just want this over with")
    r"\b(?:get|have|want|wanna)\s+(?:this|it|that|the\s+(?:debt|loan|payments?|whole\s+thing))\s+(?:all\s+)?over\s+with\b",
    r"(?:在|到|去|上)?(?:天台|楼顶|顶楼|阳台)(?:上)?(?:晾|晒|收)(?:衣服|被子|东西|被单)",
    r"\bdying\s+(?:to|for)\b|\bdead\s+(?:tired|broke|serious|beat)\b|\bkill\s+for\b",
    r"\bjump(?:ing)?\s+(?:on|at|in(?:to)?)\s+(?:this|that|the|your|a)\s+(?:offer|deal|chance|plan|opportunity|shower|car|call|bath)\b",
    r"\b(?:could|would)\s+(?:just\s+)?die\s+of\s+(?:embarrassment|shame|laughter)\b",
    r"(?:累|气|笑|忙|饿|热|冷|穷|烦|困|痛|疼|贵|吓|急|无聊|闷|丑|臭|懒|头疼|头痛)(?:得要|到要)?死(?:了|我了|人了|啦|个人)?(?!\s*(?:也挺好|也好|算了|就好|就算了))",
    r"要(?:我|人)(?:的)?(?:老)?命|死贵|真(?:的)?要命|要命(?:啊|欸|喔|哦)",
    # paying with what one sells or is paid out, being away at a named time, detail requests
    r"\b(?:sell(?:ing)?|sold|pawn(?:ing|ed)?)\s+(?:my|the|our)\s+(?:\w+\s+)?\w+\s+(?:to|and)\s+(?:pay|clear|settle|cover)\b",
    r"\b(?:\w+'s\s+)?life\s+insurance\s+(?:payout|pay\s*out|claim|money|cheque|check|paid|came|has\s+come|arrived|settled|from)\b",
    r"\bwon'?t\s+be\s+(?:around|home|available|reachable|in\s+town)\s+(?:next|this|on|until|till|during|from|over|between|in\s+the|today|at|for\s+(?:a|the(?!\s+(?:\w+\s+)?(?:payment|instal|plan|pay|end|last|final))|two|three|\d|few|couple))\b",
    r"\b(?:could|gonna|going\s+to|will|'ll)\s+kill\s+(?:my\s+(?!self\b)\w+|him|her|them|you|someone|somebody)\b",
    r"\b(?:dying|die|died)\s+of\s+(?:boredom|laughter|embarrassment|curiosity|heat|cold|hunger|thirst|shame|shock|surprise|joy|happiness|fright)\b",
    r"\bbe\s+the\s+death\s+of\s+me\b(?![^.?!]{0,30}\b(?:literally|plan|seriously|not\s+joking|for\s+real))|\bhad\s+it\s+up\s+to\s+here\b|\bjump(?:ing|ed|s)?\s+ship\b",
    r"\b(?:pick(?:ing)?\s+up|collect(?:ing)?|refill(?:ing)?|fill(?:ing)?)\s+(?:my\s+|the\s+)?(?:pills|meds|medication|medicine|prescription|tablets)\b",
    r"\bcan'?t\s+take\s+(?:this|that|your|the)\s+(?:app|website|site|bank|fees?|interest|noise|hold\s+music|system|company|chat\s*bot|bot)\s+any\s*more\b",
    r"\bshoot\s+me\s+(?:an?\s+)?(?:email|e-mail|text|message|msg|line|note|call|dm|quick)\b|\bcut\s+me\s+(?:some\s+|a\s+)?(?:slack|break|deal|discount)\b",
    r"\b(?:end|finish|close|clear|kill|settle)\s+(?:this|the|my)\s+(?:debt|loan|plan|payment\s+plan|account|balance|contract|agreement|arrangement)\b",
    r"\bstop\s+asking\s+(?:me\s+)?(?:for|about)\s+(?:my\s+)?(?:birthday|date\s+of\s+birth|dob|details|id|address|ssn|number|name|info\w*)\b",
    # A leave-taking pleasantry at the end of a chat ("thanks, goodbye", "好的，再见",
    # "先這樣，掰掰"), or a last question "before I go", is no farewell.
    r"^\W*(?:(?:ok(?:ay)?|alright|all\s+right|thanks?|thank\s+you(?:\s+so\s+much|\s+very\s+much)?|cheers|right|sure|great|cool|fine"
    r"|and|so|well|got\s+(?:to|ta)\s+go|gotta\s+(?:go|run)|that'?s\s+(?:all|it)(?:\s+for\s+(?:now|today))?|i'?m\s+off|ok\s+then)\W*)*"
    r"(?:good\s*-?\s*bye|bye(?:\s*-?\s*bye)?|see\s+(?:you|ya|u)|cya|later|take\s+care|ttyl|good\s*night|have\s+a\s+(?:nice|good|great)\s+(?:day|one|evening|night|weekend))"
    r"(?:\W*(?:(?:and\s+)?thanks?(?:\s+again)?(?:\s+for\s+(?:the|your|all\s+the|all\s+your)\s+help(?:\s+today)?)?|(?:and\s+)?thank\s+you(?:\s+again)?(?:\s+for\s+(?:the|your|all\s+the|all\s+your)\s+help(?:\s+today)?)?|for\s+now|then|now|all|have\s+a\s+(?:nice|good|great)\s+(?:day|one|evening|night|weekend)"
    r"|talk\s+(?:to\s+you\s+)?(?:soon|later|tomorrow|next\s+\w+|then)|see\s+(?:you|ya|u)(?:\s+(?:soon|later|tomorrow|then|next\s+\w+))?|take\s+care|for\s+today)\b)*\W*$",
    r"^\W*(?:(?:好的?|好吧|好嘞|好哒|嗯+|ok|行|谢谢(?:你|您|啦|了)?|多谢|那|那就|先这样(?:吧|啦)?|就这样(?:吧|啦)?|今天先这样(?:吧)?|辛苦(?:了|你了|您了)?"
    r"|我先下了|我先走了|我去忙了|没事了|没问题)\W*)*"
    r"(?:再见|拜拜|拜|掰掰|掰|回头见|下次聊|改天聊|晚点聊|回聊|明天聊|88|886)(?:了|啦|喽|咯|哦|喔|~|!|！)*(?:\W*(?:谢谢(?:你|您|啦)?|多谢))?\W*$",
    r"(?<!last\s)(?<!final\s)\b(?:question|ask|thing|check|quick)\b[^.?!]{0,30}\bbefore\s+i\s+(?:go|leave)\b|\bbefore\s+i\s+(?:go|leave)\b[^.?!]{0,10}\b(?:question|ask|quick|check)\b",
    # The plan ending, asked about ("最后一期缴完就结束了对吧", "到年底就还完了吗"), is no crisis.
    r"(?<!走了)(?<!没了)(?<!死了)(?<!不在了)"
    r"(?:期|还完|缴完|付完|还清|缴清|结清|年底|月底|分期|贷款|债|账|方案|计划)[^，,。]{0,6}就(?:都)?(?:结束|完|清|没了?|两清)了?"
    r"(?:吧|吗|么|对吧|齁|嘛|对不对|是吧|是不是|喔|哦|呢)",
    # Another channel asked for ("don't send letters, email me instead") is no crisis.
    r"\b(?:email|e-mail|text|call|ring|write\s+to|message|dm|whatsapp|post\s+it\s+to)\s+me\s+instead\b"
    r"|\binstead\b[^.?!]{0,20}\b(?:by\s+)?(?:email|e-mail|post|text|letters?|whatsapp)\b",
    # Something that "killed my credit"; off to bed, talk tomorrow.
    r"\bkill(?:ed|s|ing)?\s+my\s+(?:credit|score|rating|budget|savings|weekend|battery|phone|mood)\b",
    r"\b(?:going|off|heading)\s+to\s+bed\b(?:\s+now)?(?:\W+(?:good\s*night|gn|night|nite|bye|ttyl|talk\s+tomorrow))?\W*$|\b(?:going|off|heading)\s+to\s+(?:bed|sleep)\b"
    r"[^.?!]{0,20}\b(?:talk|chat|speak|text|message|call|reply)\w*\s+(?:(?:to\s+)?(?:you|u)\s+)?(?:tomorrow"
    r"|later|in\s+the\s+morning|soon)\b",
    # The debt over with, by paying it ("i just want this to be over, can i pay it all now").
    r"\bwant\s+(?:this|it|that)\s+(?:to\s+be\s+)?(?:all\s+)?over\b[^.?!]{0,4}[,.!]?\s*(?:can|could|so|let)\b"
    r"[^.?!]{0,20}\b(?:pay|settle|clear)\b",
    # "I'd rather die than sit through the hold music lol", "she'd die without her tablet",
    # "kill me now, this app", "phone's about to die", 死定了 (in trouble), 走了走了 (off to
    # a meeting)
    r"\b(?:i'?d|i\s+would|she'?d|he'?d|they'?d)\s+(?:rather\s+die\s+than|die\s+without)\b[^.?!]{0,60}(?:\blol\b|\blmao\b|\bhaha\b|\b(?:hold\s+music|tablet|phone|coffee|wifi|internet|robot|bot|machine|menu|automated)\b)",
    r"\bkill\s+me\s+now\b[^.?!]{0,20}\b(?:this|that|the)\s+(?:app|website|site|meeting|queue|hold|form)\b",
    # someone else will "kill me" for a missed payment (she'll kill me 😂); "kill me now, I
    # forgot my password again"; never again in the next life (下辈子再也不办信用卡了)
    r"\b(?:she|he|they|mum|mom|dad|wife|husband|boss|landlord)\s*(?:'ll|will|would|'d|is\s+gonna|is\s+going\s+to|gonna)\s+"
    r"(?:literally\s+|actually\s+)?kill\s+me\b(?![^.?!]{0,20}\b(?:myself|first)\b)",
    r"\bkill\s+me\s+now\W+(?:i\s+)?(?:forgot|lost|locked|missed|can'?t\s+(?:log|find|remember))\b",
    r"[下这]辈子(?:再也|都)?不(?:会|要)?(?:再)?(?:要|用|办|借|碰|敢|刷|买|贷)",
    # off to work first (我先走一步去上班); not wanting to live so tired, so paying it off
    r"先走一步[^。]{0,3}(?:去|到)(?:上班|上课|开会|公司|吃饭|接|买|忙|工地|店里)",
    r"不想(?:再)?活得(?:这么|那么|这样)(?:累|辛苦|憋屈)[^。]{0,10}(?:所以|想|要|打算)[^。]{0,4}(?:还|付|缴|结清|还清)",
    # being blacklisted (by lenders) asked about: a credit question
    r"\b(?:be|been|get|got|getting|being|am|is|are|now)\s+black\s*-?\s*listed\b",
    # done with work for the day; "just being honest with you"; work found again (找到活了);
    # the last payment that "ends it, right?" (the debt, asked about)
    r"\bdone\s+with\s+(?:work|my\s+shift|the\s+shift|the\s+day)\b|\bjust\s+being\s+(?:honest|upfront|real)(?:\s+with\s+(?:you|u))?\W*$",
    r"找到(?:活|活儿|工作|事做|新工作)(?:了|干)?",
    r"\b(?:that|this|which|it|payment|the\s+last\s+one)\s+(?:ends|closes|finishes|clears|settles)\s+it\b(?=[^.!]{0,24}\?)",
    # the shop or the business that cannot go on (店开不下去了), not the debtor's life
    r"(?:店|生意|公司|厂|工厂|摊子?|铺子|餐厅|餐馆|工作室|小吃店|早餐店)(?:也|都|实在|快|要|快要)*(?:开|做|撑|经营|干)不下去"
    r"(?![^。]{0,12}(?:活|死|命|人生|走了|解脱))",
    r"\bphone\s+(?:is\s+|'s\s+)?(?:bout|about|going|gonna)\s+(?:to\s+)?die\b",
    r"死定了|走了走了|笑不活了",
    # a threat at staff ("I know where you live", "you'll be sorry"): abuse, not a crisis
    r"(?<!n't\s)(?<!not\s)\bi\s+know\s+where\s+(?:you|u|your\s+\w+|you\s+guys|y'?all)\s+(?:live|lives|work|works|sleep)\b"
    r"|\b(?:you'?ll|you\s+will|u\s+will|you'?re\s+gonna)\s+(?:be\s+sorry|regret\s+(?:this|it))\b|\bwatch\s+(?:your\s*self|your\s+back)\b",
    # said to others: "do you want to die?" as an insult (你們是想死喔 一天傳三次)
    r"你们?(?:是)?(?:想|找)死(?:喔|吗|啊|哦|是不是|是吧|呀|吧)",
    # a credit record ruined (征信都花了, 聯徵已經爛掉了), said of credit, not a life
    r"(?:征信|联征|信用|信用记录)(?:都|已经|早就|也)*(?:花|烂|黑|毁|完)(?:掉)?了",
    # someone close who died (my father passed away on the 2nd), unless the writer follows
    r"\bmy\s+(?:father|mother|dad|mom|mum|husband|wife|grandma|grandmother|grandpa|grandfather|brother|sister|son|daughter|uncle|aunt"
    r"|dog|cat|pet|puppy)"
    r"\s+(?:just\s+|recently\s+|suddenly\s+)?(?:passed\s+away|passed|died)\b"
    r"(?!.*\b(?:join|be\s+with|follow|no\s+reason|without\s+(?:him|her)|go\s+too|die|dying|dead|exist|end\s+it"
    r"|kill|gone|not\s+be\s+here|disappear|give\s+up|no\s+point|can'?t\s+go\s+on)\b)",
    *look_alikes.FIGURES,
    # "I just want to see my balance": the account wished for, not an end
    r"\bi\s+(?:just\s+|only\s+)?want\s+to\s+(?:see|know|check|pay|settle|clear|get)\s+(?:my|the|what|how\s+much)\s+"
    r"(?:\w+\s+)?(?:balance|account|debt|total|amount|options|plan|figures|statement|owe|is\s+left)\b",
    # an apology for an outburst (对不起，我刚才太激动了, "sorry I was rude earlier")
    r"(?:对不起|不好意思|抱歉|歹势|拍谢)[，,\s]*(?:我)?(?:刚才|刚刚|刚|之前|上次|昨天)?(?:说话)?(?:太|有点|有些|比较)?"
    r"(?:激动|冲动|凶|过分|急|冲|失礼|没礼貌|态度不好|口气不好|大声)",
    r"\bsorry\s+(?:i\s+was|for\s+being|about\s+being|i\s+got|for\s+(?:my|the|that))\s+(?:so\s+)?"
    r"(?:rude|angry|short|snappy|harsh|mean|upset|language|tone|outburst|earlier|swearing|shouting)\b",
    # what comes next, asked on its own (那之后呢, 然后呢): no "after I am gone"
    r"^\W*(?:那|那么|所以|好|嗯)?\W*(?:之后|以后|然后|接下来|后来)(?:呢|怎么办|怎样|要怎样|要干嘛)\W*$",
    # a note to oneself (提醒自己 明天要去…)
    r"^\W*提醒(?:一下)?自己",
    r"\bdrowning\s+in\s+(?:bills|debts?|work|paperwork|fees|interest|payments)\b|\bdoing\s+my\s+head\s+in\b|\bdaylight\s+robbery\b",
    r"\bi\s+wish\s+to\s+(?:lodge|file|make|submit|register|raise)\b",
    # a bridge loan; the most one can pay (再多就没有了); thrown out, a boss run off, someone
    # else's death, the last instalment, a joke said to be one (开玩笑的啦), a bad mood
    r"\bbridge\s+loan\b|(?:最多|再多)(?:的)?(?:就)?(?:只能)?(?:这么多|没有了|拿不出|了)|赶(?:我)?走|(?:老板|公司|老赖)跑路",
    r"(?:我爸|我妈|我爷爷|我奶奶|外公|外婆|阿公|阿嬷|阿妈|姥姥|姥爷|我老公|我老婆|家里老人|我父亲|我母亲|我哥|我姐|我弟|我妹)(?:他|她)?"
    r"(?:已经|上个月|上周|上礼拜|上星期|前几天|这几天|前阵子|这个月|去年|前年|前天|昨天|昨晚|昨夜|今天|今早"
    r"|半夜|突然|刚|刚刚)?"
    r"(?:走了|去世了|过世了|过世|去世|不在了)(?![^。]{0,20}(?:什么都没|没意思|去陪|活不下去|也想走|也(?:可以|该|要|能)?走|不想活|也不想活"
    r"|跟(?:着)?(?:他|她)(?:一起)?(?:走|去)|一起走|去找(?:他|她)|随(?:他|她)而去|撑不下去|不想醒))"
    r"(?:[，,\s]*(?:在|正在|要|刚|还在)?(?:办|处理|忙)(?:完)?(?:他|她)?(?:的)?后事)?",
    r"(?<!撑不到)(?<!活不到)(?<!等不到)(?<!熬不到)最后一期|还到下辈子|(?<!不是)(?<!没)(?<!没有)开玩笑的(?:啦|啊|嘛|喔|哦)|心态崩了?",
    r"\bcut\s+me\s+(?:to|down\s+to|back\s+to)\s+\d+|\b(?:remittance|paycheck|transfer)\s+goes\s+out\b|\b(?:was|were|been)\s+killing\s+me\b",
    r"\bfree\s+of\s+(?:it|this|the\s+debt|the\s+loan|this\s+debt)\b|\bfinancial\s+suicide\b|\brock\s+bottom\s+financially\b",
    r"\b(?:would|will|gonna)\s+kill\s+me\s+(?:lol|haha|financially)\b|\b\d+\s+(?:a|per)\s+(?:month|week)\s+would\s+kill\s+me\b",
    r"\b(?:going\s+to|gonna)\s+be\s+(?:tough|hard|rough|tight)\b",
    # Asked to keep it confidential ("你們會幫我保密嗎").
    r"(?:帮|替|为)?我?保密(?:吗|么|嘛|不|吧)",
    # Doing it here, in this chat ("never mind, I'll just do it here").
    r"\b(?:do|sort|handle|finish)\s+(?:it|this)\s+(?:here|in\s+(?:here|this\s+chat)|with\s+(?:you|the\s+bot)|online)\b",
    # Nothing more to ask or add (after "anything else?") is no crisis.
    r"\bnothing\s+(?:more|else)\s+to\s+(?:ask|add)\b",
    # Doing it oneself ("never mind, I'll sort it myself", "i can manage myself"), not harm
    # to oneself, unless a time, a finality or harm is named with it.
    r"\b(?:i'?ll|i\s+will|i\s+can|i\s+could|let\s+me|i'?m\s+going\s+to|i'?m\s+gonna|gonna|i'?d\s+rather)\s+(?:just\s+)?"
    r"(?:sort|handle|figure|manage|deal|take\s+care|do|pay|fix|work|check|call|go|ask|look|read|find|set|arrange|contact"
    r"|reach\s+out|get\s+in\s+touch|be\s+in\s+touch|write|message|text)\b"
    r"[^.?!]{0,25}(?<!to )(?<!with )\b(?:myself|by\s+myself|on\s+my\s+own)\b"
    r"(?![^.?!]{0,30}\b(?:tonight|for\s+good|permanently|once\s+and\s+for\s+all|forever|soon|die|dying|kill|hurt|harm|end\s+it|gone)\b)",
    # Doing it oneself ("算了不用了，我自己弄"), not harm to oneself.
    r"(?<!你们)(?:我)?自己(?:来|弄|搞|处理|办|想办法|解决|还|付|去|做|看着办)(?!\s*(?:死|伤|掉|了结|断|结束|活))",
    # A phone or battery about to die; "talk soon, have a good night".
    r"\b(?:phone|battery|laptop|computer|tablet|charger)\s+(?:is\s+|'s\s+)?(?:about\s+to\s+|going\s+to\s+"
    r"|gonna\s+|nearly\s+|almost\s+)?(?:die|dying|dead)\b|(?:手机|电池|电脑)(?:快|要)?没电了",
    r"^\W*(?:talk\s+(?:to\s+you\s+)?(?:soon|later|tomorrow)|speak\s+soon|catch\s+you\s+later)\W*"
    r"(?:(?:and\s+)?have\s+a\s+(?:nice|good|great|lovely)\s+(?:day|one|evening|night|weekend)|good\s*night)?\W*$",
    # A stop said with a threat of the police or a complaint ("再打来我就报警") is no crisis.
    r"我就(?:去|要|会)?(?:报警|报案|投诉|起诉|举报|检举|申诉|告你|提告|打\s*12378)",
    r"\b(?:and|or|or\s+else|otherwise|then)\s+(?:i'?ll|i\s+will|i'?m|i\s+am|im|ill)\s+(?:going\s+to\s+|gonna\s+)?(?:call(?:ing)?\s+the\s+(?:police|cops)"
    r"|report(?:ing)?|su(?:e|ing)|fil(?:e|ing)\s+a\s+complaint|complain(?:ing)?|get(?:ting)?\s+a\s+lawyer)"
    r"|\byou'?ll\s+(?:be\s+)?hear(?:ing)?\s+from\s+(?:the|my)\s+(?:cfpb|ftc|regulator|police|lawyer|attorney|solicitor|ombudsman)\b",
)

# Asking for another channel or another hour is not an opt-out ("don't call me, text is
# fine", 上班时间别打给我): the word lists' opt-out reading yields, and so does the model's.
PREFERENCES: tuple[str, ...] = (
    *look_alikes.PREFERENCES,
    # back again ("hi its me again", 我又来了): a greeting, not an opt-out
    r"^\W*(?:(?:hi+|hey+|hello+|ok|so)\W*)?(?:it'?s|its|it\s+is)\s+me(?:\s+again)?\b(?!\s+(?:who|that|you))"
    r"|\bi'?m\s+back\b|^\W*me\s+again\b|我又来了|我回来了|又是我",
    # only this channel ("你們可以只用這裡聯絡我嗎"): more contact here, not less
    r"只(?:用|在|通过|透过)(?:这里|这边|微信|短信|简讯|line|这个|这)(?:联系|联络|找|通知|传|发)我",
    r"\b(?:don'?t|do\s+not|dont)\s+(?:call|phone|ring|text|message|email)\s+me\b(?!\s+(?:again\s+)?(?:on\s+)?here\b)"
    r"(?!\s+(?:on|via|over|through)\s+\w+\s+(?:again|ever|anymore|any\s+more)\b)"
    r"(?![^.?!]{0,40}\b(?:until|till|before|pending)\b[^.?!]{0,40}\b(?:complaint|dispute|investigation"
    r"|ombudsman|regulator|cfpb|ftc|court|ruling|decision|outcome|case|resolved|decided))"
    r"(?:(?!\b(?:don'?t|dont|do\s+not|never|nor|or)\b)[^.?!]){0,40}"
    r"\b(?:text(?:ing)?|messag\w*|email|chat|write|here|whatsapp|instead|fine|ok|okay|before|after"
    r"|at\s+work|during|until|till|\d)",
    r"(?:不要|别)(?:再)?(?:给我)?(?:打(?:电话)?(?:给我)?|打给我|打我(?:家里)?(?:的)?电话|发语音|传语音|发邮件)[，,\s]+"
    r"[^，,。.!！?？]{0,6}(?:短信|简讯|消息|讯息|微信|line|文字|手机)[^，,。.!！?？]{0,3}"
    r"(?:就行|就好|就可以|吧|可以|没问题|聊|联系)",
    r"(?:\d+点|点钟|晚上|(?<!大)早上|上午|下午|中午|半夜|深夜|上班|工作|周末|假日)[^，,。]{0,4}"
    r"(?:以后|之后|之前|以前|前|后|时间|时候|期间)?(?:不要|别|请勿|勿)(?:再)?(?:发|传|打)",
    r"\bstop\s+(?:sending\s+)?(?:the\s+)?(?:paper\s+)?(?:letters|post|mail|calls|statements|bills|sms\s+reminders|reminders\s+by\s+\w+)\b[^.?!]{0,40}\b(?:email|text|message|fine|instead|address|moved)\b",
    # another channel asked for: "contact me on Telegram instead of phoning", "by email, not SMS",
    # "I'd rather get them by email", 以后用LINE联络我就好, 改寄电子邮件就好, 别再问我生日了
    r"\binstead\s+of\s+(?:phoning|calling|texting|emailing|writing|letters|sms|a\s+call|calls)\b",
    r"\bby\s+(?:email|e-mail|text|sms|post|mail|letter|whatsapp|telegram)\s*,?\s*not\s+(?:by\s+)?(?:sms|text|email|phone|calls?|post|mail)\b",
    r"\bi'?d\s+rather\s+(?:get|have|receive)\s+(?:them|it|these|those)\s+(?:by|via|on|through)\b",
    r"(?:^|[，,。!！?？\s])(?:以后|之后|有事)?(?:请)?(?:用|改用)(?:line|微信|短信|简讯|邮件|email|电话|这个)(?:帐号|账号|号码)?(?:联络|联系|找|通知)我(?:就好|就行|就可以)",
    r"(?:不要|别)(?:再)?寄(?:纸本|纸质|信)[^。]{0,6}(?:改|请)?(?:寄|发|用)(?:电子邮件|邮件|email|短信|简讯)",
    r"(?:不要|别)(?:再)?问(?:我)?(?:的)?(?:生日|出生日期|身份证|证件号)",
    r"\b(?:stop|don'?t|do\s+not)\b[^.?!]{0,40}\b(?:on\s+(?:sundays?|saturdays?|weekends?)|at\s+night|late\s+at\s+night|early\s+in\s+the\s+morning"
    r"|(?:before|after)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)?)\b",
    r"\bstop\s+(?:the\s+)?(?:charging|adding|taking|debiting|auto(?!mated)\w*(?<!automatic)|automatic(?!\s+(?:messages|texts|msgs|reminders|calls))|direct\s+debit|late\s+fees?|interest|fees)",
    r"\b(?:email|e-mail|text|call|ring|message|write\s+to|dm|whatsapp)\s+me\s+instead\b",
    r"(?:停|停止|取消|关掉)(?:掉)?(?:自动)?(?:扣款|转账|续费)|(?:不要|别)(?:再)?自动(?:扣款|扣|转账)",
    # interest or fees to stop, not contact (别再加利息了, 停止收费行不行)
    r"(?:不要|别)(?:再)?(?:给我)?(?:加|收|扣|算|涨)(?:利息|罚息|费用|手续费|违约金|滞纳金|服务费)"
    r"|(?:停|停止)(?:收费|计息|加息|罚息|(?:收|加|算)(?:利息|罚息|费用|手续费))",
    r"(?:不要|别|不能|不想)(?:再)?(?:拖|等|犹豫|考虑)(?:了|啦)?",
    r"\b(?:end|ending|ended|cancel\w*|terminat\w*|switch\w*)\s+(?:my|the|our)\s+(?:contract|plan|subscription|lease|membership)\s+with\s+(?:my|the|another|a|an)\s+\w+",
    r"(?:不要|别|请勿|勿)[^，,。]{0,8}(?:电话|手机|微信|line|邮件|邮箱|短信|简讯|公司|座机|市话|固话|办公室|分机)[，,\s]+(?:请|可以|改|就)?(?:打|发|传|找|联系|联络|用)"
    r"(?:给)?(?:我的?)?(?:手机|电话|公司|办公室|微信|line|邮箱|email|短信|简讯|另一个|这个)",
    # "stop, I know, I'll pay tomorrow" (好的别发了我知道了，明天还): a nudge answered, no opt-out
    r"(?:别|不要)(?:再)?(?:发|传|催)了?[^。]{0,4}(?:我)?知道了[^。]{0,6}(?:明天|后天|下周|周[一二三四五六日天]|\d+号|今天|晚点)?(?:就)?(?:还|缴|付)",
    # the mobile asked for, the office or the landline refused ("打我手机，别打我办公室座机")
    r"(?:打|发|传|联系|联络)(?:到|给)?我(?:的)?(?:手机|微信|line|邮箱|email)[^。]{0,4}[，,\s]+(?:不要|别|请勿|勿)(?:再)?"
    r"(?:打|打到|打给|发到)?我?(?:的)?(?:公司|办公室|单位|家里|家|座机|固话|工作)",
    # the office or the landline refused, the mobile offered ("不要打我公司座机 打我手机就行")
    r"(?:不要|别|请勿|勿)(?:再)?(?:打|打电话给|打给|打到|发到|传到|寄到)?我?(?:的)?(?:公司|办公室|单位|家里|家|座机"
    r"|固话|工作)[^，,。]{0,6}[，,\s]+(?:请|可以|改|就|直接)?(?:打|发|传|找|联系|联络|用)(?:给|到)?(?:我的?)?"
    r"(?:手机|电话|微信|line|邮箱|email|短信|简讯|另一个|这个)",
    r"\b(?:don'?t|do\s+not|stop)\s+(?:call|text|email|ring)\w*\s+(?:my\s+(?:home|work|office|landline|wife|husband|mum|mom|parents)|me\s+at\s+(?:home|work))\b"
    r"[^.?!]{0,30}\b(?:call|text|email|use|try|reach)\s+(?:me\s+on\s+)?(?:my|me)\b",
    # Another channel or other hours asked for (bot.understanding.contact_wishes).
    *CONTACT_WISHES,
    # A new number or address to write to; a subscription to something else cancelled.
    r"\b(?:send|text|message|email|use|contact\s+me\s+(?:on|at))\b[^.?!]{0,40}\bnew\s+(?:number|phone|mobile|cell|email|address)\b",
    r"(?:换|改|新)(?:了)?(?:个)?(?:手机)?号(?:码)?[^。]{0,30}(?:发|传|打|寄|通知)(?:到|给|至)|旧(?:的)?(?:手机)?号(?:码)?(?:不用了|停了|不要了|没用了|停用)",
    r"把(?![^，,。]{0,6}(?:你们|你|这个|短信|消息|讯息|通知|提醒|推送|催收))[^，,。]{1,15}(?:都|全)?(?:退订|取消订阅)(?:掉)?了",
    r"\b(?:unsubscribed|cancel+ed)\s+(?:from\s+)?(?:my\s+|the\s+|all\s+(?:my\s+)?)?(?:netflix|spotify|gym|streaming|subscriptions?"
    r"|memberships?|video|music|magazines?|newspapers?|amazon\s+prime|prime|disney\+?|hulu|apps?)\b",
    # The same menu not sent again ("stop sending me the whole menu", 同样的菜单别再发了).
    r"\bstop\s+(?:sending|showing|giving|repeating)\s+(?:me\s+)?(?:the\s+|that\s+|this\s+)?(?:same\s+|whole\s+|full\s+|entire\s+)?"
    r"(?:menu|options|list\s+of\s+options|plans?\s+(?:list|menu))\b",
    r"(?:同样的|一样的|相同的|这个|那个|整个)?(?:菜单|选单|选项)(?:就)?(?:不要|别|不用)(?:再)?(?:发|传|列|给)"
    r"|(?:不要|别|不用)(?:再)?(?:发|传|列|重复)(?:同样的|一样的|相同的|这个|那个|整个)?(?:菜单|选单|选项)",
    # one channel refused, another asked for in the same breath (以后别给我打电话了，有事微信说,
    # 简讯不要再传了，改传LINE). Not "别打电话了…发微信" on its own: read that way, one of an
    # earlier blind set's opt-outs was lost; an opt-out read too often is the cautious error.
    r"(?:短信|简讯|电话|邮件|信件|纸本)(?:就)?(?:不要|别)(?:再)?(?:发|传|打|寄)(?:了|啦)?(?:(?!不要|别|勿|也不|不用|不能)[^。.!！?？]){0,12}"
    r"(?:改|用|发|传|打)(?:传|发|用|打)?(?:微信|line|邮件|email|短信|简讯|电话)(?:就好|就行|就可以|吧|啦|给我|联系我|找我)?\W*$"
    r"|(?:不要|别)(?:再)?(?:给我)?(?:发|传|打|寄)(?:短信|简讯|电话|邮件|信)(?:给我)?(?:了|啦)?(?:(?!不要|别|勿|也不|不用|不能)[^。.!！?？]){0,12}"
    r"(?:有事|有什么事)(?:就)?(?:微信|line|邮件)(?:上)?(?:说|讲|聊|联系|找我)"
    r"(?:就好|就行|就可以|吧|啦|给我|联系我|找我)?\W*$",
    # Whether we will contact someone else, asked ("are you going to contact my family?",
    # 你们会联系我家人吗): a fear, not a request to stop (one said with stop, 别, 不要 still is)
    r"^(?!.*(?:\bstop\b|\bquit\b|\bleave\b|don'?t|do\s+not|\bnever\b|别|不要|停|不准|不许|勿))"
    r"(?:.*\b(?:are|r)\s+(?:you|u|they)\s+(?:going\s+to|gonna)|.*\b(?:will|would|do|did|can)\s+(?:you|u|they))\s+"
    r"(?:contact|call|text|tell|message|visit|email|ring|reach\s+out\s+to)\b"
    r"|^(?!.*(?:别|不要|停|不准|不许|勿))(?:你们|你)?[^。]{0,4}(?:会不会|会|是不是会|是不是要|要不要)(?:去|再)?"
    r"(?:联系|联络|打(?:电话)?给|打电话到|打到|通知|告诉|找|上门找)[^。？?]{0,16}(?:吗|么|\?|？|家人|爸妈|父母|公司|单位|同事|老板|朋友|亲戚)",
    # who we are or how to reach us, asked ("what is your company name and phone number")
    r"\bwhat(?:'s|\s+is|\s+are)\s+(?:your|ur|the)\s+(?:company(?:'s)?\s+)?(?:name|phone\s+number|number|address|website|details)\b",
    # "my bank has never texted me like this": what has been, not a request
    r"\b(?:has|have|had)\s+never\s+(?:texted|messaged|contacted|called|emailed|written\s+to)\s+me\b",
    # "I'll be in touch once I've decided" (等我想好了再联系你们): contact to come, not refused
    r"等我[^。，,]{0,8}再(?:联系|联络|找|回复|回)(?:你们|你)(?![^。]{0,10}(?:别|不要|勿))",
    # "not now, later" (先别发了，在开会，晚点回你): a moment asked for, not an opt-out
    r"先(?:别|不要)(?:再)?(?:发|传|打|催)(?:了|啦)?[^。]{0,12}(?:晚点|等下|等会|一会|待会|回头|下班|忙完)",
    # No more questions (after "anything else?") is no opt-out.
    r"\b(?:no|any)\s+(?:more|further|other)\s+questions?\b",
    # "no more" of something that is not contact ("no more questions", "no more excuses")
    r"\bno\s+more\s+(?:questions|excuses|delays|waiting|games|stalling|mistakes|late\s+fees|fees|interest|charges|surprises)\b",
    # Privacy asked about ("do you keep my details confidential?", 我的信息会保密吗).
    r"\b(?:keep|kept|keeping|stay|stays)\s+(?:my\s+|the\s+|our\s+)?(?:personal\s+)?(?:details|data|information|info"
    r"|number|records?|account)\s+(?:confidential|private|safe|secure|secret)\b|\bconfidential(?:ity)?\b"
    r"|(?:信息|资料|个资|号码)(?:会|能|是否|有没有)?(?:保密|外泄|泄露)",
    # A reminder asked for ("could you text me a reminder a day ahead?", 到期前发短信提醒我):
    # more contact wanted, not less (never after "don't", "stop", "no more" or "never").
    r"(?<!n't )(?<!dont )(?<!not )(?<!never )(?<!stop )(?<!more )"
    r"\b(?:text|message|email|e-mail|send|give|ping|msg)\s+me\s+"
    r"(?:a\s+|an\s+|the\s+|one\s+)?(?:quick\s+|short\s+)?(?:reminder|heads[-\s]?up|nudge)\b"
    r"|(?<!n't )(?<!dont )(?<!not )(?<!never )(?<!stop )\bremind\s+me\b"
    r"|(?:发|传|打)(?:个|一下)?(?:短信|消息|讯息|电话)?提醒我(?!.{0,3}(?:了|啦))|提醒我一下|记得提醒我",
    # the cost complained of, not the contact ("我受不了你们的利息")
    r"受不了(?:你们的?)?(?:利息|手续费|费用|违约金|罚息|利率)",
    # "stop" as "wait" before a question or a moment to think ("stop, let me think")
    r"^\W*(?:stop|wait|hold\s+on|hang\s+on)\W+(?:let\s+me|which|what|how|when|is|are|can|i\s+need\s+to\s+think)\b",
)

# Where the classifier's safety reading is not taken: figures of speech for distress, a
# channel or hour asked for (or a debit to stop) for stop.
NOT_ON: dict[str, re.Pattern[str]] = {
    "distress": re.compile("|".join(FIGURES)),
    "stop": re.compile("|".join(PREFERENCES)),
}


def model_may_say(intent: str, folded: str) -> bool:
    """Whether the classifier's ``intent`` may stand for this folded message (a question
    about legal steps raises neither a crisis nor an opt-out by the classifier alone, a
    refusal to pay or a question about the plan's payments no crisis, a doubt about who we
    are neither a dispute nor an insult)."""
    if intent in ("dispute", "abuse"):
        return DOUBTS_US.search(folded) is None  # "你们是不是诈骗？" disputes nothing
    guard = NOT_ON.get(intent)
    if guard is None:
        return True
    if intent == "distress" and (
        asks_about_paying(folded) or only_vents(folded) or promises_to_pay(folded)
    ):
        return False
    if complains_not_told(folded):  # "你们从来没通知我" asks for no stop either
        return False
    return not (guard.search(folded) or asks_the_law(folded) or DOUBTS_US.search(folded))


def asks_for_channel(folded: str) -> bool:
    """Whether ``folded`` asks for another channel or hour (or a debit stopped), the
    :data:`PREFERENCES` (a question about us or about legal steps is not one)."""
    return NOT_ON["stop"].search(folded) is not None


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
