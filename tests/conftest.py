"""Shared fixtures: the bundled catalogue, loaded once, and a CLI runner."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.requirements import Requirement

import atlaskg
from atlaskg.cli import cli
from atlaskg.core.guard import guarded
from atlaskg.core.guard import install as install_guard
from atlaskg.core.resources import BUNDLED, bundled_dir

ROOT = Path(__file__).resolve().parents[1]


def documentation() -> str:
    """The README and the reference in docs/, where the figures that tests hold to the data are
    stated, as one text with its whitespace collapsed (a figure may wrap across lines)."""
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(path.read_text(encoding="utf-8") for path in texts)


def missing_requirements() -> list[str]:
    """The requirements of pyproject.toml (dependencies and the test extra) that this Python
    lacks or has at another version: an install made before a dependency was added passes
    `import atlaskg` and then fails test by test."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    missing = []
    for text in project["dependencies"] + project["optional-dependencies"]["test"]:
        requirement = Requirement(text)
        try:
            installed = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(f"{requirement} (not installed)")
            continue
        if not requirement.specifier.contains(installed, prereleases=True):
            missing.append(f"{requirement} (installed: {installed})")
    return missing


def pytest_configure(config):
    """Stop before running anything when a requirement is missing, naming each one; listing the
    tests (--collect-only) runs none, so it needs no more than the imports below."""
    missing = missing_requirements()
    if missing and not config.option.collectonly:
        pytest.exit(f"this Python lacks what the tests need: {'; '.join(missing)}. Install the "
                    "project and its test tools first: pip install '.[test]' (see the README)", returncode=4)


CASES = ROOT / "tests" / "cases"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

install_guard()

# The lanes of the suite (pytest -m): what a test needs besides the curated files. One place says
# it, so a new test file lands in a lane by being listed here; a single slow test is marked `slow`
# where it stands. The fast lane, `pytest -m "not datasets and not server and not browser and not
# slow"`, needs none of them.
LANES = {"datasets": {"test_atlas", "test_atlas_results", "test_litellm", "test_imports", "test_mappings",
                      "test_model_prices"},  # converts the datasets
         "server": {"test_endpoints", "test_stores"}}  # starts Oxigraph, atlaskg serve or Virtuoso


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        for lane, modules in LANES.items():
            if module in modules:
                item.add_marker(lane)
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker("browser")  # drives headless Chromium


@pytest.fixture(scope="session", autouse=True)
def no_store_of_the_checkout(tmp_path_factory):
    """Commands read the files, not a dist/store that `atlaskg build` left in the checkout (the
    README's first command) nor the last build of the machine: tests that want a built store name
    it with --store, and builds record themselves in a data directory of the session's own."""
    os.environ["ATLASKG_STORE"] = str(tmp_path_factory.getbasetemp() / "no-store")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.getbasetemp() / "data-home")  # the last build's record
    yield


@pytest.fixture(scope="session", autouse=True)
def no_network(tmp_path_factory):
    """The whole suite runs with the network refused (loopback servers excepted) and file reads
    limited to the repository, the tests' own temporary folders and Python's installation."""
    with guarded(read_paths=[ROOT, tmp_path_factory.getbasetemp()], allow_hosts=LOOPBACK):
        yield


@pytest.fixture(scope="session")
def atlas(tmp_path_factory) -> Path:
    """The whole atlas, built once for the session (about half a minute)."""
    from atlaskg.publish.build import build

    out = tmp_path_factory.mktemp("atlas") / "dist"
    build(out)
    return out


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
    for name in BUNDLED:
        for path in sorted(bundled_dir(name).rglob("*")):
            if path.is_file():
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
