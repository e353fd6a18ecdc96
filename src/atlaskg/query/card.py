"""A model's card: every fact about it with its sources, as text for people or as RDF."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import cast
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS
from rdflib.term import Identifier, Node

from atlaskg.names.namespaces import ATLAS, BASE, DQV
from atlaskg.query import internal_query, run, run_named
from atlaskg.query.output import graph_text
from atlaskg.store import Catalog, compact
from atlaskg.store.terms import to_ox

_SOURCE_LINKS = (PROV.wasDerivedFrom, PROV.hadPrimarySource)
_REUSED_LABELS: dict[Node, str] = {SDO.name: "name", SDO.description: "description", SDO.creator: "developer",
                  SDO.datePublished: "release date", SDO.isPartOf: "family", DCTERMS.license: "licence",
                  SDO.itemOffered: "model", SDO.priceSpecification: "price", SDO.price: "price",
                  SDO.priceCurrency: "currency", SDO.referenceQuantity: "per", DCTERMS.date: "date",
                  SKOS.note: "note", SKOS.editorialNote: "editorial note", SDO.minValue: "at least",
                  SDO.maxValue: "at most", DCTERMS.modified: "updated", SKOS.exactMatch: "same model in",
                  SKOS.closeMatch: "close match in", SKOS.relatedMatch: "related in", SKOS.broadMatch: "broader in",
                  SKOS.narrowMatch: "narrower in", SDO.availabilityStarts: "available from",
                  SDO.availabilityEnds: "available until", SDO.validFrom: "valid from",
                  SDO.validThrough: "valid through", DQV.computedOn: "model", DQV.value: "value"}
_EXTERNAL_MODEL = re.compile(rf"^{re.escape(BASE)}ext/([^/]+)/model/(.+)$")
_KIND_ORDER = [ATLAS.Model, ATLAS.Offering, SDO.UnitPriceSpecification, ATLAS.LifecycleEvent,
               ATLAS.BenchmarkResult, ATLAS.ComparisonClaim, ATLAS.SafetyFinding]


def describe_model(catalog: Catalog, model: str) -> Graph:
    """The CONSTRUCT of queries/describe-model.rq for `model` (any name the resolver accepts)."""
    return run_named(catalog, "describe-model", {"model": model}).graph()


def serialize_graph(graph: Graph, fmt: str) -> str:
    """The card as Turtle or JSON-LD."""
    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
    return graph_text(triples, ox.RdfFormat.JSON_LD if fmt == "jsonld" else ox.RdfFormat.TURTLE)


def card_text(catalog: Catalog, graph: Graph) -> str:
    """Nodes grouped by kind, each fact as 'label: value', each node with its sources."""
    labels = _labels(catalog, graph)
    lines: list[str] = []
    for kind in _KIND_ORDER:
        # casts here: rdflib types a graph's terms as Node, which has no order; they are Identifiers, which do
        nodes = sorted(cast(Iterable[Identifier], graph.subjects(RDF.type, kind)))
        if nodes:
            lines.append(f"{_label(labels, kind)} ({len(nodes)})")
        for node in nodes:
            lines.append(f"  {compact(node)}")
            for predicate, value in sorted(graph.predicate_objects(node)):
                if predicate in (RDF.type,) + _SOURCE_LINKS:
                    continue
                lines.append(f"    {_label(labels, predicate)}: {_value(labels, graph, value)}")
            for link in _SOURCE_LINKS:
                for source in sorted(cast(Iterable[Identifier], graph.objects(node, link))):
                    title = graph.value(source, DCTERMS.title) or compact(source)
                    relation = "read in" if link == PROV.wasDerivedFrom else "cited source"
                    lines.append(f"    [{relation}: {title}]")
    return "\n".join(lines) + "\n"


def _labels(catalog: Catalog, graph: Graph) -> dict[URIRef, str]:
    """Labels of every IRI the card mentions (properties, classes, concepts), in one query."""
    terms = {t for triple in graph for t in triple if isinstance(t, URIRef)} | set(_KIND_ORDER)
    safe = [t for t in terms if not any(c in str(t) for c in '<>"{}|^`\\ ')]
    labels: dict[URIRef, str] = {}
    named = {"term": [ox.NamedNode(str(t)) for t in sorted(safe)]}
    for term, label in run(catalog, internal_query("query-labels").text, named).rows:
        labels.setdefault(URIRef(term.value), label.value)
    return labels


def _label(labels: dict, term: Node) -> str:
    return _REUSED_LABELS.get(term) or labels.get(term) or compact(term)


def _value(labels: dict, graph: Graph, value) -> str:
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, BNode):
        parts = [f"{_label(labels, p)} {o}" for p, o in sorted(graph.predicate_objects(value)) if p != RDF.type]
        return "[" + ", ".join(parts) + "]"
    label = graph.value(value, SDO.name) or labels.get(value)
    external = _EXTERNAL_MODEL.match(str(value))
    if label is None and external:  # a mapped entry of an imported dataset: its dataset and its key
        return f"{external.group(1)}: {unquote(external.group(2))}"
    return f"{label} ({compact(value)})" if label is not None else compact(value)
