"""A platform's page: its provider and every offering on it, each with its prices and sources, as
the model pages show them."""

from __future__ import annotations

from atlaskg.publish.data import ATLAS, SDO, SiteData
from atlaskg.publish.pages.citations import Sources
from atlaskg.publish.pages.model import offering_block
from atlaskg.publish.pages.nodes import model_href, names, node_href
from atlaskg.store import compact


def platform_page(data: SiteData, platform: str, root: str = "../") -> dict:
    facts = data.facts
    sources = Sources(data, root)
    offerings = []
    for offering in sorted(facts.subjects(ATLAS + "platform", platform),
                           key=lambda o: facts.label(facts.link(o, SDO + "itemOffered") or o).lower()):
        if ATLAS + "Offering" not in facts.types(offering):
            continue
        model = facts.link(offering, SDO + "itemOffered")
        page: dict = {"anchors": set()}
        entry = offering_block(data, offering, sources, root, page)
        entry["model"] = facts.label(model) if model else ""
        entry["model_href"] = node_href(data, offering, root) or (model_href(data, model, root) if model else "")
        offerings.append(entry)
    provider = facts.links(platform, SDO + "provider")
    return {"iri": platform, "curie": compact(platform), "name": facts.label(platform) or compact(platform),
            "provider": ", ".join(names(facts, provider)), "url": facts.text(platform, SDO + "url"),
            "offerings": offerings, "root": root, "platform_sources": sources.of_node(platform),
            "sources": sources.listing()}
