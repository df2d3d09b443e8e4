"""A breakdown never changes the figures of the whole period."""

from __future__ import annotations

import pytest

from bot.analytics.dims import Period
from bot.analytics.metrics import DIMENSIONS
from bot.analytics.report import build_report
from bot.store.crypto import PersonalData
from bot.store.db import Database
from tests.analytics import history


@pytest.mark.parametrize("by", ["creditor", "balance", "channel", "dpd"])
def test_the_period_figures_are_the_same_with_any_breakdown(
    db: Database, personal: PersonalData, by: str
) -> None:
    assert by in DIMENSIONS
    with db.session() as s:
        history.build(s, personal)
    period = Period(history.SINCE, history.UNTIL, history.AS_OF)
    with db.session() as s:
        plain = build_report(s, period).as_json()
        split = build_report(s, period, by).as_json()
    del split["by"], split["by_dimension"]
    assert split == plain
