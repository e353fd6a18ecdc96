"""One atlas platform per provider: every dataset's provider (models.dev's `fireworks-ai`,
genai-prices' `fireworks`, LiteLLM's `fireworks_ai`) linked to one `platform:<key>` by the rules
of mappings/providers.tsv, so an answer shows one platform per provider while each offering keeps
the dataset it came from.

The links (`skos:exactMatch` from the dataset's platform node) go to `graph/mappings/resolution`;
the platforms no curated file describes go to `graph/atlas/resolution`, named as models.dev names
them (else as the first dataset that lists them), with every dataset's id as an identifier (a
curated platform, OpenAI API, takes the datasets' ids and keeps its name)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox

from atlaskg.link.resolution import DATASET_ORDER
from atlaskg.link.tables import provider_platforms
from atlaskg.names.namespaces import ATLAS, PREFIXES, graph_origin
from atlaskg.query import internal_query, run
from atlaskg.store import Catalog

_EXACT_MATCH = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
_IDENTIFIER = ox.NamedNode("https://schema.org/identifier")
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_DERIVED_FROM = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
RULE = PREFIXES["inferencerule"] + "platform-from-providers"


@dataclass(frozen=True)
class ProviderPlatform:
    """A dataset's provider and its platform node in that dataset's graph."""

    dataset: str
    provider: str
    name: str
    node: str
    source: str


def platform_quads(catalog: Catalog, links_graph: str, described_graph: str) -> list[ox.Quad]:
    """The link of every dataset platform to its atlas platform, the atlas platforms no curated
    file describes, and every dataset's id of each (a curated platform's too)."""
    # the ignore: the query reads the graph/ext/ graphs only, each a dataset's
    providers = [ProviderPlatform(graph_origin(g.value), i.value, n.value, node.value, s.value)  # type: ignore[arg-type]
                 for g, node, i, n, s in run(catalog, internal_query("link-dataset-platforms").text).rows]
    curated = {row[0].value for row in run(catalog, internal_query("link-curated-platforms").text).rows}
    platform_of = provider_platforms({(p.dataset, p.provider) for p in providers})
    keys = {p.node: platform_of[(p.dataset, p.provider)] for p in providers}
    links, described = ox.NamedNode(links_graph), ox.NamedNode(described_graph)
    members: dict[str, list[ProviderPlatform]] = defaultdict(list)
    for provider in providers:
        members[PREFIXES["platform"] + quote(keys[provider.node], safe="._~-")].append(provider)
    quads = []
    for platform, found in sorted(members.items()):
        node = ox.NamedNode(platform)
        quads += [ox.Quad(ox.NamedNode(p.node), _EXACT_MATCH, node, links) for p in found]
        found.sort(key=lambda p: (DATASET_ORDER.index(p.dataset) if p.dataset in DATASET_ORDER else 99, p.provider))
        sources = [ox.NamedNode(s) for s in sorted({p.source for p in found})]
        quads += [ox.Quad(node, _IDENTIFIER, ox.Literal(p.provider), described) for p in found]
        if platform in curated:  # it keeps its own name and sources; the datasets' ids are inferred
            quads += _marker(node, sources, described)
            continue
        quads += [ox.Quad(node, _RDF_TYPE, ox.NamedNode(ATLAS.Platform), described),
                  ox.Quad(node, ox.NamedNode("https://schema.org/name"), ox.Literal(found[0].name), described)]
        quads += [ox.Quad(node, _DERIVED_FROM, source, described) for source in sources]
    return quads


def _marker(platform: ox.NamedNode, sources: list[ox.NamedNode], graph: ox.NamedNode) -> list[ox.Quad]:
    """One atlas:Inference: the curated platform's identifiers are its datasets' providers' ids."""
    local = platform.value.removeprefix(PREFIXES["platform"])
    marker = ox.NamedNode(f"{PREFIXES['inference']}platform-from-providers--{local}")
    return [ox.Quad(marker, _RDF_TYPE, ox.NamedNode(ATLAS.Inference), graph),
            ox.Quad(marker, ox.NamedNode(ATLAS.inferenceRule), ox.NamedNode(RULE), graph),
            ox.Quad(marker, ox.NamedNode(ATLAS.evidenceFor), platform, graph),
            ox.Quad(marker, ox.NamedNode(ATLAS.evidenceProperty), _IDENTIFIER, graph),
            *(ox.Quad(marker, _DERIVED_FROM, source, graph) for source in sources)]
