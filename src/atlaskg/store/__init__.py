"""The store: the catalogue as named graphs in a pyoxigraph Store (`Catalog`), the strict parsers
that fill it (RDF files in `parsing`, SSSOM mapping sets in `sssom`), the printed forms of
literals kept beside it, and the built store on disk that later commands open instead of
parsing every file. Nothing outside this package touches the store."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import pyoxigraph as ox

from atlaskg.core.errors import LoadError
from atlaskg.core.resources import bundled_dir, bundled_files, data_root
from atlaskg.names.namespaces import GRAPHS
from atlaskg.store import built, last_build
from atlaskg.store.catalog import Catalog, compact
from atlaskg.store.parsing import FORMATS, MAX_FILE_BYTES, expand, parse_file, read_text

ONTOLOGY_GRAPH = GRAPHS + "ontology"
MAPPINGS_GRAPH = GRAPHS + "mappings"


def bundled_inputs() -> list[tuple[Path, str]]:
    """The bundled files in load order, each with the graph it goes into."""
    data_root = bundled_dir("data")
    inputs = [(path, ONTOLOGY_GRAPH) for path in bundled_files("ontology")]
    inputs += [(path, GRAPHS + "data/" + path.relative_to(data_root).as_posix()) for path in bundled_files("data")]
    inputs += [(path, MAPPINGS_GRAPH) for path in bundled_mapping_files()]
    return inputs


def bundled_mapping_files() -> list[Path]:
    """The bundled SSSOM files, sorted so that loading order is deterministic."""
    return sorted(bundled_dir("mappings").glob("*.sssom.tsv"))


def user_graph(path: Path) -> str:
    """The graph a user file goes into: its name and a digest of where it is, never the local
    path itself (graph names travel into exports and published stores)."""
    import hashlib  # a user file's graph only: opening the built store needs no hashing

    resolved = Path(path).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:16]
    return f"urn:atlaskg:user-file:{digest}:{quote(resolved.name, safe='')}"


def load(paths=(), bundled: bool = True, max_file_bytes: int = MAX_FILE_BYTES,
         store: Path | None | Literal["default"] = "default", warn=lambda message: None, progress=lambda message: None,
         may_differ=()) -> Catalog:
    """The bundled ontology and data (unless `bundled` is False) plus the files in `paths`.

    The bundled part is opened from a built store (a directory written by `atlaskg build`): by
    default $ATLASKG_STORE, else ./dist/store, else the last build's (`warn` hears which, when it
    is not ./dist/store, and that there is none); `store` names another, and None parses the
    files. A store is used when it was built from the same files; when they have changed since,
    `warn` is told and the files are parsed instead, unless the only files that changed are in
    `may_differ` (the file that an incremental validation replaces). A file is loaded whole or not
    at all; errors name the file and line. `progress` hears of each file as it is read.
    """
    if store == "default":
        located = last_build.locate()
        if located.note and bundled:
            warn(located.note)
        store = located.store
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths) if isinstance(paths, Iterable) else [None]
    if not all(isinstance(path, (str, Path)) for path in paths):
        raise LoadError("paths must be a file or folder path, or a list of them")
    user_files = expand(paths)
    catalog = _open_built(store, bool(user_files), warn, may_differ) if bundled and store is not None else None
    pending = [] if catalog is not None else [
        (path, graph) for path, graph in bundled_inputs() if bundled or graph == ONTOLOGY_GRAPH
    ]  # the ontology always: shapes and labels need it
    pending += [(path, user_graph(path)) for path in user_files]
    catalog = catalog if catalog is not None else Catalog()
    for number, (path, graph) in enumerate(pending, 1):
        progress(f"reading {number}/{len(pending)} {path.name}")
        _add(catalog, path, graph, max_file_bytes)
    return catalog


def save_built(catalog: Catalog, location: Path) -> None:
    """Write `catalog` (built from the bundled files alone) as the built store at `location`."""
    built.save(catalog, location, _bundled_files(), data_root())


def _bundled_files() -> list[Path]:
    return [path for path, _ in bundled_inputs()]


def _open_built(store: Path, writable: bool, warn, may_differ) -> Catalog | None:
    changed = built.changed_inputs(store, _bundled_files(), data_root())
    if changed is None:
        return None
    unexpected = changed - {Path(p).resolve().relative_to(data_root()).as_posix() for p in may_differ
                            if Path(p).resolve().is_relative_to(data_root())}
    if unexpected:
        shown = ", ".join(sorted(name or "(store format)" for name in unexpected)[:3])
        more = f" and {len(unexpected) - 3} more" if len(unexpected) > 3 else ""
        warn(f"the built store {store} is stale ({shown}{more} changed since it was built); "
             "reading the files instead (run 'atlaskg build' to refresh it)")
        return None
    return built.open_built(store, writable_copy=writable)


def _add(catalog: Catalog, path: Path, graph: str, max_file_bytes: int) -> None:
    if path.name.endswith(".sssom.tsv"):
        from atlaskg.store.sssom import read_sssom, to_graph  # SSSOM: here only, so opening a built store
        from atlaskg.store.terms import to_ox  # needs neither it nor rdflib

        catalog.add_quads([ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(graph))
                           for s, p, o in to_graph(read_sssom(path, max_file_bytes))])
        catalog.files.setdefault(graph, path)
    else:
        catalog.add_file(path, graph, max_file_bytes)


__all__ = ["FORMATS", "MAX_FILE_BYTES", "Catalog", "bundled_inputs", "bundled_mapping_files", "compact", "expand", "load",
           "parse_file", "read_text", "save_built", "user_graph"]
