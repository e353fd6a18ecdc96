"""The result datasets (datasets/results/<dataset>.json, extracted by importers.result_sources)
converted after the resolution of the offerings, so each result names its atlas model.

Each dataset is one named graph. A result keeps the model as its source names it
(`atlas:modelAsNamed`) and, where link.results finds it, the atlas model (`dqv:computedOn`); its
cited page is its primary source, the dataset its derivation. A result that states what an
earlier one already states (the same model, benchmark and score, in the same setting or where
one names none) is not made twice: the earlier result gains this dataset and its cited page as
sources, so agreement is one result with two sources. Curated results come first, then the
datasets in name order (aider before models.dev, which relays aider's numbers); a later dataset
never changes a value. A result without a date of its own takes the date of its dataset's
snapshot, marked as inferred.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

import pyoxigraph as ox

from atlaskg.core.errors import LoadError
from atlaskg.core.resources import bundled_dir
from atlaskg.importers.common import (
    Conversion,
    Minter,
    Triples,
    date_literal,
    decimal_literal,
    describe_source,
    finish,
    sourced,
)
from atlaskg.importers.terms import ATLAS, DCTERMS, PROV, RDF, SDO, XSD, NamedNode, iri, literal
from atlaskg.link.result_models import CataloguedModels
from atlaskg.link.results import BenchmarkNames, ModelFinder, ModelLink
from atlaskg.names.namespaces import BASE, GRAPH, PREFIXES
from atlaskg.query import internal_query, run
from atlaskg.query.lookup import RESOLUTION_GRAPH
from atlaskg.store import Catalog

BENCHMARKS_GRAPH = str(GRAPH["atlas/benchmarks"])
_DQV = "http://www.w3.org/ns/dqv#"
_PERCENT_METRICS = {"percent", "percent correct", "percent resolved", "resolve rate", "resolved", "success rate"}
_SOURCE_KINDS = {"arxiv.org": "paper", "aider.chat": "leaderboard", "labs.scale.com": "leaderboard",
                 "swebench.com": "leaderboard", "console.sakana.ai": "leaderboard"}

def documents() -> list[dict]:
    """The bundled result datasets, in name order."""
    found = []
    for path in sorted((bundled_dir("datasets") / "results").glob("*.json")):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as err:
            raise LoadError(f"{path}: cannot read the result dataset: {err}") from None
    return found


@dataclass
class Linked:
    """What converting the result datasets made: a conversion per dataset, the graph of the
    benchmarks and settings minted for them, the models only a result dataset catalogues, and how
    each result's model was found."""

    conversions: list[Conversion] = field(default_factory=list)
    benchmarks: Triples = field(default_factory=lambda: Triples(BENCHMARKS_GRAPH))
    models: Triples = field(default_factory=lambda: Triples(RESOLUTION_GRAPH))
    links: list[tuple[str, dict, ModelLink]] = field(default_factory=list)  # (dataset, result, link)
    named_by: dict[str, set[NamedNode]] = field(default_factory=dict)  # benchmark or setting -> dataset sources

    def quads(self) -> list[ox.Quad]:
        described = [(triples, ox.NamedNode(triples.identifier)) for triples in (self.benchmarks, self.models)]
        return ([q for c in self.conversions for q in c.quads()]
                + [ox.Quad(s, p, o, graph) for triples, graph in described for s, p, o in triples])


def convert_all(catalog: Catalog, outcomes, retrieved: date, progress=lambda message: None) -> Linked:
    """Every bundled result dataset converted and linked to the atlas in `catalog`."""
    docs = documents()
    names = BenchmarkNames.read(catalog, [r["benchmark"] for d in docs for r in d["results"]])
    finder, catalogued = ModelFinder(outcomes), CataloguedModels(catalog)
    stated = _Stated.curated(catalog)
    linked = Linked(models=catalogued.triples)
    for document in docs:
        progress(f"linking the results of {document['dataset']}")
        linked.conversions.append(_convert(document, names, _Finder(finder, catalogued), stated, linked, retrieved))
    _describe_minted(names, linked)
    return linked


class _Stated:
    """(model, benchmark, score) -> [(result node, setting or None)]: what is already stated."""

    def __init__(self):
        self.results: dict[tuple[str, str, Decimal], list[tuple[NamedNode, str | None]]] = {}

    @classmethod
    def curated(cls, catalog: Catalog) -> _Stated:
        stated = cls()
        for result, model, benchmark, value, setting in run(catalog, internal_query("link-curated-results").text).rows:
            stated.add(model.value, benchmark.value, Decimal(value.value), result, setting and setting.value)
        return stated

    def add(self, model, benchmark, score: Decimal, node, setting) -> None:
        self.results.setdefault((model, benchmark, score), []).append((node, setting))

    def same(self, model, benchmark, score: Decimal, setting) -> NamedNode | None:
        for node, stated_setting in self.results.get((model, benchmark, score), []):
            if setting is None or stated_setting is None or setting == stated_setting:
                return node
        return None


@dataclass(frozen=True)
class _Finder:
    """A result's model: the offerings' resolution's, else one its dataset catalogues."""

    resolved: ModelFinder
    catalogued: CataloguedModels

    def find(self, dataset: str, result: dict, source: NamedNode) -> ModelLink:
        found = self.resolved.find(result.get("identifier"), result.get("model_name"))
        return self.catalogued.link(dataset, result, found, source)


