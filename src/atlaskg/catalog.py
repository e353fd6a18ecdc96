"""Loading the catalogue: the one place that chooses the store and parses files strictly.

The catalogue is an rdflib Dataset whose default graph is the union of its named graphs: the
ontology and vocabularies, one graph per bundled data file, and one per user file, so the origin
of every triple stays known. The store is chosen here only, so the engine can change without
touching queries or commands.

Turtle and N-Triples are parsed by Oxigraph, which follows the specifications where rdflib is
lenient (it rejects IRIs with spaces, literals with both a language and a datatype, bad escapes,
relative IRIs) and reports line and column. JSON-LD is parsed by rdflib with inline contexts only.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL
from rdflib.term import Node

from atlaskg.errors import LoadError
from atlaskg.mappings import bundled_mapping_files, read_sssom, to_graph
from atlaskg.namespaces import GRAPH, bind_prefixes
from atlaskg.resources import bundled_dir, bundled_files

# The format follows the extension, never a guess from the content.
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG,
           ".jsonld": "json-ld"}
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_JSON_DEPTH = 64
ONTOLOGY_GRAPH = GRAPH.ontology
MAPPINGS_GRAPH = GRAPH.mappings
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class Catalog:
    """The loaded graphs, and for each subject the files that describe it."""

    dataset: Dataset
    origins: dict[Node, list[Path]] = field(default_factory=dict)
    _subject_lines: dict[Path, dict[str, int]] = field(default_factory=dict, repr=False)

    def union(self) -> Graph:
        """All graphs merged into one plain Graph (what SHACL validation needs)."""
        merged = Graph()
        bind_prefixes(merged)
        for triple in self.dataset.triples((None, None, None)):
            merged.add(triple)
        return merged

    def locate(self, node: Node) -> str:
        """'file:line' where `node` is first described, best effort; '' when unknown."""
        for path in self.origins.get(node, []):
            if path not in self._subject_lines:
                self._subject_lines[path] = _subject_lines(path)
            lines = self._subject_lines[path]
            line = lines.get(f"<{node}>") or lines.get(self.compact(node))
            return f"{path}:{line}" if line else str(path)
        return ""

    def compact(self, node: Node) -> str:
        """A short form of `node` for people: prefixed name where a prefix is bound."""
        if isinstance(node, URIRef):
            try:
                return self.dataset.namespace_manager.normalizeUri(node)
            except Exception:
                return str(node)
        return str(node)


def names_only() -> Catalog:
    """An empty catalogue with atlaskg's prefixes: enough to show IRIs as prefixed names without
    loading any data (remote results, diffs of builds)."""
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    return Catalog(dataset)


def load(paths=(), bundled: bool = True, max_file_bytes: int = MAX_FILE_BYTES) -> Catalog:
    """Load the bundled ontology and data (unless `bundled` is False) plus the files in `paths`.

    A file is loaded whole or not at all; any error names the file and, where known, the line.
    """
    catalog = names_only()
    dataset = catalog.dataset
    for path in bundled_files("ontology"):
        _add(catalog, path, ONTOLOGY_GRAPH, max_file_bytes)
    if bundled:
        data_root = bundled_dir("data")
        for path in bundled_files("data"):
            _add(catalog, path, GRAPH["data/" + path.relative_to(data_root).as_posix()], max_file_bytes)
        links = dataset.graph(MAPPINGS_GRAPH)
        for path in bundled_mapping_files():
            links += to_graph(read_sssom(path))
    for path in expand(paths):
        _add(catalog, path, URIRef(path.resolve().as_uri()), max_file_bytes)
    return catalog


def parse_file(path: Path, max_file_bytes: int = MAX_FILE_BYTES) -> Graph:
    """Parse one file strictly into a new Graph, or raise LoadError naming file and line."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(f"{path}: unsupported file extension '{path.suffix}' "
                        f"(expected one of {', '.join(sorted(FORMATS))})")
    text = _read_text(path, max_file_bytes)
    graph = _parse_jsonld(path, text) if fmt == "json-ld" else _parse_with_oxigraph(path, text, fmt)
    _refuse_imports(path, text, graph)
    return graph


