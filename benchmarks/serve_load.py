"""Load on `atlaskg serve`: many clients asking the named queries, with and without runaway queries.

    python benchmarks/serve_load.py                          # 50 clients, 20 s, then again with 5 runaways
    python benchmarks/serve_load.py --clients 20 --seconds 10 --runaway 0

Starts `atlaskg serve` (the command beside this Python) on a free port, runs client threads
that each send named queries (every SELECT and CONSTRUCT, with its example parameters) in turn
for the given time, and prints requests, errors, requests per second, p50/p99 latency and the
peak memory of the server's processes (the gate and Oxigraph). With --runaway K, K more clients
each send a cross product of the catalogue that would stream gigabytes; the gate cuts each at
the server's --timeout, and the figures show what that costs the other clients. Not part of the
tests (nothing is asserted).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import atlaskg  # noqa: E402
from atlaskg.query import bind, named_queries, with_prefixes, with_values  # noqa: E402
from atlaskg.query.sparql_text import query_form  # noqa: E402

RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepared_queries() -> list[str]:
    """Every named query as the text a remote client sends (parameters bound as VALUES)."""
    catalog = atlaskg.load()
    texts = []
    for query in named_queries().values():
        given = {p.name: str(p.default or p.example) for p in query.params if (p.default or p.example)}
        texts.append(with_prefixes(with_values(query.text, bind(catalog, query, given))))
    return texts


def ask(url: str, text: str, timeout: float) -> bytes:
    body = urllib.parse.urlencode({"query": text}).encode()
    graph = query_form(text) in ("CONSTRUCT", "DESCRIBE")
    request = urllib.request.Request(url, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/n-triples" if graph else "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.read()


def peak_memory_mb(pids: list[int]) -> float:
    """Sum of the peak resident memory (VmHWM) of the given processes."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def server_pids(root: int) -> list[int]:
    """The server and its children."""
    found = [root]
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(root):
            found.append(int(status.parent.name))
    return found


def run(url: str, texts: list[str], clients: int, runaways: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    cut = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        n = offset
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                ask(url, texts[n % len(texts)], timeout=60)
                with lock:
                    latencies.append(time.monotonic() - started)
            except (OSError, urllib.error.URLError) as err:
                with lock:
                    errors.append(str(err)[:80])
            n += 1

    def runaway() -> None:
        nonlocal cut
        while time.monotonic() < stop_at:
            try:
                ask(url, RUNAWAY, timeout=120)
            except Exception:  # noqa: BLE001 (a cut stream ends in one of several errors)
                pass
            with lock:
                cut += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    threads += [threading.Thread(target=runaway) for _ in range(runaways)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)
    return {"requests": len(latencies), "errors": len(errors), "runaways_cut": cut,
            "rps": len(latencies) / seconds,
            "p50_ms": 1000 * statistics.median(ordered) if ordered else None,
            "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))] if ordered else None,
            "first_error": errors[0] if errors else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runaway", type=int, default=5, help="runaway clients in the second round (0: skip it)")
    parser.add_argument("--timeout", type=int, default=5, help="the server's --timeout")
    args = parser.parse_args()

    texts = prepared_queries()
    port = free_port()
    script = Path(sys.executable).with_name("atlaskg")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "atlaskg"]
    server = subprocess.Popen([*command, "serve", "--port", str(port), "--timeout", str(args.timeout)],
                              stderr=subprocess.PIPE, text=True, env={**os.environ})
    try:
        banner = server.stderr.readline()
        if "serving" not in banner:
            raise SystemExit(f"serve did not start: {banner.strip()}")
        url = f"http://127.0.0.1:{port}/query"
        rounds = [("plain", 0)] + ([("with runaways", args.runaway)] if args.runaway else [])
        print(f"{len(texts)} named queries; {args.clients} clients x {args.seconds:g} s per round; "
              f"server timeout {args.timeout} s")
        for label, runaways in rounds:
            figures = run(url, texts, args.clients, runaways, args.seconds)
            print(f"{label:14} requests {figures['requests']:6}  errors {figures['errors']:3}  "
                  f"{figures['rps']:7.1f} req/s  p50 {figures['p50_ms'] or 0:7.1f} ms  "
                  f"p99 {figures['p99_ms'] or 0:7.1f} ms  runaways cut {figures['runaways_cut']:3}  "
                  f"peak memory {peak_memory_mb(server_pids(server.pid)):6.0f} MB"
                  + (f"  first error: {figures['first_error']}" if figures["errors"] else ""))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
