"""One canonical Turtle form for data files, so diffs stay reviewable.

The form: the file's leading comment block, then the prefixes it uses (sorted), then its
subjects in rdflib's order (typed subjects first, sorted), each with sorted predicates and
objects, decimals in the lexical form the source printed. Comments elsewhere are not kept:
notes belong in the data (skos:editorialNote).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from atlaskg.catalog import expand, parse_file
from atlaskg.export import canonical
from atlaskg.fileio import write_atomic


def canonical_text(path: Path, graph: Graph | None = None) -> str:
    """The canonical text of a Turtle file (of `graph` instead of the file's triples, if given)."""
    original = Path(path).read_text(encoding="utf-8")
    header = []
    for line in original.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.rstrip())
    body = canonical(graph if graph is not None else parse_file(path))
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
