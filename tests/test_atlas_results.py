"""Benchmark results across the atlas (issue 24): the pinned result datasets, their extraction,
benchmark identity, results resolved to atlas models or reported, agreement as one result with two
sources, disagreement reported by check, and the score-against-price frontier."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from atlaskg.importers import result_sources
from atlaskg.link.results import benchmark_key
from atlaskg.link.results_graph import documents
from conftest import documentation

ROOT = Path(__file__).resolve().parents[1]
EXT = "https://w3id.org/atlaskg/ext/"


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture
def ask(run_cli, atlas):
    def query(name: str | None = None, sparql: str | None = None, **params) -> list[dict]:
        args = [part for key, value in params.items() for part in ("--param", f"{key}={value}")]
        target = [name] if name else ["--sparql", sparql]
        return rows(run_cli("--store", atlas / "store", "query", *target, "--format", "csv", *args))
    return query


def table(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t"))


# ---- the pinned datasets -----------------------------------------------------------------------

def test_each_result_dataset_is_pinned_licensed_attributed_and_has_its_licence_file():
    for document in documents():
        assert document["pin"] and document["date"] and document["licence"].startswith("https://")
        assert document["attribution"] and document["extracted_with"].startswith("atlaskg extract-results ")
        assert (ROOT / "datasets" / "results" / "licences" / f"{document['dataset']}.LICENSE").is_file()
        assert all(r["benchmark"] and r["score"] and r["location"] for r in document["results"])


def test_results_citing_a_leaderboard_that_may_not_be_republished_are_left_out_and_counted():
    models_dev = {d["dataset"]: d for d in documents()}["models-dev"]
    assert set(models_dev["excluded"]) == {"artificialanalysis.ai", "openrouter.ai"}
    assert not [r for r in models_dev["results"]
                if any(host in (r["source"] or "") for host in result_sources.NOT_REPUBLISHED)]
    assert sum(e["results"] for e in models_dev["excluded"].values()) + len(models_dev["results"]) == 288


def _git_checkout(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    for command in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(path), *command], check=True, capture_output=True)
    return path


def test_extract_results_reads_a_checkout_and_pins_its_commit(run_cli, tmp_path):
    checkout = _git_checkout(tmp_path / "models.dev", {"models/acme/rocket-1.toml": (
        'name = "Rocket 1"\n[[benchmarks]]\nname = "SWE-Bench Verified"\nscore = 61.5\nmetric = "resolved"\n'
        'source = "https://www.swebench.com/"\ndate = "2026-01-02"\n'
        '[[benchmarks]]\nname = "Coding Index"\nscore = 40\nsource = "https://artificialanalysis.ai/x"\n')})
    commit = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    out = tmp_path / "models-dev.json"
    result = run_cli("extract-results", "models-dev", checkout, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "left out: 1 results citing artificialanalysis.ai" in result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["pin"] == commit and document["results"] == [{
        "model": "acme/rocket-1", "model_name": "Rocket 1", "identifier": "acme/rocket-1",
        "benchmark": "SWE-Bench Verified", "score": "61.5", "metric": "resolved", "setting": {},
        "source": "https://www.swebench.com/", "date": "2026-01-02", "location": "models/acme/rocket-1.toml#benchmarks[0]"}]


def test_extract_results_refuses_a_folder_that_is_not_the_dataset(run_cli, tmp_path):
    result = run_cli("extract-results", "aider", tmp_path)
    assert result.exit_code == 2 and "not an aider checkout" in result.stderr


# ---- identity ----------------------------------------------------------------------------------

@pytest.mark.parametrize("first, second", [("SWE-bench Verified", "SWE-Bench Verified"), ("SWE Bench Pro", "SWE-Bench Pro"),
                                           ("Terminal Bench 2.1", "Terminal-Bench 2.1"), ("τ³-bench", "τ3-bench")])
def test_benchmark_names_that_differ_in_punctuation_are_one_benchmark(first, second):
    assert benchmark_key(first) == benchmark_key(second)


def test_a_plus_names_another_benchmark():
    assert benchmark_key("MBPP+") != benchmark_key("MBPP") and benchmark_key("HumanEval+ pass@1") != benchmark_key("HumanEval pass@1")


def test_one_benchmark_per_benchmark_across_the_sources(ask):
    found = ask(sparql="SELECT ?b (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r atlas:benchmark ?b . ?b schema:name ?name "
                       "FILTER (CONTAINS(LCASE(?name), 'swe') && CONTAINS(LCASE(?name), 'verified')) } GROUP BY ?b")
    assert [row["b"] for row in found] == ["https://w3id.org/atlaskg/benchmark/swe-bench-verified"]  # the curated one, with every source's results
    assert int(found[0]["n"]) > 20


def test_every_result_resolves_to_an_atlas_model_or_is_reported_with_the_name_its_source_gives(atlas, ask):
    reported = table(atlas / "results-resolution.tsv")
    assert len(reported) == sum(len(d["results"]) for d in documents())
    unresolved = [r for r in reported if r["status"] != "resolved"]
    assert unresolved and all(r["reason"] for r in unresolved)
    named_only = ask(sparql="SELECT (COUNT(?r) AS ?n) WHERE { ?r atlas:modelAsNamed ?m FILTER NOT EXISTS { ?r dqv:computedOn ?x } }")
    assert int(named_only[0]["n"]) == len(unresolved)
    by_location = {(r["dataset"], r["model_as_named"]): r for r in reported}
    assert by_location[("aider", "claude-3-7-sonnet-20250219 (32k thinking tokens)")]["model"].endswith("claude-3-7-sonnet-20250219")
    assert by_location[("aider", "o3-mini (high)")]["model"].endswith("o3-mini")
    assert by_location[("models-dev", "openai/gpt-4.1")]["model"] == "https://w3id.org/atlaskg/model/gpt-4.1-2025-04-14"


def test_a_model_only_a_result_dataset_catalogues_becomes_an_atlas_model_of_that_dataset(atlas, ask):
    reported = {(r["dataset"], r["identifier"]): r for r in table(atlas / "results-resolution.tsv")}
    granite = reported[("ai-atlas-nexus", "ibm-granite/granite-4.1-30b")]
    assert granite["status"] == "resolved" and "catalogues 'ibm-granite/granite-4.1-30b'" in granite["reason"]
    described = ask(sparql=f"SELECT ?name ?key ?developer ?source WHERE {{ <{granite['model']}> a atlas:Model ; "
                           "schema:name ?name ; schema:identifier ?key ; schema:creator ?developer ; "
                           "prov:wasDerivedFrom ?source }")
    assert [(r["name"], r["key"], r["developer"]) for r in described] == [
        ("Granite-4.1-30B", "granite-4.1-30b", "https://w3id.org/atlaskg/org/ibm")]
    assert described[0]["source"].startswith(EXT + "ai-atlas-nexus/source/")
    base = reported[("ai-atlas-nexus", "ibm-granite/granite-4.1-30b-base")]["model"]
    assert base and base != granite["model"]  # a base checkpoint is another model
    new_developer = reported[("models-dev", "deepreinforce/ornith-1.0-35b")]["model"]
    assert ask(sparql=f"SELECT ?name WHERE {{ <{new_developer}> schema:creator/schema:name ?name }}") == [
        {"name": "deepreinforce"}]


def test_a_model_two_result_datasets_catalogue_is_minted_once_with_both_sources():
    import atlaskg
    from atlaskg.importers.terms import iri
    from atlaskg.link.result_models import CataloguedModels
    from atlaskg.link.results import ModelLink

    models = CataloguedModels(atlaskg.load(store=None))
    missing = ModelLink(None, "unresolved", "no model")
    result = {"identifier": "acme/widget-1", "model_name": "Widget 1"}
    first = models.link("models-dev", result, missing, iri(EXT + "models-dev/source/x"))
    second = models.link("ai-atlas-nexus", {**result, "model_name": "Widget-1"}, missing, iri(EXT + "ai-atlas-nexus/source/y"))
    assert first.model == second.model == "https://w3id.org/atlaskg/model/acme--widget-1"
    said = [(p.value.rsplit("/", 1)[-1], o.value) for s, p, o in models.triples if s.value == first.model]
    assert [value for predicate, value in said if predicate == "name"] == ["Widget 1"]
    assert len([value for predicate, value in said if predicate.endswith("wasDerivedFrom")]) == 2
    assert models.link("aider", result, missing, iri(EXT + "aider/source/z")) == missing
    assert models.link("models-dev", {"identifier": "gpt-4.1"}, missing, iri(EXT + "models-dev/source/x")) == missing


def test_a_result_of_a_run_never_mints_a_model(atlas):
    aider = [r for r in table(atlas / "results-resolution.tsv") if r["dataset"] == "aider"]
    assert "catalogues" not in " ".join(r["reason"] for r in aider)
    assert [r["model"] for r in aider if r["identifier"] == "ollama/qwen2.5:32b"] == [""]  # a local quantisation


# ---- agreement and disagreement ----------------------------------------------------------------

def test_the_same_score_from_two_datasets_is_one_result_with_two_sources(ask):
    board = {(r["model"], r["settingName"]): r for r in ask("leaderboard", benchmark="Aider Polyglot")}
    gpt5 = board[("GPT-5", "diff format, reasoning effort: high")]
    assert gpt5["value"] == "88" and f"{EXT}aider/source/" in gpt5["source"] and f"{EXT}models-dev/source/" in gpt5["source"]
    assert len([key for key in board if key[0] == "GPT-5" and "high" in key[1]]) == 1


def test_check_reports_each_disagreement_with_both_scores_and_both_sources(run_cli, atlas):
    result = run_cli("--store", atlas / "store", "check", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    pairs = [f for f in json.loads(result.stdout) if f["component"] == "result-disagreement"]
    gpt41 = [f for f in pairs if "GPT-4.1 in Aider Polyglot (diff format)" in f["message"]]
    assert len(gpt41) == 1
    message = gpt41[0]["message"]
    assert "52.4" in message and "52.9" in message and "aider" in message and "openai.com/index/gpt-4-1" in message


# ---- queries -----------------------------------------------------------------------------------

def test_leaderboard_and_model_results_answer_for_atlas_models(ask):
    board = ask("leaderboard", benchmark="Aider Code Editing")
    assert len(board) > 60 and all(row["date"] and row["citedSource"] for row in board)
    values = [Decimal(row["value"]) for row in board]
    assert values == sorted(values, reverse=True)
    results = ask("model-results", model="GPT-5")
    assert {"Aider Polyglot", "SWE-Bench Pro"} <= {row["benchmark"] for row in results}


def test_price_performance_counts_the_models_that_beat_each_on_score_and_price(ask):
    found = ask("price-performance", benchmark="Aider Polyglot")
    assert len(found) > 20
    points = [(Decimal(r["score"]), Decimal(r["blended"])) for r in found]
    for row, (score, price) in zip(found, points):
        beaten_by = sum(s >= score and p <= price and (s > score or p < price) for s, p in points)
        assert int(row["beatenBy"]) == beaten_by, row
    assert sum(r["beatenBy"] == "0" for r in found) >= 2


def test_price_performance_prices_each_model_at_its_cheapest_paid_list_price_of_today(ask):
    """The same price cheapest-offerings gives first (a price that ended, or only held one day
    in October, is not today's: DeepSeek V4 Pro's 0.52809 at OpenRouter was)."""
    found = ask("price-performance", benchmark="SWE-bench Verified")
    for row in found[:8]:
        listed = [r for r in ask("cheapest-offerings", model=row["m"]) if not r["condition"]]
        assert Decimal(listed[0]["blended"]) == Decimal(row["blended"]), row["model"]


def test_models_matching_takes_a_least_score_on_a_benchmark(ask):
    strong = {r["name"] for r in ask("models-matching", benchmark="Aider Polyglot", min_score=80)}
    board = ask("leaderboard", benchmark="Aider Polyglot")
    assert strong and strong <= {r["model"] for r in board if Decimal(r["value"] or 0) >= 80}
    assert "GPT-4.1" not in strong


# ---- figures -----------------------------------------------------------------------------------

def test_the_readme_states_the_results_figures_of_the_build(ask):
    counts = ask(sparql="SELECT (COUNT(DISTINCT ?r) AS ?results) (COUNT(DISTINCT ?m) AS ?models) "
                        "(COUNT(DISTINCT ?b) AS ?benchmarks) (COUNT(DISTINCT ?resolved) AS ?onModels) WHERE { "
                        "?r a atlas:BenchmarkResult ; atlas:benchmark ?b . "
                        "OPTIONAL { ?r dqv:computedOn ?m BIND (?r AS ?resolved) } }")[0]
    unsourced = ask(sparql="SELECT (COUNT(?r) AS ?n) WHERE { ?r a atlas:BenchmarkResult "
                           "FILTER NOT EXISTS { ?r dcterms:date ?d ; prov:wasDerivedFrom ?s } }")[0]
    assert unsourced["n"] == "0"
    assert int(counts["onModels"]) >= 400 and int(counts["models"]) >= 120 and int(counts["benchmarks"]) >= 40
    readme = " ".join(documentation().split())
    stated = (f"{int(counts['results']):,} benchmark results ({int(counts['onModels']):,} on "
              f"{int(counts['models']):,} atlas models) on {int(counts['benchmarks']):,} benchmarks")
    assert stated in readme, stated
