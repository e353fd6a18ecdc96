"""The Python API is a first-class interface: the same answers as the CLI, in Python types that
convert cleanly to JSON and pandas, and errors that speak Python."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import Graph

import atlaskg


def test_select_gives_rows_that_become_json_and_a_dataframe(catalog):
    rows = atlaskg.query(catalog, "leaderboard", benchmark="SWE-bench Verified")
    assert isinstance(rows, atlaskg.Rows) and rows.variables[0] == "model" and len(rows) >= 3
    assert any(isinstance(row.get("value"), Decimal) for row in rows)
    decoded = json.loads(rows.to_json())
    assert decoded[0]["model"] == rows[0]["model"] and isinstance(decoded[0]["value"], (int, float))
    frame = rows.to_dataframe()
    assert list(frame.columns) == rows.variables and str(frame["value"].dtype) == "float64"


def test_dates_become_iso_text_and_datetime_columns(catalog):
    rows = atlaskg.query(catalog, "model-card", model="GPT-4.1")
    assert json.loads(rows.to_json())[0]["released"] == "2025-04-14"
    assert str(rows.to_dataframe()["released"].dtype).startswith("datetime64")


def test_ask_gives_a_bool_and_construct_a_graph(catalog):
    assert atlaskg.sparql(catalog, "ASK { ?m atlas:snapshotId 'gpt-4.1-2025-04-14' }") is True
    card = atlaskg.query(catalog, "describe-model", model="gpt-4o")
    assert isinstance(card, Graph) and len(card) > 10


def test_functions_for_what_the_cli_does(catalog, tmp_path, run_cli):
    assert len(atlaskg.describe(catalog, "GPT-4.1")) > 50
    assert {f.component for f in atlaskg.check(catalog)} == {"SPARQLConstraintComponent"}
    quotes = atlaskg.evidence(catalog, "model:gpt-4.1-2025-04-14")
    assert any("April 14, 2025" in row["quote"] for row in quotes)
    for name in ("a", "b"):
        assert run_cli("build", "--curated", "-o", tmp_path / name).exit_code == 0
    assert atlaskg.diff(tmp_path / "a", tmp_path / "b") == []


def test_reconcile_compares_with_the_mapped_datasets():
    comparisons = atlaskg.reconcile(atlaskg.load(), "models-dev")
    assert comparisons and {c.dataset for c in comparisons} == {"models-dev"}
    assert {"agree", "disagree"} & {c.verdict for c in comparisons}


def test_errors_name_the_python_argument_not_a_cli_flag(catalog):
    with pytest.raises(atlaskg.AtlasError) as missing:
        atlaskg.query(catalog, "model-card")
    with pytest.raises(atlaskg.AtlasError) as misspelt:
        atlaskg.query(catalog, "model-card", modle="x")
    for error in (missing.value, misspelt.value):
        assert "--" not in str(error)
    assert "parameter 'model'" in str(missing.value) and "'modle'" in str(misspelt.value)


def test_short_reprs(catalog):
    assert len(repr(catalog)) < 80
    assert repr(atlaskg.query(catalog, "models")).startswith("[{")
    many = atlaskg.sparql(catalog, "SELECT ?s WHERE { ?s a atlas:BenchmarkResult }")
    assert len(many) > 10 and repr(many).startswith("<Rows: ") and len(repr(many)) < 200


@pytest.mark.parametrize("call, message", [
    (lambda c: atlaskg.load(123), "paths must be a file or folder path"),
    (lambda c: atlaskg.sparql(c, "SELEC nonsense"), "error at line 1, column 10"),
    (lambda c: atlaskg.diff("/nonexistent-build", "/nonexistent-too"), "no such build folder"),
    (lambda c: atlaskg.serialize(c, "xml"), "unknown export format 'xml'"),
    (lambda c: atlaskg.query(c, "availability-as-of", model="gpt-4.1", as_of="soon"), "must be of type date"),
])
def test_misuse_gives_an_atlas_error_never_a_raw_one(catalog, call, message):
    with pytest.raises(atlaskg.AtlasError, match=message):
        call(catalog)
