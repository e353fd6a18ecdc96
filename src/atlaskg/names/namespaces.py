"""The namespaces of atlaskg: our own terms and instances, the vocabularies we reuse, and the one
prefix map that names them.

The prefix map is written down once, below. `PREFIXES` is a read-only view of it for the code
that looks a namespace up by prefix; `converter()` is the same map as a `curies.Converter`, the
thing to use for CURIEs (expand, compress, parse, standardise; the SSSOM mappings are read with
it). Every other language's copy of the map is generated from it, never kept by hand:

- `sparql_prefixes()`: the PREFIX lines atlaskg puts in front of user SPARQL
  (`atlaskg.query.sparql_text.with_prefixes`);
- `jsonld_context()`: the prefix entries of a JSON-LD `@context`;
- `shacl_prefixes_turtle()`: shapes/prefixes.ttl, the `sh:declare` block that the SHACL-SPARQL
  constraints name with `sh:prefixes shape:prefixes`. The file stays in shapes/ so that the shapes
  are a complete SHACL shapes graph for any engine and tool; `write_shacl_prefixes()` rewrites it
  and tests/test_prefixes.py fails when it differs from what the map gives.

The query files (queries/*.rq, the package's own in queries/internal/, integrity/*.rq) keep their own
PREFIX lines, since people read and run them as standalone SPARQL; the tests hold them to the map.
`BASE` is written here only: the rest of the code builds IRIs from the names below (a test holds it).

curies is imported on the first call of `converter()`, not here: it takes ~0.15 s to import (its
pydantic models), half of what a whole `atlaskg query` takes otherwise, and the generated texts
need nothing but the map itself (tests/test_prefixes.py holds each to the converter). For the
same reason the map is written with plain strings and the rdflib namespaces (`ATLAS`, `GRAPH`...,
whose terms are rdflib's) are made on first use: importing rdflib costs ~0.1 s, more than a
query on the built store, and a query or search never needs one of its terms (GRAPHS and
PUBLISHED_GRAPH are the graphs' IRIs as strings; tests/test_prefixes.py holds the reused
vocabularies' namespaces to rdflib's).
"""

from __future__ import annotations

import functools
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import curies
    from rdflib import Namespace, URIRef

BASE = "https://w3id.org/atlaskg/"
GRAPHS = BASE + "graph/"  # the IRIs of atlaskg's graphs begin so (GRAPH: the same as an rdflib Namespace)
PUBLISHED_GRAPH = GRAPHS + "catalog"  # the named graph `atlaskg publish` fills in a store, by default
EXT_GRAPHS = GRAPHS + "ext/"  # one graph per imported dataset and version: ext/<dataset>/<version>
_ATLAS_GRAPHS = (GRAPHS + "atlas/", GRAPHS + "mappings/resolution")
# Our namespaces and those we reuse, by the name each has as an rdflib namespace.
_OWN = {"ATLAS": BASE + "ontology#", "DQV": "http://www.w3.org/ns/dqv#",
        "SH": "http://www.w3.org/ns/shacl#", "GRAPH": GRAPHS,
        "SHAPES": BASE + "shapes#"}  # SHAPES: the shapes, and the rules (constraints) that findings name
REUSED = {"SDO": "https://schema.org/", "PROV": "http://www.w3.org/ns/prov#", "DCTERMS": "http://purl.org/dc/terms/",
          "SKOS": "http://www.w3.org/2004/02/skos/core#", "DCAT": "http://www.w3.org/ns/dcat#",
          "VOID": "http://rdfs.org/ns/void#", "OWL": "http://www.w3.org/2002/07/owl#",
          "RDF": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "RDFS": "http://www.w3.org/2000/01/rdf-schema#",
          "XSD": "http://www.w3.org/2001/XMLSchema#"}
_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"  # the licence of the atlas's data

if TYPE_CHECKING:  # made on first use by __getattr__ below
    ATLAS: Namespace
    DQV: Namespace
    SH: Namespace
    GRAPH: Namespace
    SHAPES: Namespace
    DATA_LICENSE: URIRef


def __getattr__(name: str):
    """The rdflib namespaces (and the data's licence as an rdflib term), made on first use."""
    if name not in _OWN and name != "DATA_LICENSE":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace, URIRef

    value = URIRef(_DATA_LICENSE) if name == "DATA_LICENSE" else Namespace(_OWN[name])
    globals()[name] = value
    return value


INSTANCE_KINDS = ("model", "family", "org", "person", "platform", "offering", "price", "event",
                  "benchmark", "setting", "result", "claim", "source", "finding", "evidence", "inference", "alias",
                  "quantity")
VOCAB_SCHEMES = ("modality", "capcat", "capability", "access", "deployment", "weights", "status",
                 "disclosure", "feature", "modeltype", "licence", "metric", "unit", "qualifier",
                 "claimkind", "eventtype", "pricecomp", "pricecondition", "sourcekind", "inferencerule")

