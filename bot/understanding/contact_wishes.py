"""How or when the debtor wants to be contacted ("only contact me by email from now on",
"pls dont message me while im at work, 9 to 5. evenings are fine", 有事发邮件, 晚上8点以后可以);
"don't contact me at work" alone stays what it was.

A wish about the channel or the hours, not an opt-out: read as one, it stopped every
message, the reminders of an agreed plan included, and the email asked for never came. The
bot cannot change the channel or the hours of one debtor itself; the dialog passes the
wish to a colleague (:mod:`bot.dialog.asides`). The patterns also keep the classifier's
opt-out reading off such messages (:data:`bot.understanding.safety.PREFERENCES`).

Patterns run on folded text (lower case, Simplified Chinese).
"""

from __future__ import annotations

import re

_VERB = r"(?:contact|reach|text|message|msg|email|e-mail|call|phone|ring|write\s+to|dm)"
_CHANNEL = r"(?:email|e-mail|mail|post|letters?|text|sms|phone|whatsapp|telegram|wechat|line)"

# The channel: "only contact me by email", "reach me on whatsapp", "email me instead",
# 有事发邮件, 改用短信联系我. Said beside a channel refused ("no longer contact me by phone",
# 不要再用LINE找我, 别在微信上找我了 有事发邮件) it is an opt-out of that channel: not a wish here.
_CHANNELS = (
    rf"\b(?:only\s+)?{_VERB}\s+me\s+(?:only\s+)?(?:by|via|on|through|over)\s+(?:my\s+)?{_CHANNEL}\b",
    rf"\b{_VERB}\s+me\s+instead\b",
    r"有事(?:请)?(?:发|打|用)(?:邮件|email|短信|简讯|电话)",
)
_REFUSED = (
    r"no\s+longer|\bstop|don'?t|\bdont\b|do\s+not|\bnever\b|\bnot\b|\bno\s+more\b|revok|withdraw|consent"
    r"|\bno\s+(?:texts?|calls?|e-?mails?|messages?|sms|phone|chats?)\b"
    r"|\bcease|remov|unsubscrib|opt\s*-?\s*out|不要|别|停止|不再|勿|撤回|授权|取消|退订"
)
# The hours: "only text me after 6pm", "contact me after 6", "evenings are fine",
# 晚上8点以后可以.
_HOURS = (
    rf"\bonly\s+{_VERB}\s+me\s+(?:after|before|between|in\s+the\s+(?:evening|morning)|on\s+weekends?)\b",
    rf"\b{_VERB}\s+me\s+(?:only\s+)?(?:after|before)\s+\d{{1,2}}(?::\d\d)?\s*(?:am|pm)?\b",
    r"\b(?:evenings?|weekends?|mornings?|afternoons?|nights?)\s+(?:are|is)\s+(?:fine|ok|okay|better|best)\b",
    r"(?:晚上|下午|早上|上午|周末|\d{1,2}点)(?:以后|之后|以前|之前)?(?:再)?(?:联系我|打给我|找我)?"
    r"(?:可以|就好|比较好|比较方便|(?<!不)方便)",
)
CONTACT_WISHES: tuple[str, ...] = (
    rf"^(?s:(?!.*(?:{_REFUSED})).*?(?:{'|'.join(_CHANNELS)}))",
    *_HOURS,
)
_WISH = re.compile("|".join(CONTACT_WISHES))


def contact_wish(folded: str) -> bool:
    """Whether folded ``folded`` asks to be contacted by another channel or at other hours."""
    return _WISH.search(folded) is not None