def _convert(document: dict, names: BenchmarkNames, finder: _Finder, stated: _Stated, linked: Linked,
             retrieved: date) -> Conversion:
    dataset = document["dataset"]
    version = document["pin"].split("==")[-1][:12]
    graph = Triples(f"{BASE}graph/ext/{dataset}/{version}")
    conversion = Conversion(dataset, version, graph)
    mint = Minter(dataset)
    source = _dataset_source(graph, mint("source", version), document, retrieved)
    undated = []
    for result in document["results"]:
        link = finder.find(dataset, result, source)
        linked.links.append((dataset, result, link))
        try:
            score = Decimal(result["score"])
        except InvalidOperation:
            conversion.unmapped[f"score not a number: {result['score']!r}"] += 1
            continue
        benchmark = names.benchmark(result["benchmark"])
        setting = names.setting(benchmark, _setting_name(result["setting"])) if result["setting"] else None
        for named in filter(None, (benchmark, setting)):
            linked.named_by.setdefault(named, set()).add(source)
        cited = _cited_source(graph, mint, result["source"], source) if result.get("source") else None
        earlier = stated.same(link.model, benchmark, score, setting) if link.model else None
        if earlier is not None:  # agreement: one result, one more source
            graph.add((earlier, PROV.wasDerivedFrom, source))
            if cited is not None:
                graph.add((earlier, PROV.hadPrimarySource, cited))
            continue
        node = sourced(graph, mint("result", result["location"]), ATLAS.BenchmarkResult, source)
        graph.add((node, ATLAS.modelAsNamed, literal(result["model"])))
        if link.model:
            graph.add((node, iri(_DQV + "computedOn"), iri(link.model)))
            stated.add(link.model, benchmark, score, node, setting)
        graph.add((node, ATLAS.benchmark, iri(benchmark)))
        if setting:
            graph.add((node, ATLAS.setting, iri(setting)))
        graph.add((node, iri(_DQV + "value"), decimal_literal(score)))
        unit = "percent" if (result.get("metric") or "").lower() in _PERCENT_METRICS else "points"
        graph.add((node, ATLAS.scoreUnit, iri(PREFIXES["unit"] + unit)))
        if cited is not None:
            graph.add((node, PROV.hadPrimarySource, cited))
        if result.get("date"):
            graph.add((node, DCTERMS.date, date_literal(result["date"])))
        else:
            graph.add((node, DCTERMS.date, date_literal(document["date"])))
            undated.append(node)
        conversion.unmapped.update(f"details.{key}" for key in result.get("details", {}))
    _mark_inferred_dates(graph, mint, source, undated)
    return finish(conversion, source)


def _setting_name(setting: dict) -> str:
    """aider's {'edit format': 'diff'} is "diff format"; other parts read "harness: X"."""
    parts = [f"{value} format" if key == "edit format" else f"{key}: {value}"
             for key, value in sorted(setting.items(), key=lambda item: item[0] != "edit format")]
    return ", ".join(parts)


def _dataset_source(graph: Triples, node: NamedNode, document: dict, retrieved: date) -> NamedNode:
    describe_source(graph, node, f"{document['title']} ({document['pin']}, {document['date']})",
                    document["repository"], document["pin"], document["licence"], retrieved)
    graph.add((node, DCTERMS.rightsHolder, literal(document["attribution"])))
    return node


def _cited_source(graph: Triples, mint: Minter, cited: str, dataset_source: NamedNode) -> NamedNode:
    """The page a result cites, as a source (a reference in free text, AI Atlas Nexus's
    "paper.pdf Table 10", keeps its words as the title and its address as the URL)."""
    url = cited.split()[0]
    node = mint("cited", cited)
    if (node, RDF.type, ATLAS.Source) in graph:
        return node
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    graph.add((node, RDF.type, ATLAS.Source))
    graph.add((node, DCTERMS.title, literal(cited if cited != url else f"{host}{parts.path}".rstrip("/"))))
    kind = _SOURCE_KINDS.get(host) or ("blog" if "/news" in parts.path or "/blog" in parts.path else "documentation")
    graph.add((node, ATLAS.sourceKind, iri(PREFIXES["sourcekind"] + kind)))
    if parts.scheme in ("http", "https"):
        graph.add((node, SDO.url, literal(url, datatype=XSD.anyURI)))
    graph.add((node, PROV.wasDerivedFrom, dataset_source))
    return node


def _mark_inferred_dates(graph: Triples, mint: Minter, source: NamedNode, undated: list[NamedNode]) -> None:
    if not undated:
        return
    marker = mint("inference", "result-dates")
    graph.add((marker, RDF.type, ATLAS.Inference))
    graph.add((marker, PROV.wasDerivedFrom, source))
    graph.add((marker, ATLAS.evidenceProperty, DCTERMS.date))
    graph.add((marker, ATLAS.inferenceRule, iri(PREFIXES["inferencerule"] + "date-of-dataset-snapshot")))
    for node in undated:
        graph.add((marker, ATLAS.evidenceFor, node))


def _describe_minted(names: BenchmarkNames, linked: Linked) -> None:
    """The minted benchmarks and settings, each derived from the datasets whose results name it."""
    graph, named_by = linked.benchmarks, linked.named_by
    for benchmark, name in names.minted.items():
        node = iri(benchmark)
        graph.add((node, RDF.type, ATLAS.Benchmark))
        graph.add((node, SDO.name, literal(name)))
        for source in named_by.get(benchmark, ()):
            graph.add((node, PROV.wasDerivedFrom, source))
    for setting, (benchmark, name) in names.minted_settings.items():
        node = iri(setting)
        graph.add((node, RDF.type, ATLAS.BenchmarkSetting))
        graph.add((node, SDO.name, literal(name)))
        graph.add((node, ATLAS.settingOf, iri(benchmark)))
        for source in named_by.get(setting, ()):
            graph.add((node, PROV.wasDerivedFrom, source))


__all__ = ["BENCHMARKS_GRAPH", "Linked", "convert_all", "documents"]
