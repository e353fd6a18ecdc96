"""A read-only SPARQL endpoint for the catalogue: Oxigraph's own server (the `oxigraph` package
on PyPI) answers the queries, behind a small gate written here.

Oxigraph would run whatever a client sends, SERVICE clauses included (a request to any URL the
machine can reach, on the client's behalf) and a query nested deep enough to overflow its
parser's stack. So the server listens on a private loopback port, and clients talk to the gate:
it accepts SPARQL 1.1 Protocol queries on /query only, refuses updates, SERVICE and deep
nesting with the same check as the command line, and holds every answer to an overall deadline
and a size cap, streaming included. A client has a bounded time to send its request, and the
gate serves a bounded number of connections at once (the others are told to come back). Answers
are chunked for HTTP/1.1 clients, so a SPARQL client (Oxigraph's SERVICE included) can tell a
whole answer from a cut one. The gate supervises the server: if it stops, the gate stops and
says why.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from atlaskg.core.errors import Adjustable, AtlasError, QueryError
from atlaskg.core.guard import allowing_hosts
from atlaskg.query import check

MAX_QUERY_BYTES = 1 * 2**20
DEFAULT_MAX_ANSWER_BYTES = 256 * 2**20
IDLE_S = 10  # the longest wait for the next bytes of a request
REQUEST_S = 20  # the longest time to send a whole request (a client dripping bytes is cut)
MAX_CONNECTIONS = 64  # served at once; more get 503 at once instead of a thread each
_CHUNK = 64 * 1024
_ACCEPTED = {"application/sparql-query", "application/x-www-form-urlencoded"}


def oxigraph_binary() -> str:
    """The oxigraph CLI beside this Python, or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise AtlasError("the Oxigraph server is not installed; run: pip install 'atlaskg[server]'")
    return found


def start(location: Path, host: str, port: int, timeout_s: int, read_only: bool = True,
          union_default_graph: bool = True) -> subprocess.Popen[str]:
    """Start Oxigraph's server in the background and wait until it answers; the caller stops it.
    On Linux it is also stopped by the kernel when this process dies, even by SIGKILL."""
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"{host}:{port}", *(["--union-default-graph"] if union_default_graph else [])]
    if read_only:
        command += ["--timeout-s", str(timeout_s)]
    # its own session: a Ctrl-C or a group-wide SIGTERM reaches this process, which stops the engine
    # itself (and can tell a stop from a crash); PDEATHSIG covers this process being killed
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True,
                               preexec_fn=die_with_parent if sys.platform == "linux" else None)
    assert process.stderr is not None  # stderr=PIPE
    url = f"http://{host}:{port}/query?query=ASK%7B%7D"
    deadline = time.monotonic() + 20
    with allowing_hosts([host]):
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AtlasError(f"oxigraph stopped: {process.stderr.read().strip()[:300]}")
            try:
                with urllib.request.urlopen(url, timeout=1):
                    return process
            except OSError:
                time.sleep(0.1)
    process.terminate()
    raise AtlasError(f"oxigraph did not answer on {host}:{port} within 20 s")


