"""Export formats round-trip, and `atlaskg build` writes a complete, deterministic release."""

from __future__ import annotations

import json

from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import VOID, XSD

import atlaskg
from atlaskg.describe_dataset import DATASET
from conftest import ROOT


def test_jsonld_parses_back_isomorphic_to_turtle(catalog):
    turtle = Graph().parse(data=atlaskg.serialize(catalog, "turtle"), format="turtle")
    jsonld = Graph().parse(data=atlaskg.serialize(catalog, "jsonld"), format="json-ld")
    assert len(turtle) == catalog.triple_count()
    assert isomorphic(turtle, jsonld)


def test_ntriples_and_trig_hold_the_same_triples(catalog):
    nt = Graph().parse(data=atlaskg.serialize(catalog, "nt"), format="nt")
    trig = Dataset()
    trig.parse(data=atlaskg.serialize(catalog, "trig"), format="trig")
    assert isomorphic(nt, catalog.to_rdflib())
    assert len({g.identifier for g in trig.graphs() if len(g)}) >= 2, "ontology and data stay apart"
    assert sum(len(g) for g in trig.graphs()) == len(nt)


def test_build_writes_every_format_and_a_dataset_description(run_cli, tmp_path, catalog):
    out = tmp_path / "dist"
    result = run_cli("build", "-o", out)
    assert result.exit_code == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert names == {"atlaskg.ttl", "atlaskg.jsonld", "atlaskg.nt", "atlaskg.trig", "atlaskg.nq", "void.ttl",
                     "checks.json", "integrity.tsv", "store"}
    void = Graph().parse(out / "void.ttl")
    assert void.value(DATASET, VOID.triples) == Literal(catalog.triple_count(), datatype=XSD.integer)
    assert void.value(DATASET, VOID.classes).toPython() >= 10


def test_building_twice_gives_identical_bytes(run_cli, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_cli("build", "-o", first).exit_code == 0
    assert run_cli("build", "-o", second).exit_code == 0
    for path in (p for p in first.iterdir() if p.is_file()):  # store/ is a database, not an output to diff
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_build_refuses_non_conforming_data_and_keeps_previous_outputs(run_cli, tmp_path):
    out = tmp_path / "dist"
    assert run_cli("build", "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix atlas: <https://w3id.org/atlaskg/ontology#> .\n"
                   "<https://w3id.org/atlaskg/model/test-bad> a atlas:Model .\n")
    result = run_cli("build", "-o", out, bad)
    assert result.exit_code == 1
    assert "does not conform" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_later_commands_open_the_built_store_and_notice_when_it_is_stale(run_cli, tmp_path):
    out = tmp_path / "dist"
    assert run_cli("build", "-o", out).exit_code == 0
    store = out / "store"
    fresh = run_cli("--store", store, "query", "model-card", "--param", "model=gpt-4.1", "--format", "csv")
    assert fresh.exit_code == 0 and "gpt-4.1-2025-04-14" in fresh.stdout and "stale" not in fresh.stderr
    with_data = run_cli("--store", store, "query", "models", "--format", "csv",
                        "--data", ROOT / "tests/cases/valid/Model-disclosed-parameter-count.ttl")
    assert with_data.stdout.count("\n") == 11, "a user file joins a private copy of the store"
    assert run_cli("--store", store, "query", "models", "--format", "csv").stdout.count("\n") == 10
    manifest = json.loads((store / "manifest.json").read_text())
    manifest["digest"] = "0" * 64  # as if data/ had changed since the build
    (store / "manifest.json").write_text(json.dumps(manifest))
    stale = run_cli("--store", store, "query", "models", "--format", "csv")
    assert stale.exit_code == 0 and stale.stdout.count("\n") == 10
    assert "is stale" in stale.stderr and "atlaskg build" in stale.stderr
