"""A model's card: every fact about it with its sources, as text for people or as RDF.

The card is the CONSTRUCT of queries/describe-model.rq, read as pyoxigraph terms (`Card`): the
command line's `describe` imports no rdflib, which takes longer to import (~0.1 s) than the card
takes to build. The Python API's `atlaskg.describe` makes the same triples an rdflib Graph."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import cast
from urllib.parse import unquote

import pyoxigraph as ox

from atlaskg.names.namespaces import BASE, PREFIXES
from atlaskg.query import Result, internal_query, run, run_named
from atlaskg.query.output import graph_text
from atlaskg.store import Catalog, compact

_ATLAS, _SDO, _DCTERMS, _PROV, _SKOS, _DQV, _RDF, _XSD = (
    PREFIXES[p] for p in ("atlas", "schema", "dcterms", "prov", "skos", "dqv", "rdf", "xsd"))
_TYPE = ox.NamedNode(_RDF + "type")
_NAME = ox.NamedNode(_SDO + "name")
_TITLE = ox.NamedNode(_DCTERMS + "title")
_READ_IN = ox.NamedNode(_PROV + "wasDerivedFrom")
_SOURCE_LINKS = (_READ_IN, ox.NamedNode(_PROV + "hadPrimarySource"))
_REUSED_LABELS: dict[str, str] = {
    _SDO + "name": "name", _SDO + "description": "description", _SDO + "creator": "developer",
    _SDO + "datePublished": "release date", _SDO + "isPartOf": "family", _DCTERMS + "license": "licence",
    _SDO + "itemOffered": "model", _SDO + "priceSpecification": "price", _SDO + "price": "price",
    _SDO + "priceCurrency": "currency", _SDO + "referenceQuantity": "per", _DCTERMS + "date": "date",
    _SKOS + "note": "note", _SKOS + "editorialNote": "editorial note", _SDO + "minValue": "at least",
    _SDO + "maxValue": "at most", _DCTERMS + "modified": "updated", _SKOS + "exactMatch": "same model in",
    _SKOS + "closeMatch": "close match in", _SKOS + "relatedMatch": "related in", _SKOS + "broadMatch": "broader in",
    _SKOS + "narrowMatch": "narrower in", _SDO + "availabilityStarts": "available from",
    _SDO + "availabilityEnds": "available until", _SDO + "validFrom": "valid from",
    _SDO + "validThrough": "valid through", _DQV + "computedOn": "model", _DQV + "value": "value"}
_EXTERNAL_MODEL = re.compile(rf"^{re.escape(BASE)}ext/([^/]+)/model/(.+)$")
_KIND_ORDER = [ox.NamedNode(iri) for iri in (
    _ATLAS + "Model", _ATLAS + "Offering", _SDO + "UnitPriceSpecification", _ATLAS + "LifecycleEvent",
    _ATLAS + "BenchmarkResult", _ATLAS + "ComparisonClaim", _ATLAS + "SafetyFinding")]
_NUMBERS = {_XSD + name for name in (
    "decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Card:
    """The card's triples, each once in the answer's order, indexed subject -> predicate ->
    objects: all that the text reads."""

    def __init__(self, triples: list[ox.Triple]):
        self.triples = list(dict.fromkeys(triples))
        self._facts: dict[Term, dict[ox.NamedNode, list[Term]]] = {}
        for triple in self.triples:  # casts: pyoxigraph's types allow quoted triples, which the atlas has none of
            subject, value = cast(Term, triple.subject), cast(Term, triple.object)
            self._facts.setdefault(subject, {}).setdefault(triple.predicate, []).append(value)

    def objects(self, node: Term, predicate: ox.NamedNode) -> list[Term]:
        return self._facts.get(node, {}).get(predicate, [])

    def value(self, node: Term, predicate: ox.NamedNode) -> str:
        """The first object's text ('' if none), as rdflib's Graph.value gave it."""
        found = self.objects(node, predicate)
        return found[0].value if found else ""

    def facts(self, node: Term) -> list[tuple[ox.NamedNode, Term]]:
        """The node's (predicate, object) pairs, sorted as the card has always listed them."""
        pairs = [(p, o) for p, objects in self._facts.get(node, {}).items() for o in objects]
        return sorted(pairs, key=lambda pair: (pair[0].value, order(pair[1])))

    def of_kind(self, kind: ox.NamedNode) -> list[Term]:
        return sorted((s for s, facts in self._facts.items() if kind in facts.get(_TYPE, ())), key=order)


