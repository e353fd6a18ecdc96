"""Commands that put the catalogue on the web: serve, publish."""

from __future__ import annotations

from pathlib import Path

import click

from atlaskg.cli.base import DATA_PATHS, Seconds, cli, load_catalog, status_line
from atlaskg.core.errors import NotConforming
from atlaskg.names.namespaces import PUBLISHED_GRAPH
from atlaskg.publish.export import serialize
from atlaskg.store.built import database_of

# The server, the HTTP client and the SHACL engines are imported by the commands that use them,
# not by every command that imports this module to register these.


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=click.IntRange(min=1, max=86400), default=30, show_default=True, help="Query timeout in seconds.")
@DATA_PATHS
def serve_command(host, port, timeout, paths):
    """Serve the catalogue read-only over the SPARQL 1.1 Protocol at http://HOST:PORT/query.

    Oxigraph answers the queries behind a gate that refuses updates, SERVICE (no request ever
    leaves on a client's behalf) and over-deep nesting, and cuts any answer at the timeout.
    Stops cleanly on Ctrl-C, SIGTERM or SIGHUP; exits 2 if the engine stops by itself."""
    def fill(scratch: Path) -> Path:
        """The built store itself when the catalogue is exactly it (no copy: served at once),
        else a copy of the catalogue written into `scratch`."""
        catalog = load_catalog(paths)
        built = database_of(catalog)
        if built is None:
            catalog.copy_to(scratch)
        return built or scratch

    from atlaskg.query import server

    server.serve(fill, host, port, timeout, announce=_announce)
    click.echo("stopped", err=True)


def _announce(line: str) -> None:
    """The banner of a server that runs until stopped: no status line below it."""
    status_line()("")
    click.echo(line, err=True)


@cli.command("publish")
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store HTTP Protocol URL of the store (Oxigraph: http://host:7878/store).")
@click.option("--graph", "graph_iri", default=PUBLISHED_GRAPH, show_default=True, help="Named graph to replace.")
@click.option("--timeout", type=Seconds(), default=120, show_default=True)
@DATA_PATHS
def publish_command(endpoint, graph_iri, timeout, paths):
    """Validate the catalogue and replace one named graph of a SPARQL store with it (HTTP PUT,
    atomic on the store's side: a failed upload leaves the previous graph in place)."""
    from atlaskg.check.shacl import validate
    from atlaskg.query import endpoint as remote

    catalog = load_catalog(paths)
    report = validate(catalog)
    if not report.conforms:
        raise NotConforming(report)
    remote.put_graph(endpoint, graph_iri, serialize(catalog, "nt"), timeout=timeout)
    click.echo(f"published {catalog.triple_count()} triples to <{graph_iri}> at {endpoint}; query them with "
               "--endpoint QUERY-URL" + ("" if graph_iri == PUBLISHED_GRAPH else f" --graph {graph_iri}"), err=True)
