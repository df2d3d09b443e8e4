"""Crises hinted at rather than said (en, zh after folding): the debt asked about "for me"
after one's death, a high place or the water below named in passing, not coming back, being
found gone, a plan decided that nobody should talk one out of, harm done to oneself to stop
the panic, a mother thanked for raising one, pets and clothes given away with only the debt
left, food that no longer matters, a platform's edge, being better off vanished.

Each names a warning sign crisis lines teach, in words other than the ones of
:mod:`bot.understanding.crisis_words`. Patterns run on folded text (lower case, Simplified).
"""

from __future__ import annotations

_PETS_ZH = r"(?:猫|狗|宠物|狗狗|猫咪|鹦鹉|兔子|鱼)"
_LEFT_ZH = r"(?:就|只)剩(?:下)?(?:你们|这笔|这个|这|最后)"

HINTS: tuple[str, ...] = (
    # what happens to the debt when the borrower dies, asked "for me" / "soon to be needed"
    r"\b(?:if|when|once)\s+(?:the\s+)?(?:borrower|account\s+holder|i)\s+(?:dies?|passes|pass\s+away|is\s+dead)\b"
    r"[^.!]{0,40}\b(?:asking\s+for\s+(?:me|myself|a\s+reason)|for\s+me|for\s+myself|soon)\b",
    r"(?:借款人|欠款人|本人|我)(?:要是|如果|万一)?(?:死了|走了|不在了)[^。]{0,20}(?:快用得上|用得上|用得着|很快就|马上就)",
    # a high place, at night, with the debt on one's mind ("on the roof of my building rn")
    r"\b(?:i'?m|im|i\s+am|standing|sitting|up)\s+(?:up\s+)?on\s+(?:the\s+)?(?:roof|rooftop|ledge)\b"
    r"(?:\s+of\s+(?:my|the|our)\s+(?:building|block|apartment|flat|office|work|car\s*park|parking\s+garage))?",
    # the water or the tracks below, quiet and dark (騎車騎到關渡大橋，下面的水黑黑的好安靜)
    r"(?:桥|桥上|大桥|河边|海边|堤防|堤坝|岸边|江边)[^。]{0,16}(?:下面|底下|下头)(?:的)?(?:水|河|江|海)[^。]{0,12}"
    r"(?:安静|黑|深|冷|好美|在叫我)",
    r"(?:站台|月台|轨道|铁轨)(?:的)?(?:边|边上|边缘|旁边)[^。]{0,12}(?:站|坐|蹲)(?:了)?"
    r"|看着(?:车|火车|地铁|列车)[^。]{0,6}(?:一趟一趟|一辆一辆|一班一班)",
    r"\bstanding\s+(?:at|on|by|near)\s+the\s+(?:edge\s+of\s+the\s+)?(?:platform|tracks|train\s+tracks)\b",
    # out into the water and not coming back; being found gone
    r"\b(?:swim|walk|wade|drive|go)\s+(?:out\s+)?(?:as\s+far\s+as|into\s+the\s+(?:sea|ocean|lake|river|water))\b"
    r"[^.!]{0,40}\b(?:not|never)\s+come\s+back\b",
    r"\b(?:when|once|after)\s+(?:you|u|they|you\s+guys)\s+(?:find\s+out|hear|learn|realise|realize|see|notice)\s+"
    r"(?:that\s+)?i'?m\s+(?:gone|dead|not\s+around)\b",
    r"\bi\s+won'?t\s+be\s+(?:here|around)\s+(?:after\s+(?:that|this|friday|tonight|tomorrow|the\s+\w+)"
    r"|much\s+longer|for\s+long|anymore|any\s+more)\b",
    # done with all of it, not only with the debt
    r"\bdone\s+with\s+(?:all\s+of\s+it|everything|it\s+all|all\s+this)\b[^.!]{0,12}\bnot\s+just\s+(?:this|the|my)\b",
    # a plan decided that nobody should talk one out of
    r"\b(?:don'?t|dont|do\s+not|no\s+need\s+to)\s+(?:try\s+(?:to\s+)?)?talk\s+me\s+out\s+of\s+it\b",
    r"(?:别|不要|不用)(?:再)?(?:劝|拦)我(?:了)?",
    # harm done to oneself (burned my arm with a lighter; hitting my head against the wall and
    # unable to stop)
    r"\b(?:burn(?:ed|t)?|cut|slash(?:ed)?|scratch(?:ed)?)\s+(?:my|myself\s+on\s+(?:the|my))\s+(?:arm|arms|wrist|wrists"
    r"|leg|legs|thigh|thighs|skin|hand|hands|stomach)\s+(?:with|on\s+purpose|again|so\s+i)\b",
    r"\b(?:keep|kept|been|was|started)\s+(?:hitting|banging|punching|smashing)\s+my\s+head\s+(?:against|on|into)\b"
    r"[^.!]{0,60}\b(?:can'?t|cant|couldn'?t)\s+stop\b",
    r"(?:拿|用)(?:刀|刀片|打火机|烟头)[^。]{0,6}(?:划|割|烫|烧)(?:了)?(?:自己|手|手臂|手腕|胳膊|腿)",
    r"(?:一直|不停|忍不住)(?:地)?(?:撞|打|捶)(?:自己的?)?(?:头|墙)",
    # a mother or father thanked for raising one, who knows nothing yet
    r"谢谢(?:她|他|您|你|妈|爸|我妈|我爸|妈妈|爸爸)?[^。]{0,4}把我(?:养大|拉扯大|带大)",
    r"\bthank(?:ed|ing)?\s+(?:my\s+)?(?:mum|mom|mother|dad|father|her|him)\s+for\s+(?:raising|everything)\b"
    r"[^.!]{0,40}\b(?:doesn'?t|don'?t|has\s+no\s+idea|no\s+idea|didn'?t)\b",
    # pets and clothes given away, only the debt left (猫托付给室友了，衣服也捐了，就剩这笔账了)
    rf"{_PETS_ZH}(?:已经|都|也)?(?:托付给|托给|交给|送给|送人|留给|给了|拜托[^，,。]{{0,4}}(?:养|照顾|顾))"
    rf"[^。!！?？]{{0,30}}(?:{_LEFT_ZH}|捐(?:了|掉|出去)|送(?:人|掉|光))",
    rf"(?:衣服|东西|书|家当)[^，,。]{{0,4}}(?:都|也|全)?捐(?:了|掉|出去)[^。!！?？]{{0,20}}{_LEFT_ZH}",
    r"\b(?:gave|given|rehomed)\s+(?:away\s+)?(?:my\s+)?(?:cat|dog|pets?|kitten|puppy)\b[^.!]{0,60}"
    r"\b(?:only|just)\s+(?:this|your|the)\s+(?:debt|bill|loan|account)\s+(?:left|remaining)\b",
    # food or sleep that no longer matters (吃不吃都一样), being better off vanished
    r"(?:吃不吃|活不活|醒不醒|睡不睡)都(?:一样|无所谓|没差|没关系)",
    r"我(?:如果|要是)?(?:消失|不见)(?:了)?(?:应该|会|就|的话)?(?:比较好|最好|更好|大家都(?:好|轻松))",
    # drinking for courage, then ending it tonight (喝了半瓶白酒壮壮胆，今晚就了结了)
    r"壮(?:壮)?胆[^。]{0,12}(?:了结|结束|走|跳|动手)",
    r"(?:今晚|今天|明天|马上|这就|等下)(?:就)?(?:把自己)?了结(?:了|掉|自己)?",
    r"\b(?:drink|drinking|drank|had)\s+(?:some\s+|a\s+few\s+)?(?:drinks|liquor|vodka|whiskey|whisky|beers?)?\s*"
    r"(?:for|to\s+get\s+(?:up\s+)?(?:the|my))\s+(?:courage|nerve)\b",
    # the letters will come too late (等寄到的时候已经没意义了)
    r"等(?:寄到|收到|送到|到|你们)[^。]{0,8}(?:的时候)?(?:我)?(?:已经|早就)(?:不在|没意义|没必要|用不着|没用)",
)
