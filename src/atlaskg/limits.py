"""Bounds on the work an input may cause, checked before it reaches a parser, writer or engine.

- Depth: JSON-LD objects and arrays, blank nodes inside blank nodes, brackets in SPARQL.
  Oxigraph's SPARQL parser overflows its stack, killing the process, near 5,000 levels;
  rdflib's writers recurse once per nested blank node. `atlaskg --max-depth`.
- JSON-LD scoped contexts: a context attached to a type or a property is applied again at every
  node that uses it, so the parser's work grows with terms x nodes (a 1 MB file took minutes).
  The work is counted as term definitions applied, summed over nodes. `atlaskg --max-jsonld-work`.

One value of each per process, set by the command line.
"""

from __future__ import annotations

DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_JSONLD_WORK = 2_000_000  # about two seconds of Oxigraph's JSON-LD parser
_max_depth = DEFAULT_MAX_DEPTH
_max_jsonld_work = DEFAULT_MAX_JSONLD_WORK


def max_depth() -> int:
    return _max_depth


def set_max_depth(value: int) -> None:
    global _max_depth
    if value < 1:
        raise ValueError("the nesting limit must be at least 1")
    _max_depth = value


def max_jsonld_work() -> int:
    return _max_jsonld_work


def set_max_jsonld_work(value: int) -> None:
    global _max_jsonld_work
    if value < 1:
        raise ValueError("the JSON-LD work limit must be at least 1")
    _max_jsonld_work = value