def expand(paths) -> list[Path]:
    """Files as given; a directory stands for the data files inside it, in sorted order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS)
        else:
            files.append(path)
    return files


def _add(catalog: Catalog, path: Path, name: URIRef, max_file_bytes: int) -> None:
    """Add a file's triples to the graph `name`; a TriG file's named graphs keep their names."""
    parsed = parse_file(path, max_file_bytes)
    graphs = parsed.graphs() if isinstance(parsed, Dataset) else [parsed]
    for graph in graphs:
        if len(graph) == 0:
            continue
        own_name = isinstance(parsed, Dataset) and graph.identifier != DATASET_DEFAULT_GRAPH_ID
        target = catalog.dataset.graph(graph.identifier if own_name else name)
        for triple in graph:
            target.add(triple)
        for subject in set(graph.subjects()):
            catalog.origins.setdefault(subject, []).append(path)


def _read_text(path: Path, max_file_bytes: int) -> str:
    try:
        size = path.stat().st_size
        if size > max_file_bytes:
            raise LoadError(f"{path}: file is {size / 2**20:.1f} MiB, over the limit of "
                            f"{max_file_bytes / 2**20:.0f} MiB (raise it with --max-file-mb)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LoadError(f"{path}: is a directory") from None
    except OSError as err:
        raise LoadError(f"{path}: cannot read ({err.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise LoadError(f"{path}:{line}: malformed text: not UTF-8 ({err.reason} at byte {err.start})") from None
    text = text.removeprefix("\ufeff")  # a UTF-8 byte order mark carries no meaning
    if not unicodedata.is_normalized("NFC", text):
        line = next(n for n, row in enumerate(text.splitlines(), 1) if not unicodedata.is_normalized("NFC", row))
        raise LoadError(f"{path}:{line}: malformed text: not in Unicode NFC (the same words could then "
                        "have two spellings); normalise the file to NFC")
    return text


@contextmanager
def quiet_ill_typed_literals():
    """rdflib logs a traceback for every ill-typed literal ('2025-02-31'^^xsd:date); atlaskg keeps
    such values as the source wrote them and lets SHACL report them, once, as findings."""
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _parse_with_oxigraph(path: Path, text: str, fmt) -> Graph:
    """Triples (a Dataset for TriG, whose quads keep their graph names)."""
    graph = Dataset(default_union=True) if fmt == ox.RdfFormat.TRIG else Graph()
    blank_nodes: dict[str, BNode] = {}
    try:
        with quiet_ill_typed_literals():
            for quad in ox.parse(text.encode("utf-8"), format=fmt):
                triple = (_term(quad.subject, blank_nodes), _term(quad.predicate, blank_nodes),
                          _term(quad.object, blank_nodes))
                if isinstance(quad.graph_name, ox.NamedNode):
                    graph.graph(URIRef(quad.graph_name.value)).add(triple)
                else:
                    graph.add(triple)
    except SyntaxError as err:
        message = re.sub(r"^Parser error at line \d+ (between columns \d+ and \d+|column \d+): ", "", str(err))
        message = re.sub(r" \(line \d+\)$", "", message)
        raise LoadError(f"{path}:{err.lineno}: malformed {path.suffix[1:]}: {message}") from None
    return graph


def _term(term, blank_nodes: dict[str, BNode]):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blank_nodes.setdefault(term.value, BNode())
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # RDF 1.1: a simple literal is an xsd:string
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _parse_jsonld(path: Path, text: str) -> Graph:
    try:
        document = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as err:
        raise LoadError(f"{path}:{err.lineno}: malformed jsonld: {err.msg}") from None
    except _NotStrictJson as err:
        line = next((n for n, row in enumerate(text.splitlines(), 1) if err.token in row), 1)
        raise LoadError(f"{path}:{line}: malformed jsonld: {err}") from None
    except RecursionError:
        raise LoadError(f"{path}: malformed jsonld: nested too deeply") from None
    _refuse_external_contexts(path, document)
    graph = Graph()
    try:
        graph.parse(data=text, format="json-ld")
    except Exception as err:  # rdflib raises many types; all mean "this file is malformed"
        raise LoadError(f"{path}: malformed jsonld: {' '.join(str(err).split())[:200]}") from None
    return graph


class _NotStrictJson(ValueError):
    """Python's json accepts NaN and repeated keys; RFC 8259 JSON-LD does not."""

    def __init__(self, message: str, token: str):
        super().__init__(message)
        self.token = token


def _refuse_constant(name: str):
    raise _NotStrictJson(f"{name} is not JSON", name)


def _refuse_duplicate_keys(pairs: list[tuple]) -> dict:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise _NotStrictJson(f"duplicate key '{duplicates[0]}' in one object (only one would be kept)",
                             f'"{duplicates[0]}"')
    return dict(pairs)


def _refuse_external_contexts(path: Path, document) -> None:
    """JSON-LD may only carry inline contexts: a string @context would be fetched or opened."""
    stack = [(document, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise LoadError(f"{path}: malformed jsonld: nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(item, dict):
            context = item.get("@context")
            for entry in context if isinstance(context, list) else [context]:
                if isinstance(entry, str):
                    raise LoadError(f"{path}: refused external JSON-LD @context '{entry}' "
                                    "(only inline contexts are loaded; nothing is fetched)")
            if "@import" in item:
                raise LoadError(f"{path}: refused JSON-LD @import '{item['@import']}' (nothing is fetched)")
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, list):
            stack.extend((value, depth + 1) for value in item)


def _refuse_imports(path: Path, text: str, graph: Graph) -> None:
    """owl:imports would make a reasoner or validator fetch the target; we never follow it."""
    for target in graph.objects(None, OWL.imports):
        line = next((n for n, row in enumerate(text.splitlines(), 1)
                     if "imports" in row and not row.lstrip().startswith("#")), None)
        where = f"{path}:{line}" if line else str(path)
        raise LoadError(f"{where}: refused owl:imports <{target}> (imports are never followed; "
                        "add the needed file to the command line instead)")


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
