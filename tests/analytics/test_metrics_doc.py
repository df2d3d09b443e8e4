"""The README defines every metric exactly as the code does."""

from __future__ import annotations

from pathlib import Path

from bot.analytics.metrics import ALL

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_metric_is_defined_in_the_readme_word_for_word() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    missing = [m.key for m in ALL if f"`{m.key}` — {m.definition}." not in text]
    assert missing == []
