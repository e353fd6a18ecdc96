"""Serialising the catalogue: Turtle, JSON-LD, N-Triples, TriG and N-Quads, by Oxigraph's writers.

Output is stable without graph canonicalization: data files and importers mint IRIs, the parser
gives the blank nodes of user files labels derived from their file and order, and quads are
written in sorted order, so building twice gives byte-identical files. Literals keep the lexical
form their source printed ("72.0"^^xsd:decimal stays 72.0).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import cast

import pyoxigraph as ox

from atlaskg.core.errors import AtlasError
from atlaskg.names.namespaces import PREFIXES
from atlaskg.store import Catalog

# export format name -> file extension
FORMATS = {"turtle": ".ttl", "jsonld": ".jsonld", "nt": ".nt", "trig": ".trig", "nq": ".nq"}
_WRITERS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG}
_SORTED_PREFIXES = dict(sorted(PREFIXES.items()))


def serialize(catalog: Catalog, fmt: str = "turtle") -> bytes:
    """The catalogue in `fmt`; TriG and N-Quads keep the named graphs, the others give their union."""
    return next(serialize_each(catalog, [fmt]))[1]


def serialize_each(catalog: Catalog, formats, lines: list[bytes] | None = None) -> Iterator[tuple[str, bytes]]:
    """(format, bytes) for each format in turn, all from one dump of the store (its N-Quads
    `lines`, when the caller has them) and one sort of its triples: a build writes all five,
    and holds one of them in memory at a time."""
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise AtlasError(f"unknown export format '{unknown[0]}' (choose from {', '.join(FORMATS)})")
    lines = catalog.nquads() if lines is None else lines
    ordered: list[bytes] | None = None
    triples: list[bytes] | None = None
    for fmt in formats:
        if fmt in ("nq", "trig"):
            ordered = ordered if ordered is not None else sorted(lines)
            yield fmt, (_joined(ordered) if fmt == "nq" else
                        _write(sorted(ordered, key=_graph_name), ox.RdfFormat.TRIG))  # stable: sorted in each graph
        else:
            triples = triples if triples is not None else sorted({_triple_line(line) for line in lines})
            yield fmt, (_joined(triples) if fmt == "nt" else _jsonld(triples) if fmt == "jsonld"
                        else _write(triples, ox.RdfFormat.TURTLE))


def _joined(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""


def _write(lines: list[bytes], fmt: ox.RdfFormat) -> bytes:
    """Oxigraph's writer over sorted N-Quads lines (order kept, subjects grouped)."""
    source = ox.RdfFormat.N_QUADS if fmt == ox.RdfFormat.TRIG else ox.RdfFormat.N_TRIPLES
    quads = ox.parse(_joined(lines), format=source)
    # cast: with no output, ox.serialize returns bytes (its stub says bytes | None)
    return cast(bytes, ox.serialize(quads, format=fmt, prefixes=_SORTED_PREFIXES))


def _jsonld(triples: list[bytes]) -> bytes:
    """JSON-LD in expanded form (no context to fetch or to trust), one node per line so that a
    release diffs line by line: Oxigraph's writer run on each subject's sorted triples (twice as
    fast as re-encoding its one-line document through json)."""
    # cast: with no output, ox.serialize returns bytes (its stub says bytes | None)
    nodes = [cast(bytes, ox.serialize(ox.parse(b"\n".join(group) + b"\n", format=ox.RdfFormat.N_TRIPLES),
                                      format=ox.RdfFormat.JSON_LD)).strip()[1:-1]
             for _, group in itertools.groupby(triples, key=lambda line: line[: line.index(b" ")])]
    return b"[\n" + b",\n".join(nodes) + b"\n]\n" if nodes else b"[]\n"


def _triple_line(line: bytes) -> bytes:
    """An N-Quads line without its graph name (every line of the catalogue names one)."""
    return line[: line.rindex(b" <", 0, len(line) - 2)] + b" ."


def _graph_name(line: bytes) -> bytes:
    return line[line.rindex(b" <", 0, len(line) - 2):]
