"""Loading the catalogue: the one place that chooses the store and parses files strictly.

The catalogue is an rdflib Dataset: the ontology and vocabularies, the bundled data and each
user file sit in named graphs of their own, and queries see their union. The store is chosen
here only, so the engine can change without touching queries or commands.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from atlaskg.errors import LoadError
from atlaskg.namespaces import GRAPH, bind_prefixes
from atlaskg.resources import bundled_files

# The format follows the extension, never a guess from the content.
FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}

ONTOLOGY_GRAPH = GRAPH.ontology
DATA_GRAPH = GRAPH.data


@dataclass
class Catalog:
    """The loaded graphs, and for each subject the files that describe it."""

    dataset: Dataset
    origins: dict[Node, list[Path]] = field(default_factory=dict)

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
            line = _line_of(path, node, self.dataset)
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

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))


def load(paths=(), bundled: bool = True) -> Catalog:
    """Load the bundled ontology and data (unless `bundled` is False) plus the files in `paths`.

    A file is loaded whole or not at all; any error names the file and, where known, the line.
    """
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    catalog = Catalog(dataset)
    _add_files(catalog, bundled_files("ontology"), ONTOLOGY_GRAPH)
    if bundled:
        _add_files(catalog, bundled_files("data"), DATA_GRAPH)
    for path in _expand(paths):
        _add_files(catalog, [path], URIRef(path.resolve().as_uri()))
    return catalog


def parse_file(path: Path) -> Graph:
    """Parse one file strictly into a new Graph, or raise LoadError naming file and line."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(f"{path}: unsupported file extension '{path.suffix}' "
                        f"(expected one of {', '.join(sorted(FORMATS))})")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except UnicodeDecodeError as err:
        raise LoadError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise LoadError(f"{path}: cannot read ({err.strerror})") from None
    if fmt == "json-ld":
        _refuse_external_contexts(path, text)
    graph = Graph()
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as err:  # rdflib raises many types; all mean "this file is malformed"
        raise LoadError(f"{_where(path, err)}: malformed {fmt}: {_reason(err)}") from None
    return graph


def _add_files(catalog: Catalog, paths, graph_name: URIRef) -> None:
    target = catalog.dataset.graph(graph_name)
    for path in paths:
        parsed = parse_file(path)
        for triple in parsed:
            target.add(triple)
        for subject in set(parsed.subjects()):
            catalog.origins.setdefault(subject, []).append(path)


def _expand(paths) -> list[Path]:
    """Files as given; a directory stands for the data files inside it."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS)
        else:
            files.append(path)
    return files


def _refuse_external_contexts(path: Path, text: str) -> None:
    """JSON-LD may only carry inline contexts: a string @context would be fetched or opened."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise LoadError(f"{path}:{err.lineno}: malformed json-ld: {err.msg}") from None
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            context = item.get("@context")
            for entry in context if isinstance(context, list) else [context]:
                if isinstance(entry, str):
                    raise LoadError(f"{path}: refused external JSON-LD @context '{entry}' "
                                    "(only inline contexts are loaded; nothing is fetched)")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _where(path: Path, err: Exception) -> str:
    line = getattr(err, "lines", None)
    if isinstance(line, int):
        return f"{path}:{line + 1}"
    match = re.search(r"line (\d+)", str(err))
    return f"{path}:{match.group(1)}" if match else str(path)


def _reason(err: Exception) -> str:
    why = getattr(err, "_why", None) or str(err)
    return " ".join(str(why).split())[:200]


def _line_of(path: Path, node: Node, dataset: Dataset) -> int | None:
    """The first line of `path` that starts with `node` as a subject (prefixed or full form)."""
    forms = {f"<{node}>"}
    if isinstance(node, URIRef):
        try:
            forms.add(dataset.namespace_manager.normalizeUri(node))
        except Exception:
            pass
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if any(line.startswith(form + " ") or line == form for form in forms):
            return number
    return None
