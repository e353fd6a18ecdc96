"""Whose finding is it: the curated and user files decide the verdict, while what the checks find
in an imported dataset (or in the atlas graphs built from them) describes that source, is counted
per dataset and rule, and never fails a command. Every front end (build, validate, check,
report, publish, serve, the site, the Python API) splits findings here, so all give one verdict."""

from __future__ import annotations

import pyoxigraph as ox

from atlaskg.names.namespaces import graph_origin
from atlaskg.query import run
from atlaskg.store import Catalog, compact

RESULT_DISAGREEMENT = "result-disagreement"  # the component of a finding that compares two sources

_SUBJECTS = """SELECT DISTINCT ?node WHERE { GRAPH ?graph { ?node ?p ?o } FILTER (isIRI(?node)) }"""


def imported_origins(catalog: Catalog) -> dict[str, str]:
    """compact node -> the dataset ('models-dev', ..., or 'resolution') of every node that only
    imported graphs describe: findings on these describe a source, not the curated catalogue."""
    origin = {graph: graph_origin(graph) for graph in catalog.graph_names()}
    imported_graphs = {graph: dataset for graph, dataset in origin.items() if dataset}
    if not imported_graphs:
        return {}
    curated = {node for graph, dataset in origin.items() if dataset is None for node in _subjects(catalog, graph)}
    imported: dict[str, str] = {}
    for graph, dataset in sorted(imported_graphs.items(), key=lambda item: item[1] == "resolution"):
        for node in _subjects(catalog, graph):  # a dataset's own graph names a node first
            if node not in curated:
                imported.setdefault(node, dataset)
    return {compact(node): dataset for node, dataset in imported.items()}


def _subjects(catalog: Catalog, graph: str) -> list[str]:
    return [row[0].value for row in run(catalog, _SUBJECTS, {"graph": [ox.NamedNode(graph)]}).rows]


def imported_summary(findings: list, problems: list, origins: dict[str, str]) -> list[dict]:
    """Per dataset and rule: how many SHACL findings and integrity problems, with one example."""
    counts: dict[tuple, list] = {}
    for finding in findings:
        rule = f"{finding.component} {finding.path}".strip()
        key = (origins[finding.focus], "shacl", finding.severity, rule)
        counts.setdefault(key, [0, finding.focus])[0] += 1
    for problem in problems:
        key = (origins[problem.entity], "integrity", problem.level, problem.check)
        counts.setdefault(key, [0, problem.entity])[0] += 1
    return [{"dataset": dataset, "kind": kind, "level": level, "rule": rule, "count": count, "example": example}
            for (dataset, kind, level, rule), (count, example) in sorted(counts.items())]


def split_by_origin(found: list, origins: dict[str, str], node=lambda finding: finding.focus) -> tuple[list, list]:
    """(what concerns the curated and user files, what concerns only imported sources): the
    second describes those sources and never makes the catalogue fail. Two results that disagree
    concern the atlas, whichever sources state them: `atlaskg check` reports each pair."""
    def imported(item) -> bool:
        return node(item) in origins and getattr(item, "component", "") != RESULT_DISAGREEMENT

    return [item for item in found if not imported(item)], [item for item in found if imported(item)]
