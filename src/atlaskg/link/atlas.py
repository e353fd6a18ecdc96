"""The atlas: the curated catalogue, every imported dataset (each in its own named graph), and the
resolution that makes one atlas model of the entries that are the same model.

The resolution writes two graphs. `graph/mappings/resolution` links each atlas model to the
dataset records resolved to it (`skos:exactMatch`) with each record's rank (`atlas:recordRank`,
1 preferred), the tier its identifier names (`atlas:offeringTier`) and whether its developer's own
platform lists it (`atlas:listedByDeveloper`). `graph/atlas/resolution`
holds what no curated file says: the models no curated file describes (a plain name, the other
names their records give, an identifier), and the developer of every model, curated ones that
name none included, marked as inferred by the resolution rule (an `atlas:Inference` per
developer). `graph/atlas/preferred` gives each model the values its records agree on for what it
does not state itself (link.preferred), `graph/atlas/cheapest` its cheapest list input price
(link.cheapest)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

import pyoxigraph as ox

from atlaskg.importers import IMPORTERS, Conversion
from atlaskg.link.cheapest import cheapest_quads
from atlaskg.link.identity import IdentityRules, owner_written, plain_name
from atlaskg.link.platforms import platform_quads
from atlaskg.link.preferred import preferred_quads
from atlaskg.link.resolution import Outcome, letters, namespace_spelling, organization, ranked_records, resolve
from atlaskg.link.results_graph import Linked, convert_all
from atlaskg.names.namespaces import ATLAS, GRAPH, PREFIXES
from atlaskg.query import internal_query, run
from atlaskg.query.lookup import RESOLUTION_GRAPH
from atlaskg.store import Catalog

LINKS_GRAPH = str(GRAPH["mappings/resolution"])
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SDO = "https://schema.org/"
_PROV = "http://www.w3.org/ns/prov#"
_POSITIVE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#positiveInteger")
_EXACT_MATCH = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")

@dataclass
class Atlas:
    """What building the atlas added to a catalogue, for the build's reports."""

    datasets: list[Conversion] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    results: Linked = field(default_factory=Linked)


def add_atlas(catalog: Catalog, retrieved: date, progress=lambda message: None) -> Atlas:
    """Convert every dataset at its pinned version (nothing is fetched), add each as its own
    named graph, then resolve the entries and add the resolution graphs."""
    atlas = Atlas()
    for name, importer in sorted(IMPORTERS.items()):
        progress(f"converting {name}")
        conversion = importer.run(retrieved)
        catalog.add_quads(conversion.quads())
        atlas.datasets.append(conversion)
    progress("resolving models")
    atlas.outcomes = resolve(catalog)
    ranked = ranked_records(atlas.outcomes)
    catalog.add_quads(resolution_quads(catalog, atlas.outcomes, ranked))
    catalog.add_quads(platform_quads(catalog, LINKS_GRAPH, RESOLUTION_GRAPH))
    progress("choosing preferred values")
    catalog.add_quads(preferred_quads(catalog, ranked))
    progress("finding cheapest list input prices")
    catalog.add_quads(cheapest_quads(catalog))
    atlas.results = convert_all(catalog, atlas.outcomes, retrieved, progress)
    catalog.add_quads(atlas.results.quads())
    return atlas


def resolution_quads(catalog: Catalog, outcomes: list[Outcome], ranked: dict[str, list[Outcome]]
                     ) -> list[ox.Quad]:
    """The links of each model to its records (`ranked`: best first), and the models and
    developers no curated file describes."""
    curated = {row[0].value for row in run(catalog, internal_query("link-curated-nodes").text).rows}
    created = {row[0].value for row in run(catalog, internal_query("link-curated-created").text).rows}
    links, described = ox.NamedNode(LINKS_GRAPH), ox.NamedNode(RESOLUTION_GRAPH)
    quads: list[ox.Quad] = []
    by_developer: dict[str, list[Outcome]] = defaultdict(list)
    for model, records in sorted(ranked.items()):
        node = ox.NamedNode(model)
        for rank, record in enumerate(records, 1):
            entry = ox.NamedNode(record.entry.iri)
            quads.append(ox.Quad(node, _EXACT_MATCH, entry, links))
            quads.append(ox.Quad(entry, ox.NamedNode(ATLAS.recordRank), ox.Literal(str(rank), datatype=_POSITIVE),
                                 links))
            if record.tier:
                quads.append(ox.Quad(entry, ox.NamedNode(ATLAS.offeringTier), ox.Literal(record.tier), links))
            if record.own_platform:
                quads.append(ox.Quad(entry, ox.NamedNode(ATLAS.listedByDeveloper), ox.Literal(True), links))
        preferred = records[0]
        if model in curated:
            if model not in created:  # a curated record that names no developer: its records' developer
                assert preferred.developer is not None  # (organization() below needs it)
                by_developer[preferred.developer].append(preferred)
                quads.append(ox.Quad(node, ox.NamedNode(_SDO + "creator"),
                                     ox.NamedNode(organization(preferred.developer)), described))
            continue
        assert preferred.developer is not None  # a model the resolution named: its owner's (organization() below)
        by_developer[preferred.developer].append(preferred)
        name, alternates = display_names(records)
        quads += [ox.Quad(node, ox.NamedNode(_SDO + "alternateName"), ox.Literal(alternate), described)
                  for alternate in alternates]
        named_by = {preferred.entry.source} | {r.entry.source for r in records if r.entry.name}  # the names' sources
        quads += [ox.Quad(node, ox.NamedNode(_PROV + "wasDerivedFrom"), ox.NamedNode(source), described)
                  for source in sorted(named_by)]
        for predicate, value in ((_RDF_TYPE, ox.NamedNode(ATLAS.Model)),
                                 (ox.NamedNode(_SDO + "name"), ox.Literal(name)),
                                 (ox.NamedNode(_SDO + "identifier"), ox.Literal(preferred.key)),
                                 (ox.NamedNode(_SDO + "creator"), ox.NamedNode(organization(preferred.developer)))):
            quads.append(ox.Quad(node, predicate, value, described))
    quads += _developers(by_developer, outcomes, curated, described)
    return quads


