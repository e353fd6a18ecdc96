"""Each atlas model's cheapest list input price (`atlas:cheapestListInputPrice`, USD per million
input tokens): the least of its current, unconditioned, positive list input prices, its own
offerings' and those of the dataset records resolved to it (the rule is one query:
queries/internal/link-list-input-prices.rq). `models-matching` asks for it of every model; the
aggregate over the whole atlas takes 0.3 s to evaluate, so the build writes it once.

The values are written in `graph/atlas/cheapest` and marked as inferred the way preferred values
are (link.preferred): an `atlas:Inference` per model (rule `inferencerule:cheapest-list-input-price`)
names the price specifications that state it (`atlas:inferredFrom`; several on a tie), so the
number can be traced to its offerings and their sources."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from urllib.parse import quote

import pyoxigraph as ox

from atlaskg.names.namespaces import ATLAS, GRAPH, PREFIXES
from atlaskg.query import internal_query, run
from atlaskg.store import Catalog

CHEAPEST_GRAPH = str(GRAPH["atlas/cheapest"])
RULE = PREFIXES["inferencerule"] + "cheapest-list-input-price"


def cheapest_quads(catalog: Catalog) -> list[ox.Quad]:
    """Every model's cheapest list input price and its marker, from the catalogue's prices (read
    after the resolution's links are added: a record's prices count through them)."""
    prices: dict[ox.NamedNode, list[tuple[Decimal, ox.Literal, ox.NamedNode]]] = defaultdict(list)
    for model, spec, price in run(catalog, internal_query("link-list-input-prices").text).rows:
        prices[model].append((Decimal(price.value), price, spec))
    graph, prop = ox.NamedNode(CHEAPEST_GRAPH), ox.NamedNode(ATLAS.cheapestListInputPrice)
    quads: list[ox.Quad] = []
    for model, stated in sorted(prices.items(), key=lambda item: item[0].value):
        least = min(stated, key=lambda row: (row[0], row[1].value))
        specs = sorted({spec.value for amount, _, spec in stated if amount == least[0]})
        quads.append(ox.Quad(model, prop, least[1], graph))
        quads += _marker(model, specs, graph)
    return quads


def _marker(model: ox.NamedNode, specs: list[str], graph: ox.NamedNode) -> list[ox.Quad]:
    """One atlas:Inference: the model's cheapest price is the one these specifications state.
    Named by the model, so it keeps its IRI from build to build."""
    local = model.value.removeprefix(PREFIXES["model"])
    node = ox.NamedNode(f"{PREFIXES['inference']}cheapest-list-input-price--{quote(local, safe='%')}")
    quads = [ox.Quad(node, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(ATLAS.Inference), graph),
             ox.Quad(node, ox.NamedNode(ATLAS.inferenceRule), ox.NamedNode(RULE), graph),
             ox.Quad(node, ox.NamedNode(ATLAS.evidenceFor), model, graph),
             ox.Quad(node, ox.NamedNode(ATLAS.evidenceProperty), ox.NamedNode(ATLAS.cheapestListInputPrice), graph)]
    return quads + [ox.Quad(node, ox.NamedNode(ATLAS.inferredFrom), ox.NamedNode(spec), graph) for spec in specs]
