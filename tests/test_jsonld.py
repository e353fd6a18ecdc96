"""JSON-LD done properly: the shipped @context, and the framed document of every model, which must
expand (by pyld, an independent processor, with no context ever fetched) to exactly the triples of
the graph it was made from; and the schema.org view, checked against schema.org's own vocabulary."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import SDO

import atlaskg
from atlaskg.names.namespaces import PREFIXES
from atlaskg.publish import jsonld
from atlaskg.publish.jsonld import NESTING, document_triples, framed_document, graph_lines, model_graphs
from conftest import ROOT

GPT41 = "https://w3id.org/atlaskg/model/gpt-4.1-2025-04-14"
SCHEMA = PREFIXES["schema"]
XSD = PREFIXES["xsd"]
RDF_TYPE = PREFIXES["rdf"] + "type"
SCHEMA_VOCABULARY = ROOT / "tests" / "data" / "schemaorg-current-https-30.0.ttl.gz"


@pytest.fixture(scope="module")
def graphs(catalog):
    return model_graphs(catalog)


@pytest.fixture(scope="module")
def documents(graphs):
    return {model: framed_document(model, graph) for model, graph in graphs.graphs.items()}


# -- the context ----------------------------------------------------------------------------------
def test_the_shipped_context_is_the_generated_one(catalog):
    """Regenerate with: atlaskg context > src/atlaskg/publish/context.jsonld"""
    assert jsonld.generate_context(catalog) == jsonld.shipped_context()["@context"]
    assert jsonld.CONTEXT_FILE.read_text(encoding="utf-8") == jsonld.context_text(jsonld.generate_context(catalog))


def test_the_context_has_every_prefix_and_typed_readable_keys():
    context = jsonld.shipped_context()["@context"]
    for prefix, namespace in PREFIXES.items():
        assert context[prefix] == namespace
    expected = {"contextWindowTokens": ("atlas:contextWindowTokens", "xsd:integer"),
                "maxOutputTokens": ("atlas:maxOutputTokens", "xsd:integer"),
                "datePublished": ("schema:datePublished", "xsd:date"),
                "knowledgeCutoff": ("atlas:knowledgeCutoff", "xsd:date"),
                "schema:price": ("schema:price", "xsd:decimal"),
                "dqv:value": ("dqv:value", "xsd:decimal"),
                "batchDiscountPercent": ("atlas:batchDiscountPercent", "xsd:decimal"),
                "localDeployment": ("atlas:localDeployment", "xsd:boolean"),
                "creator": ("schema:creator", "@id"), "offers": ("schema:offers", "@id"),
                "atlas:platform": ("atlas:platform", "@id"), "wasDerivedFrom": ("prov:wasDerivedFrom", "@id")}
    for key, (iri, kind) in expected.items():
        assert context[key] == {"@id": iri, "@type": kind}, key
    assert context["name"] == {"@id": "schema:name"}
    assert context["Model"] == "atlas:Model" and context["SoftwareApplication"] == "schema:SoftwareApplication"
    for key, reverse in NESTING.items():
        assert context[key]["@reverse"] == reverse
    # a key is a prefix or a term, never both: "platform:openai-api" must stay a compact IRI
    terms = {k for k, v in context.items() if isinstance(v, dict)}
    assert not terms & set(PREFIXES)


def test_no_document_or_context_is_ever_fetched():
    from pyld.jsonld import JsonLdError

    remote = {"@context": "https://schema.org/", "@id": "https://example.org/x", "name": "x"}
    with pytest.raises(JsonLdError) as refused:
        document_triples(remote)
    chain, error = [], refused.value
    while error is not None:  # pyld wraps the loader's refusal in its own errors
        chain.append(str(error))
        error = error.__cause__ or error.__context__ or getattr(error, "cause", None)
    assert any("atlaskg never fetches" in text for text in chain), chain
    with pytest.raises(JsonLdError):
        jsonld.refuse_remote("https://w3id.org/atlaskg/context.jsonld")


# -- the documents ----------------------------------------------------------------------------------
def test_every_model_document_expands_to_exactly_its_graph(graphs, documents):
    assert len(documents) == 9
    for model, document in documents.items():
        got, want = document_triples(document), graph_lines(graphs.graphs[model])
        assert got == want, (model, sorted(got - want)[:3], sorted(want - got)[:3])


def test_the_document_text_round_trips(graphs, documents):
    """What is written (JSON text) expands to the same graph as the object it was made from."""
    for model in (GPT41, "https://w3id.org/atlaskg/model/gpt-4o"):
        text = jsonld.document_text(documents[model])
        assert document_triples(json.loads(text)) == graph_lines(graphs.graphs[model])


def test_a_model_graph_is_the_catalogue_about_it_plus_the_schema_org_view(catalog, graphs):
    """Every triple of a document's graph is in the catalogue, except the schema.org view that
    schema.org and the ontology entail; every catalogue triple about the model's own nodes is in
    it, except what a marker shared with other models says of their nodes: that is in theirs."""
    catalogue = {line[: line.rindex(b" <", 0, len(line) - 2)].decode() + " ." for line in catalog.nquads()}
    member_of = {f"<{node}>": model for model, nodes in graphs.members.items() for node in nodes}
    every = set().union(*(graph_lines(graph) for graph in graphs.graphs.values()))
    elsewhere = 0
    for model, graph in graphs.graphs.items():
        view = graph_lines(jsonld.schema_view(model, graph, graphs.superclasses))
        lines = graph_lines(graph)
        assert lines - view <= catalogue, (model, sorted(lines - view - catalogue)[:3])
        for line in view - catalogue:
            assert " <https://schema.org/offers> " in line or (f" <{RDF_TYPE}> <{SCHEMA}" in line), line
        members = {f"<{m}>" for m in graphs.members[model]}
        about = {line for line in catalogue if line.split(" ", 1)[0] in members}
        theirs = {line for line in about - lines if f" <{jsonld.PREFIXES['atlas']}evidenceFor> " in line
                  and member_of.get(line.split(" ")[2], model) != model}
        assert about - theirs <= lines, (model, sorted(about - lines - theirs)[:3])
        assert theirs <= every
        elsewhere += len(theirs)
    assert elsewhere > 0  # GPT-4.1's note on the dates of SWE-bench Verified results names other models'


def test_printed_forms_and_json_types_are_kept(documents):
    document = documents[GPT41]
    model = document["@graph"][0]
    assert model["@id"] == "model:gpt-4.1-2025-04-14"
    assert set(model["@type"]) == {"Model", "SoftwareApplication"}
    assert model["contextWindowTokens"] == 1047576 and model["maxOutputTokens"] == 32768
    assert model["datePublished"] == "2025-04-14" and model["knowledgeCutoff"] == "2024-06-01"
    assert model["localDeployment"] is False and model["publicAccess"] is True
    api = next(o for o in model["offers"] if o["@id"] == "offering:gpt-4.1-2025-04-14--openai-api")
    prices = {p["priceComponent"]["@id"]: p["schema:price"] for p in api["priceSpecification"]}
    assert prices == {"pricecomp:input": "2.00", "pricecomp:output": "8.00", "pricecomp:cached-input": "0.50"}
    assert api["batchDiscountPercent"] == "50.0"
    video = next(r for r in model["results"] if r["@id"].endswith("video-mme-long-no-subtitles"))
    assert video["dqv:value"] == "72.0"


def test_the_document_nests_offerings_prices_results_claims_lifecycle_and_lists_sources(documents):
    graph = documents[GPT41]["@graph"]
    model = graph[0]
    assert {o["atlas:platform"]["name"] for o in model["offers"]} == {"OpenAI API", "Azure AI Foundry", "ChatGPT"}
    swe = next(r for r in model["results"] if r["@id"] == "result:gpt-4.1-2025-04-14--swe-bench-verified")
    assert swe["dqv:value"] == "54.6" and swe["atlas:benchmark"]["name"] == "SWE-bench Verified"
    assert "computedOn" not in swe  # stated by the nesting under "results"
    claims = swe["claims"]
    assert any(c["statedText"]["@value"].startswith("Improvement of 21.4 pp.") for c in claims)
    kinds = {node["@type"] for node in model["lifecycleAndSafety"]}
    assert kinds == {"LifecycleEvent", "SafetyFinding"}
    assert model["aliases"]["atlas:alias"] == "gpt-4.1"
    roots = [node["@id"] for node in graph[1:]]
    assert roots == sorted(roots) and all(r.startswith("source:") for r in roots)
    cited = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("wasDerivedFrom", "hadPrimarySource"):
                    cited.update(item if isinstance(item, list) else [item])
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(model)
    assert cited <= set(roots) and "source:robots-atlas-gpt-4.1" in cited


def test_documents_of_a_synthetic_catalogue_expand_to_their_graphs(tmp_path, run_cli):
    """Framing follows the graph, not the bundled data: 40 synthetic models (with their offerings,
    prices, results) also expand to exactly their graphs."""
    assert run_cli("synth", "--models", "40", "--seed", "3", "-o", tmp_path).exit_code == 0
    catalog = atlaskg.load(sorted(tmp_path.glob("*.nt")))
    graphs = model_graphs(catalog)
    assert len(graphs.graphs) == 49
    for model, graph in graphs.graphs.items():
        assert document_triples(framed_document(model, graph)) == graph_lines(graph), model


# -- the schema.org view ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def schema_org():
    """schema.org's vocabulary (release 30.0, tests/data/README.md): the classes, the properties
    with their domains and ranges, and the subclass closure."""
    triples = list(ox.parse(gzip.decompress(SCHEMA_VOCABULARY.read_bytes()), format=ox.RdfFormat.TURTLE))
    properties, classes = set(), set()
    domains, ranges, parents = {}, {}, {}
    for t in triples:
        s, p, o = t.subject.value, t.predicate.value, t.object.value
        if p == RDF_TYPE and o == PREFIXES["rdf"] + "Property":
            properties.add(s)
        elif p == RDF_TYPE and o == PREFIXES["rdfs"] + "Class":
            classes.add(s)
        elif p == SCHEMA + "domainIncludes":
            domains.setdefault(s, set()).add(o)
        elif p == SCHEMA + "rangeIncludes":
            ranges.setdefault(s, set()).add(o)
        elif p == PREFIXES["rdfs"] + "subClassOf":
            parents.setdefault(s, set()).add(o)
    return properties, classes, domains, ranges, parents


def _ancestors(kinds: set[str], parents: dict[str, set[str]]) -> set[str]:
    seen, todo = set(kinds), list(kinds)
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


_LITERAL_TYPES = {XSD + "string": {"Text"}, PREFIXES["rdf"] + "langString": {"Text"},
                  XSD + "date": {"Date", "DateTime"}, XSD + "dateTime": {"DateTime"},
                  XSD + "decimal": {"Number"}, XSD + "integer": {"Number", "Integer"}, XSD + "boolean": {"Boolean"},
                  XSD + "anyURI": {"URL", "Text"}}


def test_the_schema_org_view_uses_schema_org_terms_with_schema_org_types(graphs, documents, schema_org):
    """The model, its offers and their prices, as search engines read them (from the document's
    own triples): only terms schema.org defines (and rdflib's SDO lists), on a type in the term's
    domain, with a value in its range. Types are the node's own schema.org types (none inferred)."""
    properties, classes, domains, ranges, parents = schema_org
    for model, document in documents.items():
        triples = [line.split(" ", 2) for line in document_triples(document)]
        types: dict[str, set[str]] = {}
        for s, p, o in triples:
            if p == f"<{RDF_TYPE}>" and o.startswith(f"<{SCHEMA}"):
                types.setdefault(s, set()).add(o[1:-3])
        view_nodes = {s for s, kinds in types.items()
                      if kinds & {SCHEMA + "SoftwareApplication", SCHEMA + "Offer", SCHEMA + "UnitPriceSpecification"}}
        assert f"<{model}>" in view_nodes
        for s, p, o in triples:
            if s not in view_nodes or not p.startswith(f"<{SCHEMA}"):
                continue
            term = p[1:-1]
            assert term in properties and term[len(SCHEMA):] in SDO.__annotations__, term
            domain = _ancestors(types[s], parents)
            assert domains[term] & domain, (term, types[s])
            allowed = {r[len(SCHEMA):] for r in _ancestors(ranges[term], {})}
            value = o[:-2]
            if value.startswith("<"):
                kinds = types.get(value, set())
                assert kinds, (term, value, "a linked node of the view must say its schema.org type")
                assert {k[len(SCHEMA):] for k in _ancestors(kinds, parents)} & allowed, (term, value, kinds)
            else:
                datatype = value.rsplit("^^<", 1)[1][:-1] if "^^<" in value else (
                    PREFIXES["rdf"] + "langString" if '"@' in value else XSD + "string")
                shown = _LITERAL_TYPES.get(datatype, set())
                subtypes = {"Number": {"Integer", "Float"}, "Text": {"URL"}}
                assert shown & allowed or any(subtypes.get(a, set()) & shown for a in allowed) or (
                    "Text" in allowed and datatype in (XSD + "string", PREFIXES["rdf"] + "langString")), (term, value)


def test_the_schema_org_view_has_what_search_engines_read(documents):
    """name, creator, datePublished, offers with prices and currency: on GPT-4.1, with the values
    of the seed page."""
    triples = document_triples(documents[GPT41])
    model = f"<{GPT41}>"
    assert f'{model} <{SCHEMA}name> "GPT-4.1" .' in triples
    assert f'{model} <{RDF_TYPE}> <{SCHEMA}SoftwareApplication> .' in triples
    assert f'{model} <{SCHEMA}creator> <https://w3id.org/atlaskg/org/openai> .' in triples
    assert f'<https://w3id.org/atlaskg/org/openai> <{SCHEMA}name> "OpenAI" .' in triples
    assert f'<https://w3id.org/atlaskg/org/openai> <{RDF_TYPE}> <{SCHEMA}Organization> .' in triples
    assert f'{model} <{SCHEMA}datePublished> "2025-04-14"^^<{XSD}date> .' in triples
    api = "<https://w3id.org/atlaskg/offering/gpt-4.1-2025-04-14--openai-api>"
    assert f"{model} <{SCHEMA}offers> {api} ." in triples
    assert f"{api} <{RDF_TYPE}> <{SCHEMA}Offer> ." in triples
    price = "<https://w3id.org/atlaskg/price/gpt-4.1-2025-04-14--openai-api--input>"
    assert f"{api} <{SCHEMA}priceSpecification> {price} ." in triples
    assert f'{price} <{SCHEMA}price> "2.00"^^<{XSD}decimal> .' in triples
    assert f'{price} <{SCHEMA}priceCurrency> "USD" .' in triples


def test_the_context_file_path_is_package_data():
    assert jsonld.CONTEXT_FILE.is_file()
    assert Path(jsonld.__file__).parent == jsonld.CONTEXT_FILE.parent
