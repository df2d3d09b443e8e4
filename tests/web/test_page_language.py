"""Console and chat pages speak the user's language (en, zh_CN, zh_TW)."""

from __future__ import annotations

import httpx

from bot.app import App
from tests.web.conftest import login, make_user


async def test_login_page_follows_the_browser_language(client: httpx.AsyncClient) -> None:
    english = await client.get("/console/login")
    assert "Sign in" in english.text
    assert 'lang="en"' in english.text
    simplified = await client.get("/console/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "登录" in simplified.text
    assert 'lang="zh-CN"' in simplified.text
    traditional = await client.get("/console/login", headers={"Accept-Language": "zh-TW"})
    assert "登入" in traditional.text


async def test_chosen_language_is_remembered(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    await login(client, "alice")
    queue = await client.get("/console?lang=zh_TW")
    assert "佇列" in queue.text
    again = await client.get("/console")  # no ?lang= now: the cookie remembers it
    assert "佇列" in again.text
    assert 'lang="zh-TW"' in again.text
    back = await client.get("/console?lang=en")
    assert "Queue" in back.text


def test_every_page_string_has_a_chinese_translation() -> None:
    from pathlib import Path

    from babel.messages.extract import extract
    from babel.messages.pofile import read_po
    from jinja2.ext import babel_extract

    import bot.web.console.service
    import bot.web.rendering

    wanted: dict[str, str] = {}
    for path in Path("bot/web/templates").rglob("*.html"):
        with path.open("rb") as fileobj:
            options = {"trim_blocks": "true", "lstrip_blocks": "true"}
            for line, _func, msg, _notes in babel_extract(fileobj, ("_", "ngettext"), [], options):
                text = msg[0] if isinstance(msg, tuple) else msg
                if text:
                    wanted.setdefault(text, f"{path}:{line}")
    # words stored in the database that the pages show translated
    for word in (
        *bot.web.console.service.DISPLAY_WORDS,
        *bot.web.console.service.REASON_LABELS.values(),
    ):
        wanted.setdefault(word, "bot/web/console/service.py")
    wanted.setdefault(bot.web.rendering._MINUTES, "bot/web/rendering.py")
    # messages marked N_() in the code the console shows (errors, labels, script problems)
    for root in ("bot/web", "bot/console", "bot/scripts", "bot/negotiation"):
        for path in Path(root).rglob("*.py"):
            with path.open("rb") as fileobj:
                for line, msg, _comments, _context in extract("python", fileobj, {"N_": None}):
                    text = msg[0] if isinstance(msg, tuple) else msg
                    if text:
                        wanted.setdefault(text, f"{path}:{line}")
    for locale in ("zh_CN", "zh_TW"):
        with open(f"locales/{locale}/LC_MESSAGES/messages.po", "rb") as fileobj:
            catalog = read_po(fileobj)
        done = {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog
            if m.string and not m.fuzzy
        }
        missing = {text: where for text, where in wanted.items() if text not in done}
        assert missing == {}, locale


async def test_the_web_chat_speaks_the_debtors_language(client: httpx.AsyncClient) -> None:
    page = await client.get("/chat?account=A-1001&lang=zh_CN")
    assert "客户服务" in page.text and "输入消息…" in page.text and "发送" in page.text
    tw = await client.get("/chat?lang=zh_TW")
    assert "客戶服務" in tw.text and "傳送" in tw.text


async def test_the_web_chat_page_says_nothing_about_a_debt(client: httpx.AsyncClient) -> None:
    """Whoever opens the page may not be the debtor: neutral words in every language."""
    import re

    from tests.dialog.test_engine_neutral import DEBT_WORDS

    for lang in ("en", "zh_CN", "zh_TW"):
        page = await client.get(f"/chat?lang={lang}")
        visible = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page.text, flags=re.S)
        texts = re.findall(r">([^<]+)<", visible) + re.findall(r'data-\w+="([^"]*)"', visible)
        words = " ".join(texts)
        assert DEBT_WORDS.findall(words.lower()) == [], lang
