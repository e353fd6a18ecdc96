"""A model's card: every fact about it with its sources, as text for people or as RDF."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS

from atlaskg.catalog import Catalog
from atlaskg.errors import QueryError
from atlaskg.export import canonical
from atlaskg.namespaces import ATLAS, PREFIXES
from atlaskg.query import bind, get_named_query, run

_SOURCE_LINKS = (PROV.wasDerivedFrom, PROV.hadPrimarySource)
_REUSED_LABELS = {SDO.name: "name", SDO.description: "description", SDO.creator: "developer",
                  SDO.datePublished: "release date", SDO.isPartOf: "family", DCTERMS.license: "licence",
                  SDO.itemOffered: "model", SDO.priceSpecification: "price", SDO.price: "price",
                  SDO.priceCurrency: "currency", SDO.referenceQuantity: "per", DCTERMS.date: "date",
                  SKOS.note: "note", SKOS.editorialNote: "editorial note", SDO.minValue: "at least",
                  SDO.maxValue: "at most", DCTERMS.modified: "updated"}
_KIND_ORDER = [ATLAS.Model, ATLAS.Offering, SDO.UnitPriceSpecification, ATLAS.LifecycleEvent,
               ATLAS.BenchmarkResult, ATLAS.ComparisonClaim, ATLAS.SafetyFinding]


def describe_model(catalog: Catalog, model: str) -> Graph:
    """The CONSTRUCT of queries/describe-model.rq for `model`; an unknown model is an error."""
    named = get_named_query("describe-model")
    graph = run(catalog, named.text, bind(named, {"model": model})).graph
    if not any(graph.subjects(RDF.type, ATLAS.Model)):
        raise QueryError(f"no model named '{model}' (run 'atlaskg query models' to list them)")
    return graph


def serialize_graph(graph: Graph, fmt: str) -> str:
    """The card as Turtle or JSON-LD (inline context)."""
    tidy = canonical(graph)
    if fmt == "jsonld":
        return tidy.serialize(format="json-ld", context=dict(PREFIXES))
    return tidy.serialize(format="atlaskg-turtle")


def card_text(catalog: Catalog, graph: Graph) -> str:
    """Nodes grouped by kind, each fact as 'label: value', each node with its sources."""
    lines: list[str] = []
    for kind in _KIND_ORDER:
        nodes = sorted(graph.subjects(RDF.type, kind))
        if nodes:
            lines.append(f"{_label(catalog, kind)} ({len(nodes)})")
        for node in nodes:
            lines.append(f"  {catalog.compact(node)}")
            for predicate, value in sorted(graph.predicate_objects(node)):
                if predicate in (RDF.type,) + _SOURCE_LINKS:
                    continue
                lines.append(f"    {_label(catalog, predicate)}: {_value(catalog, graph, value)}")
            for link in _SOURCE_LINKS:
                for source in sorted(graph.objects(node, link)):
                    title = graph.value(source, DCTERMS.title) or catalog.compact(source)
                    relation = "read in" if link == PROV.wasDerivedFrom else "cited source"
                    lines.append(f"    [{relation}: {title}]")
    return "\n".join(lines) + "\n"


def _label(catalog: Catalog, term: URIRef) -> str:
    label = (_REUSED_LABELS.get(term) or catalog.dataset.value(term, RDFS.label)
             or catalog.dataset.value(term, SKOS.prefLabel))
    return str(label) if label is not None else catalog.compact(term)


def _value(catalog: Catalog, graph: Graph, value) -> str:
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, BNode):
        parts = [f"{_label(catalog, p)} {o}" for p, o in sorted(graph.predicate_objects(value)) if p != RDF.type]
        return "[" + ", ".join(parts) + "]"
    label = (graph.value(value, SDO.name) or catalog.dataset.value(value, SKOS.prefLabel)
             or catalog.dataset.value(value, SDO.name))
    return f"{label} ({catalog.compact(value)})" if label is not None else catalog.compact(value)
