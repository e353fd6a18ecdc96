"""How the pages name a node and link to it: labels, the page (and the block on it) where a node is
shown, and a short description of a node for lists. Shared by every page, so that a node has one
name and one address across the site."""

from __future__ import annotations

from atlaskg.publish.data import ATLAS, DCT, SDO, Facts, SiteData, number
from atlaskg.publish.pages.formats import anchor, money, score
from atlaskg.store import compact


def names(facts: Facts, nodes: list[str]) -> list[str]:
    return sorted(facts.label(n) or compact(n) for n in nodes)


def labels(facts: Facts, node: str, predicate: str) -> list[str]:
    return names(facts, facts.links(node, predicate))


def model_href(data: SiteData, model: str, root: str) -> str:
    return data.href("models", model, root)


def node_href(data: SiteData, node: str, root: str) -> str | None:
    """Where a node is shown: its model page (at its block when the page has one), its source page."""
    if node in data.entities.get(ATLAS + "Source", ()):
        return data.href("sources", node, root)
    home = data.home.get(node)
    if home is None:
        return None
    page = model_href(data, home, root)
    return page if node == home or node not in data.anchored else f"{page}#{anchor(node)}"


def price_label(data: SiteData, spec: str) -> str:
    facts = data.facts
    component = facts.link(spec, ATLAS + "priceComponent")
    price = money(number(facts.value(spec, SDO + "price")), facts.text(spec, SDO + "priceCurrency"))
    return f"{facts.label(component) if component else 'price'} {price}".strip()


def node_label(data: SiteData, node: str) -> str:
    """A short description of a node for lists: what it is and what it says."""
    facts = data.facts
    types = facts.types(node)
    if node in data.results:
        row = data.results[node]
        setting = f" ({facts.label(row.setting)})" if row.setting else ""
        return f"{facts.label(row.model)}: {facts.label(row.benchmark)}{setting} {score(row, facts)}"
    if ATLAS + "Offering" in types:
        return f"{facts.label(facts.link(node, SDO + 'itemOffered') or '')} on " \
               f"{facts.label(facts.link(node, ATLAS + 'platform') or '')}"
    if SDO + "UnitPriceSpecification" in types:
        return price_label(data, node)
    if ATLAS + "ComparisonClaim" in types:
        return f"claim “{facts.text(node, ATLAS + 'statedText')}”"
    if ATLAS + "LifecycleEvent" in types:
        return f"{', '.join(labels(facts, node, ATLAS + 'eventType'))} {facts.text(node, DCT + 'date')}"
    if ATLAS + "SafetyFinding" in types:
        text = facts.text(node, SDO + "description")
        return "safety finding: " + (text[:80] + "…" if len(text) > 80 else text)
    if ATLAS + "AliasAssignment" in types:
        return f"alias {facts.text(node, ATLAS + 'alias')}"
    if ATLAS + "Evidence" in types or ATLAS + "Inference" in types:
        return "evidence " + compact(node)
    return facts.label(node) or compact(node)
