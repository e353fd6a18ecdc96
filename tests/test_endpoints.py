"""Real SPARQL endpoints on localhost (Oxigraph's server): serve, publish, query --endpoint."""

from __future__ import annotations

import csv
import http.client
import http.server
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from decimal import Decimal

import pytest
from rdflib import Literal

import atlaskg
from atlaskg.query import bind, named_queries, run, server, with_prefixes, with_values
from atlaskg.query import endpoint as remote
from atlaskg.store.terms import to_rdflib
from conftest import ROOT


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


# Asked of the whole atlas only: on the curated records the example finds no rows (they state no
# dated price); tests/test_atlas.py asks every atlas query of the atlas, locally and remotely.
NEEDS_THE_ATLAS = {"price-changes": "the curated records state no dated price",
                   "result-disagreements": "the curated records hold no two scores that disagree",
                   "price-disagreements": "the curated records are no dataset's: no two catalogues price a model"}


def example_params(query) -> dict[str, str]:
    return {p.name: p.default or p.example for p in query.params if (p.default or p.example)}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_gives_the_same_answer_remotely(catalog, read_only, name):
    """SELECT rows and CONSTRUCT triples alike (the client asks for N-Triples for a graph)."""
    query = named_queries()[name]
    bindings = bind(catalog, query, example_params(query))
    local = run(catalog, query.text, bindings)
    far = remote.run(f"{read_only}/query", with_prefixes(with_values(query.text, bindings)))
    assert far.kind == local.kind
    if local.kind == "CONSTRUCT":
        assert local.triples and {str(t) for t in far.triples} == {str(t) for t in local.triples}
    else:
        assert len(local.rows) > 0 or name in NEEDS_THE_ATLAS, "the example parameters should find something"
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
    still = remote.run(f"{read_only}/query", "ASK { ?s ?p ?o }")
    assert still.boolean is True


def test_publish_replaces_the_named_graph(run_cli, writable, catalog):
    store, query_url = f"{writable}/store", f"{writable}/query"
    graph = "https://w3id.org/atlaskg/graph/catalog"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    for _ in range(2):
        result = run_cli("publish", "--endpoint", store)
        assert result.exit_code == 0, result.stderr
        assert int(remote.run(query_url, count).rows[0][0].value) == catalog.triple_count()
    query = named_queries()["models-beating"]
    bindings = bind(catalog, query, example_params(query))
    far = remote.run(query_url, with_prefixes(with_values(query.text, bindings)))
    assert comparable(far) == comparable(run(catalog, query.text, bindings))


def test_failed_upload_leaves_the_old_graph(writable, catalog):
    store, query_url = f"{writable}/store", f"{writable}/query"
    graph = "https://w3id.org/atlaskg/graph/failed-upload"
    remote.put_graph(store, graph, b"<http://x/a> <http://x/b> <http://x/c> .\n")
    with pytest.raises(atlaskg.AtlasError, match="HTTP 400"):
        remote.put_graph(store, graph, b"<http://x/a> <http://x/b> this is not n-triples\n")
    rows = remote.run(query_url, f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
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
        remote.run("http://192.0.2.1/sparql", "ASK {}", timeout=1)


# ---- `atlaskg serve`, as a user runs it ------------------------------------------------------

PROCESSES_NAMING = """
import os, sys
from pathlib import Path
for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
    try:
        if sys.argv[1].encode() in cmdline.read_bytes() and cmdline.parent.name != str(os.getpid()):
            print(cmdline.parent.name)
    except OSError:
        pass
"""


class Serving:
    """`atlaskg serve` in a child process, with its temporary files under its own TMPDIR."""

    def __init__(self, tmp_path, *options):
        self.port, self.scratch = free_port(), tmp_path / "scratch"
        self.scratch.mkdir()
        self.process = subprocess.Popen(  # a group of its own, as a shell job: Ctrl-C goes to the group
            [sys.executable, "-m", "atlaskg", "serve", "--port", str(self.port), *options],
            cwd=tmp_path, stderr=subprocess.PIPE, text=True, start_new_session=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(self.scratch)})
        self.banner = self.process.stderr.readline()
        self.url = f"http://127.0.0.1:{self.port}/query"

    def engine_pids(self) -> list[int]:
        """Processes whose command line names this server's temporary store (the Oxigraph child),
        listed by a child Python: the test's own guard refuses reading other processes' files."""
        listing = subprocess.run([sys.executable, "-c", PROCESSES_NAMING, str(self.scratch)],
                                 capture_output=True, text=True, check=True)
        return [int(pid) for pid in listing.stdout.split()]

    def stop(self, sig=signal.SIGINT, group: bool = False) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig) if group else self.process.send_signal(sig)
        return self.process.wait(timeout=20)


@pytest.fixture()
def serving(tmp_path):
    running = Serving(tmp_path, "--timeout", "3")
    assert f"serving http://127.0.0.1:{running.port}/query" in running.banner, running.banner
    yield running
    running.stop()


