"""The dataset description (VoID + DCAT) written beside every build: size, classes, licence, version."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

from atlaskg.names.namespaces import BASE, DATA_LICENSE, bind_prefixes, graph_origin
from atlaskg.query import internal_query, run
from atlaskg.store import Catalog, compact

DATASET = URIRef(BASE + "dataset")
ONTOLOGY = URIRef(BASE + "ontology")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT namespace predates it

_PREDICATES = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"


def describe(catalog: Catalog, version: str, dump_files: list[str]) -> Graph:
    """VoID statistics of the whole catalogue (all named graphs), with one partition per class."""
    classes = {URIRef(cls.value): int(count.value)
               for cls, count in run(catalog, internal_query("publish-class-counts").text).rows}
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
    for part, (triples, models) in sorted(_parts(catalog).items()):
        subset = URIRef(f"{DATASET}/part/{part.replace('/', '-').replace(' ', '-')}")
        add((DATASET, VOID.subset, subset))
        add((subset, RDF.type, VOID.Dataset))
        add((subset, DCTERMS.title, Literal(part)))
        add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))
        add((subset, VOID.entities, Literal(models, datatype=XSD.integer)))  # its atlas:Model nodes
    return description


def _parts(catalog: Catalog) -> dict[str, tuple[int, int]]:
    """Triples and models per part: the curated files, each imported dataset version, and the
    resolution that links them (the graphs are where each part keeps its triples)."""
    parts: dict[str, tuple[int, int]] = {}
    for graph, triples, models in run(catalog, internal_query("publish-graph-sizes").text).rows:
        origin = graph_origin(graph.value)
        part = ("resolution" if origin == "resolution"
                else graph.value.removeprefix(BASE + "graph/ext/") if origin
                else "user files" if not graph.value.startswith(BASE) else "curated")
        before = parts.get(part, (0, 0))
        parts[part] = (before[0] + int(triples.value), before[1] + int(models.value))
    return parts


def _namespace(text: str) -> str:
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]
