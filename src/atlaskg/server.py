"""A read-only SPARQL endpoint for the catalogue, served by Oxigraph's own server (the `oxigraph`
package on PyPI), not by code written here: atlaskg loads the catalogue into a store and starts
`oxigraph serve-read-only` on localhost with a query timeout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from atlaskg.errors import AtlasError
from atlaskg.guard import allowing_hosts


def oxigraph_binary() -> str:
    """The oxigraph CLI beside this Python, or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise AtlasError("the Oxigraph server is not installed; run: pip install 'atlaskg[server]'")
    return found


def start(location: Path, host: str, port: int, timeout_s: int, read_only: bool = True) -> subprocess.Popen:
    """Start the server in the background and wait until it answers; the caller stops it."""
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"{host}:{port}", "--union-default-graph"]
    if read_only:
        command += ["--timeout-s", str(timeout_s)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
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