def test_serve_answers_and_stops_on_ctrl_c(serving):
    rows = remote.run(serving.url, with_prefixes(
        'SELECT ?n WHERE { ?m atlas:snapshotId "gpt-4.1-2025-04-14" ; atlas:contextWindowTokens ?n }'))
    assert [int(r[0].value) for r in rows.rows] == [1047576]
    assert serving.engine_pids()
    assert serving.stop(signal.SIGINT) == 0, "Ctrl-C is how a user stops the server"
    with pytest.raises(atlaskg.AtlasError, match="cannot reach"):
        remote.run(serving.url, "ASK {}", timeout=2)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_every_stop_signal_stops_the_engine_and_removes_the_store(serving, sig):
    assert serving.engine_pids()
    assert serving.stop(sig) == 0
    assert serving.engine_pids() == [] and list(serving.scratch.iterdir()) == []


def test_ctrl_c_at_a_terminal_reaches_the_whole_group_and_is_a_clean_stop(serving):
    """A terminal sends SIGINT to the foreground group; the engine, in a session of its own, is
    stopped by serve rather than dying first and looking like a crash."""
    assert serving.stop(signal.SIGINT, group=True) == 0
    assert "stopped unexpectedly" not in serving.process.stderr.read()
    assert serving.engine_pids() == []


def test_service_is_refused_and_no_request_leaves(serving):
    """A canary listener that must never see a connection."""
    with socket.socket() as canary:
        canary.bind(("127.0.0.1", 0))
        canary.listen()
        canary.settimeout(1)
        target = f"http://127.0.0.1:{canary.getsockname()[1]}/sparql"
        for query in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
                      f"select * where {{ ?x ?y ?z . service <{target}> {{ ?s ?p ?o }} }} LIMIT 1",
                      # issue 27: `\#` is an escape in a prefixed name, not a comment
                      f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ BIND(ex:a\\# AS ?z) "
                      f"SERVICE <{target}> {{ ?s ?p ?o }} }}"):
            with pytest.raises(atlaskg.AtlasError, match="HTTP 400.*SERVICE"):
                remote.run(serving.url, query)
        with pytest.raises(socket.timeout):
            canary.accept()


@pytest.mark.parametrize("length, status", [("-1", 400), ("abc", 400), ("", 411), ("1e3", 400),
                                            (str(10**12), 413)])
def test_a_post_is_refused_before_reading_unless_its_length_is_a_number_within_bounds(serving, length, status):
    """Issue 27: `Content-Length: -1` made the gate read until the client closed."""
    with socket.create_connection(("127.0.0.1", serving.port), timeout=5) as client:
        header = f"Content-Length: {length}\r\n" if length else ""
        client.sendall(f"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                       f"{header}\r\nASK {{}}".encode())  # the client keeps the connection open
        answer = client.recv(200).decode("latin-1")
    assert answer.startswith(f"HTTP/1.1 {status}"), answer
    assert remote.run(serving.url, "ASK { ?s ?p ?o }").boolean is True


def test_a_query_too_deep_for_the_parser_is_refused_and_the_server_lives(serving):
    deep = "SELECT * WHERE { FILTER (" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with pytest.raises(atlaskg.AtlasError, match="HTTP 400.*nests brackets"):
        remote.run(serving.url, deep)
    assert remote.run(serving.url, "ASK { ?s ?p ?o }").boolean is True


def test_a_runaway_answer_is_cut_at_the_deadline(serving):
    """A cross product of the catalogue streams gigabytes; the gate closes it after --timeout."""
    request = urllib.request.Request(serving.url, data=urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}).encode(),
        headers={"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"})
    received = 0
    with pytest.raises(http.client.IncompleteRead), urllib.request.urlopen(request, timeout=30) as answer:
        while chunk := answer.read1(1 << 20):  # chunked: a cut answer is told from a whole one
            received += len(chunk)
    assert received < 8 * 2**30, "the stream ended"
    assert remote.run(serving.url, "ASK { ?s ?p ?o }").boolean is True


def test_a_busy_port_is_an_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "atlaskg", "serve", "--port", str(port)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_an_engine_that_dies_stops_the_server_with_an_error(serving):
    for pid in serving.engine_pids():
        os.kill(pid, signal.SIGKILL)
    assert serving.process.wait(timeout=20) == 2
    assert "the query engine stopped unexpectedly" in serving.process.stderr.read()


