"""Every value of the seed page (GPT-4.1) is in the graph, with the right datatype, one by one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS, XSD

from atlaskg.names.namespaces import ATLAS, DQV, PREFIXES


def iri(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


GPT41 = iri("model:gpt-4.1-2025-04-14")


def the(graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{subject} {predicate}: expected one value, got {values}"
    return values[0]


@pytest.mark.parametrize("predicate, expected", [
    (SDO.name, Literal("GPT-4.1")),
    (ATLAS.snapshotId, Literal("gpt-4.1-2025-04-14")),
    (SDO.datePublished, Literal("2025-04-14", datatype=XSD.date)),
    (ATLAS.contextWindowTokens, Literal("1047576", datatype=XSD.integer)),
    (ATLAS.maxOutputTokens, Literal("32768", datatype=XSD.integer)),
    (ATLAS.knowledgeCutoff, Literal("2024-06-01", datatype=XSD.date)),
    (ATLAS.parameterCountDisclosure, iri("disclosure:undisclosed")),
    (ATLAS.status, iri("status:active")),
    (ATLAS.publicAccess, Literal(True)),
    (ATLAS.localDeployment, Literal(False)),
    (ATLAS.weights, iri("weights:closed")),
    (DCTERMS.license, iri("licence:openai-api-proprietary")),
    (SDO.isPartOf, iri("family:gpt")),
    (SDO.creator, iri("org:openai")),
])
def test_model_fact(graph, predicate, expected):
    value = the(graph, GPT41, predicate)
    assert value == expected
    if isinstance(expected, Literal):
        assert value.datatype == expected.datatype


def test_parameter_count_is_not_a_number(graph):
    assert graph.value(GPT41, ATLAS.parameterCount) is None


def test_context_window_is_an_integer_of_tokens(graph):
    assert the(graph, GPT41, ATLAS.contextWindowTokens).toPython() == 1_047_576


@pytest.mark.parametrize("predicate, concepts", [
    (ATLAS.accessMode, {"access:api", "access:hosted"}),
    (ATLAS.deploymentMode, {"deployment:cloud"}),
    (ATLAS.feature, {"feature:tool-use", "feature:fine-tuning"}),
    (ATLAS.inputModality, {"modality:text", "modality:image", "modality:structured-data", "modality:urls",
                           "modality:documents"}),
    (ATLAS.outputModality, {"modality:analytical-reports", "modality:code", "modality:structured-data",
                            "modality:summaries", "modality:text"}),
    (ATLAS.modelType, {"modeltype:llm", "modeltype:multimodal", "modeltype:tool-using"}),
])
def test_model_concepts(graph, predicate, concepts):
    assert set(graph.objects(GPT41, predicate)) == {iri(c) for c in concepts}


CAPABILITIES = {
    "Reasoning": "reasoning", "Multi-step reasoning": "reasoning", "Long context": "reasoning",
    "Coding": "coding", "Function Calling": "planning", "Structured output": "structured_generation",
    "Image understanding": "vision", "Chart understanding": "vision", "OCR": "vision",
    "Multilingual": "language", "Planning": "planning", "Streaming output": "reasoning",
}


def test_the_twelve_capabilities_with_their_categories(graph):
    found = {}
    for capability in graph.objects(GPT41, ATLAS.capability):
        category = the(graph, capability, ATLAS.capabilityCategory)
        found[str(the(graph, capability, SKOS.notation))] = str(the(graph, category, SKOS.notation))
    assert found == CAPABILITIES


PRICES = {"input": "2.00", "cached-input": "0.50", "output": "8.00"}


@pytest.mark.parametrize("component, price", PRICES.items())
def test_openai_api_prices_per_million_tokens(graph, component, price):
    spec = iri(f"price:gpt-4.1-2025-04-14--openai-api--{component}")
    assert the(graph, spec, RDF.type) == SDO.UnitPriceSpecification
    assert the(graph, spec, SDO.price) == Literal(price, datatype=XSD.decimal)
    assert the(graph, spec, SDO.price).datatype == XSD.decimal
    assert the(graph, spec, SDO.priceCurrency) == Literal("USD")
    quantity = the(graph, spec, SDO.referenceQuantity)
    assert the(graph, quantity, SDO.value) == Literal(1_000_000)
    assert the(graph, quantity, SDO.unitText) == Literal("tokens")
    assert the(graph, spec, ATLAS.priceComponent) == iri(f"pricecomp:{component}")


def test_batch_discount_and_no_long_context_premium(graph):
    offering = iri("offering:gpt-4.1-2025-04-14--openai-api")
    assert the(graph, offering, ATLAS.batchDiscountPercent).toPython() == Decimal("50")
    assert the(graph, offering, ATLAS.longContextPremium) == Literal(False)


def test_platforms(graph):
    offerings = {str(the(graph, the(graph, o, ATLAS.platform), SDO.name)): o
                 for o in graph.subjects(SDO.itemOffered, GPT41)}
    assert set(offerings) == {"OpenAI API", "Azure AI Foundry", "ChatGPT"}
    assert the(graph, offerings["ChatGPT"], SDO.availabilityEnds) == Literal("2026-02-13", datatype=XSD.date)
    assert the(graph, offerings["OpenAI API"], SDO.availabilityStarts) == Literal("2025-04-14", datatype=XSD.date)
    assert graph.value(offerings["OpenAI API"], SDO.availabilityEnds) is None


@pytest.mark.parametrize("event, kind, platform, day", [
    ("release--openai-api", "release", "openai-api", "2025-04-14"),
    ("retirement--chatgpt", "retirement", "chatgpt", "2026-02-13"),
])
def test_lifecycle_events(graph, event, kind, platform, day):
    node = iri(f"event:gpt-4.1-2025-04-14--{event}")
    assert the(graph, node, ATLAS.eventType) == iri(f"eventtype:{kind}")
    assert the(graph, node, ATLAS.platform) == iri(f"platform:{platform}")
    assert the(graph, node, DCTERMS.date) == Literal(day, datatype=XSD.date)
    assert the(graph, node, ATLAS.aboutModel) == GPT41


def test_still_offered_in_the_api_after_chatgpt_retirement(graph):
    retirements = {the(graph, e, ATLAS.platform) for e in graph.subjects(ATLAS.eventType, iri("eventtype:retirement"))}
    assert iri("platform:openai-api") not in retirements
    assert (iri("offering:gpt-4.1-2025-04-14--openai-api"), SDO.itemOffered, GPT41) in graph


def test_safety_findings(graph):
    findings = set(graph.subjects(ATLAS.aboutModel, GPT41)) & set(graph.subjects(RDF.type, ATLAS.SafetyFinding))
    texts = " ".join(str(the(graph, f, SDO.description)) for f in findings)
    assert len(findings) == 3
    for phrase in ("non-frontier", "misalignment risk after fine-tuning on unsafe code",
                   "literal, more easily circumvented instruction following", "platform-level"):
        assert phrase in texts
    reporters = {the(graph, r, SDO.name).toPython() for f in findings for r in graph.objects(f, ATLAS.reportedBy)}
    assert {"Owain Evans", "Oxford", "SplxAI", "OpenAI"} <= reporters


@pytest.mark.parametrize("source, title, lang", [
    ("rd-world-online-openai-launch", "RD World Online / OpenAI (prezentacja premiery)", "pl"),
    ("openai-blog-gpt-4.1", "OpenAI – oficjalny blog gpt-4-1 (openai.com/index/gpt-4-1/)", "pl"),
    ("openai-blog-gpt-4.1-scale-ai", "OpenAI – oficjalny blog gpt-4-1 / Scale AI", "pl"),
    ("openai-blog-gpt-4.1-medium", "OpenAI – oficjalny blog gpt-4-1 / Pankaj Rajan / Medium", "pl"),
    ("openai-blog-gpt-4.1-helicone", "OpenAI – oficjalny blog gpt-4-1 / Helicone", "pl"),
    ("techtarget-openai-launch-event", "TechTarget / OpenAI launch event", "en"),
    ("openai-blog-gpt-4.1-footnote-2", "OpenAI – oficjalny blog gpt-4-1 (przypis [2])", "pl"),
])
def test_cited_sources_keep_their_titles_and_language(graph, source, title, lang):
    node = iri(f"source:{source}")
    assert the(graph, node, DCTERMS.title) == Literal(title, lang=lang)
    assert (iri("source:robots-atlas-gpt-4.1"), DCTERMS.references, node) in graph


def test_every_fact_bearing_node_names_a_source(graph):
    kinds = [ATLAS.Model, ATLAS.Offering, ATLAS.LifecycleEvent, ATLAS.BenchmarkResult, ATLAS.ComparisonClaim,
             ATLAS.SafetyFinding, SDO.UnitPriceSpecification]
    for kind in kinds:
        nodes = set(graph.subjects(RDF.type, kind))
        assert nodes, kind
        for node in nodes:
            assert graph.value(node, PROV.wasDerivedFrom) is not None, node


def test_result_values_are_decimals(graph):
    for value in graph.objects(None, DQV.value):
        assert value.datatype == XSD.decimal, value
