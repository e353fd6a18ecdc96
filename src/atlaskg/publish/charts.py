"""Charts as inline SVG, drawn when the site is generated (no script, no library): a model's
benchmark results beside the other models' results on the same benchmark, its scores against the
context length of a benchmark's settings, the history of its prices at each provider, and price
against context window for every model. Each chart has a <title> and a <desc> (named by
aria-labelledby) for screen readers, and each mark a <title> with its exact figure; the tables
beside the charts hold the same figures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import escape

_WIDTH = 720
_LABEL = 200      # left column: the bars' labels
_BAR_AREA = 420   # then the bars, then their figures
_BAR, _GAP, _HEADING = 16, 4, 24
_MARK, _OTHER, _RANGE = "#1f5fa8", "#8a94a6", "#c3cddc"
# series colours, the first the site's accent; told apart by marker shape or dash as well as by colour
_PALETTE = (_MARK, "#c0392b", "#2a9d8f", "#8e44ad", "#d68910", "#5d6d7e", "#1e8449", "#a04000")
_SHAPES = ("circle", "square", "triangle", "diamond")
_DASHES = ("", "7 4", "2 3", "10 3 2 3")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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


def _svg(chart_id: str, title: str, description: str, width: int, height: float, body: list[str]) -> str:
    """The element every chart is: an image to assistive technology, named by its title and
    described by its desc, that scales to the width of the page."""
    return (f'<svg class="chart" id="{_e(chart_id)}" role="img" aria-labelledby="{_e(chart_id)}-title '
            f'{_e(chart_id)}-desc" viewBox="0 0 {width} {height}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
            + _title_desc(chart_id, title, description)
            + "".join(body) + "</svg>")


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
    return _svg(chart_id, title, description, _WIDTH, y + 4, rows)


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
_INNER_W = _PLOT_W - _LEFT - _RIGHT


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
    inner_h = _PLOT_H - _TOP - _BOTTOM

    def px(value: float) -> float:
        return _LEFT + (value - x0) / (x1 - x0) * _INNER_W

    def py(value: float | None) -> float:
        if value is None:  # a price of 0 sits on the axis
            return _TOP + inner_h
        return _TOP + inner_h - (value - y0) / (y1 - y0) * inner_h

    parts = [_plot_frame(inner_h)]
    parts += [_x_gridline(px(power), _tokens(10 ** power), inner_h) for power in range(x0, x1 + 1)]
    parts += [_y_gridline(py(power), _dollars(power)) for power in range(y0, y1 + 1)]
    parts.append(_axis_titles("Context window (tokens, logarithmic)",
                              "Input price, USD per 1M tokens (logarithmic)", inner_h, _PLOT_H - 8))
    for point, lx, ly in sorted(zip(points, xs, ys), key=lambda item: item[0].label):
        parts.append(f'<a href="{_e(point.href)}"><circle cx="{px(lx):.1f}" cy="{py(ly):.1f}" r="5" '
                     f'fill="{_MARK}" fill-opacity="0.7"><title>{_e(point.text)}</title></circle></a>')
    return _svg(chart_id, title, description, _PLOT_W, _PLOT_H, parts)


@dataclass
class ScorePoint:
    label: str
    href: str
    score: Decimal
    price: Decimal
    frontier: bool


def score_price_chart(chart_id: str, title: str, description: str, points: list[ScorePoint], percent: bool) -> str:
    """Score (linear, from 0) against the cheapest paid price (logarithmic): the frontier's points
    filled and joined by a line, the others hollow; each point links to its model."""
    points = [p for p in points if p.price > 0]
    if not points:
        return ""
    xs = [math.log10(float(p.price)) for p in points]
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs))
    x1 = max(x1, x0 + 1)
    top, step = _linear_axis(max(float(p.score) for p in points), percent)
    inner_h = _PLOT_H - _TOP - _BOTTOM

    def px(value: float) -> float:
        return _LEFT + (value - x0) / (x1 - x0) * _INNER_W

    def py(value: float) -> float:
        return _TOP + inner_h - value / top * inner_h

    parts = [_plot_frame(inner_h)]
    parts += [_x_gridline(px(power), _dollars(power), inner_h) for power in range(x0, x1 + 1)]
    parts += [_y_gridline(py(tick * step), _figure(tick * step, percent)) for tick in range(round(top / step) + 1)]
    parts.append(_axis_titles("Cheapest paid price, USD per 1M tokens (3 input : 1 output, logarithmic)",
                              "Best score" + (" (%)" if percent else ""), inner_h, _PLOT_H - 8))
    frontier = sorted((p for p in points if p.frontier), key=lambda p: p.price)
    if len(frontier) > 1:
        path = " ".join(f"{px(math.log10(float(p.price))):.1f},{py(float(p.score)):.1f}" for p in frontier)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{_MARK}" stroke-width="1.5"/>')
    for point, x in sorted(zip(points, xs), key=lambda item: (item[0].frontier, item[0].label)):
        fill = f'fill="{_MARK}"' if point.frontier else f'fill="white" stroke="{_OTHER}" stroke-width="1.5"'
        on = ", on the frontier" if point.frontier else ""
        tip = f"{point.label}: {_figure(float(point.score), percent) if percent else point.score}, ${point.price} per 1M tokens{on}"
        parts.append(f'<a href="{_e(point.href)}"><circle cx="{px(x):.1f}" cy="{py(float(point.score)):.1f}" r="5" '
                     f'{fill}><title>{_e(tip)}</title></circle></a>')
    return _svg(chart_id, title, description, _PLOT_W, _PLOT_H, parts)


def _plot_frame(inner_h: float) -> str:
    """The border of the plot area, so that values read against a box rather than the page."""
    return (f'<rect class="plot" x="{_LEFT}" y="{_TOP}" width="{_INNER_W}" height="{inner_h}" fill="none" '
            f'stroke="#b8c0cc"/>')


def _x_gridline(x: float, label: str, inner_h: float) -> str:
    """A vertical grid line across the plot, labelled below it."""
    return (f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{_TOP + inner_h}" stroke="#e3e7ee"/>'
            f'<text class="tick" x="{x:.1f}" y="{_TOP + inner_h + 18}" text-anchor="middle">{_e(label)}</text>')


def _y_gridline(y: float, label: str) -> str:
    """A horizontal grid line across the plot, labelled left of it."""
    return (f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + _INNER_W}" y2="{y:.1f}" stroke="#e3e7ee"/>'
            f'<text class="tick" x="{_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{_e(label)}</text>')


def _axis_titles(x_title: str, y_title: str, inner_h: float, baseline: float) -> str:
    """What each axis measures, and in which unit and scale: below the plot, and turned along its left side."""
    return (f'<text class="axis" x="{_LEFT + _INNER_W / 2:.1f}" y="{baseline}" text-anchor="middle">'
            f'{_e(x_title)}</text>'
            f'<text class="axis" transform="translate(14 {_TOP + inner_h / 2:.1f}) rotate(-90)" '
            f'text-anchor="middle">{_e(y_title)}</text>')


def _tokens(count: int) -> str:
    for size, suffix in ((10**9, "G"), (10**6, "M"), (10**3, "K")):
        if count >= size:
            return f"{count // size}{suffix}"
    return str(count)


def _dollars(power: int) -> str:
    value = Decimal(10) ** power
    return f"${value:f}" if power < 0 else f"${int(value):,}"


# -- series with a legend: scores against context length, prices over time ------------------------------
_SERIES_H = 300   # height of the plot area of the two series charts
_LEGEND_ROW, _LEGEND_COLUMN = 20, 330


def _linear_axis(top_value: float, percent: bool) -> tuple[float, float]:
    """The top of a vertical axis that starts at 0, and its step: 0–100 by 20 for percentages,
    else 1, 2 or 5 times a power of ten, so that five or so labelled lines cover the values with
    a little room above the highest (a line on the frame would hide in it)."""
    if percent:
        return 100.0, 20.0
    if top_value <= 0:
        return 1.0, 0.2
    top_value *= 1.05
    rough = top_value / 5
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return step * math.ceil(top_value / step - 1e-9), step


def _figure(value: float, percent: bool) -> str:
    """A tick label as people write prices and scores: '40%', '$5', '$0.25', '$1.50', '$0.005'."""
    if percent:
        return f"{value:g}%"
    exact = Decimal(repr(round(value, 9))).normalize()
    if exact == exact.to_integral_value():
        return f"${int(exact):,}"
    return f"${exact:,.2f}" if int(exact.as_tuple().exponent) >= -2 else f"${exact:f}"


def _marker(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    """A point of a series, its exact figure in its <title>."""
    title = f"<title>{_e(tip)}</title>"
    if shape == "square":
        return f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="{colour}">{title}</rect>'
    if shape == "triangle":
        return (f'<path d="M{x:.1f},{y - 6:.1f} L{x + 5.5:.1f},{y + 4:.1f} L{x - 5.5:.1f},{y + 4:.1f} Z" '
                f'fill="{colour}">{title}</path>')
    if shape == "diamond":
        return (f'<path d="M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z" '
                f'fill="{colour}">{title}</path>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}">{title}</circle>'


@dataclass
class LegendEntry:
    """How one series is drawn (colour, marker, dash), to be told apart from the others."""

    name: str
    colour: str
    shape: str = "circle"
    dash: str = ""
    href: str | None = None


def _legend(entries: list[LegendEntry], top: float) -> tuple[list[str], float]:
    """The key to the series, two to a row below the plot: a sample of each line and marker, and
    its name (a link where the series has a page). Returns the elements and the height taken."""
    parts = []
    for index, entry in enumerate(entries):
        x = _LEFT + (index % 2) * _LEGEND_COLUMN
        y = top + (index // 2) * _LEGEND_ROW
        dash = f' stroke-dasharray="{entry.dash}"' if entry.dash else ""
        label = f'<text class="legend" x="{x + 34}" y="{y + 4:.1f}">{_e(entry.name)}</text>'
        if entry.href:
            label = f'<a href="{_e(entry.href)}">{label}</a>'
        parts.append(f'<g><line x1="{x}" y1="{y:.1f}" x2="{x + 26}" y2="{y:.1f}" stroke="{entry.colour}" '
                     f'stroke-width="2"{dash}/>' + _marker(entry.shape, x + 13, y, entry.colour, entry.name)
                     + label + "</g>")
    return parts, math.ceil(len(entries) / 2) * _LEGEND_ROW


@dataclass
class CurvePoint:
    tokens: int        # the context length of the setting
    value: Decimal     # the score
    setting: str       # the setting's own name ("8K tokens")
    figure: str        # the score as the source gives it ("~84%")

    @property
    def label(self) -> str:
        return f"{self.setting}: {self.figure}"


@dataclass
class Curve:
    """One model's scores at the settings of one benchmark."""

    name: str
    points: list[CurvePoint]
    href: str | None = None
    labelled: bool = False   # the model the chart is about: its points say their setting and score


