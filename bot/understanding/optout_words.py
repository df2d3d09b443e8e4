"""How people withdraw consent to contact (en, zh after folding).

Opt-outs as requests, demands, rude stops, consent taken back, a lawyer or a regulator
named, a channel blocked, the keywords (STOP, TD, 退订), and a stop said as a threat
("call again and I'll call the police", "再打来我就报警"). Patterns run on folded text.
"""

from __future__ import annotations

_PERSON_ME = r"(?:me|myself)"
_CONTACT_VERB = (
    r"(?:contact(?:ing)?|reach(?:ing)?\s+out(?:\s+to\s+me)?|communicat\w*|messag\w*|text\w*|call\w*"
    r"|writ\w*|email\w*|bother\w*|harass\w*|chas\w*|spam\w*|hound\w*|pester\w*)"
)

STOP: tuple[str, ...] = (
    # blocking the sender, contact said to end, every channel refused one by one
    r"\b(?:i'?m|i\s+am|im|i'?ll|i\s+will|ill)\s+(?:going\s+to\s+|gonna\s+)?block(?:ing)?\s+"
    r"(?:you|this\s+(?:number|chat|account|bot)|your\s+(?:number|account|bot|messages))\b",
    r"\b(?:all|any)\s+(?:contact|communications?|messages|calls)\s+(?:with\s+me\s+|from\s+you\s+)?"
    r"(?:to\s+)?(?:stop|cease|end)\b",
    r"\b(?:don'?t|do\s+not)\s+(?:text|call|email|message|write)\s*,\s*(?:don'?t|do\s+not)\s+"
    r"(?:text|call|email|message|write)\b",
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
    # Chinese: 别/不要/不许/少 + (再/来) + 找/烦/联系/发/传 + 我; 别一直打(电话)给我
    r"(?:不要|别|不许|不准|请勿|勿)(?:再|总|老|一直|都|天天|每天|整天)+(?:给我)?打(?:电话给我|给我|电话)(?:了|啦|好吗|好不好)?",
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
    # bombarding the phone (别再轰炸我手机了, 不要再疯狂传了)
    r"(?:不要|别|不许|不准|少)(?:再)?(?:轰炸|狂轰滥炸|疯狂(?:打|发|传|call))(?:我)?",
    r"(?:把|将)我的(?:信息|资料|数据|个人信息).{0,8}(?:删|移除)",
    r"拒绝(?:你们)?(?:的)?(?:任何|一切|所有)?(?:联系|联络|联繫)",
    r"(?:不要|别|不准|不许)再[^，,。.!！?？]{0,6}(?:联系|联络|联繫)我",
    r"不需要(?:你们)?再(?:联系|联络|联繫)",
    r"(?:不要|别)再?(?:给我)?(?:推送|推播)",
    r"(?:终止|停止|结束|中止)(?:和我|跟我|与我)?(?:的)?(?:一切|所有|全部)(?:的)?(?:联系|联络|联繫)",
    # all contact, or the collection calls, stopped ("请立即停止对我的一切联系")
    r"停止(?:对我的?|和我的?|跟我的?)?(?:一切|所有|任何|全部)?(?:的)?(?:催收)?(?:联系|联络|来电|电话|催收)",
    # the workplace or the family left out of it ("不要再到我公司找我")
    r"(?:不要|别|不准|不许)(?:再)?(?:到|来|去)(?:我)?(?:的)?(?:公司|单位|家|家里|学校|工作的地方)(?:找|堵|闹)(?:我)?",
    r"(?:要是|如果|敢)(?:再)?(?:打(?:给|到)|联系|联络|找|骚扰)(?:我)?(?:的)?(?:同事|家人|公司|单位|老板|主管|爸妈|父母"
    r"|亲戚|朋友)[^。]{0,20}(?:投诉|检举|举报|报警|告你们|申诉)",
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
    # the carriers' opt-out keywords and "do not disturb", said alone
    r"^\W*(?:end|quit|stop\s*all|do\s+not\s+disturb|dnd)\W*$",
    # A stop said as a threat: "call me again and I'm calling the police", "再打电话我就报警",
    # "one more text and I report you to the CFPB", "再傳訊息我就去金管會檢舉".
    r"\b(?:call|text|messag|email|e-mail|contact|bother|harass|ring|phon|writ|hound|pester|chas)\w*\s+(?:me\s+|this\s+number\s+)?(?:again|one\s+more\s+time|once\s+more|ever\s+again)\b[^.?!]{0,20}?\b(?:and|&|then)\s+(?:i'?ll|i\s+will|i'?m|i\s+am|ill|im|you'?ll|you\s+will|i\s+(?:call|report|sue|go))\b",
    r"\bone\s+more\s+(?:call|text|message|msg|email|letter|reminder|time)\b[^.?!]{0,30}?\b(?:and|&|then)\s+(?:i|you)\b",
    r"\bif\s+(?:you|u|anyone|your\s+\w+|this\s+\w+)\s+(?:ever\s+)?(?:call|text|messag|email|contact|bother|harass|ring|writ)\w*\s+(?:me\s+)?(?:again|one\s+more\s+time|once\s+more)\b",
    r"\bkeep\s+(?:on\s+)?(?:calling|texting|messaging|harassing|bothering|contacting|emailing|writing\s+to|hounding|pestering)\s+me\s+(?:and|&)\b",
    r"(?:再|还|敢再|要是再|如果再|你们再|你再|再敢)(?:敢)?(?:给我)?(?:打|发(?!现|生|工资|薪)|传|联系|联络|找(?!不到|工作)|骚扰|烦|来|催|打扰|寄|call|骚扰)"
    r"[^，,。！!?？]{0,8}[，,]?\s*(?:我)?(?:就|马上|立刻|一定|直接|肯定)(?:会|要)?(?:去|向|到|跟|找)?[^，,。！!?？]{0,14}?"
    r"(?:报警|报案|投诉|起诉|告(?:你|到|上)|举报|检举|申诉|打\s*12378|找律师|提告|上法院|法院见|存证信函|律师函)",
    # Off the call list: "take my mobile off ur call list", "put me on your do-not-call list".
    r"\b(?:take|remove|delete|drop|strike|scratch|cross|get)\s+(?:me|my\s+(?:\w+\s+)?(?:number|mobile"
    r"|cell|phone|name|details|landline|email)|this\s+(?:number|mobile|phone))\s+(?:off|from|out\s+of)\s+"
    r"(?:your|ur|yr|the|this|ya)\s+(?:\w+\s+){0,2}?(?:list|database|records|register)\b",
    r"\b(?:put|add|place)\s+(?:me|my\s+(?:\w+\s+)?(?:number|mobile|cell|phone|name))\s+(?:on|to)\s+"
    r"(?:your|ur|the|a)\s+(?:do[\s-]+not[\s-]+(?:call|contact|text)|dnc|no[\s-]+(?:call|contact))\s+list\b"
    r"|\bdo[\s-]+not[\s-]+call\s+(?:list|register|registry)\b",
    r"(?:加入|放进|列入|加到|放到)(?:你们的?)?(?:拒接|免打扰|勿扰|拒绝联系|不再联系)名单|(?:免打扰|勿扰|拒接)名单",
    # Calls that never stop: "don't keep calling me", "can you not keep ringing me every day",
    # 不要一直打给我, 别老打我电话, 可以不要每天打給我嗎.
    r"\b(?:don'?t|do\s+not|dont|stop|quit|not)\s+keep\s+(?:on\s+)?(?:calling|ringing|phoning|texting"
    r"|messaging|emailing|contacting|bothering|chasing)\b",
    r"\b(?:don'?t|do\s+not|dont|stop|quit|not)\s+(?:calling|ringing|phoning|texting|messaging|emailing)"
    r"(?:\s+me)?\s+(?:all\s+the\s+time|every\s+(?:day|hour|morning|night|evening)|constantly|so\s+much"
    r"|non-?stop|over\s+and\s+over|repeatedly|(?:\w+\s+)?times\s+a\s+day)\b",
    r"(?:不要|别|不许|不准|请勿|勿)(?:再)?(?:一直|总是?|老是?|天天|每天|成天|整天|一天到晚|反复|不停(?:地|的)?"
    r"|没完没了(?:地|的)?)(?:给我|跟我)?(?:打|发|传|call|烦|骚扰)(?:给我|来|我|电话|过来|了)",
    # Calls and texts refused from now on: 以后不要给我打电话发短信, 從現在起不要打給我.
    r"(?:不要|别|请勿|勿|不准|不许)(?:再)?(?:给我|跟我|对我)(?:打电话|打来|发短信|发消息|发信息|发讯息|发简讯"
    r"|传简讯|传讯息|传消息|发邮件|打)",
    r"(?:不要|别|请勿|勿|不准|不许)(?:再)?(?:打|打电话|拨|call)给我(?!老婆|老公|家人|妈|爸|同事|公司|父母)",
    # No contact until a complaint or a dispute is decided ("结果出来前请勿再跟我联系").
    r"(?:不要|别|请勿|勿|不准|不许)(?:再)?(?:跟|和|与|同)我(?:联系|联络)",
    r"\b(?:don'?t|do\s+not|dont|no)\s+(?:contact|call|text|message|email|write\s+to|ring)\w*\s+(?:me\s+)?"
    r"(?:again\s+)?(?:until|till|before|pending)\b[^.?!]{0,40}\b(?:complaint|dispute|investigation|ombudsman"
    r"|regulator|cfpb|ftc|court|ruling|decision|outcome|case|resolved|decided|validat\w*|verif\w*|proof)",
    # automated messages stopped, writing only, no work calls, no more friend requests
    r"\bstop\s+(?:the\s+|your\s+)?(?:automated|automatic|auto)\s+(?:messages|texts|msgs|reminders|calls)\b",
    r"\b(?:writing|mail|letters?|post)\s+only\b",
    r"\b(?:don'?t|dont|do\s+not|stop)\s+(?:call|calling|contact\w*|text\w*|ring\w*)\s+(?:me\s+at\s+)?(?:my\s+)?(?:work|job|office|workplace|employer|boss)\b(?![^.?!]{0,30}\b(?:call|text|email|use|try|reach)\s+(?:me\s+on\s+)?(?:my|me)\b)",
    r"\bstop\s+to\s+write\s+me\b|\bonly\s+letters?\s+to\s+my\s+(?:home|house|address)\b",
    r"停止(?:向我|给我|对我)(?:发送|发|传|联系|联络|打)",
    r"(?:别|不要)(?:再)?加我(?:好友|微信)?(?:了)?",
    r"(?:不要|别)(?:再)?来电(?:话)?",
    r"停止(?:给我)?打(?:电话)?(?:给我)?",
    r"(?:不要|别)(?:再)?打(?:到|去)我(?:的)?(?:公司|单位|家里|家)",
    r"只接受书面(?:联络|联系|沟通|通知)|(?:请|就)?寄律师函",
    r"\bjust\s+stop\s+(?:period|completely|altogether|entirely)\b|\bstop\s+period\b",
    r"(?:请)?(?:立刻|立即|马上)停止(?:联系|联络|发送|骚扰)?\W*$",
    r"(?:不要|别|请勿|勿)(?:再)?用(?:这个)?(?:机器人|程序|系统|号码|号|帐号|账号|line|微信)(?:给我)?(?:发|传|联系|联络|找)",
    r"撤回[^。]{0,14}(?:授权|同意)|不再同意(?:你们)?[^。]{0,8}(?:联络|联系|发|传)",
    r"(?:别|不要)(?:再)?往我(?:的)?(?:公司|单位|家里|家)打|请停止(?:联系|联络|发送|骚扰)?\W*$",
    r"(?:一律|全部|都)(?:透过|通过|经过|找)我的?律师",
)
