"""Validating one changed file against a built catalogue, without validating the catalogue.

The focus is what the change can break: the nodes the file describes (now, or in the copy the
store was built with) and the nodes of other files that point at them. The engine sees those
nodes with just the surroundings the shapes read: their own facts, the facts of what they point
at and of what that points at (two hops), the peers that the cross-node checks compare them with
(other results of the same model and benchmark, other claims about the same subject, variants of
a result), and the ontology. The test suite holds this to full validation for every bundled file.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from atlaskg.check.shacl import Report, validate
from atlaskg.names.namespaces import ATLAS, DQV
from atlaskg.store import ONTOLOGY_GRAPH, Catalog, compact, user_graph
from atlaskg.store.parsing import MAX_FILE_BYTES, read_file

# in-edges the SPARQL checks of shapes/checks.ttl follow from a node to its peers
PEER_PREDICATES = [ox.NamedNode(str(predicate)) for predicate in
                   (DQV.computedOn, ATLAS.benchmark, ATLAS.subject, ATLAS.comparator, ATLAS.conservativeVariantOf)]


def validate_changed(catalog: Catalog, path: Path, engine: str = "turbo",
                     max_file_bytes: int = MAX_FILE_BYTES) -> tuple[Report, set]:
    """The findings of full validation that concern `path` as it is now, with `catalog` (a built
    catalogue, possibly holding an older copy of the file) as its context; and the focus nodes."""
    graph = graph_of(catalog, path)
    changed = read_file(path, ox.NamedNode(graph), max_file_bytes).quads()
    focus, context = _neighbourhood(catalog, changed, graph)
    subset = Catalog(files=dict(catalog.files), printed=_printed_without(catalog.printed, graph))
    subset.files[graph] = Path(path)
    subset.add_quads(context)
    subset.add_quads(changed)
    report = validate(subset, engine=engine)  # every node of the small subset: the engines take
    nodes = {compact(node) for node in focus}  # no blank node as a focus node
    return Report([finding for finding in report.findings if finding.focus in nodes]), focus


def graph_of(catalog: Catalog, path: Path) -> str:
    """The graph the file went into when the catalogue was built, or a user file's graph."""
    resolved = Path(path).resolve()
    return next((graph for graph, source in catalog.files.items() if Path(source).resolve() == resolved),
                user_graph(path))


def _neighbourhood(catalog: Catalog, changed: list[ox.Quad], graph: str) -> tuple[set, list[ox.Quad]]:
    described = {q.subject for q in changed} | {q.subject for q in catalog.quads_in(graph)}
    referrers = {q.subject for q in catalog.quads_around(described, incoming=True, skip_graph=graph)}
    focus = {q.subject for q in changed} | referrers
    own = catalog.quads_around(focus, skip_graph=graph)  # a node may be described in several files
    pointed = _objects(own + changed)
    peers = {q.subject for q in catalog.quads_around(pointed, incoming=True, predicates=PEER_PREDICATES,
                                                     skip_graph=graph)}
    level1 = catalog.quads_around((pointed | peers) - focus, skip_graph=graph)
    hop2 = _objects(level1) - focus - pointed - peers
    level2 = catalog.quads_around(hop2, skip_graph=graph)
    return focus, catalog.quads_in(ONTOLOGY_GRAPH) + own + level1 + level2


def _objects(quads: list[ox.Quad]) -> set:
    return {q.object for q in quads if isinstance(q.object, (ox.NamedNode, ox.BlankNode))}


def _printed_without(printed: dict[str, list[str]], graph: str) -> dict[str, list[str]]:
    """The printed forms, less those of the stale copy of the changed file."""
    suffix = f" <{graph}> ."
    return {line: forms for line, forms in printed.items() if not line.endswith(suffix)}
