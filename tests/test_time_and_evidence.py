"""Time-scoped facts (as-of queries, price history), aliases, quoted evidence, and build diffs."""

from __future__ import annotations

import csv
import io
import json

import pytest

PRICE_CHANGE = """@prefix atlas: <https://w3id.org/atlaskg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix model: <https://w3id.org/atlaskg/model/> .
@prefix offering: <https://w3id.org/atlaskg/offering/> .
@prefix price: <https://w3id.org/atlaskg/price/> .
@prefix platform: <https://w3id.org/atlaskg/platform/> .
@prefix pricecomp: <https://w3id.org/atlaskg/vocab/pricecomp/> .
@prefix source: <https://w3id.org/atlaskg/source/> .
offering:test-o1-api a atlas:Offering ; schema:itemOffered model:o1 ; atlas:platform platform:openai-api ;
    prov:wasDerivedFrom source:robots-atlas-gpt-4.1 ;
    schema:priceSpecification price:test-o1-old , price:test-o1-new .
price:test-o1-old a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:input ; schema:price 10.00 ;
    schema:priceCurrency "USD" ; schema:validThrough "2026-03-12"^^xsd:date ;
    schema:referenceQuantity [ a schema:QuantitativeValue ; schema:value 1000000 ; schema:unitText "tokens" ] ;
    prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .
price:test-o1-new a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:input ; schema:price 12.00 ;
    schema:priceCurrency "USD" ; schema:validFrom "2026-03-13"^^xsd:date ;
    schema:referenceQuantity [ a schema:QuantitativeValue ; schema:value 1000000 ; schema:unitText "tokens" ] ;
    prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .
"""


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


# (day, OpenAI API, ChatGPT, Azure AI Foundry): before release, at launch ("not in ChatGPT at launch"),
# between launch and the ChatGPT retirement, after it; Azure is named with no date at all
AVAILABILITY = [
    ("2024-01-01", "no", "no", "no"),
    ("2025-04-14", "yes", "no", "unknown"),
    ("2025-06-01", "yes", "unknown", "unknown"),
    ("2026-03-01", "yes", "no", "unknown"),
]


@pytest.mark.parametrize("day, api, chatgpt, azure", AVAILABILITY)
def test_availability_is_yes_no_or_unknown_never_yes_without_support(run_cli, day, api, chatgpt, azure):
    found = {r["platform"]: r for r in rows(run_cli(
        "query", "availability-as-of", "--param", "model=GPT-4.1", "--as-of", day, "--format", "csv"))}
    assert [found[p]["available"] for p in ("OpenAI API", "ChatGPT", "Azure AI Foundry")] == [api, chatgpt, azure]
    assert all(row["why"] for row in found.values()), "every answer says why"


@pytest.mark.parametrize("day, components", [("2025-04-13", 0), ("2025-04-14", 3)])
def test_nothing_is_priced_before_the_model_exists(run_cli, day, components):
    found = rows(run_cli("query", "prices-as-of", "--param", "model=GPT-4.1", "--as-of", day, "--format", "csv"))
    assert len(found) == components


@pytest.mark.parametrize("day, price", [("2026-03-12", "10"), ("2026-03-13", "12")])  # values, canonical
def test_prices_as_of_a_date_on_both_sides_of_a_change(run_cli, tmp_path, day, price):
    fixture = tmp_path / "change.ttl"
    fixture.write_text(PRICE_CHANGE)
    found = rows(run_cli("query", "prices-as-of", "--param", "model=o1", "--as-of", day, "--format", "csv",
                         "--data", fixture))
    assert [(r["component"], r["price"]) for r in found] == [("Input tokens", price)]


def test_price_history_keeps_the_old_price(run_cli, tmp_path):
    fixture = tmp_path / "change.ttl"
    fixture.write_text(PRICE_CHANGE)
    found = rows(run_cli("query", "price-history", "--param", "model=o1", "--format", "csv", "--data", fixture))
    assert [(r["price"], r["validFrom"], r["validThrough"]) for r in found] == [
        ("10", "", "2026-03-12"), ("12", "2026-03-13", "")]


def test_alias_resolves_to_the_snapshot(run_cli):
    found = rows(run_cli("query", "resolve-alias", "--param", "alias=gpt-4.1", "--format", "csv"))
    assert [(r["snapshot"], r["snapshotId"]) for r in found] == [
        ("https://w3id.org/atlaskg/model/gpt-4.1-2025-04-14", "gpt-4.1-2025-04-14")]
    assert found[0]["source"].endswith("/source/genai-prices-0.2.5")


def test_evidence_command_shows_the_quote_and_reading_date(run_cli):
    result = run_cli("evidence", "model:gpt-4.1-2025-04-14", "--format", "csv")
    found = {r["property"]: r for r in rows(result)}
    window = found["https://w3id.org/atlaskg/ontology#contextWindowTokens"]
    assert "1,047,576" in window["quote"] and window["accessedOn"] == "2026-11-25"


def test_every_seed_quote_contains_its_value(report):
    assert not [f for f in report.findings if "quote does not contain" in f.message]
    on_evidence = [f for f in report.findings if f.focus.startswith("evidence:")]
    assert all("Conflicting statements on the page" in f.message for f in on_evidence), \
        "evidence nodes are reported only for the page's own conflicts (test_checks.py lists them)"


def test_approximate_values_and_ranges_show_as_such(run_cli):
    found = {(r["benchmark"], r["setting"]): r for r in rows(run_cli(
        "query", "model-results", "--param", "model=GPT-4.1", "--format", "csv"))}
    assert found[("OpenAI-MRCR", "8K tokens")]["qualifier"] == "Approximate"
    assert found[("MMLU", "")]["qualifier"] == ""
    claude = {r["model"]: r for r in rows(run_cli(
        "query", "leaderboard", "--param", "benchmark=SWE-bench Verified", "--format", "csv"))}["Claude 3.7 Sonnet"]
    assert (claude["value"], claude["min"], claude["max"], claude["qualifier"]) == ("", "62", "63", "Approximate")


def test_diff_of_two_builds_names_added_closed_and_changed_facts(run_cli, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    assert run_cli("build", "--curated", "-o", old).exit_code == 0
    change = tmp_path / "change.ttl"
    change.write_text(PRICE_CHANGE + """
price:gpt-4.1-2025-04-14--openai-api--input schema:validThrough "2026-12-31"^^xsd:date .
""")
    assert run_cli("build", "--curated", "-o", new, change).exit_code == 0
    result = run_cli("diff", old, new, "--format", "json")
    assert result.exit_code == 1
    changes = json.loads(result.stdout)
    kinds = {(c["change"], c["subject"], c["property"]) for c in changes}
    assert ("closed", "price:gpt-4.1-2025-04-14--openai-api--input", "schema:validThrough") in kinds
    assert ("added", "price:test-o1-new", "schema:price") in kinds
    same = run_cli("diff", old, old)
    assert same.exit_code == 0 and same.stdout == ""


def test_diff_reports_a_changed_value(run_cli, tmp_path):
    old, new = tmp_path / "old.nt", tmp_path / "new.nt"
    old.write_text('<https://w3id.org/atlaskg/model/x> <https://schema.org/name> "A" .\n')
    new.write_text('<https://w3id.org/atlaskg/model/x> <https://schema.org/name> "B" .\n')
    result = run_cli("diff", old, new)
    assert result.exit_code == 1
    assert result.stdout.split() == ["changed", "model:x", "schema:name", "A", "->", "B"]
