"""The dataset description (VoID + DCAT) written beside every build: size, classes, licence, version."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

from atlaskg.namespaces import BASE, bind_prefixes
from atlaskg.query import run
from atlaskg.store import Catalog, compact

DATASET = URIRef(BASE + "dataset")
ONTOLOGY = URIRef(BASE + "ontology")
DATA_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT namespace predates it


_CLASSES = f"""SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {{
  ?entity a ?class . FILTER (STRSTARTS(STR(?entity), "{BASE}"))
}} GROUP BY ?class ORDER BY ?class"""
_PREDICATES = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"


def describe(catalog: Catalog, version: str, dump_files: list[str]) -> Graph:
    """VoID statistics of the whole catalogue (all named graphs), with one partition per class."""
    classes = {URIRef(cls.value): int(count.value) for cls, count in run(catalog, _CLASSES).rows}
    description = Graph()
    bind_prefixes(description)
    add = description.add
    add((DATASET, RDF.type, VOID.Dataset))
    add((DATASET, RDF.type, DCAT.Dataset))
    add((DATASET, DCTERMS.title, Literal("atlaskg: a knowledge graph of AI models", lang="en")))
    add((DATASET, DCTERMS.license, DATA_LICENSE))
    add((DATASET, DCAT_VERSION, Literal(version)))
    add((DATASET, OWL.versionInfo, Literal(version)))
    add((DATASET, DCTERMS.conformsTo, ONTOLOGY))
    add((DATASET, VOID.uriSpace, Literal(BASE)))
    add((DATASET, VOID.triples, Literal(catalog.triple_count(), datatype=XSD.integer)))
    add((DATASET, VOID.entities, Literal(sum(classes.values()), datatype=XSD.integer)))
    add((DATASET, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for cls, count in sorted(classes.items()):
        partition = URIRef(f"{DATASET}/class/{compact(cls).replace(':', '-')}")
        add((DATASET, VOID.classPartition, partition))
        add((partition, VOID["class"], cls))
        add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for namespace in sorted({_namespace(p.value) for (p,) in run(catalog, _PREDICATES).rows}):
        add((DATASET, VOID.vocabulary, URIRef(namespace)))
    for name in dump_files:
        add((DATASET, VOID.dataDump, Literal(name)))
    return description


def _namespace(text: str) -> str:
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]