def order(term: Term) -> tuple:
    """rdflib's order of terms, which the card was sorted by when it was an rdflib graph (and so
    still is): blank nodes, then IRIs, then literals; nodes by their text; literals of a number
    datatype by value, the others by datatype (a language-tagged literal counts as a string),
    untagged before tagged, then by text. (rdflib compares two numbers of different datatypes by
    value and a number with another literal by datatype; a card never mixes the two in one fact:
    the atlas states each property of a node in one datatype.)"""
    if not isinstance(term, ox.Literal):
        return (10 if isinstance(term, ox.BlankNode) else 30, term.value)
    datatype = _XSD + "string" if term.language else term.datatype.value
    if datatype in _NUMBERS:
        try:
            return (40, _XSD + "decimal", "", Decimal(term.value))
        except InvalidOperation:  # ill-typed: rdflib compares its text
            pass
    return (40, datatype, term.language or "", term.value)


def describe_model(catalog: Catalog, model: str) -> Result:
    """The CONSTRUCT of queries/describe-model.rq for `model` (any name the resolver accepts)."""
    return run_named(catalog, "describe-model", {"model": model})


def serialize_card(card: Card, fmt: str) -> str:
    """The card as Turtle or JSON-LD."""
    return graph_text(card.triples, ox.RdfFormat.JSON_LD if fmt == "jsonld" else ox.RdfFormat.TURTLE)


def card_text(catalog: Catalog, card: Card) -> str:
    """Nodes grouped by kind, each fact as 'label: value', each node with its sources."""
    labels = _labels(catalog, card)
    lines: list[str] = []
    for kind in _KIND_ORDER:
        nodes = card.of_kind(kind)
        if nodes:
            lines.append(f"{_label(labels, kind)} ({len(nodes)})")
        for node in nodes:
            lines.append(f"  {compact(node)}")
            for predicate, value in card.facts(node):
                if predicate == _TYPE or predicate in _SOURCE_LINKS:
                    continue
                lines.append(f"    {_label(labels, predicate)}: {_value(labels, card, value)}")
            for link in _SOURCE_LINKS:
                for source in sorted(card.objects(node, link), key=order):
                    title = card.value(source, _TITLE) or compact(source)
                    relation = "read in" if link == _READ_IN else "cited source"
                    lines.append(f"    [{relation}: {title}]")
    return "\n".join(lines) + "\n"


def _labels(catalog: Catalog, card: Card) -> dict[str, str]:
    """Labels of every IRI the card mentions (properties, classes, concepts), in one query."""
    terms = {t.value for triple in card.triples for t in triple if isinstance(t, ox.NamedNode)}
    terms |= {kind.value for kind in _KIND_ORDER}
    safe = [t for t in terms if not any(c in t for c in '<>"{}|^`\\ ')]
    labels: dict[str, str] = {}
    named = {"term": [ox.NamedNode(t) for t in sorted(safe)]}
    for term, label in run(catalog, internal_query("query-labels").text, named).rows:
        labels.setdefault(term.value, label.value)
    return labels


def _label(labels: dict[str, str], term: ox.NamedNode) -> str:
    return _REUSED_LABELS.get(term.value) or labels.get(term.value) or compact(term)


def _value(labels: dict[str, str], card: Card, value: Term) -> str:
    if isinstance(value, ox.Literal):
        return value.value
    if isinstance(value, ox.BlankNode):
        parts = [f"{_label(labels, p)} {o.value}" for p, o in card.facts(value) if p != _TYPE]
        return "[" + ", ".join(parts) + "]"
    label = card.value(value, _NAME) or labels.get(value.value)
    external = _EXTERNAL_MODEL.match(value.value)
    if label is None and external:  # a mapped entry of an imported dataset: its dataset and its key
        return f"{external.group(1)}: {unquote(external.group(2))}"
    return f"{label} ({compact(value)})" if label is not None else compact(value)
