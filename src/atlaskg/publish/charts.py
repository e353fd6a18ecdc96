"""Charts as inline SVG, drawn when the site is generated (no script, no library): a model's
benchmark results beside the other models' results on the same benchmark, and price against
context window for every model. Each chart has a <title> and a <desc> (named by aria-labelledby)
for screen readers, and each mark a <title> with its exact figure; the tables beside the charts
hold the same figures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

_WIDTH = 720
_LABEL = 200      # left column: the bars' labels
_BAR_AREA = 420   # then the bars, then their figures
_BAR, _GAP, _HEADING = 16, 4, 24
_MARK, _OTHER, _RANGE = "#1f5fa8", "#8a94a6", "#c3cddc"


@dataclass
class Bar:
    label: str
    text: str                 # the figure as shown ("54.6%", "~64%", "62–63%")
    value: Decimal | None     # a point value
    low: Decimal | None = None
    high: Decimal | None = None
    href: str | None = None
    highlight: bool = False


@dataclass
class BarGroup:
    label: str
    bars: list[Bar]
    percent: bool = True


def _e(text: str) -> str:
    return escape(str(text), quote=True)


def bar_chart(chart_id: str, title: str, description: str, groups: list[BarGroup]) -> str:
    """Horizontal bars in groups (one per benchmark and setting); percentages on a 0–100 scale,
    other units on the group's own scale. A range is drawn from its low to its high bound."""
    rows: list[str] = []
    y = 8
    for group in groups:
        rows.append(f'<text class="group" x="0" y="{y + 14}">{_e(group.label)}</text>')
        y += _HEADING
        top = Decimal(100) if group.percent else max(
            [b.value or b.high or Decimal(0) for b in group.bars] + [Decimal(1)]) * Decimal("1.1")
        for bar in group.bars:
            rows.append(_bar(bar, y, top))
            y += _BAR + _GAP
        y += _GAP * 2
    height = y + 4
    return (f'<svg class="chart" id="{_e(chart_id)}" role="img" aria-labelledby="{_e(chart_id)}-title '
            f'{_e(chart_id)}-desc" viewBox="0 0 {_WIDTH} {height}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
            + _title_desc(chart_id, title, description)
            + "".join(rows) + "</svg>")


def _title_desc(chart_id: str, title: str, description: str) -> str:
    return (f'<title id="{_e(chart_id)}-title">{_e(title)}</title>'
            f'<desc id="{_e(chart_id)}-desc">{_e(description)}</desc>')


def _bar(bar: Bar, y: int, top: Decimal) -> str:
    def x(value: Decimal) -> float:
        return _LABEL + float(max(Decimal(0), min(value, top)) / top) * _BAR_AREA

    label = _e(bar.label)
    label_text = f'<text class="label" x="{_LABEL - 6}" y="{y + 12}" text-anchor="end">{label}</text>'
    if bar.href:
        label_text = f'<a href="{_e(bar.href)}">{label_text}</a>'
    color = _MARK if bar.highlight else _OTHER
    tip = f"<title>{label}: {_e(bar.text)}</title>"
    if bar.value is not None:
        end = x(bar.value)
        shape = f'<rect x="{_LABEL}" y="{y}" width="{end - _LABEL:.1f}" height="{_BAR}" fill="{color}">{tip}</rect>'
    elif bar.low is not None and bar.high is not None:
        start, end = x(bar.low), x(bar.high)
        shape = (f'<rect x="{_LABEL}" y="{y}" width="{start - _LABEL:.1f}" height="{_BAR}" fill="{color}">{tip}</rect>'
                 f'<rect x="{start:.1f}" y="{y}" width="{max(end - start, 1.5):.1f}" height="{_BAR}" '
                 f'fill="{_RANGE}">{tip}</rect>')
    else:
        end = _LABEL
        shape = ""
    figure = f'<text class="figure" x="{end + 6:.1f}" y="{y + 12}">{_e(bar.text)}</text>'
    weight = ' class="mark"' if bar.highlight else ""
    return f"<g{weight}>{label_text}{shape}{figure}</g>"


