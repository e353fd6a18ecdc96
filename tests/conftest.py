"""Shared fixtures: the bundled catalogue, loaded once, and a CLI runner."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

try:
    import atlaskg
except ModuleNotFoundError as missing:  # a Python without the project's dependencies
    pytest.exit(f"{missing.name} is not installed in this Python ({missing}); install the project and its "
                "test tools first: pip install '.[test]' (see the README)", returncode=4)
from atlaskg.cli import cli
from atlaskg.guard import guarded
from atlaskg.guard import install as install_guard
from atlaskg.resources import bundled_dir

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

install_guard()


@pytest.fixture(scope="session", autouse=True)
def no_store_of_the_checkout(tmp_path_factory):
    """Commands read the files, not a dist/store that `atlaskg build` left in the checkout (the
    README's first command): tests that want a built store name it with --store."""
    os.environ["ATLASKG_STORE"] = str(tmp_path_factory.getbasetemp() / "no-store")
    yield


@pytest.fixture(scope="session", autouse=True)
def no_network(tmp_path_factory):
    """The whole suite runs with the network refused (loopback servers excepted) and file reads
    limited to the repository, the tests' own temporary folders and Python's installation."""
    with guarded(read_paths=[ROOT, tmp_path_factory.getbasetemp()], allow_hosts=LOOPBACK):
        yield


@pytest.fixture(scope="session")
def catalog():
    return atlaskg.load()


@pytest.fixture(scope="session")
def graph(catalog):
    return catalog.to_rdflib()


@pytest.fixture(scope="session")
def report(catalog):
    return atlaskg.validate(catalog)


@pytest.fixture
def run_cli():
    """Invoke the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def bundled_digest() -> str:
    """A digest of every bundled file, to prove that a command left them untouched."""
    digest = hashlib.sha256()
    for name in ("data", "ontology", "shapes", "queries", "integrity", "mappings"):
        for path in sorted(bundled_dir(name).rglob("*")):
            if path.is_file():
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
