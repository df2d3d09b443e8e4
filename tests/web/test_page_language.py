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
