"""One canonical Turtle form for data files, so diffs stay reviewable.

The form: the file's leading comment block, then the prefixes it uses (sorted), then its
subjects in rdflib's order (typed subjects first, sorted), each with sorted predicates and
objects, decimals in the lexical form the source printed, the file's own prefix names. A file
whose canonical form would lose something (a comment outside the leading block, a lexical form
rdflib rewrites) is refused, never rewritten. Files are parsed by the strict parser, whose
blank node labels are stable, so the form needs no graph canonicalization.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.plugin import Serializer, register
from rdflib.plugins.serializers.turtle import TurtleSerializer

from atlaskg.core.errors import WouldDamage
from atlaskg.core.files import write_atomic
from atlaskg.names.namespaces import bind_prefixes
from atlaskg.store import expand, parse_file, read_text
from atlaskg.store.terms import to_rdflib


class ExactTurtleSerializer(TurtleSerializer):
    """rdflib writes "100"^^xsd:decimal as 100.0; the printed decimals set the checks' rounding
    tolerance, so such literals keep their exact lexical form."""

    def label(self, node, position):
        if isinstance(node, Literal) and node.datatype == XSD.decimal and "." not in node:
            return f'"{node}"^^{self.get_pname(XSD.decimal, True) or XSD.decimal.n3()}'
        return super().label(node, position)


register("atlaskg-turtle", Serializer, __name__, "ExactTurtleSerializer")

_PREFIX_DECLARATION = re.compile(r"^[ \t]*(?:@prefix|PREFIX)[ \t]+([A-Za-z][\w.-]*):[ \t]*<([^>]*)>", re.M | re.I)
# strings, IRIs and comments of Turtle, so that a '#' inside a string or an IRI is no comment
_TURTLE_LEXEME = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}'''
                            r'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*''', re.S)


def canonical_text(path: Path) -> str:
    """The canonical text of a Turtle file; WouldDamage when that text would lose a comment or
    change a term (a lexical form rdflib rewrites, "007" as 7)."""
    path = Path(path)
    original = read_text(path)  # strict: a non-UTF-8 file is an error naming it
    header = []
    for line in original.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.rstrip())
    _refuse_inner_comments(path, original, len(header))
    body = Graph()
    bind_prefixes(body)
    for prefix, namespace in _PREFIX_DECLARATION.findall(original):  # the file's own names are kept
        body.bind(prefix, namespace, override=True, replace=True)
    quads = parse_file(path, ox.NamedNode("urn:atlaskg:fmt"))
    for triple in sorted({(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads}):
        body.add(triple)
    text = body.serialize(format="atlaskg-turtle").strip() + "\n"
    _refuse_changed_terms(path, quads, text)
    return ("\n".join(header) + "\n\n" if header else "") + text


def _refuse_inner_comments(path: Path, text: str, header_lines: int) -> None:
    """Only the leading comment block survives the canonical form; other comments would be lost."""
    for match in _TURTLE_LEXEME.finditer(text):
        if match.group(0).startswith("#"):
            line = text.count("\n", 0, match.start()) + 1
            if line > header_lines:
                raise WouldDamage(f"{path}:{line}: fmt would drop this comment; move it into the leading "
                                  "comment block or into the data (skos:editorialNote); the file was not changed")


def _refuse_changed_terms(path: Path, before: list[ox.Quad], text: str) -> None:
    """The canonical text must hold exactly the triples of the file, lexical forms included
    (triples with blank nodes are compared with the blank nodes left out)."""
    def shapes(triples) -> Counter:
        return Counter(" ".join("_:" if isinstance(term, ox.BlankNode) else str(term)
                                for term in (triple.subject, triple.predicate, triple.object))
                       for triple in triples)
    lost = shapes(before) - shapes(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    if lost:
        raise WouldDamage(f"{path}: fmt would change the triple {next(iter(lost))} (rdflib rewrites that "
                          "lexical form); the file was not changed")


def unformatted(paths) -> list[Path]:
    """The Turtle files among `paths` whose text is not canonical."""
    return [p for p in expand(paths) if p.suffix == ".ttl"
            and read_text(p) != canonical_text(p)]


def format_files(paths) -> list[Path]:
    """Rewrite the files that are not canonical (atomically); returns them."""
    changed = unformatted(paths)
    for path in changed:
        write_atomic(path, canonical_text(path).encode("utf-8"))
    return changed