def context_curve(chart_id: str, title: str, description: str, curves: list[Curve], percent: bool) -> str:
    """Scores against the context length the settings test, on a logarithmic scale with a tick at
    each setting's length (8K, 128K, 1M); a line and marker shape per model (the first in the
    accent colour), the points of the labelled curve named by their setting and score, the others'
    by their score where it fits."""
    lengths = sorted({p.tokens for c in curves for p in c.points})
    if not lengths:
        return ""
    low, high = math.log10(lengths[0]) - 0.35, math.log10(lengths[-1]) + 0.35
    top, step = _linear_axis(max(float(p.value) for c in curves for p in c.points), percent)

    def px(tokens: int) -> float:
        return _LEFT + (math.log10(tokens) - low) / (high - low) * _INNER_W

    def py(value: float) -> float:
        return _TOP + _SERIES_H - max(0.0, min(value, top)) / top * _SERIES_H

    parts = [_plot_frame(_SERIES_H)]
    parts += [_y_gridline(py(i * step), _figure(i * step, percent)) for i in range(round(top / step) + 1)]
    parts += [_x_gridline(px(tokens), _tokens(tokens), _SERIES_H) for tokens in _spaced(lengths, px)]
    parts.append(_axis_titles("Context length of the setting (tokens, logarithmic)",
                              "Score" + (" (%)" if percent else ""), _SERIES_H, _TOP + _SERIES_H + 40))
    entries: list[LegendEntry] = []
    figures: list[tuple[float, float]] = []
    for index, curve in enumerate(curves):
        entry = LegendEntry(curve.name, _PALETTE[index % len(_PALETTE)], _SHAPES[index % len(_SHAPES)], href=curve.href)
        parts.append(_curve(curve, entry, [(px(p.tokens), py(float(p.value))) for p in curve.points], figures))
        entries.append(entry)
    legend, legend_h = _legend(entries, _TOP + _SERIES_H + 62)
    return _svg(chart_id, title, description, _PLOT_W, _TOP + _SERIES_H + 62 + legend_h, parts + legend)


