"""Experiment statistics on seeded simulations: right answers at the stated error rate."""

from __future__ import annotations

import random

import pytest

from bot.analytics.stats import (
    bootstrap_mean_diff,
    compare_rates,
    fisher_exact,
    sample_size_per_arm,
    wilson,
)


def test_wilson_interval_matches_the_textbook_value() -> None:
    low, high = wilson(20, 100)
    assert (round(low, 4), round(high, 4)) == (0.1334, 0.2888)


def test_fisher_matches_the_tea_tasting_lady() -> None:
    # Fisher's own example: 3 of 4 cups right against 1 of 4, two-sided p = 0.4857.
    assert round(fisher_exact(3, 4, 1, 4), 4) == 0.4857


def test_small_counts_use_fisher_large_counts_use_z() -> None:
    assert compare_rates(1, 10, 4, 10).test == "fisher"
    assert compare_rates(200, 1000, 260, 1000).test == "z"


def test_sample_size_for_a_five_point_lift() -> None:
    # 20% → 25%, alpha 0.05, power 0.8: the usual 1,094 per arm.
    assert sample_size_per_arm(0.20, 0.05, 0.05, 0.80) == 1094


def simulate(rng: random.Random, p: float, n: int) -> int:
    return sum(1 for _ in range(n) if rng.random() < p)


def test_b_truly_better_shows_b_ahead_with_an_interval_around_the_truth() -> None:
    rng = random.Random(19)
    n = sample_size_per_arm(0.20, 0.06, 0.05, 0.9)
    a, b = simulate(rng, 0.20, n), simulate(rng, 0.26, n)
    result = compare_rates(b, n, a, n)
    assert result.diff > 0
    assert result.significant(0.05)
    assert result.low > 0
    assert result.low < 0.06 < result.high


def test_no_true_difference_false_positives_stay_at_the_stated_level() -> None:
    rng = random.Random(2026)
    trials, n, alpha = 2000, 500, 0.05
    positives = 0
    for _ in range(trials):
        a, b = simulate(rng, 0.2, n), simulate(rng, 0.2, n)
        positives += compare_rates(b, n, a, n).significant(alpha)
    rate = positives / trials
    # Binomial(2000, 0.05) has a standard deviation of 0.0049: allow 3 of them.
    assert 0.035 <= rate <= 0.065, rate


def test_interval_covers_the_true_difference_at_the_stated_level() -> None:
    rng = random.Random(7)
    trials, n, covered = 1000, 400, 0
    for _ in range(trials):
        a, b = simulate(rng, 0.3, n), simulate(rng, 0.35, n)
        r = compare_rates(b, n, a, n)
        covered += r.low <= 0.05 <= r.high
    assert 0.93 <= covered / trials <= 0.97


def test_bootstrap_of_amounts_finds_a_real_lift() -> None:
    rng = random.Random(3)
    control = [rng.choice([0.0, 0.0, 0.0, 100.0, 250.0]) for _ in range(600)]
    arm = [rng.choice([0.0, 0.0, 0.0, 100.0, 250.0]) + 40.0 for _ in range(600)]
    result = bootstrap_mean_diff(arm, control, seed=1)
    assert result.significant(0.05)
    assert 0 < result.low <= result.diff <= result.high


def test_bootstrap_interval_agrees_with_the_normal_interval() -> None:
    rng = random.Random(4)
    control = [rng.choice([0.0, 0.0, 0.0, 100.0, 250.0]) for _ in range(800)]
    arm = [rng.choice([0.0, 0.0, 0.0, 100.0, 250.0]) for _ in range(800)]
    result = bootstrap_mean_diff(arm, control, seed=1)

    def var(xs: list[float]) -> float:
        m = sum(xs) / len(xs)
        return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)

    se = (var(arm) / len(arm) + var(control) / len(control)) ** 0.5
    assert result.high - result.low == pytest.approx(2 * 1.96 * se, rel=0.1)
    assert result.low <= result.diff <= result.high
