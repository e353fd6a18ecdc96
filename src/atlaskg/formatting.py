"""One canonical Turtle form for data files, so diffs stay reviewable.

The form: the file's leading comment block, then the prefixes it uses (sorted), then its
subjects in rdflib's order (typed subjects first, sorted), each with sorted predicates and
objects, decimals in the lexical form the source printed. Comments elsewhere are not kept:
notes belong in the data (skos:editorialNote). Files are parsed by the strict parser, whose
blank node labels are stable, so the form needs no graph canonicalization.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.plugin import Serializer, register
from rdflib.plugins.serializers.turtle import TurtleSerializer

from atlaskg.fileio import write_atomic
from atlaskg.namespaces import bind_prefixes
from atlaskg.store import expand, parse_file
from atlaskg.store.terms import to_rdflib


class ExactTurtleSerializer(TurtleSerializer):
    """rdflib writes "100"^^xsd:decimal as 100.0; the printed decimals set the checks' rounding
    tolerance, so such literals keep their exact lexical form."""

    def label(self, node, position):
        if isinstance(node, Literal) and node.datatype == XSD.decimal and "." not in node:
            return f'"{node}"^^{self.get_pname(XSD.decimal, True) or XSD.decimal.n3()}'
        return super().label(node, position)


register("atlaskg-turtle", Serializer, __name__, "ExactTurtleSerializer")


def canonical_text(path: Path) -> str:
    """The canonical text of a Turtle file."""
    original = Path(path).read_text(encoding="utf-8")
    header = []
    for line in original.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.rstrip())
    body = Graph()
    bind_prefixes(body)
    triples = {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
               for q in parse_file(path, ox.NamedNode("urn:atlaskg:fmt"))}
    for triple in sorted(triples):
        body.add(triple)
    text = body.serialize(format="atlaskg-turtle").strip() + "\n"
    return ("\n".join(header) + "\n\n" if header else "") + text


def unformatted(paths) -> list[Path]:
    """The Turtle files among `paths` whose text is not canonical."""
    return [p for p in expand(paths) if p.suffix == ".ttl"
            and p.read_text(encoding="utf-8") != canonical_text(p)]


def format_files(paths) -> list[Path]:
    """Rewrite the files that are not canonical (atomically); returns them."""
    changed = unformatted(paths)
    for path in changed:
        write_atomic(path, canonical_text(path).encode("utf-8"))
    return changed
