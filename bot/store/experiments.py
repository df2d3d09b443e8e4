"""Writing experiment rows (the rules of an experiment are :mod:`bot.analytics.experiments`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.store.models import Experiment


def add_experiment(session: Session, exp: Experiment) -> Experiment:
    """Add a new experiment with its arms to ``session`` and flush, so they have ids."""
    session.add(exp)
    session.flush()
    return exp