@contextmanager
def dripping_endpoint(head: bytes, drip: bytes, pause: float):
    """An endpoint that answers every POST with `head` at once, then `drip` a byte every `pause` s."""
    class Drip(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            try:
                self.wfile.write(head)
                for byte in drip:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(pause)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    slow = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    slow.daemon_threads = True
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{slow.server_address[1]}/query"
    finally:
        slow.shutdown()
        slow.server_close()


def test_the_client_timeout_bounds_the_whole_exchange_not_each_read():
    """An endpoint that trickles a byte every 0.2 s never trips a per-read timeout."""
    head = b"HTTP/1.0 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n"
    with dripping_endpoint(head, b" " * 300, 0.2) as url:
        started = time.monotonic()
        with pytest.raises(atlaskg.AtlasError, match="no answer within 1 s"):
            remote.run(url, "ASK {}", timeout=1)
        assert time.monotonic() - started < 30, "not the 60 s the trickle would take"


def test_allow_service_reaches_the_endpoint_the_user_names(run_cli, read_only):
    query = (f"SELECT ?n WHERE {{ SERVICE <{read_only}/query> {{ ?m <https://w3id.org/atlaskg/ontology#snapshotId> "
             "?n FILTER (?n = 'gpt-4.1-2025-04-14') } }")
    refused = run_cli("query", "--sparql", query)
    assert refused.exit_code == 2 and "--allow-service" in refused.stderr
    allowed = run_cli("query", "--allow-service", "--sparql", query, "--format", "csv")
    assert allowed.exit_code == 0, allowed.stderr
    assert allowed.stdout.splitlines() == ["n", "gpt-4.1-2025-04-14"]


def test_an_endpoint_that_drips_its_headers_is_left_at_the_deadline():
    """Issue 27: a byte of the header every 0.5 s never tripped a per-read timeout (60 s here)."""
    with dripping_endpoint(b"", b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 120, 0.5) as url:
        started = time.monotonic()
        with pytest.raises(atlaskg.AtlasError, match="no answer within 2 s"):
            remote.run(url, "ASK {}", timeout=2)
        assert time.monotonic() - started < 5


@pytest.fixture()
def small_gate():
    """The gate alone, in this process, with short limits; its upstream answers nothing."""
    from atlaskg.query.server import Gate

    gate = Gate("127.0.0.1", 0, upstream="http://127.0.0.1:9", deadline_s=2, max_connections=2,
                idle_s=0.5, request_s=1.5)
    threading.Thread(target=gate.serve_forever, daemon=True).start()
    yield gate.server_address
    gate.shutdown()
    gate.server_close()


def test_the_gate_closes_a_connection_whose_request_stops_coming(small_gate):
    with socket.create_connection(small_gate, timeout=5) as client:
        client.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\n")  # and nothing more
        started = time.monotonic()
        assert client.recv(100) == b"" and time.monotonic() - started < 3


def test_the_gate_cuts_a_request_that_drips_in(small_gate):
    with socket.create_connection(small_gate, timeout=5) as client:
        started = time.monotonic()
        with pytest.raises(OSError):
            for byte in b"POST /query HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"x" * 100:
                client.sendall(bytes([byte]))
                time.sleep(0.2)  # every byte in time for the idle limit, the whole far past the request's
        assert time.monotonic() - started < 6


def test_the_gate_serves_a_bounded_number_of_connections_and_tells_the_others(small_gate):
    waiting = [socket.create_connection(small_gate, timeout=5) for _ in range(2)]
    try:
        time.sleep(0.1)
        with socket.create_connection(small_gate, timeout=5) as third:
            assert third.recv(200).startswith(b"HTTP/1.1 503")
    finally:
        for connection in waiting:
            connection.close()


def test_a_federated_query_reads_the_whole_answer_of_atlaskg_serve(run_cli, serving):
    """The README's example: SERVICE to `atlaskg serve`, whose chunked answer Oxigraph reads."""
    query = (f"SELECT ?n WHERE {{ SERVICE <{serving.url}> {{ ?m <https://w3id.org/atlaskg/ontology#snapshotId> "
             "?n FILTER (?n = 'gpt-4.1-2025-04-14') } }")
    allowed = run_cli("query", "--allow-service", "--sparql", query, "--format", "csv")
    assert allowed.exit_code == 0, allowed.stderr
    assert allowed.stdout.splitlines() == ["n", "gpt-4.1-2025-04-14"]


def _one_shot_server(answer: bytes):
    """A listener that answers every connection with `answer`, whatever was asked."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                connection.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    return listener


@pytest.mark.parametrize("answer", [b"NOT HTTP AT ALL\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n{}"])
def test_an_answer_that_is_not_http_is_one_clear_line(run_cli, answer):
    listener = _one_shot_server(answer)
    try:
        result = run_cli("query", "--sparql", "ASK {}", "--endpoint", f"http://127.0.0.1:{listener.getsockname()[1]}/q")
    finally:
        listener.close()
    assert result.exit_code == 2 and "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_password_a_store_echoes_is_never_printed(run_cli, monkeypatch):
    monkeypatch.setenv("ATLASKG_USER", "me")
    monkeypatch.setenv("ATLASKG_PASSWORD", "s3cret-Pa55")
    body = b"denied for me with s3cret-Pa55"
    listener = _one_shot_server(b"HTTP/1.1 403 Forbidden\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    try:
        result = run_cli("query", "--sparql", "ASK {}", "--endpoint", f"http://127.0.0.1:{listener.getsockname()[1]}/q")
    finally:
        listener.close()
    assert result.exit_code == 2 and "HTTP 403" in result.stderr and "s3cret" not in result.stderr
