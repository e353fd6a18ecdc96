"""The index page: a row per model (developer, family, release, context window, lowest prices in
force today, best scores on the benchmarks most models are scored on) for the table that sorts
and filters, and the points of its price against context window chart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from atlaskg.publish.charts import Point
from atlaskg.publish.data import ATLAS, DQV, SDO, SiteData, number
from atlaskg.publish.pages.formats import int_or_none, integer, money
from atlaskg.publish.pages.nodes import labels, model_href
from atlaskg.publish.pages.prices import CACHED, INPUT, MILLION, OUTPUT, offerings_of
from atlaskg.store import compact


def lowest_prices(data: SiteData, model: str, today: str) -> dict[str, Decimal]:
    """The lowest USD price per 1M tokens of each component (input, output, cached input) among
    the model's offerings, counting paid list prices in force today: no condition, no tier route
    (`:free`, `:batch`), no zero (free or subscription access)."""
    facts = data.facts
    lowest: dict[str, Decimal] = {}
    for offering in offerings_of(facts, model):
        ends = facts.text(offering, SDO + "availabilityEnds")
        if (ends and ends <= today) or facts.value(facts.link(offering, SDO + "itemOffered") or "", ATLAS + "offeringTier"):
            continue
        for spec in facts.links(offering, SDO + "priceSpecification"):
            if (facts.value(spec, ATLAS + "priceCondition") is not None
                    or facts.value(spec, ATLAS + "appliesAboveTokens") is not None
                    or facts.text(spec, SDO + "priceCurrency") != "USD"):
                continue
            through, since = facts.text(spec, SDO + "validThrough"), facts.text(spec, SDO + "validFrom")
            if (through and through < today) or (since and since > today):
                continue
            quantity = facts.link(spec, SDO + "referenceQuantity")
            per = number(facts.value(quantity, SDO + "value")) if quantity else None
            price = number(facts.value(spec, SDO + "price"))
            component = facts.link(spec, ATLAS + "priceComponent")
            if not price or not per or component not in (INPUT, OUTPUT, CACHED):
                continue
            try:
                normalised = price * MILLION / per
            except InvalidOperation:
                continue
            lowest[component] = min(normalised, lowest.get(component, normalised))
    return lowest


INDEX_BENCHMARKS = 3  # the index has a column of best scores for the benchmarks most models are scored on


def index_benchmarks(data: SiteData) -> list[str]:
    """The benchmarks with percentage scores on the most models, most first."""
    models: dict[str, set[str]] = defaultdict(set)
    for row in data.results.values():
        if row.value is not None and row.unit and data.facts.notation(row.unit) == "%":
            models[row.benchmark].add(row.model)
    return sorted(models, key=lambda b: (-len(models[b]), data.facts.label(b)))[:INDEX_BENCHMARKS]


def best_scores(data: SiteData, benchmarks: list[str]) -> dict[tuple[str, str], Decimal]:
    """(model, benchmark) -> the model's best percentage score on it, in any setting."""
    best: dict[tuple[str, str], Decimal] = {}
    for row in data.results.values():
        if row.benchmark in benchmarks and row.value is not None and row.unit and data.facts.notation(row.unit) == "%":
            key = (row.model, row.benchmark)
            best[key] = max(best.get(key, row.value), row.value)
    return best


def index_rows(data: SiteData, today: str | None = None, benchmarks: Sequence[str] = ()) -> list[dict]:
    facts = data.facts
    today = today or date.today().isoformat()
    best = best_scores(data, list(benchmarks))
    rows = []
    for model in data.models:
        context = facts.value(model, ATLAS + "contextWindowTokens")
        output = facts.value(model, ATLAS + "maxOutputTokens")
        prices = lowest_prices(data, model, today)
        modalities = labels(facts, model, ATLAS + "inputModality")
        results = len(facts.subjects(DQV + "computedOn", model))
        rows.append({"iri": model, "name": facts.label(model) or compact(model),
                     "href": model_href(data, model, ""),
                     "developer": ", ".join(labels(facts, model, SDO + "creator")),
                     "family": ", ".join(labels(facts, model, SDO + "isPartOf")),
                     "released": facts.text(model, SDO + "datePublished"),
                     "context": int_or_none(context), "output": int_or_none(output),
                     "modalities": modalities,
                     "modality_keys": " ".join(m.lower().replace(" ", "-") for m in modalities),
                     "input_price": prices.get(INPUT), "output_price": prices.get(OUTPUT),
                     "offerings": len(offerings_of(facts, model)), "results": results,
                     "scores": [best.get((model, benchmark)) for benchmark in benchmarks]})
    return rows


def price_points(rows: list[dict]) -> list[Point]:
    return [Point(r["name"], r["href"], r["context"], r["input_price"],
                  f"{r['name']}: {integer(r['context'])} tokens, {money(r['input_price'], 'USD')} per 1M input tokens")
            for r in rows if r["context"] and r["input_price"] is not None]