def _curve(curve: Curve, style: LegendEntry, xy: list[tuple[float, float]], figures: list) -> str:
    """One model's line and points (at `xy`, in the order of `curve.points`). Another model's
    points show their score beside them unless a figure already stands there (`figures`, the
    places taken, is updated)."""
    ordered = sorted(zip(curve.points, xy), key=lambda item: item[0].tokens)
    out = ['<g class="series mark">' if curve.labelled else '<g class="series">']
    if len(ordered) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for _, (x, y) in ordered)
        out.append(f'<polyline points="{line}" fill="none" stroke="{style.colour}" '
                   f'stroke-width="{2.5 if curve.labelled else 1.5}"/>')
    for at, (point, (x, y)) in enumerate(ordered):
        out.append(_marker(style.shape, x, y, style.colour, f"{curve.name}, {point.label}"))
        if curve.labelled:
            out.append(_point_label(point.label, x, y, [v for _, (_, v) in ordered[max(at - 1, 0):at + 2]]))
        elif all(abs(x - fx) > 1 or abs(y - fy) >= 13 for fx, fy in figures):
            figures.append((x, y))
            out.append(f'<text class="figure" x="{x + 9:.1f}" y="{y + 4:.1f}">{_e(point.figure)}</text>')
    return "".join(out) + "</g>"


