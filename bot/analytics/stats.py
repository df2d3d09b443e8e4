"""Statistics for experiments: intervals, tests, sample sizes (standard library only).

- Rates: Wilson score interval for one arm; for a difference between two arms
  the two-proportion z-test (pooled) with an unpooled Wald interval, or
  Fisher's exact test when an expected cell count is below 5.
- Amounts: Welch's t-test on the difference in means (from each arm's count,
  sum and sum of squares), or a seeded percentile bootstrap over the values.
- Peeking: the sample size per arm is fixed before the experiment starts
  (:func:`sample_size_per_arm`); a verdict is only given once every arm has it.
- Safety: the Haybittle–Peto boundary (|z| ≥ 3) may be checked at any look
  without inflating the error rate of the final analysis noticeably.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

_N = NormalDist()

#: The Haybittle–Peto boundary used by the safety checks at every look.
SAFETY_Z = 3.0


def z_for(level: float) -> float:
    """The two-sided normal quantile of a confidence ``level`` (0.95 → 1.96)."""
    return _N.inv_cdf(1 - (1 - level) / 2)


def wilson(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (``(0, 1)`` when ``n`` is 0)."""
    if n == 0:
        return (0.0, 1.0)
    z = z_for(level)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Comparison:
    """A difference between an arm and the control.

    Attributes:
        diff: the arm's value minus the control's.
        low: lower end of the confidence interval of ``diff``.
        high: upper end.
        p_value: two-sided p-value of the test.
        test: the test's name.
    """

    diff: float
    low: float
    high: float
    p_value: float
    test: str

    def significant(self, alpha: float) -> bool:
        """Whether the difference is significant at ``alpha``."""
        return self.p_value < alpha


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of Fisher's exact test on ``x1/n1`` against ``x2/n2``."""
    total, hits = n1 + n2, x1 + x2
    low, high = max(0, hits - n2), min(hits, n1)

    def logp(k: int) -> float:
        return _log_comb(n1, k) + _log_comb(n2, hits - k) - _log_comb(total, hits)

    observed = logp(x1)
    p = sum(math.exp(logp(k)) for k in range(low, high + 1) if logp(k) <= observed + 1e-7)
    return min(1.0, p)


def compare_rates(x1: int, n1: int, x0: int, n0: int, level: float = 0.95) -> Comparison:
    """Arm ``x1/n1`` against control ``x0/n0``: difference, interval, p-value.

    Fisher's exact test is used when any expected cell count is below 5,
    otherwise the two-proportion z-test.
    """
    if n1 == 0 or n0 == 0:
        return Comparison(0.0, -1.0, 1.0, 1.0, "none")
    p1, p0 = x1 / n1, x0 / n0
    diff = p1 - p0
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    z = z_for(level)
    low, high = diff - z * se, diff + z * se
    pooled = (x1 + x0) / (n1 + n0)
    expected = [
        pooled * n1,
        (1 - pooled) * n1,
        pooled * n0,
        (1 - pooled) * n0,
    ]
    if min(expected) < 5:
        return Comparison(diff, low, high, fisher_exact(x1, n1, x0, n0), "fisher")
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    if se0 == 0:
        return Comparison(diff, low, high, 1.0, "z")
    stat = diff / se0
    return Comparison(diff, low, high, 2 * (1 - _N.cdf(abs(stat))), "z")


def harm_z(x1: int, n1: int, x0: int, n0: int) -> float:
    """The pooled z statistic of ``x1/n1`` being higher than ``x0/n0`` (0 with no data)."""
    if n1 == 0 or n0 == 0:
        return 0.0
    pooled = (x1 + x0) / (n1 + n0)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    return 0.0 if se == 0 else (x1 / n1 - x0 / n0) / se


def bootstrap_mean_diff(
    arm: Sequence[float],
    control: Sequence[float],
    *,
    level: float = 0.95,
    rounds: int = 2000,
    seed: int = 0,
) -> Comparison:
    """Difference in means with a seeded percentile bootstrap interval.

    The p-value is twice the share of bootstrap differences on the other side
    of zero (at least ``1 / rounds``).
    """
    if not arm or not control:
        return Comparison(0.0, 0.0, 0.0, 1.0, "none")
    rng = random.Random(seed)
    diff = sum(arm) / len(arm) - sum(control) / len(control)
    diffs = []
    for _ in range(rounds):
        a = rng.choices(arm, k=len(arm))
        c = rng.choices(control, k=len(control))
        diffs.append(sum(a) / len(a) - sum(c) / len(c))
    diffs.sort()
    tail = (1 - level) / 2
    low = diffs[int(tail * rounds)]
    high = diffs[min(rounds - 1, int((1 - tail) * rounds))]
    other = sum(1 for d in diffs if (d <= 0 if diff > 0 else d >= 0))
    p = min(1.0, max(2 * other / rounds, 1 / rounds))
    return Comparison(diff, low, high, p, "bootstrap")


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c if abs(1 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c if abs(1 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-12:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def t_two_sided_p(t: float, df: float) -> float:
    """Two-sided p-value of Student's t statistic ``t`` with ``df`` degrees of freedom."""
    if df <= 0:
        return 1.0
    return min(1.0, _betainc(df / 2, 0.5, df / (df + t * t)))


def t_quantile(level: float, df: float) -> float:
    """The two-sided critical value of Student's t (``level`` 0.95, df 10 → 2.228)."""
    low, high = 0.0, 1e4
    for _ in range(200):
        mid = (low + high) / 2
        if t_two_sided_p(mid, df) > 1 - level:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def welch(
    n1: int, mean1: float, var1: float, n0: int, mean0: float, var0: float, level: float = 0.95
) -> Comparison:
    """Welch's t-test of ``mean1 - mean0`` (unequal variances) with its interval.

    Each side is given as its count, mean and sample variance; with fewer than
    two values on a side there is nothing to test.
    """
    if n1 < 2 or n0 < 2:
        return Comparison(mean1 - mean0, -math.inf, math.inf, 1.0, "none")
    diff = mean1 - mean0
    v1, v0 = var1 / n1, var0 / n0
    se = math.sqrt(v1 + v0)
    if se == 0:
        return Comparison(diff, diff, diff, 1.0 if diff == 0 else 0.0, "welch")
    df = (v1 + v0) ** 2 / (v1 * v1 / (n1 - 1) + v0 * v0 / (n0 - 1))
    q = t_quantile(level, df)
    return Comparison(diff, diff - q * se, diff + q * se, t_two_sided_p(diff / se, df), "welch")


def sample_size_per_arm(baseline: float, effect: float, alpha: float, power: float) -> int:
    """Accounts per arm to detect ``baseline`` → ``baseline + effect`` (two-sided)."""
    if not 0 < baseline < 1 or not 0 < baseline + effect < 1 or effect == 0:
        raise ValueError("baseline and baseline + effect must be rates between 0 and 1")
    p1, p2 = baseline, baseline + effect
    za, zb = _N.inv_cdf(1 - alpha / 2), _N.inv_cdf(power)
    pbar = (p1 + p2) / 2
    top = za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return math.ceil(top * top / (effect * effect))
