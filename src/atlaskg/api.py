"""What the command line does, as Python functions over a loaded catalogue (or build folders),
for notebooks and programs; the CLI commands of the same names wrap them.

Each function imports the layers it uses when called: `import atlaskg` (and so every command,
`--help` too) imports this module, and SHACL engines, importers, linking and rdflib together take
longer to import than a query takes to answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from atlaskg.core.errors import AtlasError
from atlaskg.names.namespaces import graph_origin
from atlaskg.query import query
from atlaskg.query.rows import Rows
from atlaskg.store import Catalog

if TYPE_CHECKING:
    from rdflib import Graph

    from atlaskg.check.shacl import Finding
    from atlaskg.link.consensus import Disagreement
    from atlaskg.link.reconcile import Comparison
    from atlaskg.publish.diff import Change


def describe(catalog: Catalog, model: str) -> Graph:
    """One model's card: every fact about it with its sources, as an rdflib Graph. `model` is a
    name, snapshot id, alias, prefixed name or IRI."""
    from atlaskg.query.card import describe_model

    return describe_model(catalog, model).graph()


def check(catalog: Catalog, engine: str = "turbo") -> list[Finding]:
    """The consistency findings: stated gains that do not hold, conflicting statements, benchmark
    results that disagree (each pair with both scores and both sources). Raises AtlasError when
    the catalogue breaks a shape (validate it first); what the shapes find in an imported dataset
    (the built atlas) describes that source and is left out."""
    from atlaskg.check.shacl import validate

    report = validate(catalog, engine=engine)
    if not report.conforms:
        raise AtlasError("the catalogue does not conform to its shapes; validate it first")
    return report.of_severity("warning")


def evidence(catalog: Catalog, node: str) -> Rows:
    """The quoted words behind a node's facts, with the date each source was read."""
    rows = query(catalog, "evidence", node=node)
    assert isinstance(rows, Rows)  # a SELECT query
    return rows


def reconcile(catalog: Catalog, dataset: str | None = None, retrieved: date | None = None) -> list[Comparison]:
    """Every fact that atlaskg and a mapped external dataset both state, compared. The datasets
    (at their pinned versions, nothing fetched) are added to `catalog` as named graphs first,
    unless it holds them already (a built atlas store, which is opened read-only)."""
    from atlaskg.importers import IMPORTERS
    from atlaskg.link.reconcile import reconcile as compare_mapped

    if dataset is not None and dataset not in IMPORTERS:
        raise AtlasError(f"unknown dataset {dataset!r} (choose from {', '.join(sorted(IMPORTERS))})")
    present = {graph_origin(graph) for graph in catalog.graph_names()}
    for name in [dataset] if dataset else sorted(IMPORTERS):
        if name not in present:
            catalog.add_quads(IMPORTERS[name].run(retrieved or date.today()).quads())
    return compare_mapped(catalog, dataset)


def with_atlas(catalog: Catalog, retrieved: date | None = None) -> Catalog:
    """The catalogue with the imported datasets and their resolution (what `atlaskg build` adds by
    default), added in place unless it already has them (a built atlas store)."""
    from atlaskg.link.atlas import RESOLUTION_GRAPH, add_atlas

    if RESOLUTION_GRAPH not in catalog.graph_names():
        add_atlas(catalog, retrieved or date.today())
    return catalog


def compare_datasets(catalog: Catalog) -> tuple[list[dict], list[Disagreement]]:
    """Across the atlas, per fact and pair of datasets: how many (model, provider) pairs agree,
    disagree or are stated by one only; and every disagreement, the largest first."""
    from atlaskg.link.consensus import compare_sources

    return compare_sources(with_atlas(catalog))


def diff(old: Path | str, new: Path | str) -> list[Change]:
    """What changed between two build folders (written by `atlaskg build`)."""
    from atlaskg.publish.diff import diff as diff_facts
    from atlaskg.publish.diff import read_build

    return diff_facts(read_build(Path(old)), read_build(Path(new)))