def _spaced(lengths: list[int], px) -> list[int]:
    """The lengths whose ticks can be labelled without overlapping the previous label."""
    kept: list[int] = []
    for tokens in lengths:
        if not kept or px(tokens) - px(kept[-1]) >= 40:
            kept.append(tokens)
    return kept


def _point_label(text: str, x: float, y: float, around: list[float]) -> str:
    """A point's label: above a point that is as high as its neighbours on the line, below one
    the line comes down to; anchored so that it stays inside the plot."""
    above = y <= min(around)
    anchor = "start" if x < _LEFT + _INNER_W * 0.25 else "end" if x > _LEFT + _INNER_W * 0.75 else "middle"
    shift = {"start": -6, "end": 6, "middle": 0}[anchor]
    return (f'<text class="point-label" x="{x + shift:.1f}" y="{y - 11 if above else y + 20:.1f}" '
            f'text-anchor="{anchor}">{_e(text)}</text>')


@dataclass
class Step:
    """One price over the period it held; either end may be unknown (the source gives none)."""

    start: date | None
    end: date | None
    value: Decimal
    title: str          # the price, its dates and its source, in words


@dataclass
class StepSeries:
    """The successive prices of one component at one provider."""

    name: str
    steps: list[Step]
    colour: int         # one per provider
    dash: int           # one per price component


