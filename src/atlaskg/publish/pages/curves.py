"""Scores against context length: the curves drawn on a model's page (its scores at the settings of
one benchmark that state a context length, beside other models') and on a benchmark's page (every
model's). The context length of a setting, and whether the editors inferred it, are read here for
both pages."""

from __future__ import annotations

from collections import defaultdict

from atlaskg.publish.charts import Curve, CurvePoint, context_curve
from atlaskg.publish.data import ATLAS, Facts, ResultRow, SiteData
from atlaskg.publish.pages.citations import markers_of
from atlaskg.publish.pages.formats import anchor, int_or_none, integer, score
from atlaskg.publish.pages.nodes import model_href
from atlaskg.store import compact

COMPARATOR_CURVES = 6  # other models drawn beside a model's long-context curve (its results table lists all)


def context_length(facts: Facts, setting: str | None) -> int | None:
    """The context length a benchmark setting tests, in tokens, where one is recorded."""
    return int_or_none(facts.value(setting, ATLAS + "contextLengthTokens")) if setting else None


def inferred(facts: Facts, node: str, predicate: str) -> bool:
    """Whether the editors inferred this fact (an atlas:Inference marks it) rather than read it."""
    return any(ATLAS + "Inference" in facts.types(marker) for marker in markers_of(facts, node, predicate))


def _at_context_lengths(data: SiteData, rows: list[ResultRow]) -> dict[tuple, list[ResultRow]]:
    """The scores (point values) at settings with a context length, by benchmark, metric and unit:
    what one curve can show."""
    found: dict[tuple, list[ResultRow]] = defaultdict(list)
    for row in rows:
        if row.value is not None and context_length(data.facts, row.setting):
            found[(row.benchmark, row.metric or "", row.unit or "")].append(row)
    return dict(sorted(found.items()))


def long_context_charts(data: SiteData, model: str, results: list[ResultRow], root: str) -> list[str]:
    """A curve for each benchmark (and metric) on which the model has scores at two settings or more
    with a context length, beside the scores of other models at those settings."""
    charts = []
    for (benchmark, metric, _), own in _at_context_lengths(data, results).items():
        settings = sorted({row.setting for row in own if row.setting is not None})  # all of them: they have a context length
        if len(settings) < 2:
            continue
        others = [r for s in settings for r in data.by_group.get((benchmark, s, metric), [])
                  if r.model != model and r.value is not None]
        charts.append(_curve_chart(data, own + others, model, root, own_page=True))
    return charts


def benchmark_curves(data: SiteData, benchmark: str, root: str) -> list[str]:
    """On a benchmark's page, every model's scores against the context length of its settings,
    when one model at least has scores at two of them (that model's points are labelled)."""
    rows = [row for group in sorted(data.by_group) if group[0] == benchmark for row in data.by_group[group]]
    charts = []
    for found in _at_context_lengths(data, rows).values():
        settings = defaultdict(set)
        for row in found:
            settings[row.model].add(row.setting)
        first = min(settings, key=lambda m: (-len(settings[m]), data.facts.label(m).lower(), m))
        if len(settings[first]) >= 2:
            charts.append(_curve_chart(data, found, first, root, own_page=False))
    return charts


def _curve_chart(data: SiteData, rows: list[ResultRow], first: str, root: str, own_page: bool) -> str:
    """The chart of `rows` (one benchmark, metric and unit), a curve per model, `first` labelled
    and drawn first, the others up to COMPARATOR_CURVES."""
    facts = data.facts
    by_model: dict[str, list[ResultRow]] = defaultdict(list)
    for row in rows:
        by_model[row.model].append(row)
    order = sorted(by_model, key=lambda m: (m != first, -len(by_model[m]), facts.label(m).lower(), m))
    drawn = order[:COMPARATOR_CURVES + 1]
    curves = [Curve(facts.label(m) or compact(m), [_curve_point(facts, r) for r in by_model[m]],
                    None if own_page and m == first else model_href(data, m, root), labelled=m == first)
              for m in drawn]
    sample = rows[0]
    benchmark, name = facts.label(sample.benchmark), curves[0].name
    unit = facts.notation(sample.unit) if sample.unit else ""
    metric = f" ({facts.label(sample.metric)})" if sample.metric and facts.label(sample.metric) else ""
    more = f" ({len(order) - len(drawn)} more are in the tables)" if len(order) > len(drawn) else ""
    description = (f"{name}'s scores on {benchmark}{metric} at {len({r.setting for r in by_model[first]})} settings, "
                   f"its points named by their setting and score, beside the scores of {len(drawn) - 1} other "
                   f"model(s) at the same settings{more}. " + _context_axis(facts, rows, unit))
    chart_id = "curve-" + anchor(sample.benchmark) + (f"-{anchor(sample.metric)}" if sample.metric else "")
    title = (f"{name}: score against context length on {benchmark}" if own_page
             else f"{benchmark}: score against context length")
    return context_curve(chart_id, title, description, curves, percent=unit == "%")


def _context_axis(facts: Facts, rows: list[ResultRow], unit: str) -> str:
    """What the axes of a long-context chart show, naming the settings whose position the editors
    read from their names rather than from a stated token count."""
    settings = sorted({r.setting for r in rows if r.setting is not None},  # all of them: they have a context length
                      key=lambda s: (context_length(facts, s), facts.label(s)))
    read = [f"“{facts.label(s)}”" for s in settings if inferred(facts, s, ATLAS + "contextLengthTokens")]
    lengths = "; ".join(f"“{facts.label(s)}” at {integer(context_length(facts, s))} tokens" for s in settings)
    return (f"Horizontal: the context length each setting tests, logarithmic ({lengths}); vertical: the score"
            f"{f' in {unit}' if unit else ''}." + (
                f" The horizontal positions of {', '.join(read)} are read from the settings' names (K a thousand, "
                "M a million tokens) by the editors; the source states no token count." if read else ""))


def _curve_point(facts: Facts, row: ResultRow) -> CurvePoint:
    """A score placed at its setting's context length, named by the setting and the score as given."""
    tokens = context_length(facts, row.setting)
    assert tokens is not None and row.value is not None and row.setting is not None, row.iri  # see _at_context_lengths
    return CurvePoint(tokens, row.value, facts.label(row.setting), score(row, facts))
