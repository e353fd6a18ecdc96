"""The terms converters write, made as pyoxigraph terms: a converted dataset is hundreds of
thousands of triples, and an rdflib Literal costs ten to twenty times what a pyoxigraph one does
to make (and would then be converted again to enter the store)."""

from __future__ import annotations

import pyoxigraph as ox
from pyoxigraph import NamedNode
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import PROV as _PROV
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import SDO as _SDO
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import VOID as _VOID
from rdflib.namespace import XSD as _XSD

from atlaskg.names.namespaces import ATLAS as _ATLAS


class Namespace:
    """`namespace.term` as a NamedNode, each made once."""

    def __init__(self, base: str):
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = NamedNode(self._base + name)
        setattr(self, name, node)
        return node


ATLAS, DCTERMS, PROV, RDF, SDO, SKOS, VOID, XSD = (Namespace(str(namespace)) for namespace in (
    _ATLAS, _DCTERMS, _PROV, _RDF, _SDO, _SKOS, _VOID, _XSD))


def iri(text: str) -> NamedNode:
    return NamedNode(text)


def literal(value: str | int, datatype: NamedNode | None = None) -> ox.Literal:
    """A string (plain, or of `datatype`) or an integer (xsd:integer), as rdflib would write it."""
    if isinstance(value, bool):
        raise TypeError("booleans are not written by the converters")
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=datatype or XSD.integer)
    return ox.Literal(value, datatype=datatype) if datatype is not None else ox.Literal(value)


__all__ = ["ATLAS", "DCTERMS", "PROV", "RDF", "SDO", "SKOS", "VOID", "XSD", "NamedNode", "iri", "literal"]
