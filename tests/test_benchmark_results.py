"""Every score on the seed page, for GPT-4.1 and its comparators, asserted by value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS, XSD

from atlaskg.names.namespaces import ATLAS, DQV
from test_seed_values import iri, the

# (result local name, model, benchmark, setting or None, value as printed on the page)
RESULTS = [
    ("gpt-4.1-2025-04-14--mmlu", "gpt-4.1-2025-04-14", "mmlu", None, "90.2"),
    ("gpt-4.1-2025-04-14--swe-bench-verified", "gpt-4.1-2025-04-14", "swe-bench-verified", None, "54.6"),
    ("gpt-4.1-2025-04-14--multichallenge", "gpt-4.1-2025-04-14", "multichallenge", None, "38.3"),
    ("gpt-4.1-2025-04-14--ifeval", "gpt-4.1-2025-04-14", "ifeval", None, "87.4"),
    ("gpt-4.1-2025-04-14--video-mme-long-no-subtitles", "gpt-4.1-2025-04-14", "video-mme", "video-mme-long-no-subtitles", "72.0"),
    ("gpt-4.1-2025-04-14--mmmu", "gpt-4.1-2025-04-14", "mmmu", None, "74.8"),
    ("gpt-4.1-2025-04-14--mathvista", "gpt-4.1-2025-04-14", "mathvista", None, "72.2"),
    ("gpt-4.1-2025-04-14--aider-polyglot-diff", "gpt-4.1-2025-04-14", "aider-polyglot", "aider-polyglot-diff", "52.9"),
    ("gpt-4.1-2025-04-14--openai-mrcr-2-needle-128k", "gpt-4.1-2025-04-14", "openai-mrcr", "openai-mrcr-2-needle-128k", "57.2"),
    ("gpt-4.1-2025-04-14--graphwalks-bfs-under-128k", "gpt-4.1-2025-04-14", "graphwalks", "graphwalks-bfs-under-128k", "61.7"),
    ("gpt-4.1-2025-04-14--needle-in-a-haystack-1m", "gpt-4.1-2025-04-14", "needle-in-a-haystack", "needle-in-a-haystack-1m", "100"),
    ("gpt-4.1-2025-04-14--openai-internal-instruction-following", "gpt-4.1-2025-04-14", "openai-internal-instruction-following", None, "49"),
    ("gpt-4.1-2025-04-14--swe-bench-verified-conservative", "gpt-4.1-2025-04-14", "swe-bench-verified", "swe-bench-verified-conservative", "52.1"),
    ("gpt-4o--swe-bench-verified", "gpt-4o", "swe-bench-verified", None, "33.2"),
    ("gpt-4o--multichallenge", "gpt-4o", "multichallenge", None, "27.8"),
    ("gpt-4o--ifeval", "gpt-4o", "ifeval", None, "81.0"),
    ("gpt-4o--video-mme-long-no-subtitles", "gpt-4o", "video-mme", "video-mme-long-no-subtitles", "65.3"),
    ("gpt-4o--mmmu", "gpt-4o", "mmmu", None, "68.7"),
    ("gpt-4o--mathvista", "gpt-4o", "mathvista", None, "61.4"),
    ("gpt-4o--aider-polyglot-diff", "gpt-4o", "aider-polyglot", "aider-polyglot-diff", "18.2"),
    ("gpt-4o--openai-mrcr-2-needle-128k", "gpt-4o", "openai-mrcr", "openai-mrcr-2-needle-128k", "31.9"),
    ("gpt-4o--graphwalks-bfs-under-128k", "gpt-4o", "graphwalks", "graphwalks-bfs-under-128k", "41.7"),
    ("gpt-4o--openai-internal-instruction-following", "gpt-4o", "openai-internal-instruction-following", None, "29"),
    ("gpt-4.5--swe-bench-verified", "gpt-4.5", "swe-bench-verified", None, "28.0"),
    ("gpt-4.5--multichallenge", "gpt-4.5", "multichallenge", None, "43.8"),
    ("gpt-4.5--ifeval", "gpt-4.5", "ifeval", None, "88.2"),
    ("gpt-4.5--mmmu", "gpt-4.5", "mmmu", None, "75.2"),
    ("gpt-4.5--mathvista", "gpt-4.5", "mathvista", None, "72.3"),
    ("gpt-4.5--aider-polyglot-diff", "gpt-4.5", "aider-polyglot", "aider-polyglot-diff", "44.9"),
    ("gpt-4.5--openai-mrcr-2-needle-128k", "gpt-4.5", "openai-mrcr", "openai-mrcr-2-needle-128k", "38.5"),
    ("gpt-4.5--graphwalks-bfs-under-128k", "gpt-4.5", "graphwalks", "graphwalks-bfs-under-128k", "72.3"),
    ("o1-high--graphwalks-bfs-under-128k", "o1-high", "graphwalks", "graphwalks-bfs-under-128k", "62.0"),
    ("o3-mini-high--aider-polyglot-diff", "o3-mini-high", "aider-polyglot", "aider-polyglot-diff", "60.4"),
]


@pytest.mark.parametrize("result, model, benchmark, setting, value", RESULTS, ids=[r[0] for r in RESULTS])
def test_result_value(graph, result, model, benchmark, setting, value):
    node = iri(f"result:{result}")
    assert the(graph, node, RDF.type) == ATLAS.BenchmarkResult
    assert the(graph, node, DQV.computedOn) == iri(f"model:{model}")
    assert the(graph, node, ATLAS.benchmark) == iri(f"benchmark:{benchmark}")
    assert graph.value(node, ATLAS.setting) == (iri(f"setting:{setting}") if setting else None)
    stored = the(graph, node, DQV.value)
    assert stored.datatype == XSD.decimal
    assert str(stored) == value, "the printed decimals are kept (they set the rounding tolerance)"
    assert the(graph, node, ATLAS.scoreUnit) == iri("unit:percent")
    assert the(graph, node, DCTERMS.date) == Literal("2025-04-14", datatype=XSD.date)
    assert graph.value(node, PROV.hadPrimarySource) is not None


def test_thirteen_headline_results_of_gpt41(graph):
    gpt41 = [r for r in RESULTS if r[1] == "gpt-4.1-2025-04-14"]
    assert len(gpt41) == 13
    for local, *_ in gpt41:
        assert graph.value(iri(f"result:{local}"), ATLAS.metric) is None


@pytest.mark.parametrize("result, low, high", [
    ("claude-3.7-sonnet--swe-bench-verified", "62", "63"),
])
def test_ranges_are_ranges_not_points(graph, result, low, high):
    node = iri(f"result:{result}")
    assert graph.value(node, DQV.value) is None
    assert the(graph, node, SDO.minValue).toPython() == Decimal(low)
    assert the(graph, node, SDO.maxValue).toPython() == Decimal(high)
    assert the(graph, node, ATLAS.valueQualifier) == iri("qualifier:approximate")


@pytest.mark.parametrize("result, value", [
    ("gemini-2.5-pro--swe-bench-verified", "64"),
    ("gpt-4.1-2025-04-14--openai-mrcr-8k", "84"),
    ("gpt-4.1-2025-04-14--openai-mrcr-1m", "50"),
])
def test_approximate_values_are_marked(graph, result, value):
    node = iri(f"result:{result}")
    assert str(the(graph, node, DQV.value)) == value
    assert the(graph, node, ATLAS.valueQualifier) == iri("qualifier:approximate")


@pytest.mark.parametrize("model, value", [("gpt-4.1-2025-04-14", "2"), ("gpt-4o", "9")])
def test_unnecessary_edit_rates(graph, model, value):
    node = iri(f"result:{model}--aider-polyglot-diff--unnecessary-edits")
    assert str(the(graph, node, DQV.value)) == value
    assert the(graph, node, ATLAS.metric) == iri("metric:unnecessary-edit-rate")


def test_excluded_tasks_are_data(graph):
    headline = iri("result:gpt-4.1-2025-04-14--swe-bench-verified")
    assert the(graph, headline, ATLAS.excludedTaskCount).toPython() == 23
    assert the(graph, headline, ATLAS.taskCount).toPython() == 500
    conservative = iri("result:gpt-4.1-2025-04-14--swe-bench-verified-conservative")
    assert the(graph, conservative, ATLAS.conservativeVariantOf) == headline


def test_models_named_without_scores_have_no_results(graph):
    for model in ("o1", "o3-mini"):
        node = iri(f"model:{model}")
        assert the(graph, node, RDF.type) == ATLAS.Model
        assert not list(graph.subjects(DQV.computedOn, node))
        assert list(graph.subjects(ATLAS.comparatorModel, node)), "kept as a stated comparison"


def test_comparator_models_carry_no_invented_facts(graph):
    for model in ("gpt-4o", "gpt-4.5", "o1-high", "o3-mini-high", "claude-3.7-sonnet", "gemini-2.5-pro"):
        predicates = set(graph.predicates(iri(f"model:{model}"), None))
        links = {SKOS.editorialNote, SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch}  # notes and mappings
        assert predicates - links == {RDF.type, SDO.name, PROV.wasDerivedFrom}, model


def test_twelve_benchmarks(graph):
    assert len(set(graph.subjects(RDF.type, ATLAS.Benchmark))) == 12
