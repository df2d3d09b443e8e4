"""The debtor's new text in a reply, without quoted history, in the quote styles of
Gmail, Outlook, QQ Mail and Foxmail (English and Chinese)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from bot.adapters.email.inbound import Bounce, Mail, read
from bot.adapters.email.quotes import reply_text

GMAIL = """I can pay 500 a month.

On Tue, Mar 10, 2026 at 2:00 PM Customer Care <care@bank.example> wrote:
> You owe $1,305.50 to Example Bank.
> How would you like to pay?
"""

GMAIL_ZH = """每月还500可以吗

客户服务中心 <care@bank.example> 于2026年3月10日周二 14:00写道：
> 您需偿还¥11,700.50。
"""

OUTLOOK = """Yes, please record it.

________________________________
From: Customer Care <care@bank.example>
Sent: Tuesday, March 10, 2026 2:00 PM
To: Sam Lee <sam.lee@debtor.example>
Subject: A message from Customer Care

Here is the plan. Shall I record it?
"""

QQ_MAIL = """是的，确认

------------------&nbsp;原始邮件&nbsp;------------------
发件人: "客户服务中心"<care@bank.example>;
发送时间: 2026年3月10日(星期二) 下午2:00
收件人: "li.wei"<li.wei@qq.com>;
主题: 来自客户服务中心的消息

这是还款计划，是否登记？
""".replace("&nbsp;", "\u00a0")

FOXMAIL = """第二个方案

发件人：客户服务中心
发送时间：2026-03-10 14:00
收件人：li.wei
主题：来自客户服务中心的消息
您想怎样还款？
"""

FOXMAIL_ORIGINAL = """好的

-----原始邮件-----
发件人:"客户服务中心" <care@bank.example>
发送时间:2026年3月10日 星期二 下午2:00
收件人:"li.wei" <li.wei@foxmail.com>
主题:来自客户服务中心的消息

您想怎样还款？
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (GMAIL, "I can pay 500 a month."),
        (GMAIL_ZH, "每月还500可以吗"),
        (OUTLOOK, "Yes, please record it."),
        (QQ_MAIL, "是的，确认"),
        (FOXMAIL, "第二个方案"),
        (FOXMAIL_ORIGINAL, "好的"),
        ("No quote at all.\nSecond line.", "No quote at all.\nSecond line."),
    ],
    ids=["gmail", "gmail-zh", "outlook", "qq-mail", "foxmail", "foxmail-original", "plain"],
)
def test_only_the_new_text_is_kept(body: str, expected: str) -> None:
    assert reply_text(body) == expected


def test_an_html_only_reply_is_read_without_its_blockquote() -> None:
    msg = EmailMessage()
    msg["From"] = "li.wei@qq.com"
    msg["Message-ID"] = "<html-1@qq.com>"
    msg.set_content(
        "<div>确认<br></div><div class='gmail_quote'><blockquote>您需偿还¥11,700.50</blockquote>"
        "</div>",
        subtype="html",
    )
    mail = read(bytes(msg))
    assert isinstance(mail, Mail)
    assert (mail.text, mail.message_id, mail.locale_hint) == ("确认", "html-1@qq.com", "zh_CN")


def test_a_long_or_missing_message_id_becomes_a_digest() -> None:
    msg = EmailMessage()
    msg["From"] = "sam@debtor.example"
    msg.set_content("hello")
    mail = read(bytes(msg))
    assert isinstance(mail, Mail) and mail.message_id.startswith("sha256:")
    assert not isinstance(mail, Bounce)
