"""Serialising the catalogue: Turtle, JSON-LD (inline context, nothing remote), N-Triples, TriG.

Output is canonical: blank nodes get labels derived from their content and triples are added in
sorted order, so building twice gives byte-identical files and diffs stay reviewable.
"""

from __future__ import annotations

import json

from rdflib import Dataset, Graph, Literal
from rdflib.compare import to_canonical_graph
from rdflib.namespace import XSD
from rdflib.plugin import Serializer, register
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer

from atlaskg.catalog import Catalog
from atlaskg.errors import AtlasError
from atlaskg.namespaces import PREFIXES, bind_prefixes


class _KeepDecimalLexicalForm:
    """rdflib writes "100"^^xsd:decimal as 100.0; the printed decimals set the checks' rounding
    tolerance, so such literals keep their exact lexical form."""

    def label(self, node, position):
        if isinstance(node, Literal) and node.datatype == XSD.decimal and "." not in node:
            return f'"{node}"^^{self.get_pname(XSD.decimal, True) or XSD.decimal.n3()}'
        return super().label(node, position)


class ExactTurtleSerializer(_KeepDecimalLexicalForm, TurtleSerializer):
    pass


class ExactTrigSerializer(_KeepDecimalLexicalForm, TrigSerializer):
    pass


register("atlaskg-turtle", Serializer, __name__, "ExactTurtleSerializer")
register("atlaskg-trig", Serializer, __name__, "ExactTrigSerializer")

# export format name -> file extension
FORMATS = {"turtle": ".ttl", "jsonld": ".jsonld", "nt": ".nt", "trig": ".trig"}


def serialize(catalog: Catalog, fmt: str = "turtle") -> bytes:
    """The catalogue in `fmt`; TriG keeps the named graphs, the other formats give their union."""
    if fmt not in FORMATS:
        raise AtlasError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
    if fmt == "trig":
        return _trig(catalog)
    graph = canonical(catalog.union())
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(set(lines)))
    if fmt == "jsonld":
        document = json.loads(graph.serialize(format="json-ld", context=dict(PREFIXES)))
        return (json.dumps(_sorted_jsonld(document), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return graph.serialize(format="atlaskg-turtle", encoding="utf-8")


def canonical(graph: Graph) -> Graph:
    """A copy of `graph` with content-derived blank node labels, triples inserted in sorted order."""
    result = Graph()
    bind_prefixes(result)
    for triple in sorted(to_canonical_graph(graph)):
        result.add(triple)
    return result


def _sorted_jsonld(node):
    """JSON-LD arrays are unordered (except @list): sort them so the file does not vary between runs."""
    if isinstance(node, dict):
        return {key: value if key == "@list" else _sorted_jsonld(value) for key, value in sorted(node.items())}
    if isinstance(node, list):
        items = [_sorted_jsonld(item) for item in node]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return node


def _trig(catalog: Catalog) -> bytes:
    """TriG with the named graphs in sorted order (rdflib's own order varies between runs)."""
    prefixes: set[str] = set()
    blocks: list[str] = []
    for named in sorted(catalog.dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(named) == 0:
            continue
        single = Dataset()
        bind_prefixes(single)
        target = single.graph(named.identifier)
        for triple in canonical(named):
            target.add(triple)
        text = single.serialize(format="atlaskg-trig")
        lines = text.splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        blocks.append("\n".join(line for line in lines if not line.startswith("@prefix")).strip())
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n\n".join(blocks) + "\n").encode("utf-8")
