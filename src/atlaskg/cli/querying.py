"""Commands that ask the catalogue: named queries and SPARQL (locally or at an endpoint),
search, compare, a model's card, the evidence behind a node."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from atlaskg.cli.base import Seconds, cli, load_catalog, status_line
from atlaskg.core.errors import QueryError
from atlaskg.query import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT_S,
    bind,
    check,
    get_named_query,
    named_queries,
    run,
    with_prefixes,
    with_values,
)
from atlaskg.query.compare import compare
from atlaskg.query.lookup import KINDS as ENTITY_KINDS
from atlaskg.query.lookup import search
from atlaskg.query.output import FORMATS as RESULT_FORMATS
from atlaskg.query.output import records, render
from atlaskg.store import compact


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


DATA_OPTION = click.option("--data", "data_paths", multiple=True, type=click.Path(path_type=Path),
                           help="Also load this file or folder (repeatable).")


@cli.command("query")
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Run the SPARQL in this file.")
@click.option("--sparql", help="Run this SPARQL text.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter of a named query.")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True)
@DATA_OPTION
@click.option("--endpoint", metavar="URL", help="Run against this SPARQL endpoint instead of the local catalogue.")
@click.option("--graph", "default_graph", metavar="IRI",
              help="With --endpoint: query this named graph as the default graph (what 'publish' filled, on a "
                   "store whose default graph is not the union of its graphs).")
@click.option("--timeout", type=Seconds(), default=DEFAULT_TIMEOUT_S, show_default=True,
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
    given = parse_params(params)
    if as_of is not None:
        given["as_of"] = as_of
    if endpoint is not None and data_paths:
        raise click.UsageError("--data applies to the local catalogue, not to --endpoint")
    if endpoint is None and default_graph is not None:
        raise click.UsageError("--graph applies to --endpoint")
    if name is None and given:
        raise click.UsageError("--param only applies to named queries")
    if name is not None:
        _refuse_text_as_name(name)
    text = read_query_file(query_file) if query_file else sparql
    resolves_names = name is not None and any(p.type in ENTITY_KINDS for p in get_named_query(name).params)
    if endpoint is not None and not resolves_names:
        catalog = None  # nothing to resolve: the remote endpoint alone answers
    else:
        catalog = load_catalog(data_paths)
    bindings = {}
    if name is not None:
        named = get_named_query(name)
        text, bindings = named.text, bind(catalog, named, given)
    if endpoint is not None:
        from atlaskg.query import endpoint as remote  # the HTTP client: only for --endpoint

        full_text = with_prefixes(with_values(text, bindings))
        check(None, full_text, allow_service)
        result = remote.answer(endpoint, full_text, lambda note: click.echo(f"atlaskg: {note}", err=True),
                               timeout=timeout, max_rows=max_rows, default_graph=default_graph,
                               naming_graph="--graph IRI")
    else:
        status_line()("querying")
        result = run(catalog, text, bindings, allow_service=allow_service, timeout=timeout, max_rows=max_rows)
    click.echo(render(result, fmt), nl=False)


_QUERY_FORM = re.compile(r"\s*(select|ask|construct|describe|prefix|base)\s", re.IGNORECASE)  # not describe-model


def _refuse_text_as_name(name: str) -> None:
    """A file or SPARQL text given where a query's name goes says which option runs it, rather
    than "unknown query"."""
    if "{" in name or _QUERY_FORM.match(name):
        raise click.UsageError("that is SPARQL text, not a query's name; to run it: --sparql 'SELECT ...'")
    if (name.endswith((".rq", ".sparql")) or Path(name).is_file()) and name not in named_queries():
        raise click.UsageError(f"'{name}' is not a named query; to run the SPARQL in a file: --file {name}")


@cli.command("search")
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(sorted(ENTITY_KINDS)),
              help="Only entities of this kind (repeatable; default: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def search_command(text, kinds, fmt):
    """Find models, benchmarks, platforms and organizations whose name, id, alias or a provider's
    id for them contains TEXT (any case), one row per atlas entity (a model with its developer and
    number of offerings); the IRI or name found works as a parameter of every query and command."""
    hits = search(load_catalog(), text, kinds or None)
    rows = [{"kind": hit.kind, "name": hit.name, "developer": hit.developer,
             "offerings": "" if hit.offerings is None else hit.offerings, "iri": compact(hit.iri)} for hit in hits]
    click.echo(records(rows, fmt, ["kind", "name", "developer", "offerings", "iri"]), nl=False)
    if not hits:
        sys.exit(1)


@cli.command("compare")
@click.argument("models", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def compare_command(models, fmt):
    """Models side by side: specification, today's list prices, and the benchmark results they
    share, with each difference from the first model. MODELS are names, ids, aliases or IRIs."""
    header, table = compare(load_catalog(), list(models))
    click.echo(records([dict(zip(header, row)) for row in table], fmt, header), nl=False)


@cli.command("describe")
@click.argument("model")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonld", "turtle"]), default="text", show_default=True)
def describe_command(model, fmt):
    """One model's card: every fact about it with its sources (text for people, JSON-LD or Turtle
    for programs). MODEL is a name, snapshot id or IRI local name."""
    from atlaskg.query.card import Card, card_text, describe_model, serialize_card

    catalog = load_catalog()
    card = Card(describe_model(catalog, model).triples)
    if fmt == "text":
        click.echo(card_text(catalog, card), nl=False)
    else:
        click.echo(serialize_card(card, fmt), nl=False)


@cli.command("evidence")
@click.argument("node")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True)
@DATA_OPTION
@click.pass_context
def evidence_command(ctx, node, fmt, data_paths):
    """The quoted words of the sources behind a node's facts (NODE: prefixed name or IRI), with
    the date each source was read, and the editors' inferences (rule and origin) for facts no
    source states. 'atlaskg check' reports quotes that lack their value.
    The same as: atlaskg query evidence --param node=NODE."""
    ctx.invoke(query_command, name="evidence", params=(f"node={node}",), fmt=fmt, data_paths=data_paths)


def parse_params(params: tuple[str, ...]) -> dict[str, str]:
    parsed = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param '{item}' is not NAME=VALUE")
        parsed[key.strip()] = value
    return parsed


def read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"{path}: cannot read query file ({getattr(err, 'strerror', None) or err})") from None
