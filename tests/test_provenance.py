"""Every fact has a stating source or an inferred marker, and each fact's own source can be told
apart from its node's (issue 14, items 2 and 4)."""

from __future__ import annotations

import csv
import io

import pytest

import atlaskg
from atlaskg.check import integrity
from atlaskg.core.resources import bundled_dir
from atlaskg.query import read_named_query, run
from atlaskg.store import load

SKOS_DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"
DATE = "http://purl.org/dc/terms/date"
PAGE = "https://w3id.org/atlaskg/source/robots-atlas-gpt-4.1"


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def unsourced(catalog) -> list[tuple[str, str, str]]:
    query = read_named_query(bundled_dir("integrity") / "unsourced-fact.rq").text
    return [tuple(str(term.value) for term in row) for row in run(catalog, query).rows]


def test_the_bundled_data_has_no_unsourced_fact_and_no_node_with_mixed_sources(report):
    problems = integrity.report(atlaskg.load()).problems
    assert not [p for p in problems if p.check in ("unsourced-fact", "mixed-sources")]


def test_without_its_markers_every_vocabulary_definition_is_reported():
    """The check is not empty by construction: remove the markers and it names what they covered."""
    catalog = load()
    definitions = {str(row[0].value) for row in catalog.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?c WHERE { GRAPH <https://w3id.org/atlaskg/graph/ontology> { ?c a skos:Concept ; skos:definition ?d } "
        "FILTER (!STRSTARTS(STR(?c), 'https://w3id.org/atlaskg/vocab/inferencerule/')) }")}
    catalog.remove_graph("https://w3id.org/atlaskg/graph/data/inferences/vocabulary-definitions.ttl")
    found = unsourced(catalog)
    assert {node for node, _, _ in found} == definitions and len(definitions) > 80
    assert {prop for _, prop, _ in found} == {SKOS_DEFINITION}
    assert ("https://w3id.org/atlaskg/vocab/modality/documents", SKOS_DEFINITION,
            "Whole documents such as PDF files.") in found


@pytest.mark.parametrize("node, prop", [
    ("result:gpt-4o--swe-bench-verified", "http://purl.org/dc/terms/date"),        # a comparator's date
    ("result:gpt-4.5--mmmu", "http://purl.org/dc/terms/date"),
    ("source:techtarget-openai-launch-event", "https://schema.org/publisher"),      # a cited source's publisher
    ("source:owain-evans-oxford-icml-2025", "https://w3id.org/atlaskg/ontology#sourceKind"),
    ("person:owain-evans", "https://schema.org/affiliation"),                      # an affiliation
    ("finding:gpt-4.1-2025-04-14--platform-level-security", "http://purl.org/dc/terms/modified"),  # section date
    ("modality:documents", SKOS_DEFINITION),                                       # a modality's definition
])
def test_the_inferred_facts_are_marked_with_rule_and_origin(run_cli, node, prop):
    facts = [r for r in rows(run_cli("query", "fact-sources", "--param", f"node={node}", "--format", "csv"))
             if r["property"] == prop]
    assert facts and {r["basis"] for r in facts} == {"inferred"}, facts
    assert all(r["detail"] and r["source"] for r in facts)
    assert {r["via"] for r in facts} == {"inference"}, "an inference replaces the node's own sources"


def test_what_the_page_does_state_stays_stated(run_cli):
    facts = rows(run_cli("query", "fact-sources", "--param", "node=result:gpt-4o--swe-bench-verified",
                         "--format", "csv"))
    value = [r for r in facts if r["property"].endswith("dqv#value")]
    assert {(r["basis"], r["via"], r["source"]) for r in value} == {
        ("stated", "node", PAGE), ("stated", "node, cited", "https://w3id.org/atlaskg/source/openai-blog-gpt-4.1")}
    window = [r for r in rows(run_cli("query", "fact-sources", "--param", "node=model:gpt-4.1-2025-04-14",
                                      "--format", "csv")) if r["property"].endswith("#contextWindowTokens")]
    assert [(r["via"], r["source"]) for r in window] == [("quote", PAGE)]
    assert "1,047,576" in window[0]["detail"]


def test_inferred_facts_can_be_left_out_of_a_query(run_cli):
    dated = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dqv: <http://www.w3.org/ns/dqv#>
