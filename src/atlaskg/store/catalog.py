"""The catalogue: a pyoxigraph Store holding named graphs (the ontology, one graph per data file,
the mappings, one per user file or imported dataset), so the origin of every triple stays known.

Only this class touches the store. Queries run on Oxigraph with the union of the graphs as the
default graph; exports and validation read the quads back with the printed lexical forms restored.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from atlaskg.core.errors import LoadError
from atlaskg.core.resources import BUNDLED, data_root
from atlaskg.names.namespaces import GRAPHS, PREFIXES, bind_prefixes
from atlaskg.store.parsing import MAX_FILE_BYTES, read_file, syntax_error
from atlaskg.store.printed import nquad, printed_forms, restore

if TYPE_CHECKING:  # imported where used: a query on the catalogue needs no rdflib (~0.1 s to import)
    from rdflib import Dataset, Graph

_COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
_RESERVED_GRAPHS = tuple(GRAPHS + name for name in ("data/", "ontology", "mappings"))
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


class Catalog:
    """The loaded graphs, the file each graph came from, and the printed forms of their literals."""

    def __init__(self, store: ox.Store | None = None, files: dict[str, Path] | None = None,
                 printed: dict[str, list[str]] | Callable[[], dict[str, list[str]]] | None = None):
        self._store = store if store is not None else ox.Store()
        self.files: dict[str, Path] = files or {}
        self._printed = printed if printed is not None else {}
        self._subject_lines: dict[Path, dict[str, int]] = {}
        self.built_store: Path | None = None  # the build's store these graphs were opened from, read-only: its
        # verdicts (built.CHECKS_FILE, built.INTEGRITY_FILE) are on exactly these graphs

    def __repr__(self) -> str:
        return f"<Catalog: {len(self._store)} quads in {len(self.graph_names())} graphs>"

    @property
    def printed(self) -> dict[str, list[str]]:
        """The printed forms of literals; given as a function, read on first use (a built store's
        are megabytes of JSON that exports and validation need and a query never does)."""
        if callable(self._printed):
            self._printed = self._printed()
        return self._printed

    # -- filling -------------------------------------------------------------------------------
    def add_file(self, path: Path, graph: str, max_file_bytes: int = MAX_FILE_BYTES) -> None:
        """Parse one file strictly and add it whole (a parse error adds nothing)."""
        parsed = read_file(path, ox.NamedNode(graph), max_file_bytes)
        names = {q.graph_name.value for q in parsed.parsed if isinstance(q.graph_name, ox.NamedNode)} | {graph}
        self._refuse_forged_origin(Path(path), names - {graph})
        if parsed.native is None:
            self.add_quads(parsed.quads())  # the parsed quads: cheaper than letting the store parse again
        else:
            try:  # transactional: a syntax error adds nothing
                self._store.load(parsed.native, format=ox.RdfFormat.N_TRIPLES, to_graph=parsed.graph)
            except SyntaxError as err:
                raise syntax_error(Path(path), err) from None
            self.printed.update(printed_forms([ox.Quad(t.subject, t.predicate, t.object, parsed.graph)
                                               for t in parsed.parsed]))
        for name in names:
            self.files.setdefault(name, Path(path))

    def _refuse_forged_origin(self, path: Path, named_in_file: set[str]) -> None:
        """A TriG or N-Quads file may name its own graphs, but not one that another file fills or
        that only the bundled data may fill: its triples would be attributed to that file."""
        for name in sorted(named_in_file):
            owner = self.files.get(name)
            if (owner is not None and owner.resolve() != path.resolve()) or name.startswith(_RESERVED_GRAPHS):
                whose = f"of {owner}" if owner is not None else "reserved for the bundled data"
                raise LoadError(f"{path}: refused: it writes into the graph <{name}> {whose}")

    def add_quads(self, quads: list[ox.Quad]) -> None:
        self.printed.update(printed_forms(quads))
        self._store.extend(quads)

    def copy_to(self, directory: Path) -> None:
        """Write the quads into a new on-disk Oxigraph store at `directory`."""
        disk = ox.Store(str(directory))
        disk.bulk_load(self._store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        disk.flush()

    def remove_graph(self, name: str) -> None:
        self._store.remove_graph(ox.NamedNode(name))

    # -- reading -------------------------------------------------------------------------------
    def query(self, text: str, substitutions: dict | None = None):
        """Run SPARQL on the union of the graphs: a bool, an iterator of triples or of solutions.
        Callers check the text first (atlaskg.query refuses updates and SERVICE)."""
        return self._store.query(text, use_default_graph_as_union=True, substitutions=substitutions)

    def quads_in(self, graph: str) -> list[ox.Quad]:
        return list(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def quads_with(self, predicate: str) -> Iterator[ox.Quad]:
        """Every quad with this predicate, in any graph."""
        return self._store.quads_for_pattern(None, ox.NamedNode(predicate), None)

    def quads_around(self, nodes, incoming: bool = False, predicates=None, skip_graph: str | None = None
                     ) -> list[ox.Quad]:
        """The quads with a node of `nodes` as subject (or object, when `incoming`), only with the
        given predicates if any, leaving out one graph (the stale copy of a changed file)."""
        skip = ox.NamedNode(skip_graph) if skip_graph else None
        found: list[ox.Quad] = []
        for node in nodes:
            for predicate in predicates or (None,):
                pattern = (None, predicate, node) if incoming else (node, predicate, None)
                quads = self._store.quads_for_pattern(*pattern)
                # without a graph to leave out, the quads as they come: reading each one's graph
                # name took half the time of comparing the datasets
                found.extend(quads if skip is None else (q for q in quads if q.graph_name != skip))
        return found

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self) -> int:
        """Distinct triples over all graphs (a triple stated in two files counts once)."""
        return int(next(iter(self.query(_COUNT_TRIPLES)))["n"].value)

    def nquads(self, graph: str | None = None) -> list[bytes]:
        """Every quad (or one graph's) as UTF-8 N-Quads lines, printed forms restored, unsorted.
        Bytes, not text: at a million quads decoding alone would cost more than the dump."""
        # cast: with no output, Store.dump returns bytes (its stub says bytes | None)
        dump = cast(bytes, self._store.dump(format=ox.RdfFormat.N_QUADS) if graph is None else
                    self._store.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(graph)))
        lines = dump.split(b"\n")
        lines.pop()  # the dump ends with a newline
        if graph is not None:  # a graph dump is N-Triples; give it its graph back
            suffix = f" <{graph}> .".encode()
            lines = [line[:-2] + suffix for line in lines]
        return restore(lines, self.printed)

    def to_rdflib(self) -> Graph:
        """The union of the graphs as an rdflib Graph, printed forms kept (for users of rdflib and
        for pySHACL, the reference engine)."""
        from rdflib import Graph

        dataset = self.to_rdflib_dataset()
        union = Graph()
        bind_prefixes(union)
        for triple in dataset.triples((None, None, None)):
            union.add(triple)
        return union

    def to_rdflib_dataset(self) -> Dataset:
        """The named graphs as an rdflib Dataset."""
        from rdflib import Dataset

        dataset = Dataset(default_union=True)
        bind_prefixes(dataset)
        dataset.parse(io.BytesIO(b"\n".join(self.nquads()) + b"\n"), format="nquads")
        return dataset

    def locate(self, node, predicate=None) -> str:
        """'file:line' where `node` is described, best effort; '' when unknown. With `predicate`
        (the property a finding is about), a file stating it wins: a user's file that adds a
        triple to a curated model is blamed for that triple, not the curated file."""
        iri = _text(node)
        if not iri or iri.startswith("_:") or not _safe(iri):
            return ""
        graphs: list[str] = []
        if predicate is not None and _safe(_text(predicate)):
            graphs = self._graphs_of(f"<{iri}> <{_text(predicate)}> ?o")
        for graph in graphs or self._graphs_of(f"<{iri}> ?p ?o"):
            path = self.files.get(graph)
            if path is None:
                continue
            if path not in self._subject_lines:
                self._subject_lines[path] = _subject_lines(path)
            lines = self._subject_lines[path]
            line = lines.get(f"<{iri}>") or lines.get(compact(iri))
            return f"{_shown(path)}:{line}" if line else _shown(path)
        return ""

    def _graphs_of(self, pattern: str) -> list[str]:
        """The graphs holding `pattern`, the bundled ones last (a user's file is the likelier cause)."""
        found = {row["g"].value for row in self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}")}
        return sorted(found, key=lambda graph: (graph.startswith(_RESERVED_GRAPHS), graph))


def compact(term) -> str:
    """`prefix:local` for an IRI in a namespace of atlaskg's prefix map, else `<IRI>`; literals as text."""
    text = _text(term)
    if isinstance(term, (ox.Literal, ox.BlankNode)) or _of_rdflib(term, "Literal", "BNode") or term is None:
        return text
    for prefix, namespace in _BY_LENGTH:
        if text.startswith(namespace) and _plain_local(text[len(namespace):]):
            return f"{prefix}:{text[len(namespace):]}"
    return f"<{text}>"


def _plain_local(local: str) -> bool:
    return bool(local) and all(c.isalnum() or c in "-_." for c in local) and not local.endswith(".")


def _text(term) -> str:
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if _of_rdflib(term, "BNode"):
        return f"_:{term}"
    return str(term) if term is not None else ""


def _of_rdflib(term, *classes: str) -> bool:
    """Whether `term` is of one of these rdflib classes, without importing rdflib: a term can be
    one only once rdflib is imported, and rendering a query's answer needs no rdflib."""
    rdflib = sys.modules.get("rdflib")
    return rdflib is not None and isinstance(term, tuple(getattr(rdflib, name) for name in classes))


def _safe(iri: str) -> bool:
    return not any(c in iri for c in '<>"{}|^`\\ \n')


def _subject_lines(path: Path) -> dict[str, int]:
    """For each line that starts a subject (a prefixed name or <IRI>, then a space), its number."""
    lines: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    for number, line in enumerate(text.splitlines(), start=1):
        token = line.strip().split(" ", 1)[0]
        if token and not token.startswith(("#", "@", ";", ",", ".", "[", "]", '"')):
            lines.setdefault(token, number)
    return lines


__all__ = ["Catalog", "compact", "nquad"]


def _shown(path: Path) -> str:
    """A file as findings name it: a bundled file by its place in the checkout (data/claims/x.ttl),
    so no published report carries the building machine's folders; a user's file as given."""
    try:
        place = Path(path).resolve().relative_to(data_root())
    except ValueError:
        return str(path)
    return place.as_posix() if place.parts[0] in BUNDLED else str(path)
