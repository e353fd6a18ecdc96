"""Talking to SPARQL 1.1 endpoints the user names: the Protocol for queries, the Graph Store HTTP
Protocol for publishing. Only here does atlaskg open network connections, and only to the URL
given on the command line; responses are size-capped and time-limited; credentials, when the
store asks for them, come from the environment or netrc (atlaskg.credentials)."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from atlaskg.core import credentials
from atlaskg.core.errors import EndpointError
from atlaskg.core.guard import allowing_hosts
from atlaskg.names.namespaces import PUBLISHED_GRAPH
from atlaskg.query import Result, graph_result, materialize, sparql_text, within

DEFAULT_TIMEOUT_S = 30
DEFAULT_MAX_BYTES = 64 * 2**20


def run(endpoint: str, text: str, timeout: float = DEFAULT_TIMEOUT_S, max_bytes: int = DEFAULT_MAX_BYTES,
        max_rows: int | None = None, default_graph: str | None = None) -> Result:
    """POST a query (SPARQL 1.1 Protocol), asking for SPARQL JSON results (SELECT, ASK) or
    N-Triples (CONSTRUCT, DESCRIBE), and parse the answer; the whole exchange, not each read,
    is held to `timeout`. `default_graph` makes one named graph the query's default graph (the
    protocol's default-graph-uri): how to query what `publish` put in a store whose default
    graph is not the union of its graphs."""
    graph = sparql_text.query_form(text) in ("CONSTRUCT", "DESCRIBE")
    fields = {"query": text, **({"default-graph-uri": default_graph} if default_graph else {})}
    body = urllib.parse.urlencode(fields).encode("utf-8")
    request = urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/n-triples" if graph else "application/sparql-results+json"})
    payload = _exchange(request, timeout, max_bytes)
    try:
        if graph:
            return graph_result((ox.Triple(q.subject, q.predicate, q.object)
                                 for q in ox.parse(payload, format=ox.RdfFormat.N_TRIPLES)), max_rows)
        return materialize(ox.parse_query_results(payload, format=ox.QueryResultsFormat.JSON), max_rows)
    except (SyntaxError, ValueError) as err:
        kind = "N-Triples" if graph else "SPARQL JSON results"
        raise EndpointError(f"{endpoint}: the answer is not {kind} ({err})") from None


def answer(endpoint: str, text: str, say, timeout: float = DEFAULT_TIMEOUT_S, max_rows: int | None = None,
           default_graph: str | None = None, naming_graph: str = "default_graph=IRI") -> Result:
    """`run`, and when no graph was named and nothing came back: whether the store holds the graph
    `atlaskg publish` fills while its default graph is empty (Oxigraph, Fuseki... whose default
    graph is not the union of their graphs). Then that graph answers, and `say` tells
    so; else `say` tells why the answer may be empty. `naming_graph` is how the caller's front
    end names a graph (the CLI's `--graph IRI`)."""
    result = run(endpoint, text, timeout=timeout, max_rows=max_rows, default_graph=default_graph)
    if default_graph is not None or result.kind == "ASK" or result.rows or result.triples:
        return result
    if run(endpoint, f"ASK {{ GRAPH <{PUBLISHED_GRAPH}> {{ ?s ?p ?o }} }}", timeout=timeout).boolean:
        if run(endpoint, "ASK { ?s ?p ?o }", timeout=timeout).boolean:
            return result  # the default graph shows data (Virtuoso's is the union): an answer with no rows
        say(f"the endpoint's default graph does not hold the catalogue: answered from <{PUBLISHED_GRAPH}>, "
            f"the graph 'atlaskg publish' fills ({naming_graph} names another)")
        return run(endpoint, text, timeout=timeout, max_rows=max_rows, default_graph=PUBLISHED_GRAPH)
    say(f"no rows from {endpoint}, which holds no graph <{PUBLISHED_GRAPH}> that 'atlaskg publish' fills: if "
        "the catalogue is in another named graph of a store whose default graph is not the union of its graphs, "
        f"{naming_graph} queries it")
    return result


def put_graph(store_url: str, graph: str, data: bytes, content_type: str = "application/n-triples",
              timeout: float = DEFAULT_TIMEOUT_S) -> None:
    """Replace one named graph (Graph Store HTTP Protocol PUT): the store swaps it in one
    transaction, so a failed upload leaves the previous graph in place."""
    target = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(target, data=data, method="PUT", headers={"Content-Type": content_type})
    _exchange(request, timeout, DEFAULT_MAX_BYTES)


def _exchange(request: urllib.request.Request, timeout: float, max_bytes: int) -> bytes:
    credentials.refuse_userinfo(request.full_url)
    url = request.full_url
    host = urllib.parse.urlsplit(url).hostname or ""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise EndpointError(f"{url}: an endpoint must be an http(s) URL")
    deadline = time.monotonic() + timeout

    def exchange() -> bytes:
        with allowing_hosts([host]), credentials.opener(url).open(request, timeout=timeout) as response:
            return _read_before(response, deadline, max_bytes + 1)

    try:  # the whole exchange, connecting and headers included, is held to the deadline
        payload = within(timeout, exchange, lambda: EndpointError(f"{url}: no answer within {timeout:g} s"))
    except urllib.error.HTTPError as err:
        detail = credentials.redacted(" ".join(err.read(300).decode("utf-8", "replace").split()), url)
        hint = (f" (the store asks for credentials: set {credentials.USER_VARIABLE} and "
                f"{credentials.PASSWORD_VARIABLE}, or add the host to your netrc file)") if err.code == 401 else ""
        raise EndpointError(f"{url}: HTTP {err.code} {err.reason}" + (f": {detail}" if detail else "") + hint) from None
    except urllib.error.URLError as err:
        raise EndpointError(f"{url}: cannot reach the endpoint ({err.reason})") from None
    except TimeoutError:
        raise EndpointError(f"{url}: no answer within {timeout:g} s") from None
    except OSError as err:
        raise EndpointError(f"{url}: connection failed ({err})") from None
    except (http.client.HTTPException, ValueError) as err:  # a status line or header that is not HTTP
        raise EndpointError(f"{url}: the answer is not HTTP ({type(err).__name__}: {str(err)[:100]})") from None
    if len(payload) > max_bytes:
        raise EndpointError(f"{url}: the answer exceeds {max_bytes // 2**20} MiB; add LIMIT to the query")
    return payload


def _read_before(response, deadline: float, limit: int) -> bytes:
    """At most `limit` bytes, all received before `deadline` (a slow trickle is cut too)."""
    chunks, received = [], 0
    while received < limit:
        if time.monotonic() > deadline:
            raise TimeoutError
        chunk = response.read1(min(64 * 1024, limit - received))
        if not chunk:
            break
        chunks.append(chunk)
        received += len(chunk)
    return b"".join(chunks)