def step_chart(chart_id: str, title: str, description: str, series: list[StepSeries]) -> str:
    """Prices over time as steps: each price a level from the day it starts to the day it ends,
    joined to the next price where one follows the other. A price with no start stated is drawn
    faintly from the left edge; one with no end stated runs to the right edge."""
    days = sorted({d for s in series for step in s.steps for d in (step.start, step.end) if d is not None})
    if len(days) < 2:
        return ""
    margin = timedelta(days=max(30, round((days[-1] - days[0]).days * 0.08)))
    first, last = days[0] - margin, days[-1] + margin
    top, step = _linear_axis(max(float(v.value) for s in series for v in s.steps), False)

    def px(day: date) -> float:
        return _LEFT + (day - first).days / (last - first).days * _INNER_W

    def py(value: float) -> float:
        return _TOP + _SERIES_H - value / top * _SERIES_H

    parts = [_plot_frame(_SERIES_H)]
    parts += [_y_gridline(py(i * step), _figure(i * step, False)) for i in range(round(top / step) + 1)]
    parts += [_x_gridline(px(day), label, _SERIES_H) for day, label in _month_ticks(first, last)]
    parts.append(_axis_titles("Date", "USD per 1M tokens", _SERIES_H, _TOP + _SERIES_H + 40))
    entries = []
    for line in series:
        colour, dash = _PALETTE[line.colour % len(_PALETTE)], _DASHES[line.dash % len(_DASHES)]
        parts.append('<g class="series">' + _steps(line.steps, colour, dash, first, last, px, py) + "</g>")
        entries.append(LegendEntry(line.name, colour, dash=dash))
    legend, legend_h = _legend(entries, _TOP + _SERIES_H + 62)
    return _svg(chart_id, title, description, _PLOT_W, _TOP + _SERIES_H + 62 + legend_h, parts + legend)


def _steps(steps: list[Step], colour: str, dash: str, first: date, last: date, px, py) -> str:
    """One series' levels, the rises and falls between successive prices, and a marker at the
    start of each price (at its end where its start is unknown)."""
    stroke = f'stroke="{colour}" stroke-width="2"' + (f' stroke-dasharray="{dash}"' if dash else "")
    out, previous = [], None
    for step in sorted(steps, key=lambda s: (s.start or first, s.end or last)):
        x0, x1, y = px(step.start or first), px(step.end or last), py(float(step.value))
        faint = ' stroke-opacity="0.45"' if step.start is None else ""
        out.append(f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" {stroke}{faint}/>')
        if previous is not None and previous.end and step.start and 0 <= (step.start - previous.end).days <= 1:
            out.append(f'<line x1="{x0:.1f}" y1="{py(float(previous.value)):.1f}" x2="{x0:.1f}" y2="{y:.1f}" '
                       f'{stroke}/>')
        out.append(_marker("circle", x1 if step.start is None else x0, y, colour, step.title))
        previous = step
    return "".join(out)


def _month_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """The first days of the months between two dates, every 1, 2, 3, 6, 12 or 24 months so that
    no more than eight fall between them; labelled 'Oct 2026', or '2026' when a year apart."""
    months = (last.year - first.year) * 12 + last.month - first.month
    every = next((n for n in (1, 2, 3, 6, 12, 24) if months / n <= 8), 12 * math.ceil(months / 96))
    ticks: list[tuple[date, str]] = []
    year, month = first.year, first.month
    while True:
        month += 1
        year, month = (year + 1, 1) if month > 12 else (year, month)
        day = date(year, month, 1)
        if day > last:
            return ticks
        if (year * 12 + month - 1) % every == 0:
            ticks.append((day, str(year) if every >= 12 else f"{_MONTH_NAMES[month - 1]} {year}"))
