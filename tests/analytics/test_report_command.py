"""``repaybot report`` through the real command line: JSON, CSV, table, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.commands import cli
from bot.store.crypto import PersonalData
from bot.store.db import Database
from tests.analytics import history
from tests.conftest import TEST_KEYS


@pytest.fixture
def config_file(db: Database, personal: PersonalData, tmp_path: Path) -> Path:
    with db.session() as s:
        history.build(s, personal)
        s.flush()
    path = tmp_path / "config.toml"
    path.write_text(
        f"""
[database]
url = "{db.url}"

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
    return CliRunner().invoke(cli, ["report", *args, "--config", str(config)])


def test_json_has_the_contract_keys(config_file: Path) -> None:
    result = run(config_file, "--since", "2026-03-01", "--until", "2026-03-31", "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["funnel"]["contacted"] == 5
    assert body["funnel"]["agreed"] == 2
    assert body["rates"]["opt_out"] == 0.2
    assert body["rates"]["escalation"] == 0.4
    assert body["amounts"]["agreed"] == {"CNY": "200.20", "USD": "300.10"}
    assert "by" not in body


def test_by_channel_and_until_is_inclusive(config_file: Path) -> None:
    # The last conversation of the period starts on 15 March.
    result = run(
        config_file, "--since", "2026-03-01", "--until", "2026-03-15", "--by", "channel",
        "--format", "json",
    )  # fmt: skip
    body = json.loads(result.stdout)
    assert body["funnel"]["contacted"] == 5
    assert body["by"]["wechat"]["funnel"] == {
        "contacted": 2, "replied": 2, "verified": 2, "offered": 2, "agreed": 1,
        "first_paid": 1, "completed": 0,
    }  # fmt: skip
    earlier = run(config_file, "--since", "2026-03-01", "--until", "2026-03-14", "--format", "json")
    assert json.loads(earlier.stdout)["funnel"]["contacted"] == 4


def test_csv_has_one_row_per_figure(config_file: Path) -> None:
    result = run(config_file, "--since", "2026-03-01", "--by", "creditor", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    index = {(r["group"], r["section"], r["metric"], r["key"]): r["value"] for r in rows}
    assert index[("all", "funnel", "contacted", "")] == "5"
    assert index[("Bank B", "funnel", "contacted", "")] == "3"
    assert index[("Bank A", "amounts", "agreed", "USD")] == "300.10"


def test_table_shows_the_funnel(config_file: Path) -> None:
    result = run(config_file, "--since", "2026-03-01")
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.stdout.splitlines() if "Contacted" in ln)
    assert "5" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "March"], "--since 'March': expected a date like 2026-03-31"),
        (["--since", "2026-03-02", "--until", "2026-03-01"], "--until 2026-03-01 is before"),
    ],
)
def test_bad_dates_are_one_line(config_file: Path, args: list[str], message: str) -> None:
    result = run(config_file, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