def display_names(records: list[Outcome]) -> tuple[str, list[str]]:
    """A model's plain name and the other names its records give it: the name its developer's
    own platform gives, else the one most records give; on a tie, a name that spells the model's
    key ("Gemini 3 Pro" for gemini-3-pro, not one record's "Gemini 3 Pro Preview") before the
    best-ranked one; else its key. A name that only repeats its record's identifier (LiteLLM
    names each entry by its key, `azure/eu/gpt-4o-realtime-preview-2024-12-17`) is no name."""
    named = [(plain_name(r.entry.name), r) for r in records if r.entry.name and r.entry.name != r.entry.identifier]
    names = [name for name, _record in named]
    if not names:
        return records[0].key, []
    own = [name for name, record in named if record.from_developer]
    counts = Counter(names)
    rules = IdentityRules.bundled()
    spells_key = {n for n in names if rules.match_key(n.lower()) == records[0].match_key}  # spaces read as dashes
    chosen = own[0] if own else max(names, key=lambda n: (counts[n], n in spells_key, -names.index(n)))
    return chosen, sorted(set(names) - {chosen})


def _developers(by_developer: dict[str, list[Outcome]], outcomes: list[Outcome], curated: set[str],
                graph: ox.NamedNode) -> list[ox.Quad]:
    """An organization per developer not curated (named as its own platform names it, else as
    its namespace is most often written: `NousResearch`), and one inference marking the developer
    of its models."""
    platform_names: dict[str, tuple[str, str]] = {}
    for outcome in sorted(outcomes, key=lambda o: o.entry.dataset != "models-dev"):
        platform_names.setdefault(outcome.entry.provider.lower(), (outcome.entry.provider_name, outcome.entry.source))
    written, before_names = _namespaces_as_written(outcomes), _names_written_before_models(outcomes)
    quads = []
    for developer, models in sorted(by_developer.items()):
        org = ox.NamedNode(organization(developer))
        sources = sorted({m.entry.source for m in models})
        if org.value not in curated:
            name, source = (platform_names.get(developer) or before_names.get(developer) or written.get(developer)
                            or (developer, sources[0]))
            quads += [ox.Quad(org, _RDF_TYPE, ox.NamedNode(_SDO + "Organization"), graph),
                      ox.Quad(org, ox.NamedNode(_SDO + "name"), ox.Literal(name), graph),
                      ox.Quad(org, ox.NamedNode(_PROV + "wasDerivedFrom"), ox.NamedNode(source), graph)]
        marker = ox.NamedNode(f"{PREFIXES['inference']}resolution--developer--{quote(developer, safe='._~-')}")
        quads += [ox.Quad(marker, _RDF_TYPE, ox.NamedNode(ATLAS.Inference), graph),
                  ox.Quad(marker, ox.NamedNode(ATLAS.evidenceProperty), ox.NamedNode(_SDO + "creator"), graph),
                  ox.Quad(marker, ox.NamedNode(ATLAS.inferenceRule),
                          ox.NamedNode(PREFIXES["inferencerule"] + "developer-from-resolution"), graph)]
        quads += [ox.Quad(marker, ox.NamedNode(_PROV + "wasDerivedFrom"), ox.NamedNode(s), graph) for s in sources]
        # the ignore: resolved outcomes, each names its model
        quads += [ox.Quad(marker, ox.NamedNode(ATLAS.evidenceFor), ox.NamedNode(m.model), graph)  # type: ignore[arg-type]
                  for m in models]
    return quads


def _names_written_before_models(outcomes: list[Outcome]) -> dict[str, tuple[str, str]]:
    """developer -> (the name datasets most often write before its models' names, OpenRouter's
    "Microsoft" in "Microsoft: Phi 4", one source of it), where that name's letters are the
    developer's."""
    return _most_written((outcome.developer, owner, outcome.entry.source) for outcome in outcomes
                         if outcome.developer and outcome.entry.name
                         for owner in [owner_written(outcome.entry.name)]
                         if owner and letters(owner) == letters(outcome.developer))


def _namespaces_as_written(outcomes: list[Outcome]) -> dict[str, tuple[str, str]]:
    """developer -> (the spelling its namespace most often has in identifiers, one source of it)."""
    return _most_written((outcome.developer, spelled, outcome.entry.source) for outcome in outcomes
                         if outcome.developer
                         for spelled in map(namespace_spelling, re.split(r"[/.]", outcome.entry.identifier)[:-1])
                         if letters(spelled) == letters(outcome.developer))


def _most_written(written) -> dict[str, tuple[str, str]]:
    """(developer, spelling, source)... -> developer -> (its most frequent spelling, the first
    source of it); on a tie, the spelling last in order."""
    counts: dict[str, Counter] = defaultdict(Counter)
    source: dict[tuple[str, str], str] = {}
    for developer, spelled, where in written:
        counts[developer][spelled] += 1
        source.setdefault((developer, spelled), where)
    chosen = {developer: max(found, key=lambda spelled: (found[spelled], spelled)) for developer, found in counts.items()}
    return {developer: (spelled, source[(developer, spelled)]) for developer, spelled in chosen.items()}
