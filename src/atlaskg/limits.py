"""How deep input may nest: JSON-LD objects and arrays, blank nodes inside blank nodes, brackets
in SPARQL. Deeper input is refused before it reaches a parser, writer or engine that recurses
(Oxigraph's SPARQL parser overflows its stack, killing the process, near 5,000 levels; rdflib's
writers recurse once per nested blank node). One value per process, set by `atlaskg --max-depth`.
"""

from __future__ import annotations

DEFAULT_MAX_DEPTH = 64
_max_depth = DEFAULT_MAX_DEPTH


def max_depth() -> int:
    return _max_depth


def set_max_depth(value: int) -> None:
    global _max_depth
    if value < 1:
        raise ValueError("the nesting limit must be at least 1")
    _max_depth = value
