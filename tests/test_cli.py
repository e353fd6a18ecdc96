"""The command line: documented exit codes, one-line errors, machine-readable output."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

import atlaskg
from conftest import ROOT


def test_help_lists_the_commands(run_cli):
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in ("validate", "check", "query", "queries", "export", "build"):
        assert command in result.stdout


def test_validate_bundled_data_conforms(run_cli):
    result = run_cli("validate")
    assert result.exit_code == 0
    assert "conforms: 0 violation(s)" in result.stderr


def test_named_query_as_json_is_sparql_results_json(run_cli):
    result = run_cli("query", "model-card", "--param", "model=gpt-4.1", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    binding = document["results"]["bindings"][0]
    assert binding["contextWindowTokens"]["value"] == "1047576"
    assert binding["contextWindowTokens"]["datatype"].endswith("#integer")
    assert binding["knowledgeCutoff"]["value"] == "2024-06-01"


def test_named_query_as_csv(run_cli):
    result = run_cli("query", "leaderboard", "--param", "benchmark=SWE-bench Verified", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["model"] for r in rows][:3] == ["Gemini 2.5 Pro", "Claude 3.7 Sonnet", "GPT-4.1"]


def test_leaderboard_one_setting(run_cli):
    result = run_cli("query", "leaderboard", "--param", "benchmark=swe-bench-verified",
                     "--param", "setting=conservative / infrastructure-excluded", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["model"], r["value"]) for r in rows] == [("GPT-4.1", "52.1")]


def test_models_beating_gpt41_on_swe_bench(run_cli):
    result = run_cli("query", "models-beating", "--param", "model=GPT-4.1",
                     "--param", "benchmark=SWE-bench Verified", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["other"] for r in rows} == {"Gemini 2.5 Pro", "Claude 3.7 Sonnet"}


def test_prices_with_and_without_batch_discount(run_cli):
    result = run_cli("query", "prices", "--format", "csv")
    rows = {r["platform"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert float(rows["OpenAI API"]["total"]) == 10.0
    assert float(rows["OpenAI API"]["batchTotal"]) == 5.0
    assert rows["Azure AI Foundry"]["total"] == "", "no price is stated for Azure"


def test_parameter_injection_is_only_a_string(run_cli):
    result = run_cli("query", "model-card", "--param", 'model=x" } DROP ALL #', "--format", "csv")
    assert result.exit_code == 2
    assert "model 'x\" } DROP ALL #' matches no model" in result.stderr, "the string names nothing"
    assert run_cli("query", "models", "--format", "csv").stdout.count("\n") == 10, "nothing was dropped"


@pytest.mark.parametrize("args, message", [
    (("query", "no-such-query"), "unknown query 'no-such-query'"),
    (("query", "mine.rq"), "to run the SPARQL in a file: --file mine.rq"),
    (("query", "SELECT ?s WHERE { ?s ?p ?o }"), "that is SPARQL text, not a query's name; to run it: --sparql"),
    (("query", "describe <x>"), "that is SPARQL text, not a query's name; to run it: --sparql"),
    (("query", "model-card"), "needs the parameter 'model'"),
    (("query", "model-card", "--param", "model=GPT-4.2"), "matches no model of the catalogue; did you mean"),
    (("query", "model-card", "--param", "colour=red"), "has no parameter 'colour'"),
    (("query", "model-card", "--param", "model"), "is not NAME=VALUE"),
    (("query", "--sparql", "SELEKT * WHERE {}"), "malformed SPARQL"),
    (("query", "--sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
     "pass --allow-service"),
    (("query", "--sparql", "DROP ALL"), "SPARQL updates are refused"),
    (("validate", "no/such/file.ttl"), "no such file"),
    (("validate", "README.md"), "unsupported file extension"),
])
def test_errors_are_one_line_with_exit_code_2(run_cli, args, message):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unwritable_output_is_a_clear_error(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("export", "-o", blocker / "out.ttl")
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_external_jsonld_context_is_refused(run_cli, tmp_path):
    doc = tmp_path / "remote.jsonld"
    doc.write_text(json.dumps({"@context": "http://example.org/context.jsonld", "@id": "http://x/y"}))
    result = run_cli("validate", doc)
    assert result.exit_code == 2
    assert "refused external JSON-LD @context" in result.stderr


def test_queries_lists_every_named_query_with_parameters(run_cli):
    result = run_cli("queries", "--format", "json")
    listed = {q["name"]: q for q in json.loads(result.stdout)}
    assert len(listed) >= 12
    assert [p["name"] for p in listed["models-beating"]["params"]] == ["model", "benchmark"]
    assert listed["leaderboard"]["params"][1]["default"] == "any"


@pytest.mark.slow  # validates the whole catalogue with both engines
def test_both_shacl_engines_report_the_same_findings(catalog):
    import atlaskg

    turbo = atlaskg.validate(catalog, engine="turbo")
    reference = atlaskg.validate(catalog, engine="pyshacl")
    assert turbo.findings == reference.findings
    assert turbo.findings, "the seed's consistency findings make this comparison meaningful"


def test_arguments_longer_than_a_file_name_are_not_taken_for_paths(run_cli):
    long_query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * 400
    result = run_cli("query", "--sparql", long_query, "--format", "csv")
    assert result.exit_code == 0 and result.stdout.count("\n") == 2
    unknown = run_cli("query", "model-card", "--param", "model=" + "y" * 300)
    assert unknown.exit_code == 2 and len(unknown.stderr.strip().splitlines()) == 1


def test_load_takes_one_path_as_a_string():
    catalog = atlaskg.load(str(ROOT / "tests/cases/valid/Model-disclosed-parameter-count.ttl"))
    assert len(repr(catalog)) < 80 and catalog.triple_count() > 1900


# ---- a CLI people can guess ------------------------------------------------------------------

def test_search_finds_entities_of_every_kind_and_its_answers_work_as_parameters(run_cli):
    found = list(csv.DictReader(io.StringIO(run_cli("search", "openai", "--format", "csv").stdout)))
    assert {row["kind"] for row in found} == {"organization", "benchmark", "platform"}
    assert found[0]["name"] == "OpenAI", "an exact name comes first"
    models = list(csv.DictReader(io.StringIO(run_cli("search", "gpt-4.1", "--kind", "model", "--format", "csv").stdout)))
    assert (models[0]["name"], models[0]["developer"]) == ("GPT-4.1", "OpenAI") and int(models[0]["offerings"]) >= 1
    assert run_cli("query", "model-card", "--param", f"model={models[0]['iri']}").exit_code == 0
    assert run_cli("search", "no-such-thing").exit_code == 1


def test_a_table_for_people_shows_control_characters_and_never_obeys_them(run_cli):
    """Issue 27: a literal could set the terminal's title or reorder what is shown; programs'
    formats keep the value as it is."""
    query = 'SELECT ("a\\u001B]0;pwned\\u0007b\\u202Ec" AS ?v) {}'
    shown = run_cli("query", "--sparql", query).stdout
    assert "a<U+001B>]0;pwned<U+0007>b<U+202E>c" in shown
    assert not set(shown) & {"\x1b", "\x07", "\u202e"}
    assert "\x1b]0;pwned\x07" in run_cli("query", "--sparql", query, "--format", "csv").stdout


def test_compare_puts_models_side_by_side_with_differences(run_cli):
    result = run_cli("compare", "GPT-4.1", "gpt-4o", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {row["fact"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["contextWindowTokens"]["GPT-4.1"] == "1047576"
    assert rows["SWE-bench Verified / Accuracy"]["GPT-4o"] == "33.2% (-21.4)"
    assert rows["price: Input tokens (OpenAI API)"]["GPT-4.1"] == "2 USD / 1000000"
    assert rows["cheapest paid list price: input / output USD per 1M tokens (where)"]["GPT-4.1"] == "2 / 8 (OpenAI API)"
    assert run_cli("compare", "GPT-4.1").exit_code == 2


def test_every_command_resolves_names_the_same_way(run_cli):
    """describe, evidence and the queries accept a name, a prefixed name or an IRI; a miss is the
    same error everywhere, with suggestions."""
    for spelling in ("GPT-4.1", "model:gpt-4.1-2025-04-14", "https://w3id.org/atlaskg/model/gpt-4.1-2025-04-14"):
        assert run_cli("describe", spelling).exit_code == 0
        assert run_cli("evidence", spelling).stdout.count("\n") > 5
        assert run_cli("query", "model-card", "--param", f"model={spelling}").exit_code == 0
    for command in (["describe", "GPT-4.2"], ["query", "model-card", "--param", "model=GPT-4.2"],
                    ["evidence", "GPT-4.2"]):
        missed = run_cli(*command)
        assert missed.exit_code == 2 and "did you mean" in missed.stderr and "GPT-4.1" in missed.stderr


def test_describe_lists_every_stated_comparison(run_cli):
    card = run_cli("describe", "GPT-4.1").stdout
    claims = run_cli("query", "model-claims", "--param", "model=GPT-4.1", "--format", "csv").stdout.count("\n") - 1
    assert f"Comparison claim ({claims})" in card and claims == 19


def test_reconcile_table_has_a_header_and_both_sources(run_cli):
    table = run_cli("reconcile", "--dataset", "models-dev").stdout.splitlines()
    assert table[0].split() == ["model", "dataset", "external", "fact", "verdict", "atlas_value", "external_value",
                                "atlas_source", "external_source"]
    assert table[-1].endswith("rows)")


def test_the_card_speaks_labels_not_raw_iris(run_cli):
    card = run_cli("describe", "GPT-4.1").stdout
    assert "close match in: models-dev: openai/gpt-4.1" in card
    assert "<https://w3id.org/atlaskg/ext/" not in card
    assert not re.search(r"^    [a-z]+:[A-Za-z]+:", card, flags=re.M), "every property has a label"


@pytest.mark.parametrize("args, said", [(["query", "models", "--timeout", "nan"], "'nan' is not a number of seconds"),
                                        (["--max-depth", "100000", "query", "models"], "1<=x<=1000"),
                                        (["query", "--nope"], "No such option '--nope'")])
def test_a_usage_error_is_one_line_that_says_where_to_read_more(run_cli, args, said):
    result = run_cli(*args)
    assert result.exit_code == 2 and said in result.stderr and "--help)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_models_matching_tool_use_no_gives_the_models_without_it(run_cli):
    """Issue 26: tool_use=no returned the tool-use models."""
    def names(value):
        result = run_cli("query", "models-matching", "--param", f"tool_use={value}", "--format", "csv")
        assert result.exit_code == 0, result.stderr
        return {row["model"] for row in csv.DictReader(io.StringIO(result.stdout))}

    assert names("yes") and not names("yes") & names("no") and names("yes") | names("no") == names("any")


def test_a_parameter_outside_its_values_is_refused_with_them(run_cli):
    result = run_cli("query", "models-matching", "--param", "weights=opne")
    assert result.exit_code == 2 and "must be one of open, closed, any, got 'opne'" in result.stderr


def test_a_parameter_value_the_data_never_hold_is_refused_with_the_closest(run_cli):
    """models-matching --param modality=images matched nothing, silently; values are checked
    against the data (any case), the default ('any') passes, and the closest values are named."""
    refused = run_cli("query", "models-matching", "--param", "modality=images")
    assert refused.exit_code == 2 and "no modality of the catalogue is 'images'; did you mean 'image'" in refused.stderr
    developer = run_cli("query", "models-matching", "--param", "developer=OpenAl")
    assert developer.exit_code == 2 and "did you mean 'OpenAI'" in developer.stderr
    taken = run_cli("query", "models-matching", "--param", "developer=openai", "--param", "modality=any",
                    "--format", "csv")
    assert taken.exit_code == 0 and "OpenAI" in taken.stdout
    with pytest.raises(atlaskg.AtlasError, match="no benchmark of the catalogue"):
        atlaskg.query(atlaskg.load(store=None), "models-matching", benchmark="Aider Polyglott 2")