PREFIX atlas: <https://w3id.org/atlaskg/ontology#>
SELECT ?result ?date WHERE {
  ?result dqv:computedOn <https://w3id.org/atlaskg/model/gpt-4o> ; dcterms:date ?date .
  %s
} ORDER BY ?result"""
    stated_only = ("FILTER NOT EXISTS { ?marker a atlas:Inference ; atlas:evidenceFor ?result ;"
                   " atlas:evidenceProperty dcterms:date }")
    every = rows(run_cli("query", "--sparql", dated % "", "--format", "csv"))
    assert len(every) == 11
    assert rows(run_cli("query", "--sparql", dated % stated_only, "--format", "csv")) == []
    listed = rows(run_cli("query", "inferred-facts", "--format", "csv"))
    assert {r["result"] for r in every} <= {r["node"] for r in listed if r["property"] == DATE}


STATED_APART = """@prefix atlas: <https://w3id.org/atlaskg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dqv: <http://www.w3.org/ns/dqv#> .
@prefix evidence: <https://w3id.org/atlaskg/evidence/> .
@prefix model: <https://w3id.org/atlaskg/model/> .
@prefix benchmark: <https://w3id.org/atlaskg/benchmark/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix result: <https://w3id.org/atlaskg/result/> .
@prefix setting: <https://w3id.org/atlaskg/setting/> .
@prefix source: <https://w3id.org/atlaskg/source/> .
@prefix unit: <https://w3id.org/atlaskg/vocab/unit/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
result:test-apart a atlas:BenchmarkResult ; dqv:computedOn model:gpt-4o ; dcterms:date "2025-04-14"^^xsd:date ;
    atlas:benchmark benchmark:swe-bench-verified ; atlas:setting setting:swe-bench-verified-conservative ;
    dqv:value 30.1 ; atlas:scoreUnit unit:percent ; prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .
evidence:test-apart-value a atlas:Evidence ; atlas:evidenceFor result:test-apart ; atlas:evidenceProperty dqv:value ;
    atlas:quote "GPT-4o scores 30.1%."@en ; prov:wasDerivedFrom source:openai-blog-gpt-4.1 .
evidence:test-apart-setting a atlas:Evidence ; atlas:evidenceFor result:test-apart ;
    atlas:evidenceProperty atlas:setting ; atlas:quote "Scores exclude 23 tasks."@en ;
    prov:wasDerivedFrom source:openai-blog-gpt-4.1-footnote-2 .
"""


def test_a_result_whose_value_and_setting_come_from_different_sources_shows_each(run_cli, tmp_path):
    path = tmp_path / "apart.ttl"
    path.write_text(STATED_APART, encoding="utf-8")
    assert run_cli("validate", path).exit_code == 0
    facts = rows(run_cli("query", "fact-sources", "--param", "node=result:test-apart", "--format", "csv",
                         "--data", path))
    by_property = {}
    for fact in facts:
        by_property.setdefault(fact["property"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], set()).add(
            (fact["via"], fact["source"].rsplit("/", 1)[-1]))
    assert by_property["value"] == {("quote", "openai-blog-gpt-4.1")}
    assert by_property["setting"] == {("quote", "openai-blog-gpt-4.1-footnote-2")}
    assert by_property["benchmark"] == {("node", "robots-atlas-gpt-4.1")}
    evidence = rows(run_cli("evidence", "result:test-apart", "--format", "csv", "--data", path))
    assert {(r["property"].rsplit("#", 1)[-1], r["source"].rsplit("/", 1)[-1]) for r in evidence} == {
        ("value", "openai-blog-gpt-4.1"), ("setting", "openai-blog-gpt-4.1-footnote-2")}


def test_a_source_states_its_own_title_and_the_page_states_the_rest(run_cli):
    page = rows(run_cli("query", "fact-sources", "--param", f"node={PAGE}", "--format", "csv"))
    assert page and {(r["basis"], r["via"], r["source"]) for r in page} == {("stated", "self", PAGE)}
    cited = rows(run_cli("query", "fact-sources", "--param", "node=source:splxai", "--format", "csv"))
    assert {(r["property"].rsplit("/", 1)[-1], r["basis"]) for r in cited} == {
        ("title", "stated"), ("publisher", "inferred"), ("ontology#sourceKind", "inferred")}
