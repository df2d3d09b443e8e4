"""Server-rendered SVG charts with accessible labels (no script, no external files).

Every mark carries an ``aria-label`` saying what it shows in words and
numbers ("Contacted: 5 accounts"), so a screen reader and a test read the
same figures as the table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from bot.analytics.metrics import FUNNEL
from bot.analytics.report import Figures

_COLOURS = ("#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c")


def funnel_svg(f: Figures, title: str = "Funnel: accounts at each step") -> Markup:
    """Horizontal bars, one per funnel step, widths relative to the first step."""
    steps = [(m.label, f.funnel[m.key]) for m in FUNNEL]
    top = max((n for _, n in steps), default=0) or 1
    row, label_w, bar_w = 30, 170, 380
    height = row * len(steps) + 10
    parts = [
        f'<svg class="chart funnel" role="list" aria-label="{escape(title)}" '
        f'viewBox="0 0 {label_w + bar_w + 70} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, n) in enumerate(steps):
        y = 5 + i * row
        width = round(bar_w * n / top, 1)
        words = f"{label}: {n} accounts"
        parts.append(
            f'<g role="listitem" aria-label="{escape(words)}"><title>{escape(words)}</title>'
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width}" height="{row - 8}" '
            f'fill="{_COLOURS[0]}"></rect>'
            f'<text x="{label_w + width + 6}" y="{y + 19}">{n}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def series_svg(
    periods: Sequence[str],
    lines: Sequence[tuple[str, Sequence[float | None]]],
    title: str = "Key rates over time",
) -> Markup:
    """Lines of rates (0–1) over ``periods``; a point per period with its label."""
    w, h, left, bottom = 620, 220, 40, 30
    plot_w, plot_h = w - left - 150, h - bottom - 10
    step = plot_w / max(1, len(periods) - 1)
    parts = [
        f'<svg class="chart series" role="list" aria-label="{escape(title)}" '
        f'viewBox="0 0 {w} {h}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{left + plot_w}" y2="{10 + plot_h}" '
        f'stroke="#999"></line>',
        f'<text x="{left - 4}" y="14" text-anchor="end">100%</text>',
        f'<text x="{left - 4}" y="{10 + plot_h}" text-anchor="end">0%</text>',
    ]
    for i, p in enumerate(periods):
        parts.append(
            f'<text x="{left + i * step}" y="{h - 8}" text-anchor="middle" '
            f'aria-hidden="true">{escape(p)}</text>'
        )
    for j, (name, values) in enumerate(lines):
        colour = _COLOURS[j % len(_COLOURS)]
        points = [
            (left + i * step, 10 + plot_h * (1 - v), p, v)
            for i, (p, v) in enumerate(zip(periods, values, strict=True))
            if v is not None
        ]
        parts.append(f'<g role="listitem" aria-label="{escape(name)}">')
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
            parts.append(f'<polyline fill="none" stroke="{colour}" points="{path}"></polyline>')
        for x, y, p, v in points:
            words = f"{p} {name}: {v * 100:.1f}%"
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}" role="img" '
                f'aria-label="{escape(words)}"><title>{escape(words)}</title></circle>'
            )
        parts.append(
            f'<text x="{left + plot_w + 10}" y="{20 + j * 18}" fill="{colour}">'
            f"{escape(name)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
