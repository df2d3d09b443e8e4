"""One reply as an email: multipart text + HTML, threaded, with the unsubscribe headers.

Choices become numbered options (the debtor answers with the number, as on
WeChat). Every mail carries the opt-out notice with the one-click link, and
``List-Unsubscribe`` / ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``
(RFC 8058). The subject is the configured neutral one, and the first line
(what a mail client previews) a neutral "You have a new message from …" with a
padded hidden preheader: nothing about the debt is in a subject line or a
preview a third person could see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from html import escape

from bot.adapters.base import numbered_text
from bot.messages import Outbound, Reply

NOTICE = {
    "en": 'To stop receiving these emails, reply "unsubscribe" or open: {url}',
    "zh_CN": "如不希望再收到此类邮件，请回复“退订”，或打开：{url}",
    "zh_TW": "如不希望再收到此類郵件，請回覆「退訂」，或開啟：{url}",
}
# The first line of every mail, and the preview a mail client shows: nothing about the debt.
PREVIEW = {
    "en": "You have a new message from {sender}.",
    "zh_CN": "您有一条来自{sender}的新消息。",
    "zh_TW": "您有一則來自{sender}的新訊息。",
}
# Pads the hidden preheader so clients do not pull the message itself into the preview.
_PREVIEW_PAD = "&#847;&zwnj;&nbsp;" * 90
ANSWER_WITH_NUMBER = {
    "en": "Reply with the number of your choice.",
    "zh_CN": "请回复您选择的序号。",
    "zh_TW": "請回覆您選擇的序號。",
}


def _pick(table: dict[str, str], locale: str) -> str:
    return table.get(locale) or table.get(locale.split("_")[0]) or table.get("en") or ""


@dataclass(frozen=True)
class Recipient:
    """What the mail needs about the debtor's chat besides the text.

    Attributes:
        address: the debtor's address.
        locale: the conversation's language.
        from_address: who the mail is from (the creditor's, else the configured one).
        reply_to: where replies go (empty: From).
        subject: the neutral subject, already formatted.
        unsubscribe_url: the one-click link for this chat.
        in_reply_to: the Message-ID of the debtor's last mail, if any.
        references: earlier Message-IDs of the thread, oldest first.
        sender: the neutral sender name for the first line and the preview.
    """

    address: str
    locale: str
    from_address: str
    subject: str
    unsubscribe_url: str
    sender: str = ""
    reply_to: str = ""
    in_reply_to: str | None = None
    references: tuple[str, ...] = field(default_factory=tuple)


def _bracket(mid: str) -> str:
    mid = mid.strip()
    return mid if mid.startswith("<") else f"<{mid}>"


def compose(message: Outbound, to: Recipient) -> EmailMessage:
    """The email for ``message`` to ``to`` (Message-ID set)."""
    locale = to.locale or "en"
    reply = Reply(message.text, message.buttons)
    notice = _pick(NOTICE, locale).format(url=to.unsubscribe_url)
    preview = _pick(PREVIEW, locale).format(sender=to.sender or "us")
    text = f"{preview}\n\n{numbered_text(reply)}"
    if message.buttons:
        text += "\n\n" + _pick(ANSWER_WITH_NUMBER, locale)
    mail = EmailMessage()
    _name, sender = parseaddr(to.from_address)
    domain = sender.partition("@")[2] or "localhost"
    mail["Message-ID"] = make_msgid(domain=domain)
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["From"] = to.from_address
    mail["To"] = str(Address(addr_spec=to.address))
    if to.reply_to:
        mail["Reply-To"] = to.reply_to
    mail["Subject"] = ("Re: " if to.in_reply_to else "") + to.subject
    if to.in_reply_to:
        mail["In-Reply-To"] = _bracket(to.in_reply_to)
        refs = [r for r in to.references if r != to.in_reply_to] + [to.in_reply_to]
        mail["References"] = " ".join(_bracket(r) for r in refs[-10:])
    mailto = parseaddr(to.reply_to or to.from_address)[1]
    mail["List-Unsubscribe"] = f"<{to.unsubscribe_url}>, <mailto:{mailto}?subject=unsubscribe>"
    mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(f"{text}\n\n--\n{notice}\n")
    mail.add_alternative(_html(reply, locale, to.unsubscribe_url, preview), subtype="html")
    return mail


def _html(reply: Reply, locale: str, url: str, preview: str) -> str:
    paragraphs = "".join(
        f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in reply.text.split("\n\n") if p
    )
    options = ""
    if reply.buttons:
        items = "".join(f"<li>{escape(b.label)}</li>" for b in reply.buttons)
        options = f"<ol>{items}</ol><p>{escape(_pick(ANSWER_WITH_NUMBER, locale))}</p>"
    link = f'<a href="{escape(url, quote=True)}">{escape(url)}</a>'
    notice = escape(_pick(NOTICE, locale)).replace("{url}", link)
    lang = escape(locale.replace("_", "-"), quote=True)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head><body>'
        '<div style="display:none;max-height:0;overflow:hidden">'
        f"{escape(preview)}{_PREVIEW_PAD}</div><p>{escape(preview)}</p>"
        f"{paragraphs}{options}"
        f'<hr><p style="font-size:small;color:#555">{notice}</p></body></html>\n'
    )


def display_from(name: str, address: str) -> str:
    """``Name <address>`` (an address that already has a name is kept)."""
    given_name, addr = parseaddr(address)
    return address if given_name or not name else formataddr((name, addr))
