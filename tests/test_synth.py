"""The synthetic catalogue: reproducible, linear in size, conforming, and with exactly the planted faults."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

import atlaskg
from atlaskg.publish import synth
from atlaskg.publish.synth import generate

N = 20


def _bytes(result) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in [*result.files, result.planted_file]}


def _violations(report):
    return [f for f in report.findings if f.severity == "violation"]


def test_same_arguments_give_byte_identical_files(tmp_path):
    first = generate(tmp_path / "a", N, seed=7, violations=2)
    second = generate(tmp_path / "b", N, seed=7, violations=2)
    assert _bytes(first) == _bytes(second)
    assert _bytes(generate(tmp_path / "c", N, seed=8, violations=2)) != _bytes(first)


def test_triple_count_grows_linearly(tmp_path):
    counts = {n: generate(tmp_path / str(n), n, seed=1).triples for n in (20, 40, 80, 160)}
    per_model = [(counts[b] - counts[a]) / (b - a) for a, b in ((20, 40), (40, 80), (80, 160))]
    assert all(80 <= x <= 160 for x in per_model), per_model
    assert max(per_model) / min(per_model) < 1.3, per_model


def test_no_blank_nodes_and_every_minted_iri_is_synthetic(tmp_path):
    result = generate(tmp_path, N, seed=3)
    subjects = set()
    for path in result.files:
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            assert not any(isinstance(t, ox.BlankNode) for t in (triple.subject, triple.object))
            subjects.add(triple.subject.value)
    minted = {s.split("/")[-1] for s in subjects if s.startswith("https://w3id.org/atlaskg/")}
    assert minted - {"1000000-tokens"}
    assert all(local.startswith("synth-3-") for local in minted - {"1000000-tokens"})


def test_without_violations_the_catalogue_conforms_and_checks_find_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(synth, "MAX_TRIPLES_PER_FILE", 1000)  # several files, still one graph each
    result = generate(tmp_path, N, seed=0)
    assert len(result.files) > 1
    assert json.loads(result.planted_file.read_text())["violations"] == []
    report = atlaskg.validate(atlaskg.load(result.files))
    assert _violations(report) == []
    assert [f.focus for f in report.findings if "synth-" in f.focus] == []


def test_planted_violations_are_exactly_the_ones_found(tmp_path):
    result = generate(tmp_path, N, seed=0, violations=3)
    planted = json.loads(result.planted_file.read_text())["violations"]
    assert len(planted) == 3 and len({p["kind"] for p in planted}) == 3
    found = _violations(atlaskg.validate(atlaskg.load(result.files)))
    assert sorted(f.focus for f in found) == sorted(p["curie"] for p in planted)


def test_too_many_violations_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at most"):
        generate(tmp_path, 5, seed=0, violations=5)


def test_cli_writes_files_and_reports_the_triple_count(tmp_path, run_cli):
    result = run_cli("synth", "--models", "5", "--seed", "2", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "synth-2-part-000.nt").is_file() and (tmp_path / "planted.json").is_file()
    assert "triples" in result.stderr
