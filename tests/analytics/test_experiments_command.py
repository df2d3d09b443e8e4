"""``repaybot experiments`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.app import App
from bot.commands import cli
from bot.config import Settings
from bot.store.models import ScriptVersion
from tests.conftest import TEST_KEYS


@pytest.fixture
def config_file(settings: Settings, tmp_path: Path) -> Path:
    app = App(settings)
    v1 = app.engine.scripts.active()
    with app.db.session() as s:
        row = s.get(ScriptVersion, v1.version_id)
        assert row is not None
        s.add(
            ScriptVersion(name=row.name, version=2, source=row.source, sha256=row.sha256,
                          active=False, created_by="admin", created_at=row.created_at)
        )  # fmt: skip
    app.stop()
    path = tmp_path / "config.toml"
    path.write_text(
        f"""
[database]
url = "{settings.database.url}"

[security]
key_file = "{tmp_path / "keys.json"}"
encryption_keys = ["{TEST_KEYS.encryption_keys[0]}"]
hmac_key = "{TEST_KEYS.hmac_key}"
link_secret = "{TEST_KEYS.link_secret}"
""",
        encoding="utf-8",
    )
    return path


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["experiments", *args, "--config", str(config)])


def test_start_results_stop_and_finish(config_file: Path, settings: Settings) -> None:
    started = run(
        config_file, "start", "wording", "--arm", "a=collections@1:50",
        "--arm", "b=collections@2:50", "--baseline", "0.2", "--min-effect", "0.05",
    )  # fmt: skip
    assert started.exit_code == 0, started.output
    assert (
        started.stdout
        == "experiment wording started: 1094 contacted accounts per arm before a verdict\n"
    )
    shown = run(config_file, "results", "wording", "--format", "json")
    body = json.loads(shown.stdout)
    assert [a["name"] for a in body["arms"]] == ["a", "b"]
    assert body["complete"] is False
    assert body["verdict"].startswith("collecting: 0 of 1094")
    stopped = run(config_file, "stop-arm", "wording", "b", "--reason", "wording too blunt")
    assert stopped.exit_code == 0, stopped.output
    body = json.loads(run(config_file, "results", "wording", "--format", "json").stdout)
    assert [a["status"] for a in body["arms"]] == ["active", "stopped"]
    assert run(config_file, "finish", "wording").exit_code == 0
    again = run(
        config_file, "start", "second", "--arm", "a=collections@1:1",
        "--arm", "b=collections@2:1", "--baseline", "0.2", "--min-effect", "0.05",
    )  # fmt: skip
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--arm", "a=collections@1:50", "--arm", "b=collections@7:50"],
         "arm version 'collections@7': no such saved script version"),
        (["--arm", "a=collections@1", "--arm", "b=collections@2:50"],
         "--arm 'a=collections@1': expected NAME=SCRIPT@VERSION[/VARIANT]:SHARE"),
        (["--arm", "a=collections@1:50"], "an experiment needs at least two arms"),
    ],
)  # fmt: skip
def test_mistakes_are_one_line(config_file: Path, args: list[str], message: str) -> None:
    result = run(config_file, "start", "x", *args, "--baseline", "0.2", "--min-effect", "0.05")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
