"""Whether a debtor who is waiting for a person asks to carry on with the bot instead."""

from __future__ import annotations

import re

from bot.understanding.normalize import fold

_BOT_BACK = re.compile(
    r"\b(?:back\s+to|continue\s+with|go\s+on\s+with|carry\s+on\s+with|use|let)\s+(?:the\s+)?(?:bot|assistant|robot)\b"
    r"|\b(?:bot|assistant|robot)\s+(?:is\s+)?(?:fine|ok|okay|is\s+enough|will\s+do|can\s+(?:do|help))\b"
    r"|\b(?:no|don'?t|do\s+not)\s+(?:longer\s+)?need\s+(?:a|the|an)?\s*(?:person|human|agent|colleague|anyone)\b"
    r"|\b(?:never\s*mind|nevermind|nvm|forget\s+it|cancel\s+(?:that|the\s+(?:request|agent|person)))\b"
    r"|\bi'?ll\s+(?:just\s+)?(?:do|sort|handle)\s+it\s+(?:myself|here|with\s+you)\b"
    r"|\b(?:sort|do|handle|figure|finish)\s+it\s+(?:out\s+)?(?:here|with\s+you)\b"
    r"|不(?:用|要|需要)(?:转)?(?:人工|真人|客服|专员|同事)(?:了)?|(?:机器人|你|助手|助理)(?:就|也)?(?:行|可以|好)(?:了)?$"
    r"|还是(?:你|机器人|助理)来|取消(?:人工|转人工)|我自己(?:来|办|弄|处理)|继续(?:吧|办理|刚才的)|不找(?:人工|真人)了"
    # The whole message a plain "never mind": 算了, 算了不用了, 那不用了谢谢, 没事了
    r"|^(?:那|哦|噢|嗯|喔|欸|诶)?[\W_]*(?:算了吧?(?:[\W_]*(?:不用了|不需要了|没事了?))?|不用了(?:[\W_]*没事了?)?"
    r"|不需要了|不用找(?:人|人工|真人|客服)了?|没事了)[\W_]*(?:谢谢|谢了|多谢)?[\W_]*$"
)


def wants_bot_back(text: str) -> bool:
    """True for "back to the bot", "never mind, I'll do it here", "不用人工了", "机器人就行"."""
    return bool(_BOT_BACK.search(fold(text).text))