@dataclass
class Point:
    label: str
    href: str
    context: int
    price: Decimal
    text: str


_PLOT_W, _PLOT_H, _LEFT, _BOTTOM, _TOP, _RIGHT = 720, 400, 70, 50, 16, 20


def scatter(chart_id: str, title: str, description: str, points: list[Point]) -> str:
    """Price per million input tokens against context window, both on logarithmic scales."""
    if not points:
        return ""
    xs = [math.log10(p.context) for p in points]
    ys = [math.log10(float(p.price)) if p.price > 0 else None for p in points]
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs))
    finite = [v for v in ys if v is not None]
    y0, y1 = (math.floor(min(finite)), math.ceil(max(finite))) if finite else (0, 1)
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
    inner_w, inner_h = _PLOT_W - _LEFT - _RIGHT, _PLOT_H - _TOP - _BOTTOM

    def px(value: float) -> float:
        return _LEFT + (value - x0) / (x1 - x0) * inner_w

    def py(value: float | None) -> float:
        if value is None:  # a price of 0 sits on the axis
            return _TOP + inner_h
        return _TOP + inner_h - (value - y0) / (y1 - y0) * inner_h

    parts = [f'<rect class="plot" x="{_LEFT}" y="{_TOP}" width="{inner_w}" height="{inner_h}" fill="none" '
             f'stroke="#b8c0cc"/>']
    for power in range(x0, x1 + 1):
        gx = px(power)
        parts.append(f'<line x1="{gx:.1f}" y1="{_TOP}" x2="{gx:.1f}" y2="{_TOP + inner_h}" stroke="#e3e7ee"/>'
                     f'<text class="tick" x="{gx:.1f}" y="{_TOP + inner_h + 18}" text-anchor="middle">'
                     f'{_e(_tokens(10 ** power))}</text>')
    for power in range(y0, y1 + 1):
        gy = py(power)
        parts.append(f'<line x1="{_LEFT}" y1="{gy:.1f}" x2="{_LEFT + inner_w}" y2="{gy:.1f}" stroke="#e3e7ee"/>'
                     f'<text class="tick" x="{_LEFT - 8}" y="{gy + 4:.1f}" text-anchor="end">'
                     f'{_e(_dollars(power))}</text>')
    parts.append(f'<text class="axis" x="{_LEFT + inner_w / 2:.1f}" y="{_PLOT_H - 8}" text-anchor="middle">'
                 'Context window (tokens, logarithmic)</text>')
    parts.append(f'<text class="axis" transform="translate(14 {_TOP + inner_h / 2:.1f}) rotate(-90)" '
                 'text-anchor="middle">Input price, USD per 1M tokens (logarithmic)</text>')
    for point, lx, ly in sorted(zip(points, xs, ys), key=lambda item: item[0].label):
        parts.append(f'<a href="{_e(point.href)}"><circle cx="{px(lx):.1f}" cy="{py(ly):.1f}" r="5" '
                     f'fill="{_MARK}" fill-opacity="0.7"><title>{_e(point.text)}</title></circle></a>')
    return (f'<svg class="chart" id="{_e(chart_id)}" role="img" aria-labelledby="{_e(chart_id)}-title '
            f'{_e(chart_id)}-desc" viewBox="0 0 {_PLOT_W} {_PLOT_H}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
            + _title_desc(chart_id, title, description)
            + "".join(parts) + "</svg>")


def _tokens(count: int) -> str:
    for size, suffix in ((10**9, "G"), (10**6, "M"), (10**3, "K")):
        if count >= size:
            return f"{count // size}{suffix}"
    return str(count)


def _dollars(power: int) -> str:
    value = Decimal(10) ** power
    return f"${value:f}" if power < 0 else f"${int(value):,}"
