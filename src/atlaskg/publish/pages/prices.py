"""A model's prices as the pages read them: the price components, the offerings a model's prices
come from (its own and those of the dataset records resolved to it), and the chart of its dated
prices over time at each provider. The model page and the index read prices this way."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

from atlaskg.names.namespaces import PREFIXES
from atlaskg.publish.charts import Step, StepSeries, step_chart
from atlaskg.publish.data import ATLAS, PROV, SDO, SKOS, Facts, SiteData, number
from atlaskg.publish.pages.formats import human_date, money
from atlaskg.publish.pages.nodes import names
from atlaskg.store import compact

INPUT, OUTPUT, CACHED = (
    PREFIXES["pricecomp"] + c for c in ("input", "output", "cached-input"))
MILLION = Decimal(1_000_000)


def offerings_of(facts, model: str) -> list[str]:
    """The model's own offerings and those of the dataset records resolved to it (skos:exactMatch
    with an atlas:recordRank: the atlas build's resolution)."""
    records = [r for r in facts.links(model, SKOS + "exactMatch") if facts.value(r, ATLAS + "recordRank") is not None]
    return sorted({o for node in [model, *records] for o in facts.subjects(SDO + "itemOffered", node)})


_COMPONENT_DASH = {INPUT: 0, OUTPUT: 1, CACHED: 2}
PRICE_PROVIDERS = 8  # providers drawn in a price history, a colour each (the tables list every price)


def price_history_chart(data: SiteData, model: str) -> str:
    """The model's dated USD prices per 1M tokens (its own offerings' and those of the dataset
    records resolved to it) as steps, one series per provider and component, when the prices of
    one component carry two dates at least; else nothing."""
    facts = data.facts
    prices = _dated_prices(facts, model)
    dates: defaultdict[str, set[date]] = defaultdict(set)
    for (_, component), steps in prices.items():
        dates[component] |= {d for s in steps for d in (s.start, s.end) if d is not None}
    if not any(len(days) >= 2 for days in dates.values()):
        return ""
    lines, providers = _price_lines(facts, prices)
    name = facts.label(model) or compact(model)
    left_out = len({o for o, _ in prices}) - providers
    description = (
        f"{name}'s dated list prices in USD per 1M tokens at {providers} provider(s), over time: {len(lines)} "
        "series, one per provider (colour) and price component (line style: input solid, output dashed, cached "
        f"input dotted){f'; {left_out} more provider(s) are in the tables' if left_out else ''}. Each price is a "
        "level from the day it starts to the day it ends, joined to the price that follows it; a price whose start "
        "the source does not state is drawn faintly from the left edge, one with no end stated runs to the right "
        "edge. Prices without dates, prices that apply only under a condition (such as batch processing) or above "
        "a number of tokens, and prices in other currencies are left out; the tables below list every price.")
    return step_chart(f"price-history-{data.pages['models'][model]}", f"{name}: prices over time at each provider", description,
                      lines)


def _dated_prices(facts: Facts, model: str) -> dict[tuple[str, str], list[Step]]:
    """The dated prices of the model's offerings, by offering and price component."""
    prices: dict[tuple[str, str], list[Step]] = defaultdict(list)
    for offering in offerings_of(facts, model):
        for spec in facts.links(offering, SDO + "priceSpecification"):
            step = _dated_price(facts, offering, spec)
            component = facts.link(spec, ATLAS + "priceComponent")
            if step is not None and component is not None:  # a dated price always has its component
                prices[(offering, component)].append(step)
    return prices


def _price_lines(facts: Facts, prices: dict[tuple[str, str], list[Step]]) -> tuple[list[StepSeries], int]:
    """A series per offering and component, in order of provider and component: a colour per
    offering (the PRICE_PROVIDERS with the most dated prices), a line style per component. A
    provider named by two offerings (two datasets) is told apart by the offering's source."""
    platform = {o: facts.label(facts.link(o, ATLAS + "platform") or "") or compact(o) for o, _ in prices}
    busiest = sorted(platform, key=lambda o: (-sum(len(s) for (of, _), s in prices.items() if of == o), o))
    offerings = sorted(busiest[:PRICE_PROVIDERS], key=lambda o: (platform[o].lower(), o))
    twice = {name for name, count in Counter(platform[o] for o in offerings).items() if count > 1}
    lines = []
    for colour, offering in enumerate(offerings):
        source = facts.label(facts.link(offering, PROV + "wasDerivedFrom") or "")
        where = f"{platform[offering]} ({source})" if platform[offering] in twice else platform[offering]
        for component in sorted((c for o, c in prices if o == offering), key=lambda c: _COMPONENT_DASH[c]):
            lines.append(StepSeries(f"{where} · {facts.label(component)}", prices[(offering, component)], colour,
                                    _COMPONENT_DASH[component]))
    return lines, len(offerings)


def _dated_price(facts: Facts, offering: str, spec: str) -> Step | None:
    """A price for the history: USD per 1M input, cached input or output tokens, with a start or an
    end date, applying to every request (no condition, no token threshold)."""
    component = facts.link(spec, ATLAS + "priceComponent")
    if (component not in _COMPONENT_DASH or facts.text(spec, SDO + "priceCurrency") != "USD"
            or facts.value(spec, ATLAS + "priceCondition") is not None
            or facts.value(spec, ATLAS + "appliesAboveTokens") is not None):
        return None
    start, end = _day(facts.text(spec, SDO + "validFrom")), _day(facts.text(spec, SDO + "validThrough"))
    quantity = facts.link(spec, SDO + "referenceQuantity")
    per = number(facts.value(quantity, SDO + "value")) if quantity else None
    price = number(facts.value(spec, SDO + "price"))
    if (start is None and end is None) or price is None or not per:
        return None
    value = price * MILLION / per
    sources = ", ".join(names(facts, facts.links(spec, PROV + "wasDerivedFrom")
                               or facts.links(offering, PROV + "wasDerivedFrom")))
    where = facts.label(facts.link(offering, ATLAS + "platform") or "")
    return Step(start, end, value, f"{where} · {facts.label(component)}: {money(value, 'USD')} per 1M tokens, "
                                   f"{_period(start, end)}; source: {sources}")


def _period(start: date | None, end: date | None) -> str:
    """When a price held, in words, saying which end the source leaves open."""
    if start is None:
        assert end is not None  # a dated price states a start or an end
        return f"until {human_date(end.isoformat())}, start not stated"
    until = f" to {human_date(end.isoformat())}" if end else ", no end stated"
    return f"from {human_date(start.isoformat())}{until}"


def _day(text: str) -> date | None:
    """A day from an xsd:date or xsd:dateTime; None when there is none or it is not a date."""
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
