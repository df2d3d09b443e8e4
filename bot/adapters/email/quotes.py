"""The debtor's new text in a reply, without the quoted history or a signature.

``mail-parser-reply`` knows English and Chinese "wrote:" lines, Outlook's
``From:/Sent:`` blocks and common signatures. Chinese clients add their own
shapes, cut here first: QQ Mail and Foxmail put ``------------------ 原始邮件
------------------`` (or ``Original``) above a header block whose colons may be
full-width (``发件人：``); Gmail in Chinese writes ``… 于2026年3月10日周二
14:00写道：``; Apple and Gmail on phones add "Sent from my …" lines.
"""

from __future__ import annotations

import re

from mailparser_reply import EmailReplyParser

_PARSER = EmailReplyParser(languages=["en", "zh"])
# Lines at which the quoted history starts, whatever follows them.
_CUT = re.compile(
    r"^\s*(?:"
    r"-{2,}\s*(?:原始邮件|原始郵件|Original(?:\s+Message)?|回复的原邮件|回覆的原郵件)\s*-{2,}"
    r"|.{0,200}?于\s*\d{4}年\d{1,2}月\d{1,2}日.{0,40}?(?:写道|寫道)\s*[:：]"
    r"|On\s.{0,200}?\swrote:"
    r"|(?:发件人|發件人|寄件者|From)\s*[:：].{0,200}\n\s*(?:发送时间|發送時間|日期|Date|Sent)\s*[:：]"
    r"|(?:Sent from my|从我的|發自我的|发自我的).{0,60}$"
    r")",
    re.MULTILINE | re.IGNORECASE,
)
_QUOTED = re.compile(r"^\s*>")


def reply_text(body: str) -> str:
    """The new text of a mail body (the whole body when nothing is quoted)."""
    text = body.replace("\r\n", "\n").replace("\u00a0", " ")
    match = _CUT.search(text)
    if match is not None:
        text = text[: match.start()]
    text = "\n".join(line for line in text.split("\n") if not _QUOTED.match(line))
    try:
        parsed = _PARSER.parse_reply(text)
    except Exception:  # the parser is heuristic; never lose the debtor's words to it
        parsed = None
    result = (parsed if parsed else text).strip()
    return result or text.strip()
