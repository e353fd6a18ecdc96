"""Commands that make releases and data files: build, export, diff, fmt, synth."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from atlaskg import api
from atlaskg.cli.base import DATA_PATHS, cli, load_catalog, status_line
from atlaskg.core.errors import AtlasError
from atlaskg.core.files import write_atomic
from atlaskg.core.resources import bundled_dir, edited_checkout
from atlaskg.publish.export import FORMATS as EXPORT_FORMATS
from atlaskg.publish.export import serialize
from atlaskg.query.output import records
from atlaskg.store.last_build import OUT_DIR, STORE_DIR, remember


@cli.command("build")
@click.option("-o", "--out-dir", type=click.Path(path_type=Path, file_okay=False), default=OUT_DIR,
              show_default=True, help="Directory for the outputs.")
@click.option("--curated", is_flag=True,
              help="Build the curated records alone, without the imported datasets and their resolution.")
@click.option("--site", is_flag=True, help="Also write the static website into OUT_DIR/site (see 'atlaskg site').")
@DATA_PATHS
def build_command(out_dir, curated, site, paths):
    """Load, validate (exit 1 on violation, writing nothing), run the checks, and write the graph
    in every format plus void.ttl (dataset description) and checks.json.

    By default this is the whole atlas: the curated records, every dataset at its pinned
    version (models.dev, genai-prices, LiteLLM), and the resolution of their entries to one
    model each (resolution.tsv, resolution-summary.tsv). What the checks find in an imported
    dataset describes that source (imported-findings.tsv) and does not fail the build."""
    from atlaskg.link.reports import summary_lines
    from atlaskg.publish.build import build as build_catalog

    edited = edited_checkout()
    if edited is not None:
        click.echo(f"[build] building the edited files of the checkout at {edited}, not the installed copy",
                   err=True)
    result = build_catalog(out_dir, paths, progress=status_line(), atlas=not curated, site=site,
                           max_file_bytes=click.get_current_context().meta["atlaskg.max_file_bytes"])
    for path in result.files:
        click.echo(str(path))
    for line in summary_lines(result.atlas):
        click.echo(f"[build] {line}", err=True)
    warnings = len(result.report.of_severity("warning"))
    click.echo(f"[build] {result.triples} triples; {warnings} check finding(s) in "
               f"{out_dir / 'checks.json'} (see 'atlaskg check')", err=True)
    store = out_dir / STORE_DIR
    if store in result.files and remember(store) is not None:
        click.echo(f"[build] commands run in other folders answer from {store.resolve()} (the last build)", err=True)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here (default: stdout).")
@DATA_PATHS
def export_command(fmt, output, paths):
    """Write the catalogue (plus PATHS) as Turtle, JSON-LD, N-Triples or TriG."""
    data = serialize(load_catalog(paths), fmt)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomic(output, data)
        click.echo(f"wrote {output}", err=True)


@cli.command("diff")
@click.argument("old", type=click.Path(path_type=Path, exists=True))
@click.argument("new", type=click.Path(path_type=Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff_command(old, new, fmt):
    """What changed between two builds (directories written by 'atlaskg build', or RDF files):
    facts added, removed, changed, and closed. Exit 0 when equal, 1 when they differ."""
    changes = api.diff(old, new)
    if fmt == "json":
        click.echo(records([c.as_dict() for c in changes], "json", []), nl=False)
    else:
        for change in changes:
            click.echo(change.line())
    counts = Counter(c.change for c in changes)
    click.echo(", ".join(f"{kind}: {n}" for kind, n in sorted(counts.items())) or "no changes", err=True)
    sys.exit(1 if changes else 0)


@cli.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--check", is_flag=True, help="Only list files that are not canonical; exit 1 if any.")
def fmt_command(paths, check):
    """Rewrite Turtle data files in the canonical form (default: the bundled data/ folder)."""
    from atlaskg.check.canonical import format_files, unformatted

    targets = paths or (bundled_dir("data"),)
    if check:
        stale = unformatted(targets)
        for path in stale:
            click.echo(f"{path}: not in canonical form (run 'atlaskg fmt {path}')")
        sys.exit(1 if stale else 0)
    for path in format_files(targets):
        click.echo(f"formatted {path}")


@cli.command("synth")
@click.option("--models", "n_models", type=click.IntRange(min=1, max=100_000), required=True,
              help="Number of synthetic models (about 120 triples each; at most 100,000).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed; same seed, same bytes.")
@click.option("--violations", type=click.IntRange(min=0), default=0, show_default=True,
              help="Plant exactly K SHACL violations (listed in planted.json).")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("synth"),
              show_default=True)
def synth_command(n_models, seed, violations, out_dir):
    """Write a reproducible synthetic catalogue (N-Triples) for benchmarks and scale tests.

    About 120 triples per model, in atlaskg's ontology, conforming to the shapes unless
    --violations plants some. Prints the files written and the triple count on stderr.
    """
    from atlaskg.publish.synth import generate

    try:
        if sys.stderr.isatty() and n_models >= 1000:
            with click.progressbar(length=n_models, label="generating", file=sys.stderr) as bar:
                result = generate(out_dir, n_models, seed, violations, progress=bar.update)
        else:
            result = generate(out_dir, n_models, seed, violations)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    except OSError as err:
        raise AtlasError(f"{out_dir}: cannot write ({err.strerror or err})") from None
    for path in [*result.files, result.planted_file]:
        click.echo(f"wrote {path}", err=True)
    click.echo(f"{result.triples} triples, {result.models} models, seed {result.seed}, "
               f"{len(result.planted)} planted violation(s)", err=True)
