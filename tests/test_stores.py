"""Publishing to the stores people run, and one answer everywhere: after `atlaskg publish` with
its default options, every named query prints the same text from the store as from the local
catalogue. Oxigraph without a union default graph (the query names the published graph), and
Virtuoso 7 from Debian (digest authentication; credentials from the environment or netrc)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from atlaskg.core.guard import allowing_reads
from atlaskg.query import named_queries, server

PUBLISHED = "https://w3id.org/atlaskg/graph/catalog"
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def query_commands(run_cli) -> list[list[str]]:
    """`query NAME --param ...` for every named query, with its example parameters."""
    commands = []
    for query in json.loads(run_cli("queries", "--format", "json").stdout):
        params = [arg for p in query["params"] if (p["example"] or p["default"]) is not None
                  for arg in ("--param", f"{p['name']}={p['example'] or p['default']}")]
        commands.append(["query", query["name"], *params, "--format", "csv"])
    return commands


def assert_same_answers(run_cli, endpoint_args: list[str]):
    for command in query_commands(run_cli):
        local = run_cli(*command)
        far = run_cli(*command, *endpoint_args)
        assert local.exit_code == far.exit_code == 0, (command, far.stderr)
        assert far.stdout == local.stdout, command[1]


# ---- Oxigraph, default graph not the union ---------------------------------------------------

@pytest.fixture(scope="module")
def plain_oxigraph(tmp_path_factory):
    port = free_port()
    process = server.start(tmp_path_factory.mktemp("plain"), "127.0.0.1", port, timeout_s=10, read_only=False,
                           union_default_graph=False)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait()


def test_named_queries_answer_the_same_from_a_plain_oxigraph_store(run_cli, plain_oxigraph):
    """A store whose default graph is not the union: the client finds the graph publish filled
    and says so, with no further option (--graph still names one explicitly)."""
    published = run_cli("publish", "--endpoint", f"{plain_oxigraph}/store")
    assert published.exit_code == 0 and "--graph" not in published.stderr
    bare = run_cli("query", "models", "--format", "csv", "--endpoint", f"{plain_oxigraph}/query")
    assert bare.stdout == run_cli("query", "models", "--format", "csv").stdout
    assert f"answered from <{PUBLISHED}>" in bare.stderr
    assert_same_answers(run_cli, ["--endpoint", f"{plain_oxigraph}/query"])
    assert_same_answers(run_cli, ["--endpoint", f"{plain_oxigraph}/query", "--graph", PUBLISHED])
    assert len(named_queries()) == len(query_commands(run_cli))


def test_an_empty_remote_answer_says_why(run_cli, tmp_path):
    port = free_port()
    process = server.start(tmp_path, "127.0.0.1", port, timeout_s=10, read_only=False, union_default_graph=False)
    try:
        empty = run_cli("query", "models", "--format", "csv", "--endpoint", f"http://127.0.0.1:{port}/query")
    finally:
        process.terminate()
        process.wait()
    assert empty.exit_code == 0 and empty.stdout.count("\n") == 1
    assert f"holds no graph <{PUBLISHED}>" in empty.stderr and "--graph IRI" in empty.stderr


# ---- Virtuoso 7 ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """Debian's Virtuoso on loopback ports with a fresh database (user dba, password dba)."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.is_file():
        if os.environ.get("ATLASKG_REQUIRE_VIRTUOSO"):
            pytest.fail("Virtuoso is required here (apt-get install virtuoso-opensource)")
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource); CI installs it")
    home = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    with allowing_reads([VIRTUOSO_INI]):  # the suite runs under atlaskg's read guard
        ini = VIRTUOSO_INI.read_text()
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(home))
    ini = ini.replace("ServerPort               = 1111", f"ServerPort               = {sql_port}")
    ini = ini.replace("ServerPort                  = 8890", f"ServerPort                  = {http_port}")
    (home / "virtuoso.ini").write_text(ini)
    process = subprocess.Popen([binary, "-f", "-c", str(home / "virtuoso.ini")], cwd=home,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2):
                break
        except OSError:
            assert process.poll() is None, "virtuoso-t stopped while starting"
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("Virtuoso did not answer within 90 s")
    yield url
    process.terminate()
    process.wait(timeout=60)


def test_publish_to_virtuoso_needs_credentials_and_takes_them_from_the_environment(run_cli, virtuoso, monkeypatch):
    store = f"{virtuoso}/sparql-graph-crud-auth"
    monkeypatch.delenv("ATLASKG_USER", raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent-netrc")
    refused = run_cli("publish", "--endpoint", store)
    assert refused.exit_code == 2 and "HTTP 401" in refused.stderr and "ATLASKG_USER" in refused.stderr
    monkeypatch.setenv("ATLASKG_USER", "dba")
    monkeypatch.setenv("ATLASKG_PASSWORD", "dba")
    published = run_cli("publish", "--endpoint", store)
    assert published.exit_code == 0, published.stderr
    assert "dba" not in published.stderr


def test_publish_to_virtuoso_reads_a_netrc_file(run_cli, virtuoso, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n")
    netrc.chmod(0o600)
    monkeypatch.delenv("ATLASKG_USER", raising=False)
    monkeypatch.setenv("NETRC", str(netrc))
    published = run_cli("publish", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth")
    assert published.exit_code == 0, published.stderr


def test_a_password_in_the_url_is_refused_and_never_echoed(run_cli, virtuoso):
    result = run_cli("publish", "--endpoint", virtuoso.replace("http://", "http://dba:s3cret@") + "/sparql-graph-crud-auth")
    assert result.exit_code == 2 and "credentials in the URL are refused" in result.stderr
    assert "s3cret" not in result.stderr and "dba" not in result.stderr


def test_named_queries_answer_the_same_from_virtuoso(run_cli, virtuoso, monkeypatch):
    """Virtuoso's default graph is the union of its graphs: no --graph needed."""
    monkeypatch.setenv("ATLASKG_USER", "dba")
    monkeypatch.setenv("ATLASKG_PASSWORD", "dba")
    assert run_cli("publish", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth").exit_code == 0
    assert_same_answers(run_cli, ["--endpoint", f"{virtuoso}/sparql"])