def die_with_parent() -> None:
    """Ask Linux to stop this process (SIGTERM) when the process that started it dies, even by
    SIGKILL: for a child that must not outlive its parent (the engine, the site's page worker)."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _for_client(err: QueryError) -> str:
    """A refusal as an HTTP client reads it: the client changes none of the server's settings, so
    none is named; a switch the command line offers (SERVICE) is one this endpoint never turns on."""
    if not isinstance(err, Adjustable):
        return str(err)
    return f"{err.message}; this endpoint never does" if err.setting == "allow_service" else err.message


class Gate(ThreadingHTTPServer):
    """The public side: checks each query, forwards it to `upstream` and relays the answer."""

    server_address: tuple[str, int]  # an AF_INET server's (host, port) once bound; typeshed allows any address
    daemon_threads = True
    request_queue_size = 1024  # socketserver's 5 resets connections when fifty clients arrive at once

    def __init__(self, host: str, port: int, upstream: str, deadline_s: float,
                 max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES, max_connections: int = MAX_CONNECTIONS,
                 idle_s: float = IDLE_S, request_s: float = REQUEST_S):
        self.upstream, self.deadline_s, self.max_answer_bytes = upstream, deadline_s, max_answer_bytes
        self.idle_s, self.request_s = idle_s, request_s
        self._slots = threading.BoundedSemaphore(max_connections)
        try:
            super().__init__((host, port), _GateHandler)
        except OSError as err:
            raise Adjustable(f"cannot listen on {host}:{port} ({err.strerror or err}); "
                             "is another server using the port?", "port", port, "choose one with {}") from None

    def process_request(self, request, client_address) -> None:
        """A thread per connection while slots are free; past that, 503 at once and close."""
        if not self._slots.acquire(blocking=False):
            _busy(request)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def _busy(connection: socket.socket) -> None:
    body = b"the endpoint is serving as many clients as it can; try again shortly\n"
    connection.settimeout(1)
    try:
        connection.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
                           b"Content-Type: text/plain; charset=utf-8\r\nContent-Length: "
                           + str(len(body)).encode() + b"\r\n\r\n" + body)
    except OSError:
        pass


class _GateHandler(BaseHTTPRequestHandler):
    server: Gate
    protocol_version = "HTTP/1.1"  # chunked answers: a client tells a whole answer from a cut one

    def setup(self) -> None:
        self.timeout = self.server.idle_s  # type: ignore[misc]  # typeshed: a ClassVar; socketserver reads it per instance
        # (the socket's timeout: a request that stops coming ends the connection)
        super().setup()
        self._reading = threading.Timer(self.server.request_s, self._cut_slow_request)
        self._reading.daemon = True
        self._reading.start()

    def _cut_slow_request(self) -> None:
        """A request still not whole after request_s: the connection is shut, the read fails."""
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def finish(self) -> None:
        self._reading.cancel()
        super().finish()

    def end_headers(self) -> None:
        self.send_header("Connection", "close")  # one request per connection
        self.close_connection = True
        super().end_headers()

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if self._on_query_path(url):
            self._answer(_form_query(url.query))

    def do_POST(self) -> None:
        if not self._on_query_path(urllib.parse.urlsplit(self.path)):
            return
        declared = (self.headers.get("Content-Length") or "").strip()
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind not in _ACCEPTED:
            return self._refuse(415, f"send the query as {' or '.join(sorted(_ACCEPTED))}")
        if not declared:
            return self._refuse(411, "say the query's length (Content-Length)")
        if not declared.isascii() or not declared.isdigit():  # never read until the client closes
            return self._refuse(400, "Content-Length must be a number of bytes")
        length = int(declared)
        if length > MAX_QUERY_BYTES:
            return self._refuse(413, f"a query may hold at most {MAX_QUERY_BYTES} bytes")
        body = self.rfile.read(length).decode("utf-8", "replace")
        self._answer(body if kind == "application/sparql-query" else _form_query(body))

    def _on_query_path(self, url) -> bool:
        """True for /query; anything else is refused here (403 for /update, 404 otherwise)."""
        if url.path == "/query":
            return True
        self._refuse(404 if url.path != "/update" else 403, "only /query is served, read-only")
        return False

    def _answer(self, text: str | None) -> None:
        self._reading.cancel()  # the request is whole: the answer has its own deadline
        if not text:
            return self._refuse(400, "give one query (the 'query' parameter)")
        if len(text.encode("utf-8")) > MAX_QUERY_BYTES:
            return self._refuse(413, f"a query may hold at most {MAX_QUERY_BYTES} bytes")
        try:
            check(None, text)  # updates, SERVICE, nesting: refused exactly as on the command line
        except QueryError as err:
            return self._refuse(400, _for_client(err))
        self._relay(text)

    def _relay(self, text: str) -> None:
        deadline = time.monotonic() + self.server.deadline_s
        request = urllib.request.Request(
            f"{self.server.upstream}/query", data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": self.headers.get("Accept") or "application/sparql-results+json"})
        try:
            upstream = urllib.request.urlopen(request, timeout=self.server.deadline_s)
        except urllib.error.HTTPError as err:
            return self._refuse(err.code, err.read(2000).decode("utf-8", "replace").strip() or err.reason)
        except OSError as err:
            return self._refuse(502, f"the query engine did not answer ({err})")
        chunked = self.request_version == "HTTP/1.1"  # an HTTP/1.0 client reads until the connection closes
        with upstream:
            self.send_response(200)
            self.send_header("Content-Type", upstream.headers.get("Content-Type", "application/octet-stream"))
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            sent = 0
            while chunk := upstream.read1(_CHUNK):
                sent += len(chunk)
                if time.monotonic() > deadline or sent > self.server.max_answer_bytes:
                    return  # cut without the last chunk: the client sees an incomplete answer
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")

    def _refuse(self, status: int, message: str) -> None:
        body = (" ".join(message.split()) + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        """No access log on stderr: the terminal is the operator's."""


def _form_query(form: str) -> str | None:
    """The one 'query' field of a URL query string or form body (None when absent or repeated)."""
    queries = urllib.parse.parse_qs(form).get("query", [])
    return queries[0] if len(queries) == 1 else None


def serve(fill, host: str, port: int, timeout_s: int, announce) -> None:
    """Bind HOST:PORT (a busy port fails before any work), let `fill` give the store to serve
    (it may write one into the temporary directory it is given), and serve it until SIGINT,
    SIGTERM or SIGHUP (a clean stop: engine stopped, directory removed) or until the engine stops
    by itself (an AtlasError saying why)."""
    gate = Gate(host, port, upstream="", deadline_s=timeout_s)
    try:
        with tempfile.TemporaryDirectory(prefix="atlaskg-store-") as scratch:
            location = fill(Path(scratch) / "oxigraph")
            inner_port = free_loopback_port()
            engine = start(location, "127.0.0.1", inner_port, timeout_s)
            gate.upstream = f"http://127.0.0.1:{inner_port}"
            crashed = _run_until_stopped(gate, engine, announce)
    finally:
        gate.server_close()
    if crashed is not None:
        assert engine.stderr is not None  # start() pipes it
        raise AtlasError(f"the query engine stopped unexpectedly (exit {crashed}): "
                         f"{(engine.stderr.read() or '').strip()[:300] or 'no message'}")


def _run_until_stopped(gate: Gate, engine: subprocess.Popen, announce) -> int | None:
    """Serve until a stop signal or the engine's own end; the engine's exit code in that case."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGHUP)}
    # the ignore: the lambda's tuple only runs both calls; its value is never used
    threading.Thread(target=lambda: (engine.wait(), stop.set()), daemon=True).start()  # type: ignore[func-returns-value]
    threading.Thread(target=gate.serve_forever, daemon=True).start()
    try:  # announced inside: a Ctrl-C right after the banner is a clean stop too
        announce(f"serving http://{gate.server_address[0]}:{gate.server_address[1]}/query (read-only, "
                 f"{gate.deadline_s:g} s per query; SERVICE refused); Ctrl-C stops")
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        gate.shutdown()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        crashed = engine.poll()
        engine.terminate()
        engine.wait()
    return crashed
