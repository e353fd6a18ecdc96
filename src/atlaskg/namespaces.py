"""The namespaces of atlaskg: our own terms and instances, and the vocabularies we reuse."""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

ATLAS = Namespace("https://w3id.org/atlaskg/ontology#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
SH = Namespace("http://www.w3.org/ns/shacl#")
BASE = "https://w3id.org/atlaskg/"
GRAPH = Namespace(BASE + "graph/")

INSTANCE_KINDS = ("model", "family", "org", "person", "platform", "offering", "price", "event",
                  "benchmark", "setting", "result", "claim", "source", "finding", "evidence", "inference", "alias", "quantity")
VOCAB_SCHEMES = ("modality", "capcat", "capability", "access", "deployment", "weights", "status",
                 "disclosure", "feature", "modeltype", "licence", "metric", "unit", "qualifier",
                 "claimkind", "eventtype", "pricecomp", "sourcekind", "inferencerule")

PREFIXES: dict[str, str] = {
    "atlas": str(ATLAS),
    "schema": str(SDO),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "dqv": str(DQV),
    "skos": str(SKOS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    **{kind: f"{BASE}{kind}/" for kind in INSTANCE_KINDS},
    **{scheme: f"{BASE}vocab/{scheme}/" for scheme in VOCAB_SCHEMES},
}


def bind_prefixes(graph) -> None:
    """Bind every atlaskg prefix on `graph`, replacing rdflib's defaults where they clash."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
