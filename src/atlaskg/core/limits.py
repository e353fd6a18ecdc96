"""Bounds on the work an input may cause, checked before it reaches a parser, writer or engine.

- Depth: JSON-LD objects and arrays, blank nodes inside blank nodes, brackets in SPARQL.
  Oxigraph's SPARQL parser overflows its stack, killing the process, near 5,000 levels;
  rdflib's writers recurse once per nested blank node. `atlaskg --max-depth`.
- JSON-LD scoped contexts: a context attached to a type or a property is applied again at every
  node that uses it, so the parser's work grows with terms x nodes (a 1 MB file took minutes).
  The work is counted as term definitions applied, summed over nodes. `atlaskg --max-jsonld-work`.

One value of each per process (LIMITS), set by the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_JSONLD_WORK = 2_000_000  # about two seconds of Oxigraph's JSON-LD parser


@dataclass
class Limits:
    max_depth: int = DEFAULT_MAX_DEPTH
    max_jsonld_work: int = DEFAULT_MAX_JSONLD_WORK

    def configure(self, **values: int) -> None:
        """Set some limits; each must be a positive whole number."""
        known = {field.name for field in fields(self)}
        for name, value in values.items():
            if name not in known:
                raise ValueError(f"no limit named {name!r}")
            if value < 1:
                raise ValueError(f"the limit {name} must be at least 1")
            setattr(self, name, value)


LIMITS = Limits()
