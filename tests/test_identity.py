"""The identity rules of mappings/identity-rules.tsv, each with an example, and how an identifier
is read into a namespace, a key and a tier (no build needed)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from atlaskg.core.errors import AtlasError
from atlaskg.core.resources import bundled_dir
from atlaskg.link.identity import IdentityRules, owner_written, plain_name
from atlaskg.link.resolution import Developers, Reading, read_identifier

RULES = IdentityRules.bundled()

# pattern of a rule -> (provider, what a dataset writes, what the rule makes of it)
EXAMPLES = {
    ":free$": ("openrouter", "deepseek-r1:free", ("deepseek-r1", "free")),
    ":batch$": ("openrouter", "gpt-4.1:batch", ("gpt-4.1", "batch")),
    ":flex$": ("openai", "o3:flex", ("o3", "flex")),
    ":priority$": ("openai", "o3:priority", ("o3", "priority")),
    ":extended$": ("openrouter", "gpt-4o:extended", ("gpt-4o", "extended")),
    ":nitro$": ("openrouter", "llama-3.3-70b-instruct:nitro", ("llama-3.3-70b-instruct", "nitro")),
    ":floor$": ("openrouter", "llama-3.3-70b-instruct:floor", ("llama-3.3-70b-instruct", "floor")),
    "-free$": ("opencode", "glm-5-free", ("glm-5", "free")),
    "-fast$": ("nebius", "qwen/qwen3.5-397b-a17b-fast", ("qwen/qwen3.5-397b-a17b", "fast")),
    "-spot$": ("fireworks_ai", "kimi-k3-spot", ("kimi-k3", "spot")),
    "(?:(?<=^kimi-k\\d)|(?<=^kimi-k\\dp\\d)|(?<=^kimi-k\\d\\.\\d)|(?<=^kimi-k\\d-thinking)|(?<=-code))-(fast|turbo)$":
        ("vercel", "kimi-k2-thinking-turbo", ("kimi-k2-thinking", "turbo")),
    "(?<=^o\\d-mini)-(low|medium|high)$": ("nano-gpt", "o3-mini-low", ("o3-mini", "reasoning_effort=low")),
    "@default$": ("vertex_ai", "claude-opus-4@default", "claude-opus-4"),
    "^fw-": ("azure_ai", "fw-deepseek-v3.2", "deepseek-v3.2"),
    "^databricks-": ("databricks", "databricks-gpt-oss-120b", "gpt-oss-120b"),
    "-tee$": ("chutes", "glm-5-tee", "glm-5"),
    "^(coding|deep|alicloud)-": ("aihubmix", "alicloud-deepseek-v4-flash", "deepseek-v4-flash"),
    "^umans-": ("umans-ai-coding-plan", "umans-qwen3.6-35b-a3b", "qwen3.6-35b-a3b"),
    "^labs-": ("mistral", "labs-devstral-small-2512", "devstral-small-2512"),
    "-cs$": ("poe", "gpt-oss-120b-cs", "gpt-oss-120b"),
    "^open-(?=mi[sx]tral-)": ("mistral", "open-mistral-nemo", "mistral-nemo"),
    "^doubao-(?=seed-)": ("qiniu-ai", "doubao-seed-1.6-flash", "seed1-6-flash"),
    "(?<=v\\d)\\.0$": ("oci", "embed-v4.0", "embed4"),
    "^duo-chat-": ("gitlab", "duo-chat-gpt-5-4-nano", "gpt-5-4-nano"),
    "-maas$": ("google-vertex", "qwen3-235b-a22b-instruct-2507-maas", "qwen3-235b-a22b-instruct-2507"),
    "^llama-v(?=\\d)": ("fireworks_ai", "llama-v3p1-8b-instruct", "llama3-1-8b-instruct"),
    "(?<=\\d)p(?=\\d)": ("fireworks", "kimi-k2p6", "kimi-k2-6"),
    "[_\\s:]+": ("ollama-cloud", "qwen3-next:80b", "qwen3-next80b"),
    "^meta-llama-": ("hyperbolic", "meta-llama-3.1-70b-instruct", "llama3-1-70b-instruct"),
    "(?<=[a-z])\\.(?=\\d)": ("nvidia", "flux.1-dev", "flux1-dev"),
    "^claude-(\\d+(?:[.-]\\d+)?)-(opus|sonnet|haiku)": ("sap-ai-core", "claude-4-sonnet", "claude-sonnet4"),
    "^gemini-(\\d+)\\.0-": ("kilo", "gemini-3.0-pro", "gemini3-pro"),
    "(?<=\\d)\\.(?=\\d)": ("openrouter", "claude-opus-4.6", "claude-opus4-6"),
    "(?<=[a-z])-(?=\\d)": ("groq", "llama-3-8b", "llama3-8b"),
    "-us$": ("fireworks_ai", "glm-5p2-fast-us", "glm-5p2-fast"),
    "-cloud$": ("ollama", "deepseek-v3.1:671b-cloud", "deepseek-v3.1:671b"),
    "^meta-textgeneration-": ("sagemaker", "meta-textgeneration-llama-2-70b", "llama-2-70b"),
    "^(cerebras|groq)-": ("llama", "groq-llama-4-maverick-17b-128e-instruct", "llama-4-maverick-17b-128e-instruct"),
    "-v-(\\d+)-0$": ("azure_ai", "embed-v-4-0", "embed-v4"),
    "-inference$": ("github_copilot", "text-embedding-3-small-inference", "text-embedding-3-small"),
    "^(qwen3-[a-z0-9-]*?\\d+b-a\\d+b)$": ("bedrock", "qwen3-next-80b-a3b", "qwen3-next-80b-a3b-instruct"),
    "-hf$": ("together", "llama-2-70b-chat-hf", "llama2-70b-chat"),
    "^code-llama-": ("fireworks_ai", "code-llama-70b-instruct", "codellama70b-instruct"),
    "^(nova-(?:micro|lite|pro|premier))(?:-v1|-1-0)$": ("openrouter", "nova-micro-v1", "nova-micro"),
    "(?<=-)v(?=\\d)": ("ollama-cloud", "cogito-v2.1-671b", "cogito2-1-671b"),
    "(?<=[a-z]{3})v(?=\\d)": ("recraft", "recraftv2", "recraft2"),
    "-latest$": ("xai", "grok-imagine-image-quality-latest", "grok-imagine-image-quality"),
    "-p$": ("novita", "deepseek-v4-flash-0731-p", "deepseek-v4-flash-0731"),
    "^whisper$": ("azure", "whisper", "whisper-1"),
    "^llama2:(\\d+b)$": ("ollama", "llama2:70b", "llama-2-70b-chat"),
    "^(gemma-?[3-9]n?-[a-z0-9-]*?\\d+b)-it$": ("openrouter", "gemma-4-26b-a4b-it", "gemma4-26b-a4b"),
    "^(ernie-.+)-(pt|paddle)$": ("huggingface_novita", "ernie-4.5-21b-a3b-pt", "ernie4-5-21b-a3b"),
    "^nvidia-(?=nemotron-)": ("wandb", "nvidia-nemotron-3.5-lightning-30b-a3b", "nemotron3-5-lightning30b-a3b"),
}


def rule_rows() -> list[dict]:
    text = (bundled_dir("mappings") / "identity-rules.tsv").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body), delimiter="\t"))


def test_every_rule_has_a_comment_and_an_example():
    rows = [row for row in rule_rows() if row["kind"] != "generic"]
    assert all(row["comment"] for row in rule_rows())
    assert sorted(row["pattern"] for row in rows) == sorted(EXAMPLES)


@pytest.mark.parametrize("pattern", sorted(EXAMPLES))
def test_each_rule_does_what_its_comment_says(pattern):
    provider, written, expected = EXAMPLES[pattern]
    kind = next(row["kind"] for row in rule_rows() if row["pattern"] == pattern)
    if kind == "tier":
        assert RULES.tier(written, provider) == expected
    elif kind == "host":
        assert RULES.without_host(written, provider) == expected
    else:
        assert RULES.match_key(written, provider) == expected


@pytest.mark.parametrize("same", [
    ("claude-opus-4-6", "claude-opus-4.6"), ("qwen-2.5-72b-instruct", "qwen2.5-72b-instruct"),
    ("llama3-8b", "llama-3-8b"), ("claude-4-sonnet", "claude-sonnet-4"), ("gemini-3.0-pro", "gemini-3-pro"),
    ("claude-3-7-sonnet-20250219", "claude-3.7-sonnet-20250219"), ("flux_2-klein-4b", "flux.2-klein-4b"),
    ("open-mixtral-8x7b", "mixtral-8x7b"), ("doubao-seed-2-0-pro", "seed-2.0-pro"),
    ("deepseek-3.2", "deepseek-v3.2"), ("cogito-2.1:671b", "cogito-v2.1-671b"), ("nova-micro-v1", "nova-micro"),
    ("llama-3.1-nemotron-70b-instruct-hf", "llama-3.1-nemotron-70b-instruct"),
    ("code-llama-34b-instruct", "codellama-34b-instruct"),
    ("gemma3:27b", "gemma-3-27b-it"), ("gemma-4-31b", "gemma-4-31b-it"), ("gemma-3n-e4b", "gemma-3n-e4b-it"),
])
def test_spellings_of_one_model_share_a_match_key(same):
    assert RULES.match_key(same[0]) == RULES.match_key(same[1])


@pytest.mark.parametrize("apart", [
    ("gpt-4.1", "gpt-4.1-mini"), ("llama-3.1-8b", "llama-3.1-70b"), ("gpt-4o", "gpt-4o-2024-08-06"),
    ("gemini-2.5-pro", "gemini-2.5-pro-preview"), ("qwen3-8b", "qwen3-8b-fp8"), ("gpt-5.2", "gpt-5.3"),
    ("titan-embed-text-v1", "titan-embed-text-v2"), ("claude-2.0", "claude-2.1"),
    ("deepseek-v3.1", "deepseek-3.2"), ("nova-lite-v1", "nova-2-lite"), ("nova-micro-v1", "nova-micro-v2"),
    ("cogito-2.1:671b", "cogito-v2.1-70b"),
    ("gemma-2-27b", "gemma-2-27b-it"), ("gemma-3-27b-it", "gemma-3-27b-it-abliterated"), ("gemma-3-27b", "gemma-3-12b-it"),
    ("ernie-4.5-21b-a3b-pt", "ernie-4.5-21b-a3b-base-pt"), ("gemma-3-27b-pt", "gemma-3-27b-it"), ("recraftv2", "recraftv3"),
])
def test_what_changes_the_model_keeps_the_match_keys_apart(apart):
    assert RULES.match_key(apart[0]) != RULES.match_key(apart[1])


@pytest.mark.parametrize("provider, written", [
    ("xai", "grok-4-fast"), ("fireworks", "glm-5p3-fast"), ("baseten", "glm-5.3-fast"), ("deepinfra", "deepseek-v3.2-fast"),
    ("openai", "gpt-3.5-turbo"), ("alibaba", "qwen-turbo"), ("fireworks_ai", "kimi-k3-flash-spotter"),
    ("mistral", "mistral-medium"), ("openrouter", "o3-pro-high"),
])
def test_a_tier_suffix_is_a_tier_only_where_its_rule_is_scoped(provider, written):
    """A serving tier at one provider (Nebius' -fast) is a model's name at another (Grok 4 Fast)."""
    assert RULES.tier(written, provider) == (written, None)


def test_a_latest_alias_is_the_bare_alias_only_where_its_rule_is_scoped():
    assert RULES.match_key("grok-4-latest", "xai") == RULES.match_key("grok-4", "xai")
    assert RULES.match_key("gemini-pro-latest", "google") != RULES.match_key("gemini-pro", "google")


@pytest.mark.parametrize("identifier, provider, expected", [
    ("openai/gpt-4.1", "", Reading("openai", "gpt-4.1")),
    ("gpt-4.1", "", Reading(None, "gpt-4.1")),
    ("anthropic.claude-3-7-sonnet-20250219-v1:0", "", Reading("anthropic", "claude-3-7-sonnet-20250219")),
    ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "", Reading("anthropic", "claude-sonnet-4-5-20250929")),
    ("amazon.titan-embed-text-v2:0", "", Reading("amazon", "titan-embed-text-v2")),  # v2 is the model's version
    ("global.anthropic.claude-opus-4-6-v1", "", Reading("anthropic", "claude-opus-4-6")),  # Bedrock's, after 4-6
    ("anthropic.claude-v2:1", "", Reading("anthropic", "claude-v2:1")),  # Claude 2.1, not Claude 2
    ("claude-3-7-sonnet@20250219", "", Reading(None, "claude-3-7-sonnet-20250219")),
    ("meta-llama/Llama-3.3-70B-Instruct", "", Reading("meta-llama", "llama-3.3-70b-instruct")),
    ("@cf/google/gemma-3-12b-it", "", Reading("google", "gemma-3-12b-it")),
    ("accounts/fireworks/models/deepseek-v3p1", "", Reading(None, "deepseek-v3p1")),
    ("deepseek/deepseek-r1:free", "", Reading("deepseek", "deepseek-r1", "free")),
    ("openai/gpt-4.1:batch", "openrouter", Reading("openai", "gpt-4.1", "batch")),
    ("bedrock/us-east-1/anthropic.claude-v1", "bedrock", Reading("anthropic", "claude-v1")),
    ("azure/1024-x-1024/gpt-image-1", "azure", Reading(None, "gpt-image-1")),
    ("NousResearch 2/hermes-4-405b", "nano-gpt", Reading("nousresearch", "hermes-4-405b")),  # NanoGPT's copy number
    # a generic last word keeps the path before it
    ("fal_ai/fal-ai/flux/dev", "fal_ai", Reading("flux", "flux-dev")),
    ("fal_ai/high/1024-x-1024/openai/gpt-image-2/edit", "fal_ai", Reading("openai", "gpt-image-2-edit")),
    ("novita/deepseek/deepseek-r1/community", "novita", Reading("deepseek", "deepseek-r1-community")),
    ("fal_ai/fal-ai/ideogram/v3", "fal_ai", Reading(None, "ideogram-v3")),
    ("fal_ai/fal-ai/flux-pro/v1.1-ultra", "fal_ai", Reading("flux-pro", "flux-pro-v1.1-ultra")),
    # a host's own kind of product is a path word, never a developer
    ("deepgram/streaming/nova-3", "deepgram", Reading(None, "nova-3")),
    ("perplexity/preset/pro-search", "perplexity", Reading(None, "pro-search")),
    ("deepseek.v3-v1:0", "bedrock_converse", Reading("deepseek", "deepseek-v3")),
    # Bedrock writes Qwen3's instruct MoE models without -instruct; Bedrock Mantle and dense models are as written
    ("bedrock/ap-northeast-1/qwen.qwen3-next-80b-a3b", "bedrock", Reading("qwen", "qwen3-next-80b-a3b-instruct")),
    ("qwen.qwen3-coder-30b-a3b-v1:0", "amazon-bedrock", Reading("qwen", "qwen3-coder-30b-a3b-instruct")),
    ("bedrock_mantle/qwen.qwen3-next-80b-a3b-instruct", "bedrock_mantle",
     Reading("qwen", "qwen3-next-80b-a3b-instruct")),
    ("qwen.qwen3-32b-v1:0", "amazon-bedrock", Reading("qwen", "qwen3-32b")),
    ("ollama/deepseek-v3.1:671b-cloud", "ollama", Reading(None, "deepseek-v3.1:671b")),
    # a host prefix after the provider's own name is followed by the developer, the host's own too
    ("@cf/cloudflare/clef-omni", "cloudflare", Reading("cloudflare", "clef-omni")),
    ("cloudflare/@cf/cloudflare/clef-omni", "cloudflare", Reading("cloudflare", "clef-omni")),
    ("cloudflare/@cf/meta/llama-3-8b-instruct", "cloudflare", Reading("meta", "llama-3-8b-instruct")),
    ("moonshot.kimi-k2-thinking", "bedrock_converse", Reading("moonshot", "kimi-k2-thinking")),
    # a scoped serving tier
    ("Qwen/Qwen3.5-397B-A17B-fast", "nebius", Reading("qwen", "qwen3.5-397b-a17b", "fast")),
    ("fireworks_ai/accounts/fireworks/routers/kimi-k3-spot", "fireworks_ai", Reading(None, "kimi-k3", "spot")),
    ("openai/o3-mini-low", "nano-gpt", Reading("openai", "o3-mini", "reasoning_effort=low")),
    ("kimi-k2.6-fast", "neuralwatt", Reading(None, "kimi-k2.6", "fast")),
])
def test_identifiers_are_read_into_namespace_key_and_tier(identifier, provider, expected):
    assert read_identifier(identifier, Developers.bundled().namespaces, provider) == expected


def test_a_key_two_developers_claim_at_one_strength_is_ambiguous():
    from atlaskg.link.resolution import Claim, Entry, _owners

    entries = [Entry(f"urn:e{n}", "models-dev", "host", "Host", f"{dev}/m-1", None, "urn:s") for n, dev in
               enumerate(["a", "b", "a"])]
    claims = {e.iri: Claim("m-1", "m1", None, e.identifier.split("/")[0], 2) for e in entries}
    owner, reason, level = _owners(entries, claims)["m1"]
    assert owner is None and reason == "developers a, b each claim 'm1' (level 2)" and level == 2
    claims["urn:e1"] = Claim("m-1", "m1", None, "b", 0)  # a weaker claim yields
    assert _owners(entries, claims)["m1"][:2] == ("a", "")


def test_one_identifier_at_one_platform_in_two_datasets_is_one_model_of_that_platform():
    """Nothing names a developer of `clef-omni` here; two datasets list it at one platform
    (genai-prices' and LiteLLM's `cloudflare` are models.dev's `cloudflare-workers-ai` by
    providers.tsv): one model, the platform's. Listed by one dataset only at its platform
    (`clairic`), or claimed by anyone else (`swe-1.6`), it is not."""
    from atlaskg.link.resolution import Claim, Entry, _platform_claims

    entries = [Entry("urn:a", "genai-prices", "cloudflare", "Cloudflare", "clef-omni", None, "urn:s"),
               Entry("urn:b", "litellm", "cloudflare", "Cloudflare", "cloudflare/clef-omni", None, "urn:s"),
               Entry("urn:c", "litellm", "cloudflare", "Cloudflare", "cloudflare/clairic", None, "urn:s"),
               Entry("urn:d", "litellm", "acme", "Acme", "acme/clairic", None, "urn:s"),
               Entry("urn:e", "genai-prices", "cognition", "Cognition", "swe-1.6", None, "urn:s"),
               Entry("urn:f", "model-prices", "cognition", "Cognition", "swe-1-6", None, "urn:s"),
               Entry("urn:g", "models-dev", "kilo", "Kilo", "swe-1.6", None, "urn:s")]
    claims = {e.iri: Claim(e.identifier.rsplit("/")[-1], RULES.match_key(e.identifier.rsplit("/")[-1]), None, None, 0)
              for e in entries}
    claims["urn:g"] = replace(claims["urn:g"], developer="someone", level=2)
    found = _platform_claims(entries, claims, RULES)
    assert set(found) == {"urn:a", "urn:b"}
    assert {found[iri].developer for iri in found} == {"cloudflare-workers-ai"} and found["urn:a"].level < 0
    assert "genai-prices and litellm list it at platform cloudflare-workers-ai" in found["urn:a"].evidence


def test_namespaces_spelled_apart_name_one_developer():
    spellings = Developers.bundled().spellings(["prime-intellect", "primeintellect", "z-ai", "ricursiveai"])
    assert spellings["prime-intellect"] == spellings["primeintellect"]
    assert spellings["z-ai"] == "z-ai" and Developers.bundled().namespaces["z-ai"] == "zai"
    assert Developers.bundled().namespaces["zhipuai"] == "zai"


@pytest.mark.parametrize("written, plain", [
    ("Anthropic: Claude 3.7 Sonnet", "Claude 3.7 Sonnet"), ("GPT-4.1 (batch)", "GPT-4.1"),
    ("AionLabs: Aion-1.0", "Aion-1.0"), ("Hermes 3 405B Instruct (free)", "Hermes 3 405B Instruct"),
    ("GPT-4.1", "GPT-4.1"), ("Llama 3.1 8B (Instruct)", "Llama 3.1 8B (Instruct)"),
])
def test_a_display_name_is_the_plain_name(written, plain):
    assert plain_name(written) == plain


@pytest.mark.parametrize("written, owner", [
    ("Anthropic: Claude 3.7 Sonnet", "Anthropic"), ("AionLabs: Aion-1.0", "AionLabs"), ("GPT-4.1", None),
    ("Llama 3.1 8B (Instruct)", None),
])
def test_the_developer_written_before_a_name_is_read(written, owner):
    assert owner_written(written) == owner


def test_a_bad_rule_names_its_file_and_line(tmp_path):
    rules = tmp_path / "rules.tsv"
    rules.write_text("# comment\nkind\tscope\tpattern\treplacement\tcomment\nspelling\t\t([\tx\tbroken\n",
                     encoding="utf-8")
    overrides = tmp_path / "overrides.tsv"
    overrides.write_text("dataset\tprovider\tidentifier\tkey\treason\n", encoding="utf-8")
    with pytest.raises(AtlasError, match=r"rules.tsv: line 3: not a regular expression"):
        IdentityRules.read(rules, overrides)
    rules.write_text("kind\tscope\tpattern\treplacement\tcomment\nsomething\t\tx\t\tno such kind\n", encoding="utf-8")
    with pytest.raises(AtlasError, match=r"line 2: kind must be one of"):
        IdentityRules.read(rules, overrides)


def test_an_alias_whose_validity_ended_points_nowhere_and_one_in_force_does():
    """schema:validThrough is an xsd:date: compared with NOW(), a dateTime, it was an error that let
    every ended alias through."""
    import pyoxigraph as ox

    from atlaskg.query import internal_query, run
    from atlaskg.store import Catalog

    atlas, sdo = "https://w3id.org/atlaskg/ontology#", "https://schema.org/"
    graph = ox.NamedNode("https://w3id.org/atlaskg/graph/data/aliases/test")
    catalog = Catalog()
    for name, until in (("ended", "2020-01-31"), ("in-force", "2999-12-31"), ("open", None)):
        node = ox.NamedNode(f"https://w3id.org/atlaskg/alias/{name}")
        quads = [ox.Quad(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                         ox.NamedNode(atlas + "AliasAssignment"), graph),
                 ox.Quad(node, ox.NamedNode(atlas + "alias"), ox.Literal(name), graph),
                 ox.Quad(node, ox.NamedNode(atlas + "pointsTo"), ox.NamedNode("https://w3id.org/atlaskg/model/m"), graph)]
        if until:
            quads.append(ox.Quad(node, ox.NamedNode(sdo + "validThrough"),
                                 ox.Literal(until, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")), graph))
        catalog.add_quads(quads)
    assert sorted(alias.value for _, alias in run(catalog, internal_query("link-curated-aliases").text).rows) == ["in-force", "open"]


def test_every_override_names_its_evidence():
    assert RULES.overrides and all(len(override.reason) > 40 for override in RULES.overrides.values())


@pytest.mark.parametrize("key, named", [
    ("gpt-4.1", ("gpt", "openai")), ("qwen2.5-72b", ("qwen", "alibaba")), ("dall-e-3", ("dall-e", "openai")),
    ("model_router", ("model-router", "microsoft")), ("model-router", ("model-router", "microsoft")),
    ("codellama-7b", ("codellama", "meta")), ("llamaguard-7b", None), ("dobby-mini-unhinged-plus-llama-3.1-8b",
                                                                        ("dobby", "sentientagi")),
])
def test_a_name_of_the_table_is_read_as_whole_words_at_the_start_of_a_key(key, named):
    assert Developers.bundled().named_by(key) == named
