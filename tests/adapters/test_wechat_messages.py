"""WeChat message mapping and passive-reply text, without a server."""

from __future__ import annotations

import pytest

from bot.adapters.wechat_messages import cut, size, to_incoming, unsupported_text
from bot.adapters.wechat_protocol import WechatRequestError, parse_xml
from bot.config import ConfigError, load_settings


def test_cut_prefers_line_boundaries_and_counts_utf8_bytes() -> None:
    text = "第一行\n第二行\n第三行"
    assert cut(text, 100) == (text, "")
    assert cut(text, size("第一行\n第二行")) == ("第一行\n第二行", "第三行")
    assert cut(text, size("第一行\n第二")) == ("第一行", "第二行\n第三行")


def test_cut_splits_a_single_overlong_line_by_characters() -> None:
    head, tail = cut("还" * 10, 7)
    assert (head, tail) == ("还" * 2, "还" * 8)


def test_text_without_msgid_gets_a_stable_id() -> None:
    fields = {"FromUserName": "o1", "CreateTime": "1773122400", "MsgType": "text", "Content": "hi"}
    first, again = to_incoming(fields, "zh_CN"), to_incoming(fields, "zh_CN")
    assert first == again
    assert first is not None and first.message_id == "o1:1773122400:text"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh_TW", "這裡"), ("zh_HK", "這裡"), ("zh", "这里"), ("fr", "Sorry"), ("en", "Sorry")],
)
def test_unsupported_text_falls_back_by_language(locale: str, expected: str) -> None:
    assert expected in unsupported_text(locale)


@pytest.mark.parametrize(
    "xml",
    [
        "<xml><a>1</a>",
        "<other><a>1</a></other>",
        '<!DOCTYPE xml SYSTEM "http://evil.test/x.dtd"><xml/>',
        "<!doctype xml><xml/>",
        '<xml><!ENTITY a "b"></xml>',
    ],
)
def test_malformed_or_declaring_xml_is_a_bad_request(xml: str) -> None:
    with pytest.raises(WechatRequestError) as caught:
        parse_xml(xml)
    assert caught.value.status == 400


def test_a_mistyped_encoding_aes_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"wechat\.encoding_aes_key must be the 43-character"):
        load_settings(None, environ={"REPAYBOT_WECHAT__ENCODING_AES_KEY": "too-short"})
