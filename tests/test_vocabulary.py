"""Every IRI the data uses is declared in our ontology or in a reused vocabulary, in one form only."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from atlaskg.core.resources import bundled_files
from atlaskg.names.namespaces import ATLAS, BASE

# rdflib's closed namespaces raise on unknown terms, so they double as term lists.
CLOSED = {str(ns): ns for ns in (SDO, PROV, DCTERMS, SKOS, RDF, RDFS, OWL, XSD, DCAT, VOID)}
DQV_TERMS = {"http://www.w3.org/ns/dqv#" + t for t in ("QualityMeasurement", "Metric", "computedOn", "value",
                                                      "isMeasurementOf", "hasQualityMeasurement")}
ALIGNMENT_NAMESPACES = ("https://w3id.org/fair4ml#", "http://www.w3.org/ns/mls#", "https://w3id.org/airo#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in bundled_files("ontology"):
        graph.parse(path, format="turtle")
    return graph


def vocabulary_terms(graph: Graph) -> set[URIRef]:
    """Predicates and classes used by a graph."""
    return set(graph.predicates()) | set(graph.objects(None, RDF.type))


def is_declared(term: URIRef, ontology: Graph) -> bool:
    text = str(term)
    if text.startswith(str(ATLAS)):
        return (term, RDF.type, None) in ontology and (term, RDFS.label, None) in ontology
    if text in DQV_TERMS or text.startswith(ALIGNMENT_NAMESPACES):
        return True
    for namespace, closed in CLOSED.items():
        if text.startswith(namespace):
            try:
                return closed[text[len(namespace):]] == term
            except (AttributeError, KeyError):
                return False
    return False


def test_every_term_in_data_shapes_and_ontology_is_declared(graph, ontology):
    shapes = Graph()
    for path in bundled_files("shapes"):
        shapes.parse(path, format="turtle")
    used = vocabulary_terms(graph) | {o for o in shapes.objects() if isinstance(o, URIRef)
                                      and str(o).startswith(str(ATLAS))}
    undeclared = sorted(t for t in used if not is_declared(t, ontology) and not str(t).startswith(
        "http://www.w3.org/ns/shacl#"))
    assert not undeclared


def test_schema_org_only_in_its_https_form(graph):
    http_form = [t for t in graph if any(str(x).startswith("http://schema.org/") for x in t)]
    assert not http_form


def test_every_instance_iri_used_as_object_exists(graph):
    """Links into external datasets (ext/) point to graphs loaded on demand; all else must exist."""
    schemes = set(graph.objects(None, SKOS.inScheme))
    dangling = sorted(o for o in set(graph.objects()) if isinstance(o, URIRef) and str(o).startswith(BASE)
                      and not str(o).startswith((BASE + "ontology", BASE + "ext/"))
                      and (o, RDF.type, None) not in graph and o not in schemes)
    assert dangling == []


def test_ontology_terms_have_label_comment_and_the_ontology_a_version(ontology):
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(ATLAS))}
    assert len(terms) > 40
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
    assert ontology.value(URIRef(BASE + "ontology"), OWL.versionIRI) is not None


def allowed_datatypes(ontology: Graph, datatype) -> set:
    """A datatype, or the members of a union datatype defined in the ontology."""
    for union in ontology.objects(datatype, OWL.equivalentClass):
        members = ontology.value(union, OWL.unionOf)
        if members is not None:
            return set(Collection(ontology, members))
    return {datatype}


def test_properties_with_a_datatype_range_match_the_data(graph, ontology):
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        expected = ontology.value(prop, RDFS.range)
        for value in graph.objects(None, prop):
            if expected == RDF.langString:
                assert value.language, (prop, value)
            elif expected is not None:
                allowed = allowed_datatypes(ontology, expected)
                assert (value.datatype or XSD.string) in allowed and not value.language, (prop, value)


def test_no_owl_imports_anywhere(graph):
    assert not list(graph.triples((None, OWL.imports, None)))
