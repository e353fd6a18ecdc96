"""Serialising the catalogue: Turtle, JSON-LD (inline context, nothing remote), N-Triples, TriG."""

from __future__ import annotations

from atlaskg.catalog import Catalog
from atlaskg.errors import AtlasError
from atlaskg.namespaces import PREFIXES

# CLI name -> (rdflib format, file extension)
FORMATS = {
    "turtle": ("turtle", ".ttl"),
    "jsonld": ("json-ld", ".jsonld"),
    "nt": ("nt", ".nt"),
    "trig": ("trig", ".trig"),
}


def serialize(catalog: Catalog, fmt: str = "turtle") -> bytes:
    """The catalogue in `fmt`; TriG keeps the named graphs, the other formats give their union."""
    if fmt not in FORMATS:
        raise AtlasError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
    rdflib_format = FORMATS[fmt][0]
    if fmt == "trig":
        return catalog.dataset.serialize(format="trig", encoding="utf-8")
    graph = catalog.union()
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(set(lines)))
    if fmt == "jsonld":
        return graph.serialize(format=rdflib_format, context=dict(PREFIXES), encoding="utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")
