"""A benchmark's page: a leaderboard (table and bar chart) per setting and metric, its settings and
the context length each tests, every model's scores against context length, and each model's best
score against its cheapest paid price."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from atlaskg.publish.charts import Bar, BarGroup, ScorePoint, bar_chart, score_price_chart
from atlaskg.publish.data import ATLAS, SDO, SiteData
from atlaskg.publish.pages.citations import Sources
from atlaskg.publish.pages.curves import benchmark_curves, context_length, inferred
from atlaskg.publish.pages.formats import anchor, human_date, integer, score
from atlaskg.publish.pages.nodes import labels, model_href, node_href
from atlaskg.store import compact

CHART_BARS = 40  # bars of a leaderboard's chart (its table lists every result)


def benchmark_page(data: SiteData, benchmark: str, root: str = "../") -> dict:
    facts = data.facts
    sources = Sources(data, root)
    groups = sorted({g for g in data.by_group if g[0] == benchmark},
                    key=lambda g: (facts.label(g[1]).lower(), facts.label(g[2]).lower()))
    boards = []
    for group in groups:
        rows = data.by_group[group]
        board: dict[str, Any] = {"setting": facts.label(group[1]) if group[1] else "",
                 "metric": facts.label(group[2]) if group[2] else "",
                 "id": "board-" + anchor(group[1] or benchmark) + ("-" + anchor(group[2]) if group[2] else ""),
                 "rows": []}
        for rank, row in enumerate(rows, 1):
            board["rows"].append({"rank": rank, "model": facts.label(row.model) or compact(row.model),
                                  "href": node_href(data, row.iri, root) or model_href(data, row.model, root),
                                  "score": score(row, facts), "date": row.date, "human": human_date(row.date),
                                  "sources": sources.of_node(row.iri)})
        unit = facts.notation(rows[0].unit) if rows and rows[0].unit else ""
        top = rows[:CHART_BARS]
        heading = " · ".join(x for x in (board["setting"], board["metric"]) if x) or facts.label(benchmark)
        chart_groups = [BarGroup(heading,
                                 [Bar(facts.label(r.model), score(r, facts), r.value, r.low, r.high,
                                      model_href(data, r.model, root)) for r in top], percent=unit == "%")]
        board["chart"] = bar_chart(f"chart-{board['id']}", f"{facts.label(benchmark)}: "
                                   f"{board['setting'] or 'results'}",
                                   f"{len(rows)} result(s) on {facts.label(benchmark)}"
                                   f"{' (' + board['setting'] + ')' if board['setting'] else ''}, best first"
                                   f"{f' (the best {len(top)} drawn)' if len(top) < len(rows) else ''}; the "
                                   "table gives every figure.", chart_groups)
        boards.append(board)
    settings = sorted(facts.subjects(ATLAS + "settingOf", benchmark), key=lambda s: facts.label(s).lower())
    return {"iri": benchmark, "curie": compact(benchmark), "name": facts.label(benchmark) or compact(benchmark),
            "description": facts.text(benchmark, SDO + "description"),
            "metric": ", ".join(labels(facts, benchmark, ATLAS + "metric")),
            "settings": [{"name": facts.label(s), "description": facts.text(s, SDO + "description"),
                          "tasks": facts.text(s, ATLAS + "taskCount"),
                          "excluded": facts.text(s, ATLAS + "excludedTaskCount"),
                          "context": integer(context_length(facts, s) or ""),
                          "context_inferred": inferred(facts, s, ATLAS + "contextLengthTokens"),
                          "context_sources": sources.of_fact(s, ATLAS + "contextLengthTokens")
                          if context_length(facts, s) else []} for s in settings],
            "boards": boards, "curves": benchmark_curves(data, benchmark, root), "root": root,
            "price_chart": _price_performance_chart(data, benchmark, root),
            "benchmark_sources": sources.of_node(benchmark),
            "sources": sources.listing()}


def _price_performance_chart(data: SiteData, benchmark: str, root: str) -> str:
    """Each model's best score against its cheapest paid price, the frontier marked (the rows of
    the price-performance query); one chart per unit, the unit most models are scored in."""
    rows = data.price_performance.get(benchmark, [])
    units = Counter(row["unit"].value for row in rows)
    if not units:
        return ""
    unit = units.most_common(1)[0][0]
    points = [ScorePoint(row["model"].value, model_href(data, row["m"].value, root), Decimal(row["score"].value),
                         Decimal(row["blended"].value), row["beatenBy"].value == "0")
              for row in rows if row["unit"].value == unit]
    on_frontier = [p.label for p in sorted(points, key=lambda p: p.price) if p.frontier]
    name = data.facts.label(benchmark)
    return score_price_chart(f"price-{anchor(benchmark)}", f"{name}: best score against cheapest paid price",
                             f"{len(points)} models with a paid list price; on the frontier (no other model scores "
                             f"at least as well for at most its price): {', '.join(on_frontier)}.", points,
                             percent=unit == "%")