# The one prefix map, in its order: our terms, the vocabularies we reuse, our instances, our schemes.
_PREFIX_MAP: tuple[tuple[str, str], ...] = (
    ("atlas", _OWN["ATLAS"]),
    ("schema", REUSED["SDO"]),
    ("prov", REUSED["PROV"]),
    ("dcterms", REUSED["DCTERMS"]),
    ("dqv", _OWN["DQV"]),
    ("skos", REUSED["SKOS"]),
    ("dcat", REUSED["DCAT"]),
    ("void", REUSED["VOID"]),
    ("owl", REUSED["OWL"]),
    ("rdf", REUSED["RDF"]),
    ("rdfs", REUSED["RDFS"]),
    ("xsd", REUSED["XSD"]),
    *((kind, f"{BASE}{kind}/") for kind in INSTANCE_KINDS),
    *((scheme, f"{BASE}vocab/{scheme}/") for scheme in VOCAB_SCHEMES),
)

#: prefix -> namespace, read-only (a view of the map above; the same as `converter().bimap`)
PREFIXES: MappingProxyType[str, str] = MappingProxyType(dict(_PREFIX_MAP))
if len(PREFIXES) != len(_PREFIX_MAP) or len(set(PREFIXES.values())) != len(PREFIXES):
    raise AssertionError("the prefix map names a prefix or a namespace twice")


@functools.lru_cache(maxsize=1)
def converter() -> curies.Converter:
    """The prefix map as a `curies.Converter` (one record per prefix, no synonyms), built once."""
    import curies

    return curies.Converter.from_prefix_map(dict(_PREFIX_MAP))


def bind_prefixes(graph) -> None:
    """Bind every atlaskg prefix on `graph`, replacing rdflib's defaults where they clash."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def sparql_prefixes(skip=()) -> str:
    """The map as SPARQL PREFIX lines, one per prefix in the map's order, leaving out `skip`
    (the prefixes a query declares itself)."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in _PREFIX_MAP if prefix not in skip)


def jsonld_context() -> dict[str, str]:
    """The prefix entries of a JSON-LD `@context` (the object that goes under "@context"):
    {prefix: namespace}, sorted by prefix. Every namespace ends in '/' or '#', so JSON-LD 1.1
    uses each entry as a prefix when compacting. A new dict on each call: add terms to it freely."""
    return dict(sorted(_PREFIX_MAP))


_SHACL_HEADER = """\
# Generated from the prefix map in atlaskg.namespaces: do not edit by hand. After changing the map, rewrite it with
#   python -c 'import atlaskg.names.namespaces as n; n.write_shacl_prefixes()'
# (tests/test_prefixes.py fails while this file and the map disagree).
@prefix owl:   <http://www.w3.org/2002/07/owl#> .
@prefix sh:    <http://www.w3.org/ns/shacl#> .
@prefix shape: <https://w3id.org/atlaskg/shapes#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .

# The prefixes of the SPARQL-based constraints (sh:prefixes shape:prefixes): every prefix of the map.
shape:prefixes a owl:Ontology ;
    sh:declare
"""


def shacl_prefixes_turtle() -> str:
    """shapes/prefixes.ttl: the `shape:prefixes` node declaring every prefix of the map (sh:declare)."""
    for prefix, namespace in _PREFIX_MAP:  # what goes between quotes needs no escaping
        if not (prefix.isidentifier() and namespace.isprintable()) or set('"\\<>') & set(namespace):
            raise AssertionError(f"prefix {prefix!r} or namespace {namespace!r} cannot be written as is")
    declarations = ",\n".join(f'        [ sh:prefix "{prefix}" ; sh:namespace "{namespace}"^^xsd:anyURI ]'
                              for prefix, namespace in _PREFIX_MAP)
    return f"{_SHACL_HEADER}{declarations} .\n"


def write_shacl_prefixes(path: Path | None = None) -> Path:
    """Write `shacl_prefixes_turtle()` to `path` (default: prefixes.ttl of the bundled shapes)."""
    from atlaskg.core.files import write_atomic
    from atlaskg.core.resources import bundled_dir

    target = Path(path) if path is not None else bundled_dir("shapes") / "prefixes.ttl"
    write_atomic(target, shacl_prefixes_turtle().encode("utf-8"))
    return target


def graph_origin(graph: str) -> str | None:
    """Where a graph's triples come from: the dataset ('models-dev', ...) of an imported dataset's
    graph (graph/ext/<dataset>/<version>), 'resolution' for the atlas's own graphs (its models,
    their preferred values, their links to the records), None for curated and user files."""
    if graph.startswith(EXT_GRAPHS):
        return graph[len(EXT_GRAPHS):].split("/")[0]
    return "resolution" if graph.startswith(_ATLAS_GRAPHS) else None
