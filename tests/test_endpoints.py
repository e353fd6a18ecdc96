"""Real SPARQL endpoints on localhost (Oxigraph's server): serve, publish, query --endpoint."""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from decimal import Decimal

import pytest
from conftest import ROOT
from rdflib import Literal

import atlaskg
from atlaskg import endpoint as remote
from atlaskg import server
from atlaskg.query import bind, named_queries, run, with_prefixes, with_values
from atlaskg.store.terms import to_rdflib


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def read_only(catalog, tmp_path_factory):
    """`atlaskg serve`'s setup: the catalogue in a store, served read-only with a timeout."""
    location = tmp_path_factory.mktemp("store") / "oxigraph"
    catalog.copy_to(location)
    port = free_port()
    process = server.start(location, "127.0.0.1", port, timeout_s=10)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait()


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    """An empty read-write store, standing for the user's own SPARQL store."""
    location = tmp_path_factory.mktemp("writable")
    port = free_port()
    process = server.start(location, "127.0.0.1", port, timeout_s=10, read_only=False)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait()


def concatenated(text: str) -> dict[str, str]:
    """Variables made by GROUP_CONCAT, with their separators: their order is unspecified."""
    return {var: sep for sep, var in re.findall(r'GROUP_CONCAT\(.*?separator="([^"]*)"\)\s+AS\s+\?(\w+)', text)}


def comparable(result, text: str = "") -> set[tuple]:
    """Rows as sets of (variable, value): literals by value (stores may write 2.00 as 2.0), and
    GROUP_CONCAT results as sorted parts (SPARQL leaves their order to the store)."""
    separators = concatenated(text)

    def value(term, var):
        if isinstance(term, Literal) and var in separators:
            return ("parts", tuple(sorted(str(term).split(separators[var]))))
        if isinstance(term, Literal):
            python = term.toPython()
            return ("literal", Decimal(str(python)) if isinstance(python, (int, float, Decimal))
                    and not isinstance(python, bool) else str(python), term.language)
        return ("term", str(term))
    return {tuple(sorted((var, value(to_rdflib(term), var)) for var, term in zip(result.variables, row)
                         if term is not None)) for row in result.rows}


def example_params(query) -> dict[str, str]:
    return {p.name: p.default or p.example for p in query.params if (p.default or p.example)}


SELECT_QUERIES = [name for name, q in named_queries().items() if "CONSTRUCT" not in q.text]


@pytest.mark.parametrize("name", SELECT_QUERIES)
def test_every_named_query_gives_the_same_rows_remotely(catalog, read_only, name):
    query = named_queries()[name]
    bindings = bind(catalog, query, example_params(query))
    local = run(catalog, query.text, bindings)
    far = remote.select(f"{read_only}/query", with_prefixes(with_values(query.text, bindings)))
    assert len(local.rows) > 0, "the example parameters should find something"
    assert comparable(far, query.text) == comparable(local, query.text)


def test_query_endpoint_from_the_cli(run_cli, read_only):
    result = run_cli("query", "leaderboard", "--param", "benchmark=SWE-bench Verified", "--format", "csv",
                     "--endpoint", f"{read_only}/query")
    assert result.exit_code == 0, result.stderr
    models = [row["model"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert models[:3] == ["Gemini 2.5 Pro", "Claude 3.7 Sonnet", "GPT-4.1"]


def test_injection_stays_a_string_remotely(run_cli, read_only):
    """A string parameter travels as an escaped literal in a VALUES block (entity parameters are
    resolved to IRIs first, so an unknown name never reaches the endpoint)."""
    result = run_cli("query", "resolve-alias", "--param", 'alias=x" } DROP ALL #', "--format", "csv",
                     "--endpoint", f"{read_only}/query")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().count("\n") == 0
    assert run_cli("query", "models", "--endpoint", f"{read_only}/query", "--format", "csv").stdout.count("\n") == 10


def test_served_catalogue_refuses_updates(read_only):
    request = urllib.request.Request(f"{read_only}/update", data=b"update=DROP%20ALL", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code in (403, 404, 405)
    still = remote.select(f"{read_only}/query", "ASK { ?s ?p ?o }")
    assert still.boolean is True


def test_publish_replaces_the_named_graph(run_cli, writable, catalog):
    store, query_url = f"{writable}/store", f"{writable}/query"
    graph = "https://w3id.org/atlaskg/graph/catalog"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    for _ in range(2):
        result = run_cli("publish", "--endpoint", store)
        assert result.exit_code == 0, result.stderr
        assert int(remote.select(query_url, count).rows[0][0].value) == catalog.triple_count()
    query = named_queries()["models-beating"]
    bindings = bind(catalog, query, example_params(query))
    far = remote.select(query_url, with_prefixes(with_values(query.text, bindings)))
    assert comparable(far) == comparable(run(catalog, query.text, bindings))


def test_failed_upload_leaves_the_old_graph(writable, catalog):
    store, query_url = f"{writable}/store", f"{writable}/query"
    graph = "https://w3id.org/atlaskg/graph/failed-upload"
    remote.put_graph(store, graph, b"<http://x/a> <http://x/b> <http://x/c> .\n")
    with pytest.raises(atlaskg.AtlasError, match="HTTP 400"):
        remote.put_graph(store, graph, b"<http://x/a> <http://x/b> this is not n-triples\n")
    rows = remote.select(query_url, f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    assert [r[0].value for r in rows] == ["http://x/c"]


def test_unreachable_endpoint_is_one_clear_line(run_cli):
    port = free_port()
    result = run_cli("query", "models", "--endpoint", f"http://127.0.0.1:{port}/query", "--timeout", "2")
    assert result.exit_code == 2
    assert "cannot reach the endpoint" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_http_error_is_one_clear_line(run_cli, read_only):
    result = run_cli("query", "models", "--endpoint", f"{read_only}/no-such-path")
    assert result.exit_code == 2
    assert "HTTP 404" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_non_loopback_endpoints_stay_refused_in_tests():
    with pytest.raises(atlaskg.AtlasError, match="refused|cannot reach"):
        remote.select("http://192.0.2.1/sparql", "ASK {}", timeout=1)


def test_serve_command_answers_and_stops(tmp_path):
    """`atlaskg serve` itself, as a user runs it: a process that serves until interrupted."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "atlaskg", "serve", "--port", str(port), "--timeout", "5"],
                               cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    try:
        banner = process.stderr.readline()
        assert f"serving http://127.0.0.1:{port}/query" in banner, banner
        rows = remote.select(f"http://127.0.0.1:{port}/query", with_prefixes(
            'SELECT ?n WHERE { ?m atlas:snapshotId "gpt-4.1-2025-04-14" ; atlas:contextWindowTokens ?n }'))
        assert [int(r[0].value) for r in rows.rows] == [1047576]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    assert process.returncode == 0, "Ctrl-C is how a user stops the server"
    with pytest.raises(atlaskg.AtlasError, match="cannot reach"):
        remote.select(f"http://127.0.0.1:{port}/query", "ASK {}", timeout=2)
