"""Admin pages for dialog scripts: versions, editor (validate, diff, preview, save), activate."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.messages import ChatRef
from bot.store.models import Agreement, AuditEntry, Conversation, OutboxItem, ScriptVersion
from tests.factories import make_account
from tests.web.conftest import csrf, login, make_user

SOURCE = Path("dialogs/collections.yaml").read_text(encoding="utf-8")
GREETING = "Hello, this is {sender}."


def line_of(source: str, fragment: str) -> int:
    return next(i for i, ln in enumerate(source.splitlines(), start=1) if fragment in ln)


def count(app: App, model: type) -> int:
    with app.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


async def as_admin(app: App, client: httpx.AsyncClient) -> str:
    make_user(app, "ada", "admin")
    await login(client, "ada")
    return await csrf(client)


async def test_agents_and_strangers_are_kept_out(app: App, client: httpx.AsyncClient) -> None:
    anonymous = await client.get("/console/admin/dialogs")
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/console/login"
    make_user(app, "bob", "agent")
    await login(client, "bob")
    assert "Dialog scripts" not in (await client.get("/console")).text
    page = await client.get("/console/admin/dialogs")
    # the console's own error page, with its navigation, not a bare JSON error
    assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
    assert "Only admins can edit dialog scripts." in page.text
    assert "bob" in page.text and 'href="/console"' in page.text
    token = await csrf(client)
    post = await client.post(
        "/console/admin/dialogs/edit", data={"csrf_token": token, "source": SOURCE}
    )
    assert post.status_code == 403 and "Only admins" in post.text
    assert (await client.get("/console/admin/dialogs/1/graph.svg")).status_code == 403


@pytest.mark.graphviz
async def test_versions_page_marks_the_active_version(app: App, client: httpx.AsyncClient) -> None:
    await as_admin(app, client)
    assert "/console/admin/dialogs" in (await client.get("/console")).text
    page = await client.get("/console/admin/dialogs")
    assert page.status_code == 200
    row = re.search(r'<tr class="active" id="version-1">.*?</tr>', page.text, re.S)
    assert row and "collections@1" in row.group(0) and "active" in row.group(0)
    (vid,) = re.findall(r'href="/console/admin/dialogs/(\d+)"', page.text)
    svg = await client.get(f"/console/admin/dialogs/{vid}/graph.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and "<svg" in svg.text
    assert "verify" in svg.text


async def test_a_diagram_that_cannot_be_drawn_is_an_image_saying_why_in_the_admins_language(
    app: App, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    await as_admin(app, client)
    await client.get("/console/admin/dialogs")  # the script file becomes version 1
    with app.db.session() as s:
        good = s.scalar(select(ScriptVersion.id))
        broken = ScriptVersion(
            name="collections", version=2, source="states: [unclosed\n", sha256="0" * 64,
            comment="", active=False, created_by="ada", created_at=app.clock(),
        )  # fmt: skip
        s.add(broken)
        s.flush()
        bad = broken.id
    svg = await client.get(f"/console/admin/dialogs/{bad}/graph.svg")
    assert svg.status_code == 422 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg") and "does not compile" in svg.text
    zh = {"Accept-Language": "zh-CN"}
    svg = await client.get(f"/console/admin/dialogs/{bad}/graph.svg", headers=zh)
    assert svg.status_code == 422 and "此版本的脚本无法编译" in svg.text
    page = await client.get(f"/console/admin/dialogs/{bad}?lang=zh_TW")
    assert page.status_code == 200
    alert = re.search(r'<p class="error" role="alert"[^>]*>([^<]*)</p>', page.text)
    assert alert and "此版本的腳本無法編譯" in alert.group(1)
    # without Graphviz's dot: 503, the same words on the image and on the page
    monkeypatch.setenv("PATH", str(tmp_path))
    await client.get("/console?lang=zh_CN")  # the admin chooses Simplified Chinese
    svg = await client.get(f"/console/admin/dialogs/{good}/graph.svg")
    assert svg.status_code == 503 and svg.headers["content-type"] == "image/svg+xml"
    assert "未安装 Graphviz" in svg.text
    page = await client.get(f"/console/admin/dialogs/{good}?lang=en")
    alert = re.search(r'<p class="error" role="alert"[^>]*>([^<]*)</p>', page.text)
    assert alert and "Graphviz is not installed" in html.unescape(alert.group(1))
    assert 'class="diagram"' not in page.text  # no broken image where the diagram was


@pytest.mark.graphviz
async def test_edit_validate_diff_preview_save_activate(
    app: App, client: httpx.AsyncClient
) -> None:
    token = await as_admin(app, client)
    await client.get("/console/admin/dialogs")
    with app.db.session() as s:
        v1 = s.scalar(select(ScriptVersion.id))
    edit = await client.get(f"/console/admin/dialogs/{v1}/edit")
    assert "# The default collections dialog." in edit.text  # comments kept in the editor

    bad = SOURCE.replace(GREETING, "Pay now or you will be arrested.")
    form = {"csrf_token": token, "base_id": str(v1), "source": bad, "comment": "shorter"}
    page = await client.post("/console/admin/dialogs/edit", data={**form, "action": "validate"})
    line = line_of(SOURCE, "greeting:")
    assert (
        f'line {line}, column 13</a>: <span class="message">prompt &#39;greeting&#39;: '
        "threatening or harassing wording &#39;arrested&#39;" in page.text
    )
    assert f'<div class="ln bad" data-line="{line}"' in page.text
    saved = await client.post("/console/admin/dialogs/edit", data={**form, "action": "save"})
    assert saved.status_code == 422 and count(app, ScriptVersion) == 1

    fixed = SOURCE.replace('greeting: "Hello', 'greeting: "Hi there') + (
        "translations:\n  zh_CN:\n    greeting: 您好，这里是{sender}。\n"
        "  zh_TW:\n    greeting: 您好，這裡是{sender}。\n"
    )
    form["source"] = fixed
    ok = await client.post("/console/admin/dialogs/edit", data={**form, "action": "validate"})
    assert 'id="valid"' in ok.text and 'class="ln bad"' not in ok.text
    diff = await client.post("/console/admin/dialogs/edit", data={**form, "action": "diff"})
    assert '<span class="add">+  greeting: &#34;Hi there' in diff.text
    assert '<span class="del">-  greeting: &#34;Hello' in diff.text
    drawn = await client.post(
        "/console/admin/dialogs/edit",
        data={**form, "source": fixed.replace("  stalled:", "  stuck:").replace(
            "exhausted: stalled", "exhausted: stuck"), "action": "graph"},
    )  # fmt: skip
    assert 'id="diagram"' in drawn.text and "<svg" in drawn.text
    assert ">stuck</text>" in drawn.text or ">stuck<" in drawn.text  # the draft, not the active

    before = [count(app, m) for m in (Conversation, OutboxItem, Agreement)]
    start = await client.post(
        "/console/admin/dialogs/edit", data={**form, "action": "reset", "locale": "en"}
    )
    assert "Hi there, this is Customer Care." in start.text
    chat = await client.post(
        "/console/admin/dialogs/edit",
        data={**form, "action": "preview", "locale": "en", "messages": json.dumps(
            ["1985-07-14", "1"]), "message": "yes"},
    )  # fmt: skip
    assert "your plan is recorded" in chat.text
    assert json.dumps(["1985-07-14", "1", "yes"]).replace('"', "&#34;") in chat.text
    zh = await client.post(
        "/console/admin/dialogs/edit", data={**form, "action": "reset", "locale": "zh_CN"}
    )
    assert "您好，这里是客户服务中心。" in zh.text
    assert [count(app, m) for m in (Conversation, OutboxItem, Agreement)] == before

    saved = await client.post("/console/admin/dialogs/edit", data={**form, "action": "save"})
    assert saved.status_code == 303
    v2 = int(saved.headers["location"].split("/")[-1].split("?")[0])
    page = await client.get(saved.headers["location"])
    assert "collections@2" in page.text and "It is not active yet" in page.text
    done = await client.post(f"/console/admin/dialogs/{v2}/activate", data={"csrf_token": token})
    assert done.status_code == 303
    assert "is now active" in (await client.get(done.headers["location"])).text
    with app.db.session() as s:
        row = s.get(ScriptVersion, v2)
        assert row is not None
        assert (row.active, row.source, row.created_by, row.comment) == (
            True,
            fixed,
            "ada",
            "shorter",
        )
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.actor == "ada")))
    assert actions[-2:] == ["script.create", "script.activate"]
    turn = app.engine.greet(ChatRef("web", "c1", "u1"))
    assert turn.replies[0].text.startswith("Hi there")


async def test_activation_refused_shows_the_problems(app: App, client: httpx.AsyncClient) -> None:
    token = await as_admin(app, client)
    await client.get("/console/admin/dialogs")
    form = {
        "csrf_token": token,
        "source": SOURCE.replace("discount_percent: 5", "discount_percent: 4"),
    }
    saved = await client.post("/console/admin/dialogs/edit", data={**form, "action": "save"})
    location = saved.headers["location"].split("?")[0]
    with app.db.session() as s:
        make_account(s, app.personal, ref="SMALL", principal="20", interest="0", fees="0")
    refused = await client.post(f"{location}/activate", data={"csrf_token": token})
    assert refused.status_code == 409
    assert "minimum instalment 100 is above every open CNY balance (the largest is 20.00)" in (
        refused.text
    )
    assert f'id="L{line_of(SOURCE, "min_amount: {CNY")}" class="bad"' in refused.text
    no_csrf = await client.post(f"{location}/activate")
    assert no_csrf.status_code == 403

    # With a real portfolio, a few small balances are normal (they pay in full):
    # the admin is told, and activation goes ahead.
    with app.db.session() as s:
        make_account(s, app.personal, ref="BIG", principal="5000", interest="0", fees="0")
    page = await client.get(location)
    assert 'id="warnings"' in page.text and 'id="problems"' not in page.text
    assert "some open CNY balances are below the minimum instalment 100" in page.text
    checked = await client.post("/console/admin/dialogs/edit", data={**form, "action": "validate"})
    assert 'id="valid"' in checked.text and 'id="warnings"' in checked.text
    done = await client.post(f"{location}/activate", data={"csrf_token": token})
    assert done.status_code == 303


async def test_translations_page_saves_a_new_version_keeping_comments(
    app: App, client: httpx.AsyncClient
) -> None:
    token = await as_admin(app, client)
    await client.get("/console/admin/dialogs")
    with app.db.session() as s:
        v1 = s.scalar(select(ScriptVersion.id))
    page = await client.get(f"/console/admin/dialogs/{v1}/translations")
    assert 'name="t:zh_CN:greeting"' in page.text and 'name="t:zh_TW:greeting"' in page.text
    assert "您好，这里是{sender}" in page.text  # the catalog's translation, ready to edit
    bad = await client.post(
        f"/console/admin/dialogs/{v1}/translations",
        data={"csrf_token": token, "t:zh_CN:handoff_notice": "同事会尽快回复您。"},
    )
    assert bad.status_code == 422
    assert "translations.zh_CN.handoff_notice: translation lacks {agent_eta}" in bad.text
    good = await client.post(
        f"/console/admin/dialogs/{v1}/translations",
        data={"csrf_token": token, "t:zh_CN:greeting": "您好！这里是{sender}。", "comment": "zh"},
    )
    assert good.status_code == 303
    with app.db.session() as s:
        v2 = s.scalars(select(ScriptVersion).order_by(ScriptVersion.id.desc())).first()
        assert v2 is not None and v2.version == 2 and v2.comment == "zh"
        assert (
            v2.source == SOURCE + "translations:\n  zh_CN:\n    greeting: 您好！这里是{sender}。\n"
        )


async def test_an_agent_is_told_in_their_language(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "bob", "agent")
    await login(client, "bob")
    page = await client.get("/console/admin/dialogs?lang=zh_CN")
    assert page.status_code == 403 and "只有管理员可以编辑对话脚本。" in page.text


async def test_the_editor_speaks_the_admins_language(app: App, client: httpx.AsyncClient) -> None:
    token = await as_admin(app, client)
    bad = "bogus_key: 1\n" + SOURCE.replace("do: escalate", "do: launch_rockets", 1)
    for lang, unknown_key, unknown_action, first in (
        (
            "zh_CN",
            "未知的顶层键 'bogus_key'",
            "未知的动作 'launch_rockets'",
            "请先修正上面的问题。",
        ),
        (
            "zh_TW",
            "未知的頂層鍵 'bogus_key'",
            "未知的動作 'launch_rockets'",
            "請先修正上面的問題。",
        ),
    ):
        page = await client.post(
            f"/console/admin/dialogs/edit?lang={lang}",
            data={"csrf_token": token, "source": bad, "action": "preview"},
        )
        text = html.unescape(page.text)
        problems = re.search(r'id="problems">(.*?)</div>', text, re.S)
        assert problems, text[:500]
        assert unknown_key in problems.group(1) and unknown_action in problems.group(1)
        assert "unknown" not in problems.group(1)
        # the line numbers beside the text say the same on hover
        assert f'title="{unknown_key}"' in text
        assert first in text and "Fix the problems" not in text
    # the command line and the English console keep the English wording
    page = await client.post(
        "/console/admin/dialogs/edit?lang=en",
        data={"csrf_token": token, "source": bad, "action": "validate"},
    )
    assert "unknown top-level key 'bogus_key'" in html.unescape(page.text)


async def test_policy_problems_diagram_failures_and_version_comments_are_translated(
    app: App, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await as_admin(app, client)
    await client.get("/console/admin/dialogs")
    with app.db.session() as s:
        v1 = s.scalars(select(ScriptVersion)).one()
        imported = v1.comment
    assert imported.startswith("imported from ")  # stored in English
    path = imported.removeprefix("imported from ")
    versions = html.unescape((await client.get("/console/admin/dialogs?lang=zh_CN")).text)
    assert f"从 {path} 导入" in versions and "imported from" not in versions

    # saved from the translations page without a comment: shown in the admin's language
    saved = await client.post(
        f"/console/admin/dialogs/{v1.id}/translations",
        data={"csrf_token": token, "t:zh_CN:greeting": "您好！这里是{sender}。"},
    )
    assert saved.status_code == 303
    with app.db.session() as s:
        v2 = s.scalars(select(ScriptVersion).order_by(ScriptVersion.id.desc())).first()
        assert v2 is not None and v2.comment == "translations edited (from collections@1)"
    page = html.unescape((await client.get(f"/console/admin/dialogs/{v2.id}?lang=zh_TW")).text)
    assert "編輯了翻譯（基於 collections@1）" in page and "translations edited" not in page
    english = (await client.get(f"/console/admin/dialogs/{v2.id}?lang=en")).text
    assert "translations edited (from collections@1)" in html.unescape(english)

    # policy problems: a value of the wrong type, and values that contradict each other
    wrong_type = SOURCE.replace("max_months: 12", "max_months: twelve", 1)
    negative = SOURCE.replace("discount_percent: 5", "discount_percent: -5", 1)
    for source, chinese, english_text in (
        (
            wrong_type,
            "policy.instalments.max_months：必须是整数，而不是 'twelve'",
            "policy.instalments.max_months: must be a whole number, not 'twelve'",
        ),
        (
            negative,
            "policy.pay_in_full.discount_percent：折扣 -5% 不能为负数",
            "policy.pay_in_full.discount_percent: discount -5% must not be negative",
        ),
    ):
        shown = await client.post(
            "/console/admin/dialogs/edit?lang=zh_CN",
            data={"csrf_token": token, "source": source, "action": "validate"},
        )
        problems = re.search(r'id="problems">(.*?)</div>', html.unescape(shown.text), re.S)
        assert problems and chinese in problems.group(1), shown.text[:500]
        assert "must" not in problems.group(1)
        kept = await client.post(
            "/console/admin/dialogs/edit?lang=en",
            data={"csrf_token": token, "source": source, "action": "validate"},
        )
        assert english_text in html.unescape(kept.text)

    # Graphviz failing on a draft: the notice is in the admin's language
    import graphviz

    def fail(*_args: object, **_kwargs: object) -> bytes:
        raise graphviz.CalledProcessError(1, ["dot"], stderr=b"syntax error")

    monkeypatch.setattr(graphviz.Digraph, "pipe", fail)
    drawn = await client.post(
        "/console/admin/dialogs/edit?lang=zh_TW",
        data={"csrf_token": token, "source": SOURCE, "action": "graph"},
    )
    text = html.unescape(drawn.text)
    assert "Graphviz 出錯：" in text and "Graphviz failed" not in text
