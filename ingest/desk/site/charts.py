"""Bar charts as inline SVG, drawn at build time in Python: no JavaScript, no CDN, nothing to
fetch. Every bar carries its exact value (`data-value`, and a `<title>` a browser shows on hover),
is labelled with it, and links to the rows behind it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

# Okabe-Ito: told apart by people with the common colour-vision deficiencies
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


@dataclass(frozen=True)
class Bar:
    series: str
    value: Decimal | int | float
    href: str | None = None
    title: str | None = None


def dollars(value, *, short: bool = False) -> str:
    """$1,234 (cents shown only when there are any); short: $1.2k, $3.4M."""
    if value is None:
        return ""
    value = Decimal(str(value))
    sign = "-" if value < 0 else ""
    value = abs(value)
    if short and value >= 1000:
        for unit, size in (("B", 10**9), ("M", 10**6), ("k", 10**3)):
            if value >= size:
                scaled = value / size
                return f"{sign}${scaled:.1f}{unit}".replace(".0" + unit, unit)
    if value == value.to_integral_value():
        return f"{sign}${value:,.0f}"
    return f"{sign}${value:,.2f}"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top`."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(0, math.ceil(top / step) + 1)]


def bar_chart(groups: list[tuple[str, list[Bar]]], *, title: str, series: list[str],
              chart_id: str, width: int = 760, height: int = 300) -> str:
    """Grouped vertical bars: one group per label (a cycle, a year), one bar per series."""
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    values = [float(bar.value) for _, bars in groups for bar in bars if bar.value is not None]
    low = min([0.0] + values)
    ticks = nice_ticks(max([0.0] + values))
    top = ticks[-1]
    left, right, head, foot = 64, 12, 16, 56 if len(series) > 1 else 34
    plot_w, plot_h = width - left - right, height - head - foot
    span = (top - min(low, 0)) or 1

    def y(value: float) -> float:
        return head + plot_h * (top - value) / span

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-labelledby="{escape(chart_id)}-title">',
             f'<title id="{escape(chart_id)}-title">{escape(title)}</title>']
    for tick in ticks:
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" '
                     f'y2="{y(tick):.1f}"/>')
        parts.append(f'<text class="tick" x="{left - 6}" y="{y(tick) + 4:.1f}" '
                     f'text-anchor="end">{escape(dollars(tick, short=True))}</text>')
    group_w = plot_w / max(len(groups), 1)
    bar_w = min(40.0, (group_w - 12) / max(len(series), 1))
    for g, (label, bars) in enumerate(groups):
        start = left + g * group_w + (group_w - bar_w * len(series)) / 2
        parts.append(f'<text class="group" x="{left + g * group_w + group_w / 2:.1f}" '
                     f'y="{head + plot_h + 16}" text-anchor="middle">{escape(str(label))}</text>')
        for bar in bars:
            if bar.value is None:
                continue
            i = series.index(bar.series)
            value = float(bar.value)
            x = start + i * bar_w
            top_y, bottom_y = sorted((y(value), y(0)))
            label_text = dollars(bar.value, short=True)
            tooltip = bar.title or f"{label}, {bar.series}: {dollars(bar.value)}"
            rect = (f'<rect class="bar" x="{x + 1:.1f}" y="{top_y:.1f}" width="{bar_w - 2:.1f}" '
                    f'height="{max(bottom_y - top_y, 0.5):.1f}" fill="{colors[bar.series]}" '
                    f'data-group="{escape(str(label))}" data-series="{escape(bar.series)}" '
                    f'data-value="{bar.value}"><title>{escape(tooltip)}</title></rect>')
            text = (f'<text class="value" x="{x + bar_w / 2:.1f}" y="{top_y - 3:.1f}" '
                    f'text-anchor="middle">{escape(label_text)}</text>') if value else ""
            if bar.href:
                parts.append(f'<a href="{escape(bar.href)}">{rect}{text}</a>')
            else:
                parts.append(rect + text)
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y(0):.1f}" '
                 f'y2="{y(0):.1f}"/>')
    if len(series) > 1:
        x, row_y = left, head + plot_h + 26
        for name in series:
            step = 22 + 6.2 * len(name)
            if x + step > width and x > left:
                x, row_y = left, row_y + 15
            parts.append(f'<rect x="{x:.0f}" y="{row_y}" width="10" height="10" '
                         f'fill="{colors[name]}"/>')
            parts.append(f'<text class="legend" x="{x + 14:.0f}" y="{row_y + 9}">{escape(name)}'
                         '</text>')
            x += step
    parts.append("</svg>")
    return "".join(parts)
