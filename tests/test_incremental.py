"""Incremental validation (`atlaskg validate --changed FILE`) finds exactly what full validation
finds on the nodes a file describes and on the nodes pointing at them."""

from __future__ import annotations

import pytest

import atlaskg
from atlaskg.check.incremental import graph_of, validate_changed
from atlaskg.check.shacl import validate
from atlaskg.store import bundled_inputs, compact, load
from conftest import CASES, ROOT
from test_cases import header

DATA_FILES = [path for path, _ in bundled_inputs() if path.is_relative_to(ROOT / "data")]
PLANTED = sorted(p for p in (CASES / "invalid").glob("*.ttl")
                 if header(p).get("expect", "").startswith(("violation", "warning")))


def findings_on(report, focus) -> list[tuple]:
    nodes = {compact(node) for node in focus}
    return sorted((f.severity, f.focus, f.path, f.message, f.component) for f in report.findings if f.focus in nodes)


@pytest.fixture(scope="module")
def full_report(catalog):
    return validate(catalog)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(ROOT / "data").as_posix())
def test_each_bundled_file_gets_the_findings_of_full_validation(catalog, full_report, path):
    report, focus = validate_changed(catalog, path)
    assert focus, "a data file describes something"
    assert findings_on(report, focus) == findings_on(full_report, focus)
    assert findings_on(report, focus) == sorted((f.severity, f.focus, f.path, f.message, f.component)
                                                for f in report.findings), "nothing outside the focus"


@pytest.mark.parametrize("path", PLANTED, ids=lambda p: p.stem)
def test_each_planted_violation_is_found_as_full_validation_finds_it(catalog, path):
    report, focus = validate_changed(catalog, path)
    full = validate(load([path]))
    assert findings_on(report, focus) == findings_on(full, focus)
    rule = header(path)["expect"].split()[1]
    assert any(f.component == rule and f.severity != "info" for f in report.findings), rule


def test_an_edit_that_removes_a_node_reports_the_nodes_that_pointed_at_it(catalog, tmp_path, monkeypatch):
    """The benchmark file loses its benchmark: results in other files now point at nothing typed."""
    original = ROOT / "data" / "benchmarks" / "mmlu.ttl"
    edited = tmp_path / "mmlu.ttl"
    edited.write_text("", encoding="utf-8")
    graph = graph_of(catalog, original)
    monkeypatch.setitem(catalog.files, graph, edited)  # as if the built file had been edited in place
    report, focus = validate_changed(catalog, edited)
    assert report.of_severity("violation"), "results that cite the removed benchmark are reported"
    expected = load()
    expected.remove_graph(graph)
    full = validate(expected)
    assert findings_on(report, focus) == findings_on(full, focus)
    assert any("result:" in f.focus for f in report.of_severity("violation"))


def test_cli_validates_a_changed_file_against_the_built_store(run_cli, tmp_path):
    out = tmp_path / "dist"
    assert run_cli("build", "--curated", "-o", out).exit_code == 0
    case = CASES / "invalid" / "BenchmarkResult-score-above-100.ttl"
    incremental = run_cli("--store", out / "store", "validate", "--changed", case)
    full = run_cli("--store", out / "store", "validate", case)
    assert incremental.exit_code == full.exit_code == 1
    assert incremental.stdout == full.stdout
    assert "validated 1 node(s)" in incremental.stderr and "stale" not in incremental.stderr
    fine = run_cli("--store", out / "store", "validate", "--changed", ROOT / "data/models/gpt-4.1-2025-04-14.ttl")
    assert fine.exit_code == 0 and "conforms" in fine.stderr


def test_the_python_api_offers_it(catalog):
    assert atlaskg.validate_changed is validate_changed
