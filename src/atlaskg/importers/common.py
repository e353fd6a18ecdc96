"""What every converter shares: IRIs, the dataset description, prices, and unmapped-field counts."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import cast
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, URIRef

from atlaskg.core.errors import AtlasError
from atlaskg.importers.terms import ATLAS, DCTERMS, PROV, RDF, SDO, VOID, XSD, NamedNode, iri, literal
from atlaskg.names.namespaces import BASE, PREFIXES, bind_prefixes
from atlaskg.store.terms import to_rdflib

MIT = "https://opensource.org/license/mit"  # the datasets' licences, one IRI each
APACHE = "https://www.apache.org/licenses/LICENSE-2.0"
PRICE_COMPONENT = PREFIXES["pricecomp"]
MILLION_TOKENS = iri(PREFIXES["quantity"] + "1000000-tokens")


class Triples:
    """The triples of one converted named graph, as pyoxigraph terms: a set, as a graph is, without
    an rdflib Graph's indexes (filling those took half of a conversion; a converter only adds and
    tests membership)."""

    def __init__(self, identifier: str):
        self.identifier = identifier
        self._triples: set[tuple] = set()

    def add(self, triple: tuple) -> None:
        self._triples.add(triple)

    def __contains__(self, triple: tuple) -> bool:
        return triple in self._triples

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


@dataclass
class Conversion:
    """One dataset converted: its named graph and the source fields that found no home."""

    name: str
    version: str
    graph: Triples
    unmapped: Counter = field(default_factory=Counter)

    @property
    def graph_iri(self) -> URIRef:
        return URIRef(self.graph.identifier)

    @cached_property
    def rdflib_graph(self) -> Graph:
        """The named graph as an rdflib Graph, to read it in Python."""
        graph = Graph(identifier=self.graph_iri)
        bind_prefixes(graph)
        for s, p, o in self.graph:
            graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        return graph

    def quads(self) -> list[ox.Quad]:
        """The named graph as pyoxigraph quads (to add to a catalogue)."""
        graph_name = ox.NamedNode(self.graph.identifier)
        return [ox.Quad(s, p, o, graph_name) for s, p, o in self.graph]

    def trig(self) -> bytes:
        """The named graph as TriG, triples sorted (Oxigraph's writer: fast at this size)."""
        quads = sorted(self.quads(), key=str)
        # cast: with no output, ox.serialize returns bytes (its stub says bytes | None)
        text = cast(bytes, ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES)))
        lines = text.split(b"\n")
        header = sorted(line for line in lines if line.startswith(b"@prefix"))  # the writer's order varies
        return b"\n".join(header + [line for line in lines if not line.startswith(b"@prefix")])


class Minter:
    """IRIs of one external dataset: <BASE>ext/<dataset>/<kind>/<key>...; keys
    are percent-encoded, so an identifier of the source always maps to the same IRI."""

    def __init__(self, dataset: str):
        self.base = f"{BASE}ext/{dataset}/"

    def __call__(self, kind: str, *keys: str) -> NamedNode:
        return iri(self.base + kind + "/" + "/".join(quote(str(k), safe="") for k in keys))


def start(name: str, package: str, title: str, url: str, licence: str, retrieved: date,
          version: str) -> tuple[Conversion, NamedNode]:
    """A Conversion with its graph, and the Source node every converted triple derives from."""
    graph = Triples(f"{BASE}graph/ext/{name}/{version}")
    source = describe_source(graph, Minter(name)("source", version), f"{title} (Python package {package} {version})",
                             url, version, licence, retrieved)
    return Conversion(name, version, graph), source


def describe_source(graph: Triples, source: NamedNode, title: str, url: str, version: str, licence: str,
                    retrieved: date) -> NamedNode:
    """The Source node every triple of a converted dataset derives from: what, where, which
    version, under which licence, read when."""
    graph.add((source, RDF.type, ATLAS.Source))
    graph.add((source, RDF.type, VOID.Dataset))
    graph.add((source, DCTERMS.title, literal(title)))
    graph.add((source, ATLAS.sourceKind, iri(PREFIXES["sourcekind"] + "dataset")))
    graph.add((source, SDO.url, literal(url, datatype=XSD.anyURI)))
    graph.add((source, SDO.version, literal(version)))
    graph.add((source, DCTERMS.license, iri(licence)))
    graph.add((source, DCTERMS.created, literal(retrieved.isoformat(), datatype=XSD.date)))
    return source


def finish(conversion: Conversion, source: NamedNode) -> Conversion:
    """Record the triple count (including this statement) on the dataset description."""
    conversion.graph.add((source, VOID.triples, literal(len(conversion.graph) + 1, datatype=XSD.integer)))
    return conversion


def sourced(graph: Triples, node: NamedNode, rdf_type: NamedNode, source: NamedNode) -> NamedNode:
    graph.add((node, RDF.type, rdf_type))
    graph.add((node, PROV.wasDerivedFrom, source))
    return node


def decimal_literal(value) -> ox.Literal:
    """A price or score as xsd:decimal, written as the source gives it (floats by their repr)."""
    text = str(value) if not isinstance(value, float) else repr(value)
    return literal(format(Decimal(text), "f"), datatype=XSD.decimal)


def json_object(data: bytes, where: str, what: str) -> dict:
    """A snapshot's JSON object, its numbers as int or Decimal (a price keeps the digits the file
    writes: 1.0000000000000001e-07 is not rounded to a float's nearest)."""
    try:
        raw = json.loads(data, parse_float=Decimal)
    except ValueError as err:
        raise AtlasError(f"{where}: not JSON: {err}") from None
    if not isinstance(raw, dict):
        raise AtlasError(f"{where}: not a JSON object of {what}")
    return raw


def is_number(value) -> bool:
    """A number of a JSON file read by `json_object` (a boolean is not one)."""
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def date_literal(text: str) -> ox.Literal:
    """YYYY-MM-DD as xsd:date, YYYY-MM as xsd:gYearMonth, YYYY as xsd:gYear: the source's precision.
    An impossible date ('2025-02-31') is kept as written; SHACL reports it as ill-typed."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(text))
    if datatype is None:
        raise ValueError(f"not a date: {text!r}")
    return literal(text, datatype=datatype)


def add_price(graph: Triples, node: NamedNode, component: str, price, source: NamedNode, *,
              above_tokens: int | None = None, condition: str | None = None,
              valid_from: date | None = None, valid_through: date | None = None) -> NamedNode:
    """A USD unit price per million tokens of one component."""
    sourced(graph, node, SDO.UnitPriceSpecification, source)
    graph.add((node, ATLAS.priceComponent, iri(PRICE_COMPONENT + component)))
    graph.add((node, SDO.price, decimal_literal(price)))
    graph.add((node, SDO.priceCurrency, literal("USD")))
    graph.add((node, SDO.referenceQuantity, MILLION_TOKENS))  # defined once, in ontology/quantities.ttl
    if above_tokens is not None:
        graph.add((node, ATLAS.appliesAboveTokens, literal(above_tokens)))
    if condition is not None:
        graph.add((node, ATLAS.priceCondition, literal(condition)))
    if valid_from is not None:
        graph.add((node, SDO.validFrom, literal(valid_from.isoformat(), datatype=XSD.date)))
    if valid_through is not None:
        graph.add((node, SDO.validThrough, literal(valid_through.isoformat(), datatype=XSD.date)))
    return node
